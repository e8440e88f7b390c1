import { coreError, fail, ok, type CoreError, type Result } from '../errors.js';
import { annotationsOf, apiVersionOf, groupOf, isRecord, kindOf, labelsOf, nameOf, namespaceOf, versionOf, type KubeObject } from '../object/kube-object.js';
import { matchesLabelSelector, parseLabelSelector, type LabelSelector } from '../selector/label-selector.js';

/** A Kustomization `ignore` rule: JSON pointers to leave out of drift correction in the objects `target` selects. */
export interface DriftIgnoreRule {
  paths: readonly string[];
  target?: { group?: string; version?: string; kind?: string; name?: string; namespace?: string; labelSelector?: string; annotationSelector?: string };
}

interface CompiledTarget {
  group?: RegExp;
  version?: RegExp;
  kind?: RegExp;
  name?: RegExp;
  namespace?: RegExp;
  labels?: LabelSelector;
  annotations?: LabelSelector;
}

export interface CompiledDriftIgnore {
  rules: { target: CompiledTarget | undefined; paths: string[][] }[];
}

/** What to do with one ignored path the live object and the dry-run disagree on. */
export type DriftIgnoreEdit = { pointer: string; action: 'strip' } | { pointer: string; action: 'adopt'; value: unknown; present: boolean };

