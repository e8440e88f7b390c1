import { parseAllDocuments, Parser, type Document } from 'yaml';
import { canonicalJson } from '../common/canonical-json.js';

// A change to one object of a fleet file, made in the file's own text: only the fields that changed are set
// or removed in that object's document, so its comments, key order and untouched fields stay as people wrote
// them, and every other document of the file is kept byte for byte. Pure: text in, text out.

type Json = Record<string, unknown>;
type Path = string[];

export type FieldChange = { path: Path; value: unknown } | { path: Path; remove: true };

const isMap = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * What changed from one Flux document to another: maps are compared key by key, anything else (lists,
 * scalars) is one value. Both documents come from the same export, so a field the hub fills with a default is
 * in both and never shows as a change.
 */
export function documentChanges(before: Json, after: Json, path: Path = []): FieldChange[] {
  const out: FieldChange[] = [];
  for (const [key, value] of Object.entries(after)) {
    const was = before[key];
    if (isMap(was) && isMap(value)) out.push(...documentChanges(was, value, [...path, key]));
    else if (was === undefined || canonicalJson(was) !== canonicalJson(value)) out.push({ path: [...path, key], value });
  }
  for (const key of Object.keys(before)) if (!(key in after)) out.push({ path: [...path, key], remove: true });
  return out;
}

export interface FileTarget {
  kind: string;
  namespace: string;
  name: string;
  /** The namespace of a document that names none (its FleetSync's). */
  defaultNamespace: string;
}

/** `text: null` means the file is removed (it declared that object alone). */
export type FileEdit = { ok: true; text: string | null } | { ok: false; message: string };

const declares = (doc: Document, t: FileTarget): boolean => {
  const v: unknown = doc.toJS();
  if (!isMap(v) || v.kind !== t.kind || !isMap(v.metadata)) return false;
  const ns = typeof v.metadata.namespace === 'string' ? v.metadata.namespace : t.defaultNamespace;
  return v.metadata.name === t.name && ns === t.namespace;
};

/** The target's document in `text` as canonical JSON (to tell whether a commit changed it); null when absent. */
export function declaredDocument(text: string | undefined, target: FileTarget): string | null {
  if (text === undefined) return null;
  const found = parseAllDocuments(text).find((d) => d.errors.length === 0 && declares(d, target));
  return found ? canonicalJson(found.toJS()) : null;
}

/**
 * Sets the changes in the target's document, or removes that document (`'delete'`). Refuses a file that is
 * not YAML or that does not declare the target exactly once.
 */
export function editFleetFile(text: string, target: FileTarget, change: readonly FieldChange[] | 'delete'): FileEdit {
  const docs = parseAllDocuments(text);
  const list = Array.isArray(docs) ? docs : [docs];
  const what = `${target.kind} ${target.namespace}/${target.name}`;
  if (list.some((d) => d.errors.length > 0)) return { ok: false, message: `the file is not valid YAML at the branch head: ${list.flatMap((d) => d.errors)[0]?.message ?? ''}` };
  const at = list.flatMap((d, i) => (declares(d, target) ? [i] : []));
  if (at.length !== 1) return { ok: false, message: at.length === 0 ? `the file no longer declares ${what} at the branch head` : `the file declares ${what} ${at.length} times` };
  const i = at[0]!;
  // Where each document's text starts (its `---` included): the region of document i runs to the next one.
  const starts = [...new Parser().parse(text)].filter((t) => t.type === 'document').map((t) => t.offset);
  if (starts.length !== list.length) return { ok: false, message: 'the file’s documents could not be told apart' };
  const from = i === 0 ? 0 : starts[i]!;
  const to = starts[i + 1] ?? text.length;
  if (change === 'delete') {
    const rest = `${text.slice(0, from)}${text.slice(to)}`;
    const left = list.filter((d, j) => j !== i && d.contents !== null);
    return { ok: true, text: left.length === 0 ? null : rest.replace(/^---\n/, '') };
  }
  const doc = list[i]!;
  for (const c of change) {
    if ('remove' in c) doc.deleteIn(c.path);
    else doc.setIn(c.path, c.value);
  }
  return { ok: true, text: `${text.slice(0, from)}${doc.toString({ lineWidth: 0 })}${text.slice(to)}` };
}
