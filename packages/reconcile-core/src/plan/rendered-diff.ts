import { objectRef, refSubject } from '../inventory/object-ref.js';
import type { KubeObject } from '../object/kube-object.js';

export interface ChangedObject {
  /** `Kind/namespace/name`. */
  object: string;
  /** Field paths that differ, e.g. `spec.template.spec.containers[0].image`. */
  fields: string[];
}

export interface RenderedDiff {
  added: string[];
  changed: ChangedObject[];
  removed: string[];
}

const isPlain = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function fieldPaths(a: unknown, b: unknown, at: string, out: string[]): void {
  if (Array.isArray(a) && Array.isArray(b)) {
    const n = Math.max(a.length, b.length);
    for (let i = 0; i < n; i++) fieldPaths(a[i], b[i], `${at}[${i}]`, out);
    return;
  }
  if (isPlain(a) && isPlain(b)) {
    for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      const name = /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) ? key : JSON.stringify(key);
      fieldPaths(a[key], b[key], at ? (name.startsWith('"') ? `${at}[${name}]` : `${at}.${name}`) : name, out);
    }
    return;
  }
  if (JSON.stringify(a) !== JSON.stringify(b)) out.push(at);
}

/**
 * What a change does to a rendered set of objects, as a reviewer reads it: objects added and removed (by
 * `Kind/namespace/name`), and for each changed object the field paths that differ (leaf values; a list that
 * grew shows its new indexes).
 */
export function renderedDiff(before: readonly KubeObject[], after: readonly KubeObject[]): RenderedDiff {
  const subject = (o: KubeObject): string => {
    const ref = objectRef(o);
    return ref.ok ? refSubject(ref.value) : JSON.stringify(o).slice(0, 80);
  };
  const index = (objs: readonly KubeObject[]): Map<string, KubeObject> => new Map(objs.map((o) => [subject(o), o]));
  const a = index(before);
  const b = index(after);
  const added = [...b.keys()].filter((k) => !a.has(k)).sort();
  const removed = [...a.keys()].filter((k) => !b.has(k)).sort();
  const changed: ChangedObject[] = [];
  for (const [k, obj] of [...b.entries()].sort(([x], [y]) => (x < y ? -1 : 1))) {
    const old = a.get(k);
    if (!old) continue;
    const fields: string[] = [];
    fieldPaths(old, obj, '', fields);
    if (fields.length) changed.push({ object: k, fields });
  }
  return { added, changed, removed };
}
