import { Parser, Composer, isAlias, isMap, isScalar, isSeq, Scalar } from 'yaml';
import type { Node as YamlNode, Document } from 'yaml';
import { coreError, fail, ok, type CoreError, type Result } from '../errors.js';
import { defaultYamlLimits, type YamlLimits } from './limits.js';
import { InvalidValueError, resolvePlain } from './resolve-plain.js';

/** A JSON-compatible value: what kustomize holds after its JSON round trip. */
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

class LimitError extends Error {
  constructor(readonly code: 'YAML_ALIAS_LIMIT' | 'YAML_TOO_DEEP', message: string) {
    super(message);
  }
}

/** Sets a key without ever touching the prototype (a manifest may well contain "__proto__"). */
export function setKey(obj: JsonObject, key: string, value: JsonValue): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

function isStrTag(tag: string | undefined): boolean {
  return tag === '!!str' || tag === 'tag:yaml.org,2002:str' || tag === '!';
}

// kustomization files are decoded by sigs.k8s.io/yaml (go-yaml v2, YAML 1.1), where these are booleans.
const YAML11_BOOLS: Record<string, boolean> = {
  y: true, Y: true, yes: true, Yes: true, YES: true, on: true, On: true, ON: true,
  n: false, N: false, no: false, No: false, NO: false, off: false, Off: false, OFF: false,
};

export interface ParseOptions {
  /**
   * Decode like sigs.k8s.io/yaml does for kustomization files: y/yes/on/n/no/off are booleans (YAML 1.1)
   * and a repeated key silently replaces the earlier one.
   */
  yaml11Booleans?: boolean;
  /**
   * Keep the source text of `metadata.annotations` values (kustomize rewrites annotations as strings from
   * their text). For resources only: in a patch, `null` there means "delete".
   */
  annotationText?: boolean;
}

interface Ctx {
  yaml11: boolean;
  annotationText: boolean;
  doc: Document.Parsed;
  limits: YamlLimits;
  nodes: number;
  memo: Map<YamlNode, { value: JsonValue; size: number }>;
}

function keyString(v: JsonValue): string {
  if (typeof v === 'string') return v;
  if (v === null) return 'null';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function clone(v: JsonValue): JsonValue {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(clone);
  const out: JsonObject = {};
  for (const k of Object.keys(v)) setKey(out, k, clone(v[k] as JsonValue));
  return out;
}

// Where a value sits, for the one place kustomize keeps source text: annotation values (it rewrites
// them as strings, so `a: ~` comes out as "~").
type Place = 'root' | 'metadata' | 'annotations' | 'annotationValue' | 'other';

function convert(node: unknown, ctx: Ctx, depth: number, place: Place = 'other'): JsonValue {
  if (depth > ctx.limits.maxDepth) throw new LimitError('YAML_TOO_DEEP', `nesting deeper than ${ctx.limits.maxDepth} levels`);
  if (++ctx.nodes > ctx.limits.maxNodes) throw new LimitError('YAML_ALIAS_LIMIT', `document expands to more than ${ctx.limits.maxNodes} nodes`);
  if (node === null || node === undefined) return place === 'annotationValue' ? '' : null;
  if (isAlias(node)) {
    const target = node.resolve(ctx.doc);
    if (!target) throw new InvalidValueError(`unknown alias *${node.source}`);
    const seen = ctx.memo.get(target as YamlNode);
    if (seen) {
      ctx.nodes += seen.size;
      if (ctx.nodes > ctx.limits.maxNodes) {
        throw new LimitError('YAML_ALIAS_LIMIT', `aliases expand to more than ${ctx.limits.maxNodes} nodes`);
      }
      return clone(seen.value);
    }
    return convertTracked(target, ctx, depth);
  }
  if (isScalar(node)) {
    const s = node.value;
    if (typeof s !== 'string') return s === null || s === undefined ? null : (s as JsonValue);
    if (node.type === Scalar.PLAIN && !isStrTag(node.tag)) {
      if (place === 'annotationValue') return s;
      if (ctx.yaml11) {
        // hasOwn: a plain `constructor` is the string, not Object.prototype's member.
        if (Object.hasOwn(YAML11_BOOLS, s)) return YAML11_BOOLS[s] as boolean;
      }
      return resolvePlain(s);
    }
    if (node.tag === '!!int' || node.tag === '!!float') {
      const v = resolvePlain(s);
      return typeof v === 'number' ? v : s;
    }
    return s;
  }
  if (isMap(node)) {
    const out: JsonObject = {};
    const merges: JsonValue[] = [];
    for (const pair of node.items) {
      const k = pair.key;
      if (isScalar(k) && k.type === Scalar.PLAIN && k.value === '<<') {
        merges.push(convert(pair.value, ctx, depth + 1));
        continue;
      }
      const key = keyString(convert(k, ctx, depth + 1));
      const childPlace: Place =
        place === 'root' && key === 'metadata'
          ? 'metadata'
          : place === 'metadata' && key === 'annotations'
            ? 'annotations'
            : place === 'annotations'
              ? 'annotationValue'
              : 'other';
      setKey(out, key, convert(pair.value, ctx, depth + 1, childPlace));
    }
    for (const m of merges) {
      for (const src of Array.isArray(m) ? m : [m]) {
        if (src === null || typeof src !== 'object' || Array.isArray(src)) throw new InvalidValueError('map merge requires a map or a sequence of maps');
        for (const k of Object.keys(src)) if (!Object.prototype.hasOwnProperty.call(out, k)) setKey(out, k, src[k] as JsonValue);
      }
    }
    return out;
  }
  if (isSeq(node)) return node.items.map((i) => convert(i, ctx, depth + 1));
  throw new InvalidValueError('unsupported YAML node');
}

function convertTracked(node: unknown, ctx: Ctx, depth: number, place: Place = 'other'): JsonValue {
  const before = ctx.nodes;
  const value = convert(node, ctx, depth, place);
  if (node && typeof node === 'object' && (node as { anchor?: string }).anchor) {
    ctx.memo.set(node as YamlNode, { value: clone(value), size: ctx.nodes - before });
  }
  return value;
}

// A cheap pre-scan so pathological flow nesting ("[[[[...") is refused before the parser recurses.
function flowDepthExceeds(text: string, max: number): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 91 || c === 123) {
      if (++depth > max) return true;
    } else if (c === 93 || c === 125) {
      if (depth > 0) depth--;
    } else if (c === 10) depth = 0 > depth ? 0 : depth;
  }
  return false;
}

