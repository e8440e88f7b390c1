import { labelList } from '../common/label-map.js';
import { registryTlsFlags } from '../sources/registry-tls/registry-tls.sealed.js';
import { sourceStatusFields } from '../sources/source-status.mapper.js';
import type { OciRepositoryObject } from './dto/oci-repository.object.js';
import type { OciRepositoryRow } from './oci-repositories.repository.js';
import { ociArtifactOf, publicKeysOf } from './oci-repository-row.js';

/** The spec as the hub shows and exports it: the stored spec, with `suspend` (its own column) set when true. */
export function ociObjectSpec(stored: unknown, suspend: boolean): Record<string, unknown> {
  return { ...(stored as Record<string, unknown>), ...(suspend ? { suspend: true } : {}) };
}

export function toOciRepositoryObject(row: OciRepositoryRow): OciRepositoryObject {
  const status = (row.status ?? {}) as Record<string, unknown>;
  const spec = (row.spec ?? {}) as { url?: unknown };
  return {
    id: row.id,
    namespace: row.namespace,
    name: row.name,
    url: typeof spec.url === 'string' ? spec.url : '',
    spec: ociObjectSpec(row.spec, row.suspend),
    suspend: row.suspend,
    labels: labelList(row.labels),
    credentialsKind: row.credentialsKind,
    ...registryTlsFlags(row.tlsKind),
    verifyPublicKeys: publicKeysOf(row.verifyPublicKeys),
    ...sourceStatusFields(status, ociArtifactOf(status), 'waiting for the first pull'),
    generation: row.generation,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
