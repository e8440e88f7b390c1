import { imagePolicySpec, type ImagePolicyFluxSpec } from '@flotilla/protocol/flux';
import { validLabels } from '../clusters/cluster-input.validation.js';
import { badInput } from '../common/domain-error.js';
import { validNamespace, validObjectName } from '../sources/git-repository.validation.js';
import type { ImagePolicyInput } from './dto/image-policy.inputs.js';

export type ImagePolicySpecFields = Pick<ImagePolicyInput, 'imageRepositoryRef' | 'policy' | 'filterTags' | 'digestReflectionPolicy' | 'interval' | 'suspend'>;

export interface ValidImagePolicyInput {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  spec: ImagePolicyFluxSpec;
}

const defined = <T extends object>(o: T | null | undefined): T | undefined => {
  if (!o) return undefined;
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined)) as T;
};

/**
 * Checks the shape with Flux's ImagePolicy schema (exactly one policy, digest reflection and interval
 * together); errors name the field. A semver range or regular expression that does not compile is stored
 * and reported as Ready=False naming the field, as Flux reports it.
 */
export function validateImagePolicyInput(input: ImagePolicyInput): ValidImagePolicyInput {
  const namespace = validNamespace(input.namespace, 'namespace');
  const name = validObjectName(input.name, 'name');
  const labels = validLabels(input.labels ?? [], 'labels');
  return { namespace, name, labels, spec: validateImagePolicySpec(input, namespace) };
}

/** The spec part alone (what a preview needs), in the policy's namespace. */
export function validateImagePolicySpec(input: ImagePolicySpecFields, namespace: string): ImagePolicyFluxSpec {
  validObjectName(input.imageRepositoryRef.name, 'imageRepositoryRef.name');
  const refNamespace = validNamespace(input.imageRepositoryRef.namespace ?? namespace, 'imageRepositoryRef.namespace');
  const policy = {
    ...(input.policy.semver ? { semver: { range: input.policy.semver.range } } : {}),
    ...(input.policy.alphabetical ? { alphabetical: defined(input.policy.alphabetical) } : {}),
    ...(input.policy.numerical ? { numerical: defined(input.policy.numerical) } : {}),
  };
  const parsed = imagePolicySpec.safeParse({
    imageRepositoryRef: { name: input.imageRepositoryRef.name, namespace: refNamespace },
    policy,
    ...(defined(input.filterTags) ? { filterTags: defined(input.filterTags) } : {}),
    ...(input.digestReflectionPolicy ? { digestReflectionPolicy: input.digestReflectionPolicy } : {}),
    ...(input.interval ? { interval: input.interval } : {}),
    suspend: input.suspend ?? false,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.map(String).join('.') || 'policy';
    throw badInput(field, `${field}: ${issue.message}`);
  }
  return parsed.data;
}
