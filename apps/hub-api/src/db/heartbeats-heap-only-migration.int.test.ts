import { describe, expect, it } from 'vitest';
import type pg from 'pg';
import { migrate } from '@flotilla/prisma';
import { updatesIn } from '../../test/heap-only-updates.js';
import { migrationUnderTest } from '../../test/migrations-before.js';
import { AgentPresenceRepository } from '../agents/agent-presence.repository.js';
import type { PresenceDb } from './prisma.service.js';

// A heartbeat flush moves last_seen_at of every cluster it carries. While an index held last_seen_at, each of those
// updates wrote a new entry into every index of clusters; now the new row version stays on its page (heap-only).
// Counted with Postgres' own counters, the flush written by the hub's own statement.
const MIGRATION = '20261218020000_heartbeats_heap_only';
const CLUSTERS = 300;

async function addConnectedClusters(db: pg.Client, prefix: string): Promise<{ clusterId: string; credentialId: string; connectionId: string; at: Date }[]> {
  const ids = Array.from({ length: CLUSTERS }, (_, i) => `${prefix}-${i}`);
  await db.query(
    `INSERT INTO clusters (id, name, connection_state, agent_connection_id, last_seen_at, labels)
     SELECT id, id, 'CONNECTED', 'conn-' || id, now() - interval '1 minute', jsonb_build_object('fleet', 'sim', 'region', 'eu-west-1') FROM unnest($1::text[]) AS id`,
    [ids],
  );
  await db.query(`INSERT INTO cluster_credentials (id, cluster_id, secret_hash) SELECT 'cred-' || id, id, md5(id) FROM unnest($1::text[]) AS id`, [ids]);
  return ids.map((id) => ({ clusterId: id, credentialId: `cred-${id}`, connectionId: `conn-${id}`, at: new Date() }));
}

/** Records one flush of these beats in a transaction of its own; how many rows it updated and how many stayed heap-only. */
async function flush(db: pg.Client, beats: Awaited<ReturnType<typeof addConnectedClusters>>): Promise<{ updated: number; hot: number; states: unknown[] }> {
  // The repository's statement on this test's one client, so the counters can be read around it in its transaction.
  const presence = new AgentPresenceRepository(db as unknown as PresenceDb);
  let states: unknown[] = [];
  const counts = await updatesIn(db, 'clusters', async () => {
    states = await presence.touchIfCurrent(beats);
  });
  return { ...counts, states };
}

describe(MIGRATION, () => {
  const migration = migrationUnderTest(MIGRATION);

  it('keeps a heartbeat flush’s row versions on their pages, where the index on last_seen_at sent each into every index', async () => {
    await migration.withDatabaseBefore(async (db, url) => {
      const old = await addConnectedClusters(db, 'before');
      const before = await flush(db, old);
      expect(before.updated).toBe(CLUSTERS);
      expect(before.hot).toBe(0);

      expect((await migrate(url)).applied).toContain(MIGRATION);
      const fresh = await addConnectedClusters(db, 'after');
      for (let round = 0; round < 3; round++) {
        const after = await flush(db, fresh);
        expect(after.updated).toBe(CLUSTERS);
        expect(after.hot).toBeGreaterThanOrEqual(CLUSTERS * 0.9);
        // The same answers: each beat's cluster was Connected before it.
        expect(after.states).toEqual(fresh.map(() => 'CONNECTED'));
      }
      const { rows } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM clusters WHERE last_seen_at > now() - interval '10 seconds'`);
      expect(Number(rows[0]!.n)).toBe(2 * CLUSTERS);
      const indexes = await db.query<{ indexname: string }>(`SELECT indexname FROM pg_indexes WHERE tablename = 'clusters' ORDER BY indexname`);
      expect(indexes.rows.map((r) => r.indexname)).toContain('clusters_connection_state_idx');
      expect(indexes.rows.map((r) => r.indexname)).not.toContain('clusters_connection_state_last_seen_at_idx');
    });
  });
});
