import { describe, expect, it } from 'vitest';
import type pg from 'pg';
import { migrate } from '@flotilla/prisma';
import { migrationUnderTest } from '../../test/migrations-before.js';

// Retention deletes events by age through an index on occurred_at. The activity timeline's index, which leads with
// occurred_at too, now serves it alone; the plain one is gone, so a stored event writes one index entry fewer.
const MIGRATION = '20261218030000_events_one_time_index';

/** The plan of retention's search for events older than the cutoff (its statement's inner SELECT). */
const retentionPlan = async (db: pg.Client, cutoff: string): Promise<string> =>
  (await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN SELECT id FROM cluster_events WHERE occurred_at < $1 LIMIT 500`, [cutoff])).rows
    .map((r) => r['QUERY PLAN'])
    .join('\n');

const indexes = async (db: pg.Client): Promise<string[]> =>
  (await db.query<{ indexname: string }>(`SELECT indexname FROM pg_indexes WHERE tablename = 'cluster_events' ORDER BY indexname`)).rows.map((r) => r.indexname);

describe(MIGRATION, () => {
  const migration = migrationUnderTest(MIGRATION);

  it('finds the events retention deletes through the timeline index once the plain time index is gone', async () => {
    await migration.withDatabaseBefore(async (db, url) => {
      await db.query(`INSERT INTO clusters (id, name) VALUES ('c1', 'one')`);
      // 20,000 events over 20,000 minutes, the oldest 1 % past the cutoff.
      await db.query(
        `INSERT INTO cluster_events (cluster_id, involved_kind, involved_namespace, involved_name, severity, reason, message, occurred_at)
         SELECT 'c1', 'Kustomization', 'apps', 'web', 'info', 'ReconciliationSucceeded', 'applied', timestamptz '2026-01-01' + i * interval '1 minute'
           FROM generate_series(1, 20000) AS i`,
      );
      await db.query('ANALYZE cluster_events');
      const cutoff = '2026-01-01T03:20:30Z';
      expect(await retentionPlan(db, cutoff)).toContain('cluster_events_occurred_at_idx');

      expect((await migrate(url)).applied).toContain(MIGRATION);
      expect(await indexes(db)).not.toContain('cluster_events_occurred_at_idx');
      expect(await indexes(db)).toContain('cluster_events_timeline_idx');
      const plan = await retentionPlan(db, cutoff);
      expect(plan).toContain('cluster_events_timeline_idx');
      expect(plan).not.toContain('Seq Scan');
      const { rows } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM (SELECT id FROM cluster_events WHERE occurred_at < $1 LIMIT 500) AS old`, [cutoff]);
      expect(Number(rows[0]!.n)).toBe(200);
    });
  });
});
