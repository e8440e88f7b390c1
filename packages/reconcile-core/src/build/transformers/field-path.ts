import type { JsonObject, JsonValue } from '../../yaml/parse.js';
import { isObject } from '../resource.js';

// kustomize field paths for replacements and vars: "spec.template.spec.containers.[name=app].image",
// with "[a.b]" bracketing keys that hold dots, numeric indexes and "*" wildcards.
export function splitFieldPath(p: string): string[] {
  const out: string[] = [];
  let cur = '';
  let depth = 0;
  for (const c of p) {
    if (c === '[') depth++;
    if (c === ']') depth--;
    if (c === '.' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  const segs: string[] = [];
  for (const s of out) {
    if (s === '') continue;
    // "ports[0]" and "containers[name=app]" are a field followed by an element selector.
    const m = /^([^[\]]+)(\[[^\]]*\])$/.exec(s);
    if (m) {
      segs.push(m[1] as string);
      const sel = m[2] as string;
      segs.push(/^\[\d+\]$/.test(sel) ? sel.slice(1, -1) : sel);
    } else segs.push(s.startsWith('[') && s.endsWith(']') && !s.includes('=') && !/^\[\d+\]$/.test(s) ? s.slice(1, -1) : s);
  }
  return segs;
}

export interface FieldRef {
  parent: JsonObject | JsonValue[];
  key: string | number;
}

/** All locations a field path reaches; with `create`, missing maps are made along the way. */
export function lookupFieldRefs(node: JsonValue, segs: string[], create: boolean): FieldRef[] {
  if (segs.length === 0) return [];
  const seg = segs[0] as string;
  const rest = segs.slice(1);
  const refs: FieldRef[] = [];
  const sel = /^\[([^=]+)=(.*)\]$/.exec(seg);
  if (sel) {
    if (!Array.isArray(node)) return [];
    node.forEach((el, i) => {
      if (isObject(el) && String(el[sel[1] as string]) === sel[2]) {
        if (rest.length === 0) refs.push({ parent: node, key: i });
        else refs.push(...lookupFieldRefs(el, rest, create));
      }
    });
    return refs;
  }
  if (seg === '*') {
    const children: [JsonObject | JsonValue[], string | number, JsonValue][] = Array.isArray(node)
      ? node.map((v, i) => [node, i, v])
      : isObject(node)
        ? Object.entries(node).map(([k, v]) => [node, k, v])
        : [];
    for (const [p, k, v] of children) {
      if (rest.length === 0) refs.push({ parent: p, key: k });
      else refs.push(...lookupFieldRefs(v, rest, create));
    }
    return refs;
  }
  if (Array.isArray(node)) {
    if (/^-?\d+$/.test(seg)) {
      const i = Number(seg);
      if (i < 0 || i >= node.length) return [];
      if (rest.length === 0) return [{ parent: node, key: i }];
      return lookupFieldRefs(node[i] as JsonValue, rest, create);
    }
    return [];
  }
  if (!isObject(node)) return [];
  if (rest.length === 0) {
    if (node[seg] === undefined && !create) return [];
    return [{ parent: node, key: seg }];
  }
  let child = node[seg];
  if (child === undefined || child === null) {
    if (!create) return [];
    child = /^\[.*=.*\]$/.test(rest[0] as string) ? [] : {};
    node[seg] = child;
  }
  return lookupFieldRefs(child, rest, create);
}

export function getRef(ref: FieldRef): JsonValue | undefined {
  return Array.isArray(ref.parent) ? ref.parent[ref.key as number] : ref.parent[ref.key as string];
}

export function setRef(ref: FieldRef, v: JsonValue): void {
  if (Array.isArray(ref.parent)) ref.parent[ref.key as number] = v;
  else ref.parent[ref.key as string] = v;
}
