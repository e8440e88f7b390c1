import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { migrate } from '@flotilla/prisma';
import type { StatusItem } from '@flotilla/protocol';
import { updatesIn } from '../../test/heap-only-updates.js';
import { migrationUnderTest } from '../../test/migrations-before.js';
import { statusRows } from '../ingestion/report-rows.js';
import { writeBatches } from '../ingestion/report-writes.js';

// A status report rewrites a cluster's Flux object rows, and every report batch its sequence row. On full pages
// each new row version went to another page and into every index of the table; with room left on the page it
// stays there as a heap-only tuple (HOT) and no index is touched. Counted here with Postgres' own counters.
const MIGRATION = '20261218010000_room_for_status_updates';
const OBJECTS = 120;

/** A cluster's Ready Kustomizations, as an agent reports them again and again while nothing changes but the time. */
const statuses = (round: number): StatusItem[] =>
  Array.from({ length: OBJECTS }, (_, i) => ({
    kind: 'Kustomization',
    origin: 'cluster',
    namespace: 'apps',
    name: `app-${i}`,
    conditions: [
      {
        type: 'Ready',
        status: 'True',
        reason: 'ReconciliationSucceeded',
        message: `Applied revision: main@sha1:${'c'.repeat(40)} (round ${round})`,
        lastTransitionTime: '2026-12-01T00:00:00Z',
      },
    ],
    lastAppliedRevision: `main@sha1:${'c'.repeat(40)}`,
    lastAttemptedRevision: `main@sha1:${'c'.repeat(40)}`,
    lastHandledReconcileAt: `2026-12-01T00:0${round}:00Z`,
    observedGeneration: 1,
  }));

/**
 * Writes the cluster's status report the way ingestion does (rows built by `statusRows`, written by
 * `writeBatches`), in one transaction, and returns how many of the rows it updated stayed heap-only.
 */
async function report(pool: pg.Pool, clusterId: string, round: number): Promise<{ updated: number; hot: number }> {
  const tx = await pool.connect();
  try {
    return await updatesIn(tx, 'flux_objects', () => writeBatches(tx, [{ clusterId, batch: { kind: 'status', rows: statusRows(statuses(round)) } }]));
  } finally {
    tx.release();
  }
}

/** Moves each of the clusters' report sequences once, in one transaction; how many updates stayed heap-only. */
const claimSequences = (db: pg.Client, clusterIds: string[]) =>
  updatesIn(db, 'agent_report_sequences', () =>
    db.query(`UPDATE agent_report_sequences SET last_seq = last_seq + 1 WHERE credential_id = ANY($1::text[])`, [clusterIds.map((id) => `cred-${id}`)]),
  );

async function addClusters(db: pg.Client, prefix: string, n: number): Promise<string[]> {
  const ids = Array.from({ length: n }, (_, i) => `${prefix}-${i}`);
  await db.query(`INSERT INTO clusters (id, name) SELECT id, id FROM unnest($1::text[]) AS id`, [ids]);
  await db.query(`INSERT INTO cluster_credentials (id, cluster_id, secret_hash) SELECT 'cred-' || id, id, 'hash-' || id FROM unnest($1::text[]) AS id`, [ids]);
  await db.query(`INSERT INTO agent_report_sequences (credential_id, cluster_id) SELECT 'cred-' || id, id FROM unnest($1::text[]) AS id`, [ids]);
  return ids;
}

describe(MIGRATION, () => {
  const migration = migrationUnderTest(MIGRATION);

  it('keeps a repeated status report of unchanged objects on its pages (heap-only), which full pages did not', async () => {
    await migration.withDatabaseBefore(async (db, url) => {
      const pool = new pg.Pool({ connectionString: url, max: 1 });
      try {
        await addClusters(db, 'before', 1);
        await report(pool, 'before-0', 1);
        const before = [await report(pool, 'before-0', 2), await report(pool, 'before-0', 3), await report(pool, 'before-0', 4)];
        // Full pages: every new version went to another page, and into each of the table's indexes.
        for (const round of before) {
          expect(round.updated).toBe(OBJECTS);
          expect(round.hot).toBeLessThan(OBJECTS / 4);
        }

        expect((await migrate(url)).applied).toContain(MIGRATION);
        await addClusters(db, 'after', 1);
        await report(pool, 'after-0', 1);
        const after = [await report(pool, 'after-0', 2), await report(pool, 'after-0', 3), await report(pool, 'after-0', 4)];
        // Room for a page's rows to be written again: each report stays on its pages, round after round.
        for (const round of after) {
          expect(round.updated).toBe(OBJECTS);
          expect(round.hot).toBeGreaterThanOrEqual(OBJECTS * 0.9);
        }
        // What the report stored is the same either way.
        const { rows } = await db.query<{ cluster_id: string; n: string; handled: string }>(
          `SELECT cluster_id, count(*) AS n, min(last_handled_reconcile_at) AS handled FROM flux_objects GROUP BY cluster_id ORDER BY cluster_id`,
        );
        expect(rows).toEqual([
          { cluster_id: 'after-0', n: String(OBJECTS), handled: '2026-12-01T00:04:00Z' },
          { cluster_id: 'before-0', n: String(OBJECTS), handled: '2026-12-01T00:04:00Z' },
        ]);
      } finally {
        await pool.end();
      }
    });
  });

  it('keeps the report sequences’ updates on their pages', async () => {
    await migration.withDatabaseBefore(async (db, url) => {
      const before = await claimSequences(db, await addClusters(db, 'before', 600));
      expect(before.updated).toBe(600);
      expect(before.hot).toBeLessThan(600 / 4);

      await migrate(url);
      const after = await claimSequences(db, await addClusters(db, 'after', 600));
      expect(after.updated).toBe(600);
      expect(after.hot).toBe(600);
    });
  });
});
