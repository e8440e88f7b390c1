import type { JsonObject, JsonValue } from '../../yaml/parse.js';
import { resolvePlain } from '../../yaml/resolve-plain.js';
import { isObject } from '../resource.js';
import { elementSchema, fieldSchema, listStrategy, rootSchema, type MergeTable, type SchemaNode } from './merge-schema.js';

// Strategic merge as kustomize v5.5.0 does it: kyaml's merge2 walker (patch elements prepended), with
// merge keys from the Kubernetes schema (x-kubernetes-list-map-keys first, then patch-merge-key). The
// list algorithm below follows kyaml v0.18.1 step by step, including its handling of compound keys
// (containerPort + protocol) where a patch gives only part of the key.

export class PatchError extends Error {}

/** Returned when a top-level `$patch: delete` removes the whole object. */
export const DELETED = Symbol('deleted');

const CLEAR = Symbol('clear');
const KEEP_NULL = Symbol('keep-null');
type Walked = JsonValue | typeof CLEAR | typeof KEEP_NULL | undefined;

type Kind = 'map' | 'list' | 'scalar';

function kindOf(v: JsonValue | undefined): Kind | undefined {
  if (v === undefined || v === null) return undefined;
  if (Array.isArray(v)) return 'list';
  if (typeof v === 'object') return 'map';
  return 'scalar';
}

function isEmptyMap(v: JsonValue | undefined): boolean {
  return isObject(v) && Object.keys(v).length === 0;
}

/** The text of a scalar node, as kyaml compares it. */
function text(v: JsonValue | undefined): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return '';
}

type Directive = 'merge' | 'replace' | 'delete';

function readDirective(v: JsonValue): Directive {
  if (v === 'delete' || v === 'replace' || v === 'merge') return v;
  throw new PatchError(`unknown patch strategy '${text(v)}'`);
}

// determineMappingNodePatchStrategy: reads and removes `$patch` from a patch map.
function mapDirective(origin: JsonObject): Directive {
  if (!Object.prototype.hasOwnProperty.call(origin, '$patch')) return 'merge';
  const d = readDirective(origin.$patch as JsonValue);
  delete origin.$patch;
  return d;
}

// determineSequenceNodePatchStrategy: an element that is exactly {$patch: x} directs the whole list.
function listDirective(origin: JsonValue[]): Directive {
  const el = origin.find((e) => isObject(e) && Object.prototype.hasOwnProperty.call(e, '$patch'));
  if (!isObject(el) || Object.keys(el).length > 1) return 'merge';
  const d = readDirective(el.$patch as JsonValue);
  const rest = elementSetter(origin, undefined, ['$patch'], [text(el.$patch as JsonValue)]);
  origin.splice(0, origin.length, ...rest);
  return d;
}

function walk(dest: JsonValue | undefined, origin: JsonValue | undefined, schema: SchemaNode | undefined, table: MergeTable | undefined): Walked {
  const s = schema ?? (table ? rootSchema(table, dest) ?? rootSchema(table, origin) : undefined);
  const kd = kindOf(dest), ko = kindOf(origin);
  if (kd && ko && kd !== ko) throw new PatchError(`cannot merge a ${ko} into a ${kd}`);
  const kind = kd ?? ko;
  if (kind === 'scalar') return origin !== undefined ? origin : dest;
  if (kind === 'list') {
    if (listStrategy(s)) return walkAssociativeList(dest, origin, s, table);
    return origin !== undefined ? origin : dest;
  }
  return walkMap(dest, origin, s, table);
}

function walkMap(dest: JsonValue | undefined, origin: JsonValue | undefined, schema: SchemaNode | undefined, table: MergeTable | undefined): Walked {
  let target: JsonObject;
  if (dest === undefined || dest === null) {
    if (isObject(origin) && mapDirective(origin) === 'delete') return CLEAR;
    if (origin === undefined) return dest === null ? KEEP_NULL : undefined;
    if (origin === null || !isObject(origin)) return CLEAR;
    target = origin;
  } else {
    if (origin === null) return CLEAR;
    if (!isObject(dest)) return dest;
    const d = isObject(origin) ? mapDirective(origin) : 'merge';
    if (d === 'delete') return CLEAR;
    target = d === 'replace' && isObject(origin) ? origin : dest;
  }
  const src = isObject(origin) ? origin : undefined;
  const names = new Set([...Object.keys(target), ...(src ? Object.keys(src) : [])]);
  for (const k of names) {
    const r = walk(target[k], src?.[k], fieldSchema(schema, k), table);
    if (r === CLEAR || r === undefined || r === null) delete target[k];
    else if (r === KEEP_NULL) target[k] = null;
    else target[k] = r;
  }
  return target;
}

