import { imagePolicyCompileProblems, type Condition, type ImagePolicyFluxSpec, type ImageRef } from '@flotilla/protocol/flux';
import { selectLatestTag, type ImagePolicyChoice } from '@flotilla/reconcile-core';

export interface StoredImagePolicyStatus {
  observedGeneration?: number;
  conditions?: Condition[];
  latestRef?: ImageRef;
  observedPreviousRef?: ImageRef;
}

/** What the policy reads of its ImageRepository. */
export type PolicyRepository =
  | { found: false }
  | { found: true; image: string; ready: boolean; readyMessage: string; tags: string[] | null };

export interface EvaluateInput {
  spec: ImagePolicyFluxSpec;
  repositoryRef: string;
  repository: PolicyRepository;
  previous: StoredImagePolicyStatus;
  generation: number;
  now: Date;
  /** The digest of `image:tag`, for digest reflection. */
  resolveDigest: (tag: string) => Promise<string>;
}

export type PolicyReason = 'Succeeded' | 'Failure' | 'DependencyNotReady';

export interface EvaluateOutcome {
  status: StoredImagePolicyStatus;
  reason: PolicyReason;
  /** latestRef moved to another tag or digest. */
  changed: boolean;
}

/** The spec field at fault, for a policy that can never succeed as written. */
export function invalidPolicyField(spec: ImagePolicyFluxSpec): string | undefined {
  const problem = imagePolicyCompileProblems(spec)[0];
  return problem ? `spec.${problem.path}: ${problem.message}` : undefined;
}

const sameRef = (a: ImageRef | undefined, b: ImageRef | undefined): boolean => a?.name === b?.name && a?.tag === b?.tag && a?.digest === b?.digest;

/**
 * One ImagePolicy reconcile as image-reflector-controller runs it: the repository must exist and have been
 * scanned, then reconcile-core's selectLatestTag chooses; with digest reflection the chosen tag's digest is
 * resolved (`IfNotPresent`: once per tag; `Always`: every time). When latestRef changes, the old one becomes
 * observedPreviousRef. Every failure sets Ready=False and keeps the last latestRef.
 */
export async function evaluateImagePolicy(input: EvaluateInput): Promise<EvaluateOutcome> {
  const at = input.now.toISOString();
  const prev = input.previous;
  const ready = (status: Condition['status'], reason: PolicyReason, message: string): Condition => {
    const old = prev.conditions?.find((c) => c.type === 'Ready');
    return { type: 'Ready', status, reason, message, observedGeneration: input.generation, lastTransitionTime: old && old.status === status ? old.lastTransitionTime : at };
  };
  const fail = (reason: PolicyReason, message: string): EvaluateOutcome => ({
    reason,
    changed: false,
    status: { ...prev, observedGeneration: input.generation, conditions: [ready('False', reason, message)] },
  });
  const invalid = invalidPolicyField(input.spec);
  if (invalid) return fail('Failure', invalid);
  const repo = input.repository;
  if (!repo.found) return fail('DependencyNotReady', `referenced ImageRepository ${input.repositoryRef} not found`);
  if (repo.tags === null) return fail('DependencyNotReady', `ImageRepository ${input.repositoryRef} has not been scanned yet${repo.ready ? '' : `: ${repo.readyMessage}`}`);
  const chosen = selectLatestTag(repo.tags, { policy: input.spec.policy as ImagePolicyChoice, ...(input.spec.filterTags ? { filterTags: input.spec.filterTags } : {}) });
  if (!chosen.ok) return fail('Failure', `failed to select latest image tag for '${repo.image}': ${chosen.errors[0]!.message}`);
  const tag = chosen.value.tag;
  let digest: string | undefined;
  const reflect = input.spec.digestReflectionPolicy;
  if (reflect === 'Always' || (reflect === 'IfNotPresent' && !(prev.latestRef?.tag === tag && prev.latestRef.name === repo.image && prev.latestRef.digest))) {
    try {
      digest = await input.resolveDigest(tag);
    } catch (err) {
      return fail('Failure', `failed to resolve the digest of '${repo.image}:${tag}': ${err instanceof Error ? err.message : String(err)}`);
    }
  } else if (reflect === 'IfNotPresent') {
    digest = prev.latestRef?.digest;
  }
  const latestRef: ImageRef = { name: repo.image, tag, ...(digest ? { digest } : {}) };
  const changed = !sameRef(prev.latestRef, latestRef);
  const describe = (r: ImageRef): string => (r.digest ? `${r.tag}@${r.digest}` : r.tag);
  const message =
    changed && prev.latestRef
      ? `Latest image tag for ${repo.image} updated from ${describe(prev.latestRef)} to ${describe(latestRef)}`
      : `Latest image tag for ${repo.image} resolved to ${describe(latestRef)}`;
  return {
    reason: 'Succeeded',
    changed,
    status: {
      observedGeneration: input.generation,
      latestRef,
      ...(changed && prev.latestRef ? { observedPreviousRef: prev.latestRef } : prev.observedPreviousRef ? { observedPreviousRef: prev.observedPreviousRef } : {}),
      conditions: [ready('True', 'Succeeded', message)],
    },
  };
}
