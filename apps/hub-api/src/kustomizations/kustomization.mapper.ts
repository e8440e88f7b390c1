import { parseInventoryId } from '@flotilla/reconcile-core';
import type { Cluster, ClusterEvent, FluxObject, Kustomization } from '@flotilla/prisma/client';
import { toClusterObject } from '../clusters/clusters.mapper.js';
import { labelList } from '../common/label-map.js';
import { toConditionObjects } from '../sources/source-status.mapper.js';
import type { ClusterEventObject, InventoryEntryObject, KustomizationClusterStatusObject, KustomizationObject } from './dto/kustomization.object.js';
import type { KustomizationSpec } from './kustomization-spec.schema.js';
import { placementOf } from './placement.js';

export const specOf = (row: Pick<Kustomization, 'spec'>): KustomizationSpec => row.spec as unknown as KustomizationSpec;

export function toKustomizationObject(row: Kustomization): KustomizationObject {
  const spec = specOf(row);
  return {
    id: row.id,
    namespace: row.namespace,
    name: row.name,
    labels: labelList(row.labels),
    sourceRef: { kind: spec.sourceRef.kind, name: spec.sourceRef.name, namespace: spec.sourceRef.namespace ?? null },
    // Flux's defaults for fields the spec may leave out: the artifact root, no wait, not suspended.
    path: spec.path ?? './',
    interval: spec.interval,
    retryInterval: spec.retryInterval ?? null,
    timeout: spec.timeout ?? null,
    prune: spec.prune,
    wait: spec.wait ?? false,
    force: spec.force,
    targetNamespace: spec.targetNamespace ?? null,
    dependsOn: (spec.dependsOn ?? []).map((d) => ({ name: d.name, namespace: d.namespace ?? null })),
    suspend: spec.suspend ?? false,
    spec: row.spec,
    placement: placementOf(row.placement),
    generation: row.generation,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** Flux inventory entries as stored, parsed with reconcile-core's inventory ids; entries that do not parse are left out. */
export function toInventoryEntries(json: unknown): InventoryEntryObject[] {
  if (!Array.isArray(json)) return [];
  const out: InventoryEntryObject[] = [];
  for (const e of json) {
    if (typeof e !== 'object' || e === null) continue;
    const { id, v } = e as { id?: unknown; v?: unknown };
    if (typeof id !== 'string') continue;
    const parsed = parseInventoryId(id, typeof v === 'string' ? v : '');
    if (!parsed.ok) continue;
    const { group, kind, namespace, name, version } = parsed.value;
    out.push({ id, version, group, kind, namespace: namespace === '' ? null : namespace, name });
  }
  return out;
}

export function toClusterStatusObject(kustomizationId: string, cluster: Cluster, row: FluxObject | undefined): KustomizationClusterStatusObject {
  const conditions = toConditionObjects(row?.conditions);
  const ready = conditions.find((c) => c.type === 'Ready');
  return {
    kustomizationId,
    cluster: toClusterObject(cluster),
    ready: ready?.status ?? 'Unknown',
    reason: ready?.reason ?? (row ? null : 'Pending'),
    message: ready?.message ?? (row ? null : 'waiting for the agent to report'),
    conditions,
    lastAppliedRevision: row?.lastAppliedRevision ?? null,
    lastAttemptedRevision: row?.lastAttemptedRevision ?? null,
    observedGeneration: row?.observedGeneration ?? null,
    lastHandledReconcileAt: row?.lastHandledReconcileAt ?? null,
    updatedAt: row?.updatedAt ?? null,
    inventory: toInventoryEntries(row?.inventory),
  };
}

export function toClusterEventObject(row: ClusterEvent & { cluster: { name: string } }): ClusterEventObject {
  return {
    id: row.id.toString(),
    clusterId: row.clusterId,
    clusterName: row.cluster.name,
    involvedKind: row.involvedKind,
    involvedNamespace: row.involvedNamespace,
    involvedName: row.involvedName,
    severity: row.severity,
    reason: row.reason,
    message: row.message,
    revision: row.revision,
    occurredAt: row.occurredAt,
  };
}
