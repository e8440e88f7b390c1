import { labelList } from '../common/label-map.js';
import type { ImagePolicyFluxSpec } from '@flotilla/protocol/flux';
import { toConditionObjects } from '../sources/source-status.mapper.js';
import type { ImagePolicyObject, ImageRefObject } from './dto/image-policy.object.js';
import type { ImagePolicyRow, ImagePolicyWrite } from './image-policies.repository.js';
import type { StoredImagePolicyStatus } from './image-policy.evaluate.js';

export function storedPolicyStatus(row: Pick<ImagePolicyRow, 'status'>): StoredImagePolicyStatus {
  const s = row.status;
  return typeof s === 'object' && s !== null && !Array.isArray(s) ? (s as StoredImagePolicyStatus) : {};
}

/** The Flux spec a row holds (validated when written). */
export function policySpecOf(row: ImagePolicyRow): ImagePolicyFluxSpec {
  return {
    imageRepositoryRef: { name: row.repositoryName, namespace: row.repositoryNamespace },
    policy: row.policy as ImagePolicyFluxSpec['policy'],
    ...(row.filterTags ? { filterTags: row.filterTags as NonNullable<ImagePolicyFluxSpec['filterTags']> } : {}),
    digestReflectionPolicy: row.digestReflectionPolicy as ImagePolicyFluxSpec['digestReflectionPolicy'],
    ...(row.interval ? { interval: row.interval } : {}),
    suspend: row.suspend,
  };
}

export function policyWriteOf(spec: ImagePolicyFluxSpec): ImagePolicyWrite {
  return {
    repositoryNamespace: spec.imageRepositoryRef.namespace ?? '',
    repositoryName: spec.imageRepositoryRef.name,
    policy: spec.policy,
    filterTags: spec.filterTags ?? null,
    digestReflectionPolicy: spec.digestReflectionPolicy,
    interval: spec.interval ?? null,
    suspend: spec.suspend ?? false,
  };
}

const ref = (r: StoredImagePolicyStatus['latestRef']): ImageRefObject | null => (r ? { name: r.name, tag: r.tag, digest: r.digest ?? null } : null);

export function toImagePolicyObject(row: ImagePolicyRow): ImagePolicyObject {
  const status = storedPolicyStatus(row);
  const conditions = toConditionObjects(status.conditions);
  const ready = conditions.find((c) => c.type === 'Ready');
  return {
    id: row.id,
    namespace: row.namespace,
    name: row.name,
    labels: labelList(row.labels),
    imageRepository: `${row.repositoryNamespace}/${row.repositoryName}`,
    policy: row.policy,
    filterTags: row.filterTags,
    digestReflectionPolicy: row.digestReflectionPolicy,
    interval: row.interval,
    suspend: row.suspend,
    latestRef: ref(status.latestRef),
    observedPreviousRef: ref(status.observedPreviousRef),
    ready: ready?.status ?? 'Unknown',
    message: ready?.message ?? 'waiting for the first evaluation',
    conditions,
    generation: row.generation,
    observedGeneration: typeof status.observedGeneration === 'number' ? status.observedGeneration : null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