/**
 * Parses a (multi-document) YAML file into JSON-compatible values, skipping empty documents.
 * Scalars are resolved as go-yaml v3 does, so output matches kustomize after its JSON round trip.
 */
export function parseYamlDocuments(text: string, path: string, limits: YamlLimits = defaultYamlLimits, options: ParseOptions = {}): Result<JsonValue[]> {
  if (text.length > limits.maxBytes) {
    return fail(coreError('YAML_PARSE_ERROR', `file larger than ${limits.maxBytes} bytes`, path));
  }
  if (flowDepthExceeds(text, limits.maxDepth)) {
    return fail(coreError('YAML_TOO_DEEP', `nesting deeper than ${limits.maxDepth} levels`, path));
  }
  const out: JsonValue[] = [];
  const errors: CoreError[] = [];
  try {
    const composer = new Composer({ schema: 'failsafe', uniqueKeys: options.yaml11Booleans !== true, strict: false, prettyErrors: false });
    const docs = composer.compose(new Parser().parse(text), true, text.length);
    for (const doc of docs) {
      if (doc.errors.length > 0) {
        const e = doc.errors[0];
        errors.push(coreError('YAML_PARSE_ERROR', e ? e.message.split('\n')[0] ?? 'invalid YAML' : 'invalid YAML', path));
        break;
      }
      const ctx: Ctx = { yaml11: options.yaml11Booleans === true, annotationText: options.annotationText === true, doc, limits, nodes: 0, memo: new Map() };
      const v = convertTracked(doc.contents, ctx, 0, ctx.annotationText ? 'root' : 'other');
      if (v !== null) out.push(v);
    }
  } catch (e) {
    if (e instanceof LimitError) return fail(coreError(e.code, e.message, path));
    if (e instanceof InvalidValueError) return fail(coreError('YAML_INVALID_VALUE', e.message, path));
    if (e instanceof RangeError) return fail(coreError('YAML_TOO_DEEP', 'nesting too deep to parse', path));
    return fail(coreError('YAML_PARSE_ERROR', e instanceof Error ? e.message : String(e), path));
  }
  if (errors.length > 0) return fail(errors);
  return ok(out);
}
