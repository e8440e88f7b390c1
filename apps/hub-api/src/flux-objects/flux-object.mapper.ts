import type { FluxKindName } from '@flotilla/reconcile-core';
import type { ObjectOrigin } from '@flotilla/protocol';
import { toConditionObjects } from '../sources/source-status.mapper.js';
import type { FluxObjectStateValue, FluxOperation } from './dto/flux-object.enums.js';
import type { FluxObjectObject } from './dto/flux-object.object.js';
import { fluxObjectId } from './flux-object-cursor.js';
import type { FluxObjectRow } from './flux-objects.repository.js';

/** A stored row → the GraphQL object; `operations` comes from the kind registry. */
export function toFluxObjectObject(row: FluxObjectRow, operations: (kind: FluxKindName, origin: ObjectOrigin) => readonly FluxOperation[]): FluxObjectObject {
  // Rows are written from validated reports only (kinds of FLUX_KINDS, the two origins, the four states).
  const kind = row.kind as FluxKindName;
  const origin = row.origin as ObjectOrigin;
  return {
    id: fluxObjectId(row),
    clusterId: row.clusterId,
    clusterName: row.cluster.name,
    kind,
    namespace: row.namespace,
    name: row.name,
    origin,
    kustomizationId: row.kustomizationId,
    parent: row.parentNamespace !== null && row.parentName !== null ? { namespace: row.parentNamespace, name: row.parentName } : null,
    ready: row.ready,
    reason: row.readyReason,
    message: row.readyMessage,
    state: row.state as FluxObjectStateValue,
    revision: row.revision,
    lastAttemptedRevision: row.lastAttemptedRevision,
    observedGeneration: row.observedGeneration,
    suspended: row.suspended,
    conditions: toConditionObjects(row.conditions),
    inventoryCount: Array.isArray(row.inventory) ? row.inventory.length : 0,
    operations: [...operations(kind, origin)],
    updatedAt: row.updatedAt,
  };
}
