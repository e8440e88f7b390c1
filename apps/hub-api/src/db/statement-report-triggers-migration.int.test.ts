import { describe, expect, it } from 'vitest';
import { migrate } from '@flotilla/prisma';
import { migrationUnderTest } from '../../test/migrations-before.js';

// The row triggers that report writes fired once per row became statement triggers. What they record must not
// change: an outbox row per stored event in the order the events were stored, and a revision history row per
// object whose revision changed, also when one statement writes many rows and on a database that had rows before.
const MIGRATION = '20261211070000_statement_report_triggers';

describe(MIGRATION, () => {
  const migration = migrationUnderTest(MIGRATION);

  it('gives every event of a multi-row insert its outbox row in id order, as the row trigger did before', async () => {
    await migration.withDatabaseBefore(async (db, url) => {
      await db.query(`INSERT INTO clusters (id, name) VALUES ('c1', 'one'), ('c2', 'two')`);
      // An Alert exists: since 20261216010000 events stored while there is none get no outbox row.
      await db.query(`INSERT INTO notification_providers (id, namespace, name, type) VALUES ('p1', 'flux-system', 'slack', 'generic')`);
      await db.query(`INSERT INTO notification_alerts (id, namespace, name, provider_id, spec) VALUES ('a1', 'flux-system', 'all', 'p1', '{}')`);
      const insert = (n: number) =>
        db.query(
          `INSERT INTO cluster_events (cluster_id, involved_kind, involved_namespace, involved_name, severity, reason, message, occurred_at)
           SELECT CASE WHEN i % 2 = 0 THEN 'c1' ELSE 'c2' END, 'Kustomization', 'apps', 'web', 'info', 'ReconciliationSucceeded', 'event ' || i, now()
             FROM generate_series(1, $1::int) AS i`,
          [n],
        );
      await insert(2);
      expect((await migrate(url)).applied).toContain(MIGRATION);
      await insert(5);
      await insert(0);
      const events = await db.query<{ id: string }>('SELECT id FROM cluster_events ORDER BY id');
      const outbox = await db.query<{ event_id: string }>('SELECT event_id FROM notification_outbox ORDER BY id');
      expect(events.rows).toHaveLength(7);
      expect(outbox.rows.map((r) => r.event_id)).toEqual(events.rows.map((r) => r.id));
    });
  });

  it("records each changed revision of a multi-row update, none for unchanged or cleared ones, and keeps an object's older history", async () => {
    await migration.withDatabaseBefore(async (db, url) => {
      await db.query(`INSERT INTO clusters (id, name) VALUES ('c1', 'one')`);
      const write = (revisions: (string | null)[]) =>
        db.query(
          `INSERT INTO flux_objects (cluster_id, kind, namespace, name, origin, state, ready, revision)
           SELECT 'c1', 'Kustomization', 'apps', 'k' || x.i, 'cluster', 'ready', 'True', x.revision
             FROM unnest($1::text[]) WITH ORDINALITY AS x(revision, i)
           ON CONFLICT (cluster_id, kind, namespace, name) DO UPDATE SET revision = EXCLUDED.revision, updated_at = now()`,
          [revisions],
        );
      await write(['r1', 'r1', 'r1']);
      expect((await migrate(url)).applied).toContain(MIGRATION);
      await write(['r2', 'r1', null]);
      const history = await db.query<{ name: string; revision: string }>(
        'SELECT name, revision FROM flux_object_revisions ORDER BY name, revision',
      );
      expect(history.rows).toEqual([
        { name: 'k1', revision: 'r1' },
        { name: 'k1', revision: 'r2' },
        { name: 'k2', revision: 'r1' },
        { name: 'k3', revision: 'r1' },
      ]);
    });
  });
});
