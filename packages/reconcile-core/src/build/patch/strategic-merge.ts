import type { JsonObject, JsonValue } from '../../yaml/parse.js';
import { deepClone, deepEqual, isObject } from '../resource.js';
import { MERGED_PRIMITIVE_LISTS, mergeKeyFor } from './merge-keys.js';

export class PatchError extends Error {}

/** Marker returned when a `$patch: delete` removes the whole object. */
export const DELETED = Symbol('deleted');

function stripDirectives(p: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(p)) {
    if (k === '$patch' || k === '$retainKeys' || k.startsWith('$setElementOrder/') || k.startsWith('$deleteFromPrimitiveList/')) continue;
    out[k] = v;
  }
  return out;
}

function cleanValue(v: JsonValue): JsonValue {
  if (Array.isArray(v)) return v.filter((x) => !(isObject(x) && x.$patch === 'delete')).map(cleanValue);
  if (isObject(v)) {
    const out: JsonObject = {};
    for (const [k, x] of Object.entries(stripDirectives(v))) if (x !== null) out[k] = cleanValue(x);
    return out;
  }
  return v;
}

/** Built-in schema (true), none (false), or merge keys by dotted path from an `openapi:` document. */
export type MergeSchema = boolean | Map<string, string>;

function mergeList(field: string, dest: JsonValue[], patch: JsonValue[], schema: MergeSchema, path: string): JsonValue[] {
  // A {$patch: replace} element swaps the whole list for the rest of the patch.
  if (patch.some((x) => isObject(x) && x.$patch === 'replace')) {
    return patch.filter((x) => !(isObject(x) && x.$patch === 'replace')).map(cleanValue);
  }
  const key = typeof schema === 'object' ? schema.get(path) : schema ? mergeKeyFor(field, [...patch, ...dest]) : undefined;
  if (key === undefined || !patch.every(isObject)) {
    if (schema === true && MERGED_PRIMITIVE_LISTS.has(field)) {
      // Patch values first, then the target's values not already present.
      const out = [...patch];
      for (const x of dest) if (!out.some((y) => deepEqual(x, y))) out.push(x);
      return out;
    }
    return patch.map(cleanValue);
  }
  // Patch elements first in patch order, then the target's remaining elements in their order.
  const used = new Set<number>();
  const out: JsonValue[] = [];
  for (const p of patch as JsonObject[]) {
    const kv = p[key];
    const idx = dest.findIndex((d, i) => !used.has(i) && isObject(d) && deepEqual(d[key], kv));
    if (p.$patch === 'delete') {
      if (idx >= 0) used.add(idx);
      continue;
    }
    if (idx >= 0) {
      used.add(idx);
      const merged = mergeObject(dest[idx] as JsonObject, p, schema, path);
      if (merged !== DELETED) out.push(merged);
    } else out.push(cleanValue(p));
  }
  dest.forEach((d, i) => {
    if (!used.has(i)) out.push(d);
  });
  return out;
}

/** Strategic merge of `patch` into `dest` (both plain objects); `schema` is false for custom resources. */
export function mergeObject(dest: JsonObject, patch: JsonObject, schema: MergeSchema, path = ''): JsonObject | typeof DELETED {
  const directive = patch.$patch;
  if (directive === 'delete') return DELETED;
  if (directive === 'replace') return cleanValue(stripDirectives(patch)) as JsonObject;
  const out: JsonObject = { ...dest };
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith('$deleteFromPrimitiveList/')) {
      const field = k.slice('$deleteFromPrimitiveList/'.length);
      const cur = out[field];
      if (Array.isArray(cur) && Array.isArray(v)) out[field] = cur.filter((x) => !v.some((y) => deepEqual(x, y)));
      continue;
    }
    if (k === '$patch' || k === '$retainKeys' || k.startsWith('$setElementOrder/')) continue;
    if (v === null) {
      delete out[k];
      continue;
    }
    const cur = out[k];
    const sub = path === '' ? k : `${path}.${k}`;
    if (isObject(v) && isObject(cur)) {
      const m = mergeObject(cur, v, schema, sub);
      if (m === DELETED) delete out[k];
      else out[k] = m;
    } else if (isObject(v)) {
      if (v.$patch === 'delete') delete out[k];
      else out[k] = cleanValue(v);
    } else if (Array.isArray(v) && Array.isArray(cur)) {
      out[k] = mergeList(k, cur, v, schema, sub);
    } else {
      out[k] = cleanValue(deepClone(v));
    }
  }
  const retain = patch.$retainKeys;
  if (Array.isArray(retain)) {
    for (const k of Object.keys(out)) if (!retain.includes(k)) delete out[k];
  }
  return out;
}
