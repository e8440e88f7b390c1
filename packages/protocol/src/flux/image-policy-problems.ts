import { goRegExp, parseSemverRange } from '@flotilla/reconcile-core';

export interface ImagePolicySpecProblem {
  /** The spec field at fault, e.g. `policy.semver.range`. */
  path: string;
  message: string;
}

/**
 * What the schema cannot see in an ImagePolicy spec: a semver range or a tag pattern that does not compile.
 * Flux admits such a policy and reports Ready=False naming the field; the hub does the same, and the web UI
 * shows the same message on the field before saving.
 */
export function imagePolicyCompileProblems(spec: { policy: { semver?: { range: string } }; filterTags?: { pattern?: string } }): ImagePolicySpecProblem[] {
  const out: ImagePolicySpecProblem[] = [];
  if (spec.policy.semver) {
    const r = parseSemverRange(spec.policy.semver.range);
    if (!r.ok) out.push({ path: 'policy.semver.range', message: r.errors[0]!.message });
  }
  const pattern = spec.filterTags?.pattern;
  if (pattern !== undefined && !goRegExp(pattern)) out.push({ path: 'filterTags.pattern', message: `invalid regular expression ${JSON.stringify(pattern)}` });
  return out;
}
