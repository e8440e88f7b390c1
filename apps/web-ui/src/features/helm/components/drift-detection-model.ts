import { emptyTarget, ignoreRuleProblems, targetOf, targetRowOf, type TargetRow } from '../../../lib/flux/kustomize-target';
import { recordOf } from '../../../lib/flux/spec-reading';

// `spec.driftDetection` as form state: the mode (unset means Flux's default, disabled) and the ignore rules,
// JSON pointers one per line with an optional target, checked by the compiler the agent runs.

export type DriftMode = '' | 'disabled' | 'warn' | 'enabled';

export interface IgnoreRuleRow {
  /** JSON pointers, one per line. */
  paths: string;
  target: TargetRow;
}


export const emptyIgnoreRule = (): IgnoreRuleRow => ({ paths: '', target: emptyTarget() });

export const linesOf = (text: string): string[] =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');

export function driftFormOf(spec: Record<string, unknown>): { driftMode: DriftMode; driftIgnore: IgnoreRuleRow[] } {
  const d = recordOf(spec.driftDetection);
  const mode = d.mode === 'disabled' || d.mode === 'warn' || d.mode === 'enabled' ? d.mode : '';
  const rules = Array.isArray(d.ignore) ? d.ignore.map(recordOf) : [];
  return {
    driftMode: mode,
    driftIgnore: rules.map((r) => ({ paths: (Array.isArray(r.paths) ? r.paths.filter((p): p is string => typeof p === 'string') : []).join('\n'), target: targetRowOf(r.target) })),
  };
}

/** The driftDetection the form describes over the stored one; undefined when nothing is set. */
export function driftSpec(mode: DriftMode, rules: readonly IgnoreRuleRow[], stored: unknown): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = { ...recordOf(stored) };
  if (mode) out.mode = mode;
  else delete out.mode;
  if (rules.length) out.ignore = rules.map((r) => ({ paths: linesOf(r.paths), ...(targetOf(r.target) ? { target: targetOf(r.target) } : {}) }));
  else delete out.ignore;
  return Object.keys(out).length ? out : undefined;
}

/** Problems keyed `driftIgnore.<i>.paths` or `driftIgnore.<i>.target.<key>`. */
export function driftProblems(rules: readonly IgnoreRuleRow[]): Record<string, string> {
  const out: Record<string, string> = {};
  rules.forEach((r, i) => {
    const paths = linesOf(r.paths);
    if (paths.length === 0) out[`driftIgnore.${i}.paths`] = 'At least one JSON pointer, e.g. /spec/replicas.';
    for (const [key, message] of Object.entries(ignoreRuleProblems(paths, r.target))) out[`driftIgnore.${i}.${key}`] ??= message;
  });
  return out;
}
