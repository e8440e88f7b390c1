import type { JsonObject, JsonValue } from '../yaml/parse.js';
import { isObject, type Gvk } from './resource.js';

/** Where a transformer acts: a slash-separated path, optionally limited to a group/version/kind. */
export interface FieldSpec {
  group?: string;
  version?: string;
  kind?: string;
  path: string;
  create?: boolean;
}

/** kustomize's Gvk.IsSelected: empty selector fields match anything. */
export function gvkSelected(g: Gvk, sel: { group?: string; version?: string; kind?: string }): boolean {
  if (sel.group && sel.group !== g.group) return false;
  if (sel.version && sel.version !== g.version) return false;
  if (sel.kind && sel.kind !== g.kind) return false;
  return true;
}

const splitCache = new Map<string, string[]>();

export function splitPath(path: string): string[] {
  const cached = splitCache.get(path);
  if (cached) return cached;
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < path.length; i++) {
    const c = path[i];
    if (c === '\\' && path[i + 1] === '/') {
      cur += '/';
      i++;
    } else if (c === '/') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  const segs = out.filter((s) => s !== '');
  if (splitCache.size < 10_000) splitCache.set(path, segs);
  return segs;
}

/** Called on the field at the end of a path; returns the new value, or undefined to leave it. */
export type FieldVisitor = (value: JsonValue | undefined, parent: JsonObject, key: string) => JsonValue | undefined;

/**
 * Walks `segments` from `node`, descending into every element of sequences on the way (as kustomize
 * does), creating missing maps when `create` is set, and calls `visit` on each terminal field.
 */
const EMPTY: string[] = [];

export function visitPath(node: JsonValue | undefined, segments: string[], create: boolean, visit: FieldVisitor): void {
  if (node === undefined || node === null) return;
  if (Array.isArray(node)) {
    for (const el of node) visitPath(el, segments, create, visit);
    return;
  }
  if (!isObject(node) || segments.length === 0) return;
  let seg = segments[0] as string;
  const rest = segments.length > 1 ? segments.slice(1) : EMPTY;
  let isList = false;
  if (seg.endsWith('[]')) {
    seg = seg.slice(0, -2);
    isList = true;
  }
  // [name=value] selects sequence elements by a field.
  const sel = /^\[([^=\]]+)=([^\]]*)\]$/.exec(seg);
  if (sel) return;
  if (rest.length === 0) {
    const cur = node[seg];
    if (cur === undefined && !create) return;
    const nv = visit(cur, node, seg);
    if (nv !== undefined) node[seg] = nv;
    return;
  }
  let child = node[seg];
  if (child === undefined || child === null) {
    if (!create) return;
    child = isList ? [] : {};
    node[seg] = child;
  }
  visitPath(child, rest, create, visit);
}

export function applyFieldSpecs(obj: JsonObject, gvk: Gvk, specs: FieldSpec[], visit: FieldVisitor): void {
  for (const fs of specs) {
    if (!gvkSelected(gvk, fs)) continue;
    visitPath(obj, splitPath(fs.path), fs.create === true, visit);
  }
}
