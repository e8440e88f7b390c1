import { compileDriftIgnore } from '@flotilla/reconcile-core';
import { recordOf } from './spec-reading';

// A kustomize target selector (a post-renderer patch's `target`, a drift ignore rule's `target`) as form text.
// Flux reads both alike: group, version, kind, name and namespace are anchored regular expressions, the two
// selectors Kubernetes label selectors. They are checked with reconcile-core's compiler of ignore rules, the
// one the agent runs, so the form says what the cluster would say.

export const TARGET_KEYS = ['group', 'version', 'kind', 'name', 'namespace', 'labelSelector', 'annotationSelector'] as const;
export type TargetKey = (typeof TARGET_KEYS)[number];
export type TargetRow = Record<TargetKey, string>;

export const TARGET_LABELS: Record<TargetKey, string> = {
  group: 'group',
  version: 'version',
  kind: 'kind',
  name: 'name',
  namespace: 'namespace',
  labelSelector: 'label selector',
  annotationSelector: 'annotation selector',
};


export function emptyTarget(): TargetRow {
  return { group: '', version: '', kind: '', name: '', namespace: '', labelSelector: '', annotationSelector: '' };
}

export function targetRowOf(v: unknown): TargetRow {
  const t = recordOf(v);
  return Object.fromEntries(TARGET_KEYS.map((k) => [k, typeof t[k] === 'string' ? t[k] : ''])) as TargetRow;
}

/** The selector the row describes (blank fields left out); undefined when it selects everything. */
export function targetOf(row: TargetRow): Partial<TargetRow> | undefined {
  const out = Object.fromEntries(TARGET_KEYS.map((k) => [k, row[k].trim()] as const).filter(([, v]) => v !== ''));
  return Object.keys(out).length ? out : undefined;
}

/** The problems of an ignore rule (JSON pointers and target), keyed `paths` or `target.<key>`, one message each. */
export function ignoreRuleProblems(paths: readonly string[], target: TargetRow): Record<string, string> {
  const selector = targetOf(target);
  const compiled = compileDriftIgnore([{ paths, ...(selector ? { target: selector } : {}) }]);
  const out: Record<string, string> = {};
  if (compiled.ok) return out;
  for (const e of compiled.errors) {
    // The compiler names the rule's part: `ignore[0].paths[1]: …` or `ignore[0].target.kind: …`.
    const m = /^ignore\[0\]\.(paths|target\.\w+)(?:\[\d+\])?: (.*)$/s.exec(e.message);
    const key = m?.[1] ?? 'paths';
    out[key] ??= m?.[2] ?? e.message;
  }
  return out;
}
