import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { startPostgres, type TestPostgres } from '@flotilla/testenv';
import { AgentPresenceRepository } from './agent-presence.repository.js';

// Heartbeats are recorded many at once, and with a fleet of thousands a flush of a few of them must look each
// cluster and credential up by key: a plan that scans every cluster or credential costs Postgres milliseconds per
// flush, hundreds of times a second.
describe('AgentPresenceRepository.touchIfCurrent', () => {
  const clusters = 2_000;
  let server: TestPostgres;
  let pool: pg.Pool;
  let admin: pg.Client;
  const plans: string[] = [];

  const conn = (i: number) => `conn-${i}`;
  const beat = (i: number) => ({ clusterId: `c${i}`, credentialId: `cred${i}`, connectionId: conn(i), at: new Date() });

  beforeAll(async () => {
    server = await startPostgres();
    const url = await server.createDatabase();
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(
      `INSERT INTO clusters (id, name, connection_state, agent_connection_id, last_seen_at)
       SELECT 'c' || i, 'cluster-' || i, 'CONNECTED', 'conn-' || i, now() - interval '1 minute' FROM generate_series(1, $1) AS i`,
      [clusters],
    );
    await admin.query(`INSERT INTO cluster_credentials (id, cluster_id, secret_hash) SELECT 'cred' || i, 'c' || i, md5(i::text) FROM generate_series(1, $1) AS i`, [clusters]);
    // As autovacuum would have by then.
    await admin.query('ANALYZE clusters; ANALYZE cluster_credentials');
    // One connection, whose statements' plans come back to it as notices (auto_explain).
    pool = new pg.Pool({ connectionString: url, max: 1 });
    pool.on('connect', (client) => {
      client.on('notice', (n) => plans.push(n.message ?? ''));
      void client.query(`LOAD 'auto_explain'; SET auto_explain.log_min_duration = 0; SET auto_explain.log_level = 'notice'`);
    });
  });
  afterAll(async () => {
    await pool?.end();
    await admin?.end();
    await server?.stop();
  });

  it('looks up each heartbeat’s cluster and credential by key, without scanning all of them', async () => {
    const repo = new AgentPresenceRepository(pool);
    plans.length = 0;
    expect(await repo.touchIfCurrent([1, 2, 3, 4, 5].map(beat))).toEqual(['CONNECTED', 'CONNECTED', 'CONNECTED', 'CONNECTED', 'CONNECTED']);
    const plan = plans.find((p) => p.includes('Update on clusters'));
    expect(plan).toBeDefined();
    expect(plan).toContain('Index Scan using cluster_credentials_pkey');
    expect(plan).not.toContain('Seq Scan');
  });

  it('answers the state before the heartbeat, and nothing for a replaced connection or a revoked credential', async () => {
    const repo = new AgentPresenceRepository(pool);
    await admin.query(`UPDATE clusters SET connection_state = 'DISCONNECTED' WHERE id = 'c10'`);
    await admin.query(`UPDATE cluster_credentials SET revoked_at = now() WHERE id = 'cred12'`);
    const at = new Date('2026-12-05T12:00:00Z');
    const answers = await repo.touchIfCurrent([{ ...beat(10), at }, { ...beat(11), connectionId: 'an-older-connection', at }, { ...beat(12), at }, { ...beat(13), at }]);
    expect(answers).toEqual(['DISCONNECTED', null, null, 'CONNECTED']);
    const { rows } = await admin.query<{ id: string; connection_state: string; last_seen_at: Date }>(
      `SELECT id, connection_state, last_seen_at FROM clusters WHERE id IN ('c10', 'c11', 'c12', 'c13') ORDER BY id`,
    );
    expect(rows.map((r) => [r.id, r.connection_state, r.last_seen_at.getTime() === at.getTime()])).toEqual([
      ['c10', 'CONNECTED', true],
      ['c11', 'CONNECTED', false],
      ['c12', 'CONNECTED', false],
      ['c13', 'CONNECTED', true],
    ]);
  });
});
