import { Inject, Injectable } from '@nestjs/common';
import type { FluxObject, Prisma } from '@flotilla/prisma/client';
import type { Scope } from '../auth/access.js';
import { PRISMA, type Db } from '../db/prisma.service.js';

/** Lists are ordered by these columns, in this order; a cursor holds the last row's values. */
export interface FluxObjectPosition {
  namespace: string;
  name: string;
  kind: string;
  clusterId: string;
}

export interface FluxObjectQuery {
  clusterId?: string;
  kinds?: string[];
  origin?: string;
  states?: string[];
  /** Matched anywhere in the name, any case; LIKE wildcards are taken literally. */
  search?: string;
  /** Only objects within this scope (the caller's). */
  scope: Scope;
}

export type FluxObjectRow = FluxObject & { cluster: { name: string } };

export interface FluxObjectKey {
  clusterId: string;
  kind: string;
  namespace: string;
  name: string;
}

const withCluster = { cluster: { select: { name: true } } } as const;

/** Reads of the fleet's Flux objects (ingestion writes them). */
@Injectable()
export class FluxObjectsRepository {
  constructor(@Inject(PRISMA) private readonly db: Db) {}

  async page(query: FluxObjectQuery, first: number, after: FluxObjectPosition | null): Promise<{ rows: FluxObjectRow[]; total: number }> {
    const where = whereOf(query);
    const [rows, total] = await Promise.all([
      this.db.fluxObject.findMany({
        where: after ? { AND: [where, afterPosition(after)] } : where,
        orderBy: [{ namespace: 'asc' }, { name: 'asc' }, { kind: 'asc' }, { clusterId: 'asc' }],
        take: first,
        include: withCluster,
      }),
      this.db.fluxObject.count({ where }),
    ]);
    return { rows, total };
  }

  find(key: FluxObjectKey): Promise<FluxObjectRow | null> {
    return this.db.fluxObject.findUnique({ where: { clusterId_kind_namespace_name: key }, include: withCluster });
  }

  /** The stored Flux objects among these, of one cluster. */
  findMany(clusterId: string, keys: { kind: string; namespace: string; name: string }[]): Promise<FluxObjectRow[]> {
    if (keys.length === 0) return Promise.resolve([]);
    return this.db.fluxObject.findMany({ where: { clusterId, OR: keys.map((k) => ({ kind: k.kind, namespace: k.namespace, name: k.name })) }, include: withCluster });
  }
}

const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Objects on the scope's clusters, in its namespaces where a rule names some. */
export function scopeWhere(scope: Scope): Prisma.FluxObjectWhereInput {
  if (scope.all) return {};
  return { OR: [{ clusterId: { in: [] } }, ...scope.rules.map((r) => ({ clusterId: { in: [...r.clusterIds] }, ...(r.namespaces.length ? { namespace: { in: [...r.namespaces] } } : {}) }))] };
}

function whereOf(q: FluxObjectQuery): Prisma.FluxObjectWhereInput {
  return {
    ...scopeWhere(q.scope),
    ...(q.clusterId ? { clusterId: q.clusterId } : {}),
    ...(q.kinds && q.kinds.length > 0 ? { kind: { in: q.kinds } } : {}),
    ...(q.origin ? { origin: q.origin } : {}),
    ...(q.states && q.states.length > 0 ? { state: { in: q.states } } : {}),
    ...(q.search ? { name: { contains: escapeLike(q.search), mode: 'insensitive' as const } } : {}),
  };
}

/** Rows after `p` in (namespace, name, kind, clusterId) order. */
function afterPosition(p: FluxObjectPosition): Prisma.FluxObjectWhereInput {
  return {
    OR: [
      { namespace: { gt: p.namespace } },
      { namespace: p.namespace, name: { gt: p.name } },
      { namespace: p.namespace, name: p.name, kind: { gt: p.kind } },
      { namespace: p.namespace, name: p.name, kind: p.kind, clusterId: { gt: p.clusterId } },
    ],
  };
}
