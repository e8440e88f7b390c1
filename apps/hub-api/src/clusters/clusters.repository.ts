import { Inject, Injectable } from '@nestjs/common';
import { Prisma, type ClusterConnectionState } from '@flotilla/prisma/client';
import { PRISMA, type Db } from '../db/prisma.service.js';
import type { Requirement } from './label-selector.js';

function requirementSql(r: Requirement): Prisma.Sql {
  switch (r.op) {
    case 'eq':
      // Containment uses the GIN index on labels.
      return Prisma.sql`labels @> jsonb_build_object(${r.key}::text, ${r.value}::text)`;
    case 'neq':
      return Prisma.sql`(labels ->> ${r.key}::text) IS DISTINCT FROM ${r.value}::text`;
    case 'in':
      return Prisma.sql`(labels ->> ${r.key}::text) = ANY(${r.values}::text[])`;
    case 'notin':
      return Prisma.sql`((labels ->> ${r.key}::text) IS NULL OR NOT ((labels ->> ${r.key}::text) = ANY(${r.values}::text[])))`;
    case 'exists':
      return Prisma.sql`(labels ->> ${r.key}::text) IS NOT NULL`;
    case 'notexists':
      return Prisma.sql`(labels ->> ${r.key}::text) IS NULL`;
  }
}

export interface AgentHello {
  agentVersion: string;
  kubernetesVersion: string | null;
  nodeCount: number | null;
}

@Injectable()
export class ClustersRepository {
  constructor(@Inject(PRISMA) private readonly db: Db) {}

  findById(id: string) {
    return this.db.cluster.findUnique({ where: { id } });
  }

  findByName(name: string) {
    return this.db.cluster.findUnique({ where: { name } });
  }

  async listBySelector(requirements: Requirement[], page: { first: number; afterName: string | undefined }) {
    const conditions = requirements.map(requirementSql);
    const where = conditions.length ? Prisma.join(conditions, ' AND ') : Prisma.sql`TRUE`;
    const after = page.afterName === undefined ? Prisma.sql`TRUE` : Prisma.sql`name > ${page.afterName}`;
    const [idRows, countRows] = await Promise.all([
      this.db.$queryRaw<{ id: string }[]>`SELECT id FROM clusters WHERE ${where} AND ${after} ORDER BY name LIMIT ${page.first + 1}`,
      this.db.$queryRaw<{ count: bigint }[]>`SELECT count(*) AS count FROM clusters WHERE ${where}`,
    ]);
    const ids = idRows.map((r) => r.id);
    const rows = ids.length ? await this.db.cluster.findMany({ where: { id: { in: ids } }, orderBy: { name: 'asc' } }) : [];
    return { rows, totalCount: Number(countRows[0]?.count ?? 0) };
  }

  create(cluster: { id: string; name: string; labels: Record<string, string>; createdAt: Date }) {
    return this.db.cluster.create({ data: { ...cluster, updatedAt: cluster.createdAt } });
  }

  update(id: string, data: { labels?: Record<string, string>; variables?: Record<string, string> }) {
    return this.db.cluster.update({ where: { id }, data });
  }

  async delete(id: string): Promise<boolean> {
    const { count } = await this.db.cluster.deleteMany({ where: { id } });
    return count > 0;
  }

  setState(id: string, connectionState: ClusterConnectionState, extra: { agentConnectionId?: null } = {}) {
    return this.db.cluster.update({ where: { id }, data: { connectionState, ...extra } });
  }

  /** The newest connection wins: recording it makes every older connection (any hub process) stale. */
  async markConnected(id: string, connectionId: string, hello: AgentHello, at: Date): Promise<void> {
    await this.db.cluster.update({
      where: { id },
      data: { ...hello, connectionState: 'CONNECTED', agentConnectionId: connectionId, lastSeenAt: at },
    });
  }

  /**
   * Records a heartbeat. Returns null when this connection is no longer the one the hub keeps (superseded or
   * revoked), else the state before, so the caller can announce a Disconnected → Connected recovery.
   */
  async touchIfCurrent(id: string, connectionId: string, at: Date): Promise<ClusterConnectionState | null> {
    const rows = await this.db.$queryRaw<{ previous: ClusterConnectionState }[]>`
      UPDATE clusters AS c SET last_seen_at = ${at}, connection_state = 'CONNECTED'
      FROM (SELECT id, connection_state AS previous FROM clusters WHERE id = ${id}) AS p
      WHERE c.id = p.id AND c.agent_connection_id = ${connectionId}
      RETURNING p.previous::text AS previous`;
    return rows[0]?.previous ?? null;
  }

  /** Disconnected only if this connection is still the current one (a newer one may already have replaced it). */
  async markDisconnectedIfCurrent(id: string, connectionId: string): Promise<boolean> {
    const { count } = await this.db.cluster.updateMany({
      where: { id, agentConnectionId: connectionId, connectionState: 'CONNECTED' },
      data: { connectionState: 'DISCONNECTED', agentConnectionId: null },
    });
    return count > 0;
  }

  /** Clusters whose last heartbeat is older than the cutoff (their hub process may have died): Disconnected. */
  async markStaleDisconnected(cutoff: Date): Promise<string[]> {
    const rows = await this.db.$queryRaw<{ id: string }[]>`
      UPDATE clusters SET connection_state = 'DISCONNECTED', updated_at = now()
      WHERE connection_state = 'CONNECTED' AND (last_seen_at IS NULL OR last_seen_at < ${cutoff})
      RETURNING id`;
    return rows.map((r) => r.id);
  }
}