// kyaml ElementSetter: replaces every element matching keys/values with `element` (or removes them when
// `element` is undefined), drops null and empty-map elements, appends when nothing matched.
function elementSetter(list: JsonValue[], element: JsonValue | undefined, keys: string[], values: string[]): JsonValue[] {
  const ks = keys.length === 0 ? [''] : keys;
  const mappingSetter = ks[0] !== '' && values.length > 0 && values[0] !== '';
  const out: JsonValue[] = [];
  let found = false;
  for (const el of list) {
    if (el === null || el === undefined || isEmptyMap(el)) continue;
    if (!isObject(el) && mappingSetter) {
      out.push(el);
      continue;
    }
    let matched = true;
    let last = false;
    for (let j = 0; j < ks.length; j++) {
      if (j < values.length) last = fieldMatches(el, ks[j] as string, values[j] as string);
      if (!last) {
        matched = false;
        break;
      }
    }
    if (!matched) {
      if (values.length > 0) out.push(el);
      continue;
    }
    found = true;
    if (element === undefined) continue;
    out.push(element);
  }
  if (element !== undefined && element !== null && !found) out.push(element);
  return out;
}

// FieldMatcher{Name, StringValue}: an empty value only asks for the field to exist.
function fieldMatches(el: JsonValue, name: string, value: string): boolean {
  if (name === '') return !isObject(el) && !Array.isArray(el) && text(el) === value;
  if (!isObject(el)) throw new PatchError(`expected a map element to match ${name}`);
  if (!Object.prototype.hasOwnProperty.call(el, name)) return false;
  return value === '' || text(el[name]) === value;
}

// MatchElementList: the first element whose fields equal all values ("" must be an empty field).
function elementList(list: JsonValue | undefined, keys: string[], values: string[]): JsonValue | undefined {
  if (!Array.isArray(list)) return undefined;
  if (keys.length === 0 || keys[0] === '') return list.find((e) => !isObject(e) && !Array.isArray(e) && text(e) === (values[0] ?? ''));
  return list.find(
    (e) => isObject(e) && keys.every((k, i) => Object.prototype.hasOwnProperty.call(e, k) && e[k] !== null && text(e[k]) === values[i]),
  );
}

function elementValues(list: JsonValue | undefined, keys: string[]): string[][] {
  if (!Array.isArray(list)) return [];
  return list.map((e) => keys.map((k) => (isObject(e) && e[k] !== undefined && e[k] !== null && !isEmptyMap(e[k]) ? text(e[k]) : '')));
}

function sameTuple(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function validateKeys(valuesList: string[][], values: string[], keys: string[]): [string[], string[]] {
  const valid = new Set<string>();
  for (const vs of valuesList) vs.forEach((v, i) => {
    if (v !== '') valid.add(keys[i] as string);
  });
  if (valid.size === 0) return [keys, values];
  return [keys.filter((k) => valid.has(k)), values.filter((v, i) => v !== '' || valid.has(keys[i] as string))];
}

function matchValues(a: string[], b: string[]): string[] | undefined {
  if (a.length !== b.length) return undefined;
  let common = false;
  const res: string[] = [];
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as string, y = b[i] as string;
    if (x === y) {
      common = true;
      res.push(x);
      continue;
    }
    if (x !== '' && y !== '') return undefined;
    res.push(x !== '' ? x : y);
  }
  return common ? res : undefined;
}

function mergeValues(valuesList: string[][]): void {
  for (let i = 0; i < valuesList.length; i++) {
    for (let j = 0; j < valuesList.length; j++) {
      const m = matchValues(valuesList[i] as string[], valuesList[j] as string[]);
      if (m) {
        valuesList[i] = m;
        valuesList[j] = m;
      }
    }
  }
}

