import { emitYaml, type JsonValue } from '@flotilla/reconcile-core/yaml';

// `flux diff kustomization` prints, per object, `► Kind/ns/name created|drifted|deleted|skipped` and under a
// drifted one the field changes as dyff's human report writes them (with flux's options: no header, Kubernetes
// entity detection, so list items with a `name` are addressed by it): a blank line, the path, the change, and
// a blank line after the last. This writes the same for the kinds of change Kubernetes objects have.

export interface DiffEntryView {
  subject: string;
  action: 'created' | 'configured' | 'unchanged' | 'skipped' | 'deleted';
  live?: Record<string, unknown>;
  merged?: Record<string, unknown>;
  message?: string;
}

type Json = JsonValue;
interface Change {
  path: string;
  lines: string[];
}

const WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];
const count = (n: number, one: string, many: string): string => `${WORDS[n] ?? String(n)} ${n === 1 ? one : many}`;

const isMap = (v: Json | undefined): v is { [k: string]: Json } => typeof v === 'object' && v !== null && !Array.isArray(v);
const same = (a: Json | undefined, b: Json | undefined): boolean => JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));

function sortKeys(v: Json | undefined): Json | undefined {
  if (Array.isArray(v)) return v.map((x) => sortKeys(x) ?? null);
  if (isMap(v)) return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys(v[k]) ?? null]));
  return v;
}

function scalar(v: Json): string {
  if (typeof v === 'string') return v;
  if (v === null) return 'null';
  if (typeof v === 'object') return emitYaml(v).trimEnd();
  return String(v);
}

const indented = (v: Json): string[] => emitYaml(v).trimEnd().split('\n').map((l) => `  ${l}`);
const join = (path: string, key: string): string => (path ? `${path}.${key}` : key);

/** Items of two lists are matched by `name` when every item of both has one (dyff's Kubernetes entity detection). */
function named(list: Json[]): Map<string, Json> | undefined {
  const out = new Map<string, Json>();
  for (const item of list) {
    if (!isMap(item) || typeof item.name !== 'string') return undefined;
    out.set(item.name, item);
  }
  return out;
}

function compare(from: Json | undefined, to: Json | undefined, path: string, out: Change[]): void {
  if (same(from, to)) return;
  if (isMap(from) && isMap(to)) {
    const removed = Object.keys(from).filter((k) => !(k in to));
    const added = Object.keys(to).filter((k) => !(k in from));
    const lines: string[] = [];
    if (removed.length > 0) lines.push(`- ${count(removed.length, 'map entry', 'map entries')} removed:`, ...indented(Object.fromEntries(removed.map((k) => [k, from[k] ?? null]))));
    if (added.length > 0) lines.push(`+ ${count(added.length, 'map entry', 'map entries')} added:`, ...indented(Object.fromEntries(added.map((k) => [k, to[k] ?? null]))));
    if (lines.length > 0) out.push({ path: path || '(root level)', lines });
    for (const k of Object.keys(from)) if (k in to) compare(from[k], to[k], join(path, k), out);
    return;
  }
  if (Array.isArray(from) && Array.isArray(to)) {
    const a = named(from);
    const b = named(to);
    if (a && b) {
      const removed = [...a.keys()].filter((k) => !b.has(k)).map((k) => a.get(k)!);
      const added = [...b.keys()].filter((k) => !a.has(k)).map((k) => b.get(k)!);
      const lines: string[] = [];
      if (removed.length > 0) lines.push(`- ${count(removed.length, 'list entry', 'list entries')} removed:`, ...indented(removed));
      if (added.length > 0) lines.push(`+ ${count(added.length, 'list entry', 'list entries')} added:`, ...indented(added));
      if (lines.length > 0) out.push({ path, lines });
      for (const [k, v] of a) if (b.has(k)) compare(v, b.get(k), join(path, k), out);
      return;
    }
    if (from.length === to.length && from.every(isMap) && to.every(isMap)) {
      from.forEach((v, i) => compare(v, to[i], join(path, String(i)), out));
      return;
    }
    const removed = from.filter((x) => !to.some((y) => same(x, y)));
    const added = to.filter((y) => !from.some((x) => same(x, y)));
    const lines: string[] = [];
    if (removed.length > 0) lines.push(`- ${count(removed.length, 'list entry', 'list entries')} removed:`, ...indented(removed));
    if (added.length > 0) lines.push(`+ ${count(added.length, 'list entry', 'list entries')} added:`, ...indented(added));
    out.push({ path, lines: lines.length > 0 ? lines : ['⇆ order changed'] });
    return;
  }
  if (from === undefined || to === undefined) return;
  out.push({ path, lines: ['± value change', `- ${scalar(from)}`, `+ ${scalar(to)}`] });
}

/** The field changes from the live object to the merged one, in dyff's human format. */
export function fieldDiff(live: Record<string, unknown>, merged: Record<string, unknown>): string {
  const changes: Change[] = [];
  compare(live as Json, merged as Json, '', changes);
  return `${changes.map((c) => `\n${c.path}\n${c.lines.join('\n')}\n`).join('')}\n`;
}

const VERB = { created: 'created', configured: 'drifted', skipped: 'skipped', deleted: 'deleted' } as const;

/** The report flux prints, and whether anything would change (flux's exit code 1). */
export function diffReport(entries: readonly DiffEntryView[]): { text: string; changed: boolean } {
  let text = '';
  let changed = false;
  for (const e of entries) {
    if (e.action === 'unchanged') continue;
    text += `► ${e.subject} ${VERB[e.action]}\n`;
    if (e.action === 'configured' && e.live && e.merged) text += fieldDiff(e.live, e.merged);
    if (e.action !== 'skipped') changed = true;
  }
  return { text, changed };
}
