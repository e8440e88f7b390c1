import { Inject, Injectable } from '@nestjs/common';
import type { ClusterConnectionState } from '@flotilla/prisma/client';
import { PRESENCE_DB, type PresenceDb } from '../db/prisma.service.js';

export interface AgentHello {
  agentVersion: string;
  kubernetesVersion: string | null;
  nodeCount: number | null;
}

/**
 * Where an agent connection stands, in Postgres so every hub process agrees: `agent_connection_id` is the one
 * connection the hub keeps (the newest), `last_seen_at` the last heartbeat. Every write is conditional on the
 * credential still being live, so a hello or heartbeat racing a revocation can never leave a revoked cluster
 * Connected.
 */
@Injectable()
export class AgentPresenceRepository {
  constructor(@Inject(PRESENCE_DB) private readonly db: PresenceDb) {}

  /** The newest connection wins: recording it makes every older connection (on any hub process) stale. */
  async markConnected(clusterId: string, credentialId: string, connectionId: string, hello: AgentHello, at: Date): Promise<boolean> {
    const r = await this.db.query(
      `UPDATE clusters SET connection_state = 'CONNECTED', agent_connection_id = $1, last_seen_at = $2,
        agent_version = $3, kubernetes_version = $4, node_count = $5, updated_at = $2
      WHERE id = $6
        AND EXISTS (SELECT 1 FROM cluster_credentials WHERE id = $7 AND revoked_at IS NULL)`,
      [connectionId, at, hello.agentVersion, hello.kubernetesVersion, hello.nodeCount, clusterId, credentialId],
    );
    return (r.rowCount ?? 0) > 0;
  }

  /**
   * Records heartbeats of many connections in one statement. Per heartbeat: null when its connection is not the
   * one the hub keeps (superseded, revoked, or released); else the cluster's state before, so the caller can
   * announce a Disconnected → Connected recovery. At most one heartbeat per cluster.
   */
  async touchIfCurrent(beats: readonly { clusterId: string; credentialId: string; connectionId: string; at: Date }[]): Promise<(ClusterConnectionState | null)[]> {
    // `p` is the row as it was before this statement: its state is the one to compare with. The beats come as
    // arrays because Postgres sizes `unnest` of an array by its length, so a flush of a few beats looks each
    // one up by key; `jsonb_to_recordset` always counts as 100 rows, which made a flush of 5 beats hash-join a
    // seq scan of every cluster or credential (about 2 ms a statement with 10,000 clusters).
    const { rows } = await this.db.query<{ cluster_id: string; previous: ClusterConnectionState }>(
      `UPDATE clusters AS c SET last_seen_at = x.at, connection_state = 'CONNECTED'
        FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[]) AS x(cluster_id, credential_id, connection_id, at)
        JOIN clusters p ON p.id = x.cluster_id
       WHERE c.id = x.cluster_id AND c.agent_connection_id = x.connection_id
         AND EXISTS (SELECT 1 FROM cluster_credentials cc WHERE cc.id = x.credential_id AND cc.revoked_at IS NULL)
      RETURNING c.id AS cluster_id, p.connection_state::text AS previous`,
      [beats.map((b) => b.clusterId), beats.map((b) => b.credentialId), beats.map((b) => b.connectionId), beats.map((b) => b.at)],
    );
    const previous = new Map(rows.map((r) => [r.cluster_id, r.previous]));
    return beats.map((b) => previous.get(b.clusterId) ?? null);
  }

  /**
   * Takes the cluster back for this connection when no other connection holds it (e.g. its row was released by
   * a disconnect that raced this connection's hello). False when another connection holds it or it is revoked.
   */
  async reclaim(clusterId: string, credentialId: string, connectionId: string, at: Date): Promise<boolean> {
    const r = await this.db.query(
      `UPDATE clusters SET agent_connection_id = $1, connection_state = 'CONNECTED', last_seen_at = $2, updated_at = $2
      WHERE id = $3 AND agent_connection_id IS NULL AND connection_state <> 'REVOKED'
        AND EXISTS (SELECT 1 FROM cluster_credentials WHERE id = $4 AND revoked_at IS NULL)`,
      [connectionId, at, clusterId, credentialId],
    );
    return (r.rowCount ?? 0) > 0;
  }

  /** Disconnected only if this connection is still the current one (a newer one may already have replaced it). */
  async markDisconnectedIfCurrent(clusterId: string, connectionId: string, at: Date): Promise<boolean> {
    const r = await this.db.query(
      `UPDATE clusters SET connection_state = 'DISCONNECTED', agent_connection_id = NULL, updated_at = $1
      WHERE id = $2 AND agent_connection_id = $3 AND connection_state = 'CONNECTED'`,
      [at, clusterId, connectionId],
    );
    return (r.rowCount ?? 0) > 0;
  }

  /** Clusters whose last heartbeat is older than the cutoff (their hub process may have died): Disconnected. */
  async markStaleDisconnected(cutoff: Date): Promise<string[]> {
    const { rows } = await this.db.query<{ id: string }>(
      `UPDATE clusters SET connection_state = 'DISCONNECTED', updated_at = now()
      WHERE connection_state = 'CONNECTED' AND (last_seen_at IS NULL OR last_seen_at < $1)
      RETURNING id`,
      [cutoff],
    );
    return rows.map((r) => r.id);
  }
}
