import { Inject, Injectable } from '@nestjs/common';
import type { ClusterConnectionState } from '@flotilla/prisma/client';
import { PRESENCE_DB, type Db } from '../db/prisma.service.js';

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
  constructor(@Inject(PRESENCE_DB) private readonly db: Db) {}

  /** The newest connection wins: recording it makes every older connection (on any hub process) stale. */
  async markConnected(clusterId: string, credentialId: string, connectionId: string, hello: AgentHello, at: Date): Promise<boolean> {
    const n = await this.db.$executeRaw`
      UPDATE clusters SET connection_state = 'CONNECTED', agent_connection_id = ${connectionId}, last_seen_at = ${at},
        agent_version = ${hello.agentVersion}, kubernetes_version = ${hello.kubernetesVersion}, node_count = ${hello.nodeCount},
        updated_at = ${at}
      WHERE id = ${clusterId}
        AND EXISTS (SELECT 1 FROM cluster_credentials WHERE id = ${credentialId} AND revoked_at IS NULL)`;
    return n > 0;
  }

  /**
   * Records a heartbeat. Null when this connection is not the one the hub keeps (superseded, revoked, or
   * released); else the state before, so the caller can announce a Disconnected → Connected recovery.
   */
  async touchIfCurrent(clusterId: string, credentialId: string, connectionId: string, at: Date): Promise<ClusterConnectionState | null> {
    const rows = await this.db.$queryRaw<{ previous: ClusterConnectionState }[]>`
      UPDATE clusters AS c SET last_seen_at = ${at}, connection_state = 'CONNECTED'
      FROM (SELECT id, connection_state AS previous FROM clusters WHERE id = ${clusterId}) AS p
      WHERE c.id = p.id AND c.agent_connection_id = ${connectionId}
        AND EXISTS (SELECT 1 FROM cluster_credentials WHERE id = ${credentialId} AND revoked_at IS NULL)
      RETURNING p.previous::text AS previous`;
    return rows[0]?.previous ?? null;
  }

  /**
   * Takes the cluster back for this connection when no other connection holds it (e.g. its row was released by
   * a disconnect that raced this connection's hello). False when another connection holds it or it is revoked.
   */
  async reclaim(clusterId: string, credentialId: string, connectionId: string, at: Date): Promise<boolean> {
    const n = await this.db.$executeRaw`
      UPDATE clusters SET agent_connection_id = ${connectionId}, connection_state = 'CONNECTED', last_seen_at = ${at}, updated_at = ${at}
      WHERE id = ${clusterId} AND agent_connection_id IS NULL AND connection_state <> 'REVOKED'
        AND EXISTS (SELECT 1 FROM cluster_credentials WHERE id = ${credentialId} AND revoked_at IS NULL)`;
    return n > 0;
  }

  /** Disconnected only if this connection is still the current one (a newer one may already have replaced it). */
  async markDisconnectedIfCurrent(clusterId: string, connectionId: string, at: Date): Promise<boolean> {
    const n = await this.db.$executeRaw`
      UPDATE clusters SET connection_state = 'DISCONNECTED', agent_connection_id = NULL, updated_at = ${at}
      WHERE id = ${clusterId} AND agent_connection_id = ${connectionId} AND connection_state = 'CONNECTED'`;
    return n > 0;
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
