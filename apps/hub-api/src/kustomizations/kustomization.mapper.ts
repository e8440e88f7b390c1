import type { Cluster, ClusterEvent, FluxObject, Kustomization } from '@flotilla/prisma/client';
import { toClusterObject } from '../clusters/clusters.mapper.js';
import { toConditionObjects } from '../sources/git-repository.mapper.js';
import type { ClusterEventObject, InventoryEntryObject, KustomizationClusterStatusObject, KustomizationObject } from './dto/kustomization.object.js';
import type { KustomizationSpec } from './kustomization.spec.js';
import { placementOf } from './placement.js';

export const specOf = (row: Pick<Kustomization, 'spec'>): KustomizationSpec => row.spec as unknown as KustomizationSpec;

export function toKustomizationObject(row: Kustomization): KustomizationObject {
  const spec = specOf(row);
  return {
    id: row.id,
    namespace: row.namespace,
    name: row.name,
    sourceRef: { kind: spec.sourceRef.kind, name: spec.sourceRef.name, namespace: spec.sourceRef.namespace ?? null },
    path: spec.path,
    interval: spec.interval,
    retryInterval: spec.retryInterval ?? null,
    timeout: spec.timeout ?? null,
    prune: spec.prune,
    wait: spec.wait,
    force: spec.force,
    targetNamespace: spec.targetNamespace ?? null,
    dependsOn: (spec.dependsOn ?? []).map((d) => ({ name: d.name, namespace: d.namespace ?? null })),
    suspend: spec.suspend,
    spec: row.spec,
    placement: placementOf(row.placement),
    generation: row.generation,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** Flux inventory id `<namespace>_<name>_<group>_<kind>`; names cannot hold `_`, so the outer fields split cleanly. */
export function toInventoryEntries(json: unknown): InventoryEntryObject[] {
  if (!Array.isArray(json)) return [];
  const out: InventoryEntryObject[] = [];
  for (const e of json) {
    if (typeof e !== 'object' || e === null) continue;
    const { id, v } = e as { id?: unknown; v?: unknown };
    if (typeof id !== 'string') continue;
    const parts = id.split('_');
    if (parts.length < 4) continue;
    const kind = parts.at(-1)!;
    const group = parts.at(-2)!;
    const namespace = parts[0]!;
    out.push({ id, version: typeof v === 'string' ? v : '', group, kind, namespace: namespace === '' ? null : namespace, name: parts.slice(1, -2).join('_') });
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
