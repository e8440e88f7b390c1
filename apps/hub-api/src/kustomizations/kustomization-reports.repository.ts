import { Inject, Injectable } from '@nestjs/common';
import type { Prisma } from '@flotilla/prisma/client';
import { PRISMA, type Db } from '../db/prisma.service.js';

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

  statusesForKustomization(kustomizationId: string) {
    return this.db.kustomizationClusterStatus.findMany({ where: { kustomizationId } });
  }

  statusesForCluster(clusterId: string) {
    return this.db.kustomizationClusterStatus.findMany({ where: { clusterId } });
  }

  upsertStatus(s: StatusWrite) {
    const { kustomizationId, clusterId, ...rest } = s;
    return this.db.kustomizationClusterStatus.upsert({
      where: { kustomizationId_clusterId: { kustomizationId, clusterId } },
      create: { kustomizationId, clusterId, ...rest },
      update: rest,
    });
  }

  insertEvents(events: EventWrite[]) {
    return this.db.clusterEvent.createMany({ data: events });
  }

  events(filter: { clusterId?: string; involved?: { kind: string; namespace: string; name: string }; first: number }) {
    return this.db.clusterEvent.findMany({
      where: {
        ...(filter.clusterId ? { clusterId: filter.clusterId } : {}),
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