function appendListNode(dst: JsonValue[], src: JsonValue[], keys: string[]): JsonValue[] {
  let out = dst;
  for (const el of src) {
    if (keys[0] === '') {
      out = elementSetter(out, el, [''], [text(el)]);
      continue;
    }
    const v: string[] = [];
    for (const key of keys) {
      if (!isObject(el) || !Object.prototype.hasOwnProperty.call(el, key)) {
        out.push(el);
        continue;
      }
      v.push(text(el[key]));
    }
    if (keys.length > 1) out = elementSetter(out, undefined, keys, v);
    out = elementSetter(out, el, keys, v);
  }
  return out;
}

function walkAssociativeList(dest: JsonValue | undefined, origin: JsonValue | undefined, schema: SchemaNode | undefined, table: MergeTable | undefined): Walked {
  let d: JsonValue[];
  if (dest === undefined || dest === null) {
    if (!Array.isArray(origin)) return origin === null ? CLEAR : undefined;
    d = origin;
  } else {
    if (origin === null) return CLEAR;
    if (!Array.isArray(dest)) return dest;
    const dir = Array.isArray(origin) ? listDirective(origin) : 'merge';
    if (dir === 'delete') return CLEAR;
    d = dir === 'replace' && Array.isArray(origin) ? origin : dest;
  }
  const o = Array.isArray(origin) ? origin : undefined;
  const keys = listStrategy(schema)?.keys ?? [];
  const el = elementSchema(schema);
  // Values of the merge keys over the patch's elements, then the target's (patch elements come first).
  const values: string[][] = [];
  for (const src of [o, d]) {
    for (const t of elementValues(src, keys)) {
      if (t.length === 0 || values.some((x) => sameTuple(x, t))) continue;
      values.push(t);
    }
  }
  if (values.length > 0 || keys.length > 0) return setElements(values, keys, d, o, el, table);
  const prim: string[][] = [];
  for (const src of [o, d]) for (const item of src ?? []) if (!prim.some((x) => x[0] === text(item))) prim.push([text(item)]);
  return setElements(prim, [''], d, o, el, table);
}

function setElements(
  valuesList: string[][],
  keys: string[],
  destList: JsonValue[],
  origin: JsonValue[] | undefined,
  schema: SchemaNode | undefined,
  table: MergeTable | undefined,
): JsonValue[] {
  let dest = destList;
  let items: JsonValue[] = [];
  if (keys.length > 1) mergeValues(valuesList);
  let validKeys: string[] = [];
  let validValues: string[] = [];
  for (const values of valuesList) {
    if (values.length === 0) continue;
    [validKeys, validValues] = validateKeys(valuesList, values, keys);
    const [ek, ev] = validateKeys([values], values, keys);
    const walked = walk(elementList(dest, ek, ev), elementList(origin, ek, ev), schema, table);
    let val: JsonValue | undefined = walked === CLEAR || walked === KEEP_NULL ? undefined : walked;
    let exit = false;
    for (let i = 0; i < validKeys.length; i++) {
      const key = validKeys[i] as string;
      if (val === undefined || val === null || isEmptyMap(val)) {
        dest = elementSetter(dest, undefined, validKeys, validValues);
        exit = true;
      } else if (validValues[i] !== '') {
        if (isObject(val)) {
          if (!Object.prototype.hasOwnProperty.call(val, key)) val[key] = resolvePlain(validValues[i] as string);
        } else if (key === '') {
          // kyaml rewrites a primitive element as an untyped scalar with the same text.
          val = resolvePlain(validValues[i] as string);
        }
      }
    }
    if (exit) continue;
    items = elementSetter(items, val, validKeys, validValues);
  }
  if (valuesList.length > 0) return appendListNode(items, dest, validKeys);
  return dest;
}

/**
 * Strategic merge of `patch` into `dest`, mutating `dest` (and consuming `patch`, which callers copy).
 * `table` is the schema: the built-in Kubernetes one, one from an `openapi:` document, or none.
 */
export function mergeObject(dest: JsonObject, patch: JsonObject, table: MergeTable | undefined): JsonObject | typeof DELETED {
  const r = walk(dest, patch, undefined, table);
  if (r === CLEAR || r === undefined || r === null || r === KEEP_NULL) return DELETED;
  if (!isObject(r)) throw new PatchError('strategic merge patch did not produce an object');
  return r;
}
