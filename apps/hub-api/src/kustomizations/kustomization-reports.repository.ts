import { Inject, Injectable } from '@nestjs/common';
import type { Prisma } from '@flotilla/prisma/client';
import type { Scope } from '../auth/access.js';
import { PRISMA, type Db } from '../db/prisma.service.js';
import { fluxObjectState } from '../ingestion/flux-object-state.js';

export interface StatusWrite {
  kustomizationId: string;
  clusterId: string;
  conditions: Prisma.InputJsonValue;
  lastAppliedRevision?: string | null;
  lastAttemptedRevision?: string | null;
  observedGeneration?: number | null;
  lastHandledReconcileAt?: string | null;
  inventory?: Prisma.InputJsonValue;
}

export interface EventWrite {
  clusterId: string;
  involvedKind: string;
  involvedNamespace: string | null;
  involvedName: string;
  severity: string;
  reason: string;
  message: string;
  revision: string | null;
  occurredAt: Date;
}

/**
 * Reads what agents reported (rows written by the ingestion module). The writes here exist for tests and
 * tools; ingestion keeps its own batched, sequence-checked writes.
 */
@Injectable()
export class KustomizationReportsRepository {
  constructor(@Inject(PRISMA) private readonly db: Db) {}

  /** The placed Kustomization's rows of the fleet's Flux objects (origin hub). */
  statusesForKustomization(kustomizationId: string) {
    return this.db.fluxObject.findMany({ where: { kustomizationId } });
  }

  statusesForCluster(clusterId: string) {
    return this.db.fluxObject.findMany({ where: { clusterId, kustomizationId: { not: null } } });
  }

  async upsertStatus(s: StatusWrite) {
    const { kustomizationId, clusterId, ...rest } = s;
    const k = await this.db.kustomization.findUniqueOrThrow({ where: { id: kustomizationId }, select: { namespace: true, name: true } });
    const key = { clusterId, kind: 'Kustomization', namespace: k.namespace, name: k.name };
    // What ingestion derives from the conditions, so rows written here read like reported ones.
    const conditions = Array.isArray(rest.conditions) ? (rest.conditions as { type?: string; status?: string; reason?: string; message?: string }[]) : [];
    const ready = conditions.find((c) => c.type === 'Ready');
    const derived = {
      ready: ready?.status ?? 'Unknown',
      readyReason: ready?.reason ?? null,
      readyMessage: ready?.message ?? null,
      state: fluxObjectState(ready?.status, false),
      revision: rest.lastAppliedRevision ?? null,
    };
    return this.db.fluxObject.upsert({
      where: { clusterId_kind_namespace_name: key },
      create: { ...key, origin: 'hub', kustomizationId, ...derived, ...rest },
      update: { ...derived, ...rest },
    });
  }

  insertEvents(events: EventWrite[]) {
    return this.db.clusterEvent.createMany({ data: events });
  }

  /**
   * Clusters on which the hub placed the Kustomization: those holding its hub row, and those whose current or
   * previous assignment names it (events can precede the first status). Another cluster's object of the same
   * name is that cluster's own, and its events are not this Kustomization's.
   */
  async clustersPlacedOn(kustomizationId: string, namespace: string, name: string): Promise<string[]> {
    const probe = JSON.stringify([{ namespace, name }]);
    const rows = await this.db.$queryRaw<{ cluster_id: string }[]>`
      SELECT cluster_id FROM flux_objects WHERE kustomization_id = ${kustomizationId}
      UNION
      SELECT cluster_id FROM cluster_assignments
       WHERE document -> 'kustomizations' @> ${probe}::jsonb OR previous_document -> 'kustomizations' @> ${probe}::jsonb`;
    return rows.map((r) => r.cluster_id);
  }

  /** Newest first, within `scope` (events of objects in its namespaces where a rule names some). */
  events(filter: { clusterId?: string; clusterIds?: string[]; involved?: { kind: string; namespace: string; name: string }; first: number; scope: Scope }) {
    const { scope } = filter;
    return this.db.clusterEvent.findMany({
      where: {
        ...(scope.all
          ? {}
          : {
              OR: [
                { clusterId: { in: [] } },
                ...scope.rules.map((r) => ({ clusterId: { in: [...r.clusterIds] }, ...(r.namespaces.length ? { involvedNamespace: { in: [...r.namespaces] } } : {}) })),
              ],
            }),
        ...(filter.clusterId ? { clusterId: filter.clusterId } : {}),
        ...(filter.clusterIds ? { clusterId: { in: filter.clusterIds } } : {}),
        ...(filter.involved
          ? { involvedKind: filter.involved.kind, involvedNamespace: filter.involved.namespace, involvedName: filter.involved.name }
          : {}),
      },
      orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }],
      take: filter.first,
      include: { cluster: { select: { name: true } } },
    });
  }
}
