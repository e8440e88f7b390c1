import { labelList } from '../common/label-map.js';
import { toConditionObjects } from '../sources/git-repository.mapper.js';
import type { OciRepositoryObject } from './dto/oci-repository.object.js';
import type { OciRepositoryRow } from './oci-repositories.repository.js';
import { ociArtifactOf, publicKeysOf } from './oci-repository-row.js';

export function toOciRepositoryObject(row: OciRepositoryRow): OciRepositoryObject {
  const status = (row.status ?? {}) as Record<string, unknown>;
  const conditions = toConditionObjects(status.conditions);
  const ready = conditions.find((c) => c.type === 'Ready');
  const a = ociArtifactOf(status);
  const spec = (row.spec ?? {}) as { url?: unknown };
  return {
    id: row.id,
    namespace: row.namespace,
    name: row.name,
    url: typeof spec.url === 'string' ? spec.url : '',
    spec: { ...(row.spec as Record<string, unknown>), ...(row.suspend ? { suspend: true } : {}) },
    suspend: row.suspend,
    labels: labelList(row.labels),
    credentialsKind: row.credentialsKind,
    verifyPublicKeys: publicKeysOf(row.verifyPublicKeys),
    ready: ready?.status ?? 'Unknown',
    message: ready?.message ?? (status.conditions ? null : 'waiting for the first pull'),
    conditions,
    artifact: a ? { revision: a.revision, digest: a.digest, size: a.size, lastUpdateTime: new Date(a.lastUpdateTime) } : null,
    generation: row.generation,
    observedGeneration: typeof status.observedGeneration === 'number' ? status.observedGeneration : null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