// RFC 6901: `/a/b~1c` → ['a', 'b/c'].
function parsePointer(pointer: string): string[] | undefined {
  if (pointer === '' || !pointer.startsWith('/')) return undefined;
  return pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * Compiles `spec.ignore` as fluxcd/pkg's jsondiff does: target fields are anchored regular expressions
 * (empty matches all), label and annotation selectors are Kubernetes selectors, paths are JSON pointers.
 */
export function compileDriftIgnore(rules: readonly DriftIgnoreRule[]): Result<CompiledDriftIgnore> {
  const errors: CoreError[] = [];
  const compiled = rules.map((rule, i) => {
    const paths = rule.paths.flatMap((p, j) => {
      const parsed = parsePointer(p);
      if (!parsed) errors.push(coreError('IGNORE_RULE_INVALID', `ignore[${i}].paths[${j}]: "${p}" is not a JSON pointer`));
      return parsed ? [parsed] : [];
    });
    if (!rule.target) return { target: undefined, paths };
    const t = rule.target;
    const target: CompiledTarget = {};
    for (const key of ['group', 'version', 'kind', 'name', 'namespace'] as const) {
      const source = t[key];
      if (!source) continue;
      try {
        target[key] = new RegExp(`^(?:${source})$`);
      } catch {
        errors.push(coreError('IGNORE_RULE_INVALID', `ignore[${i}].target.${key}: invalid regular expression "${source}"`));
      }
    }
    for (const [key, field] of [['labelSelector', 'labels'], ['annotationSelector', 'annotations']] as const) {
      const source = t[key];
      if (!source) continue;
      const parsed = parseLabelSelector(source);
      if (parsed.ok) target[field] = parsed.value;
      else errors.push(coreError('IGNORE_RULE_INVALID', `ignore[${i}].target.${key}: ${parsed.errors.map((e) => e.message).join('; ')}`));
    }
    return { target, paths };
  });
  return errors.length > 0 ? fail(errors) : ok({ rules: compiled });
}

function targets(t: CompiledTarget | undefined, obj: KubeObject): boolean {
  if (!t) return true;
  const apiVersion = apiVersionOf(obj) ?? '';
  const test = (re: RegExp | undefined, value: string) => re === undefined || re.test(value);
  return (
    test(t.group, groupOf(apiVersion)) &&
    test(t.version, versionOf(apiVersion)) &&
    test(t.kind, kindOf(obj) ?? '') &&
    test(t.name, nameOf(obj) ?? '') &&
    test(t.namespace, namespaceOf(obj) ?? '') &&
    (t.labels === undefined || matchesLabelSelector(t.labels, labelsOf(obj))) &&
    (t.annotations === undefined || matchesLabelSelector(t.annotations, annotationsOf(obj)))
  );
}

/** The ignored paths that apply to `obj` (Flux matches the rules' targets against the dry-run object). */
export function ignoredPaths(compiled: CompiledDriftIgnore, obj: KubeObject): string[][] {
  return compiled.rules.filter((r) => targets(r.target, obj)).flatMap((r) => r.paths);
}

function lookup(obj: unknown, path: readonly string[]): { present: boolean; value: unknown } {
  let cur: unknown = obj;
  for (const seg of path) {
    if (Array.isArray(cur) && /^\d+$/.test(seg) && Number(seg) < cur.length) cur = cur[Number(seg)];
    else if (isRecord(cur) && Object.hasOwn(cur, seg)) cur = cur[seg];
    else return { present: false, value: undefined };
  }
  return { present: true, value: cur };
}

function cloneJson<T>(value: T): T {
  return structuredClone(value);
}

/** A copy of `obj` without the values at `paths` (missing paths are left alone). */
export function withoutPaths(obj: KubeObject, paths: readonly (readonly string[])[]): KubeObject {
  const copy = cloneJson(obj);
  // Remove deeper and later array items first, so earlier indexes stay valid.
  for (const path of [...paths].sort((a, b) => b.length - a.length || b.join('/').localeCompare(a.join('/'), undefined, { numeric: true }))) {
    const parent = lookup(copy, path.slice(0, -1));
    const last = path[path.length - 1]!;
    if (!parent.present) continue;
    if (Array.isArray(parent.value) && /^\d+$/.test(last)) parent.value.splice(Number(last), 1);
    else if (isRecord(parent.value)) delete parent.value[last];
  }
  return copy;
}

function setPath(obj: KubeObject, path: readonly string[], value: unknown): void {
  let cur: unknown = obj;
  for (const [i, seg] of path.entries()) {
    const last = i === path.length - 1;
    if (Array.isArray(cur) && /^\d+$/.test(seg)) {
      if (last) cur[Number(seg)] = value;
      else cur = cur[Number(seg)];
    } else if (isRecord(cur)) {
      if (last) cur[seg] = value;
      else {
        if (!isRecord(cur[seg]) && !Array.isArray(cur[seg])) cur[seg] = {};
        cur = cur[seg];
      }
    } else return;
  }
}

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

// managedFields `fieldsV1` keys for one step down `path` in `obj`: `f:<name>` into maps; into lists the item's
// own key, `k:{…}` (its merge keys, matched against the live item) or `v:<json>` (sets).
function fieldsV1Owns(fields: unknown, obj: unknown, path: readonly string[]): boolean {
  let node = fields;
  let cur = obj;
  for (const seg of path) {
    if (!isRecord(node)) return false;
    if (Array.isArray(cur)) {
      const item: unknown = /^\d+$/.test(seg) ? cur[Number(seg)] : undefined;
      if (item === undefined) return false;
      const key = Object.keys(node).find((k) => {
        if (k.startsWith('v:')) return sameJson(parseJson(k.slice(2)), item);
        const keyFields = k.startsWith('k:') ? parseJson(k.slice(2)) : undefined;
        if (!isRecord(keyFields) || !isRecord(item)) return false;
        return Object.entries(keyFields).every(([f, v]) => sameJson(item[f], v));
      });
      if (!key) return false;
      node = node[key];
      cur = item;
    } else if (isRecord(cur)) {
      node = node[`f:${seg}`];
      cur = cur[seg];
    } else return false;
    if (node === undefined) return false;
  }
  return true;
}

/** Whether an Apply field manager other than `manager` owns the field at `path` of the live object. */
function ownedByOtherApplier(live: KubeObject, path: readonly string[], manager: string): boolean {
  const entries = isRecord(live.metadata) && Array.isArray(live.metadata.managedFields) ? live.metadata.managedFields : [];
  return entries.some((e) => isRecord(e) && e.operation === 'Apply' && !e.subresource && e.manager !== manager && fieldsV1Owns(e.fieldsV1, live, path));
}

/**
 * For each ignored path where the live object and the dry-run of the desired one disagree, Flux's choice
 * (fluxcd/pkg ssa): when another Apply field manager owns the field, leave it out of the applied object
 * (strip); otherwise the agent is its only applier, so apply the live value (adopt) and keep ownership without
 * changing it.
 */
export function driftIgnoreEdits(live: KubeObject, dryRun: KubeObject, paths: readonly (readonly string[])[], manager: string): DriftIgnoreEdit[] {
  const edits: DriftIgnoreEdit[] = [];
  for (const path of paths) {
    const a = lookup(live, path);
    const b = lookup(dryRun, path);
    if (a.present === b.present && sameJson(a.value, b.value)) continue;
    const pointer = `/${path.map((s) => s.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
    if (ownedByOtherApplier(live, path, manager)) edits.push({ pointer, action: 'strip' });
    else edits.push({ pointer, action: 'adopt', value: a.value, present: a.present });
  }
  return edits;
}

/** The object to apply after `driftIgnoreEdits`: stripped paths removed, adopted ones set to the live value. */
export function applyDriftIgnoreEdits(obj: KubeObject, edits: readonly DriftIgnoreEdit[]): KubeObject {
  const strip = edits.filter((e) => e.action === 'strip' || !e.present).map((e) => parsePointer(e.pointer)!);
  const out = withoutPaths(obj, strip);
  for (const e of edits) if (e.action === 'adopt' && e.present) setPath(out, parsePointer(e.pointer)!, cloneJson(e.value));
  return out;
}
