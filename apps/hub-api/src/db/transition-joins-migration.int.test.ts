import { describe, expect, it } from 'vitest';
import type pg from 'pg';
import { migrate } from '@flotilla/prisma';
import { migrationUnderTest } from '../../test/migrations-before.js';

// The statement triggers of flux_objects that join a statement's old rows to its new ones ran a plan made at the
// session's first UPDATE, sized for that statement's rows: after a one-row update, a report write of n objects
// compared n × n pairs. They now plan each call for the rows it has. What they record must stay as it was.
const MIGRATION = '20261217010000_transition_joins_planned_per_call';

/** Upserts objects k1..kn of cluster c1 with these revisions and states, one statement. */
const write = (db: pg.Client, rows: { revision: string | null; state?: string }[]) =>
  db.query(
    `INSERT INTO flux_objects (cluster_id, kind, namespace, name, origin, state, ready, revision)
     SELECT 'c1', 'Kustomization', 'apps', 'k' || x.i, 'cluster', x.state, CASE x.state WHEN 'ready' THEN 'True' ELSE 'False' END, x.revision
       FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS x(revision, state, i)
     ON CONFLICT (cluster_id, kind, namespace, name) DO UPDATE SET revision = EXCLUDED.revision, state = EXCLUDED.state, ready = EXCLUDED.ready, updated_at = now()`,
    [rows.map((r) => r.revision), rows.map((r) => r.state ?? 'ready')],
  );

const health = async (db: pg.Client) =>
  (await db.query<{ total: number; ready: number; failing: number }>(`SELECT total, ready, failing FROM fleet_cluster_health WHERE cluster_id = 'c1'`)).rows[0];

/**
 * The row estimates of the transition-table scans in the plans of the statements the next `fn` runs that join a
 * statement's old rows to its new rows, triggers' statements included (auto_explain, its plans sent to this client
 * as notices). A trigger statement that reads one transition table alone is left out: whatever its estimate, it
 * scans that table once, and a later migration that alters flux_objects (which makes each session plan such
 * statements again at their next call) may leave it sized for the one-row update below.
 */
async function tuplestoreEstimates(db: pg.Client, fn: () => Promise<unknown>): Promise<number[]> {
  const plans: string[] = [];
  const onNotice = (n: { message?: string }) => plans.push(n.message ?? '');
  await db.query(`LOAD 'auto_explain'`);
  await db.query(`SET auto_explain.log_min_duration = 0; SET auto_explain.log_nested_statements = on; SET auto_explain.log_level = 'notice'`);
  db.on('notice', onNotice);
  try {
    await fn();
  } finally {
    db.off('notice', onNotice);
    await db.query('SET auto_explain.log_min_duration = -1');
  }
  return plans.filter((plan) => plan.includes('old_rows') && plan.includes('new_rows')).flatMap((plan) => [...plan.matchAll(/Named Tuplestore Scan(?: on \w+(?: \w+)?)? +\(cost=[\d.]+\.\.[\d.]+ rows=(\d+)/g)].map((m) => Number(m[1])));
}

describe(MIGRATION, () => {
  const migration = migrationUnderTest(MIGRATION);

  it('plans the old-to-new row joins of each UPDATE for the rows it changed, not for the rows of the session’s first one', async () => {
    await migration.withDatabaseBefore(async (db, url) => {
      await db.query(`INSERT INTO clusters (id, name) VALUES ('c1', 'one')`);
      const objects = 300;
      await write(db, Array.from({ length: objects }, () => ({ revision: 'r1' })));
      await write(db, [{ revision: 'r2' }]);
      // Before: the one-row update's plan is kept, so the 300-row update's joins are planned for one row.
      const before = await tuplestoreEstimates(db, () => write(db, Array.from({ length: objects }, () => ({ revision: 'r3' }))));
      expect(before.length).toBeGreaterThan(0);
      expect(before.some((rows) => rows === 1)).toBe(true);

      expect((await migrate(url)).applied).toContain(MIGRATION);
      await write(db, [{ revision: 'r4' }]);
      const after = await tuplestoreEstimates(db, () => write(db, Array.from({ length: objects }, () => ({ revision: 'r5' }))));
      // Both triggers' joins scan both tables; every scan is sized for this statement (Postgres counts an
      // upsert's transition rows a little below the rows written), none for the one-row update.
      expect(after.length).toBeGreaterThanOrEqual(5);
      expect(after.every((rows) => rows >= objects * 0.9)).toBe(true);
    });
  });

  it('records changed revisions, keeps the 10 most recent, and recomputes the cluster’s figures only when they change', async () => {
    await migration.withDatabaseBefore(async (db, url) => {
      await db.query(`INSERT INTO clusters (id, name) VALUES ('c1', 'one')`);
      expect((await migrate(url)).applied).toContain(MIGRATION);
      await write(db, [{ revision: 'r0' }, { revision: 'r0' }, { revision: null }]);
      expect(await health(db)).toEqual({ total: 3, ready: 3, failing: 0 });
      for (let i = 1; i <= 12; i++) await write(db, [{ revision: `r${i}` }, { revision: 'r0' }, { revision: null }]);
      const history = await db.query<{ name: string; revision: string }>(`SELECT name, revision FROM flux_object_revisions ORDER BY name, first_seen_at DESC, revision`);
      const k1 = history.rows.filter((r) => r.name === 'k1').map((r) => r.revision);
      expect(k1).toHaveLength(10);
      expect(new Set(k1)).toEqual(new Set(['r3', 'r4', 'r5', 'r6', 'r7', 'r8', 'r9', 'r10', 'r11', 'r12']));
      expect(history.rows.filter((r) => r.name !== 'k1')).toEqual([{ name: 'k2', revision: 'r0' }]);
      // A revision seen again keeps its row: nothing recorded, nothing trimmed.
      await write(db, [{ revision: 'r11' }, { revision: 'r0' }, { revision: null }]);
      expect((await db.query(`SELECT 1 FROM flux_object_revisions WHERE name = 'k1'`)).rowCount).toBe(10);

      // Figures: an object turning failing counts, one turning ready again does too, an unchanged write leaves them.
      await write(db, [{ revision: 'r11', state: 'failing' }, { revision: 'r0' }, { revision: null }]);
      expect(await health(db)).toEqual({ total: 3, ready: 2, failing: 1 });
      await write(db, [{ revision: 'r11' }, { revision: 'r0' }, { revision: null }]);
      expect(await health(db)).toEqual({ total: 3, ready: 3, failing: 0 });
      await db.query(`UPDATE fleet_cluster_health SET total = 99 WHERE cluster_id = 'c1'`);
      await write(db, [{ revision: 'r11' }, { revision: 'r0' }, { revision: null }]);
      expect((await health(db))?.total).toBe(99);
    });
  });
});
