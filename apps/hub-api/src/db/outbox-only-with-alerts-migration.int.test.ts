import { describe, expect, it } from 'vitest';
import { migrate } from '@flotilla/prisma';
import { migrationUnderTest } from '../../test/migrations-before.js';

// Stored events get outbox rows only while an Alert exists: with none, no event can be routed, and the dispatcher
// used to delete each row unread.
const MIGRATION = '20261216010000_outbox_only_with_alerts';

describe(MIGRATION, () => {
  const migration = migrationUnderTest(MIGRATION);

  it('writes no outbox row for events stored while no Alert exists, and one per event in id order while one does', async () => {
    await migration.withDatabaseBefore(async (db, url) => {
      await db.query(`INSERT INTO clusters (id, name) VALUES ('c1', 'one'), ('c2', 'two')`);
      const insert = async (n: number): Promise<string[]> => {
        const r = await db.query<{ id: string }>(
          `INSERT INTO cluster_events (cluster_id, involved_kind, involved_namespace, involved_name, severity, reason, message, occurred_at)
           SELECT CASE WHEN i % 2 = 0 THEN 'c1' ELSE 'c2' END, 'Kustomization', 'apps', 'web', 'info', 'ReconciliationSucceeded', 'event ' || i, now()
             FROM generate_series(1, $1::int) AS i
           RETURNING id`,
          [n],
        );
        return r.rows.map((row) => row.id).sort((a, b) => Number(a) - Number(b));
      };
      const outbox = async () => (await db.query<{ event_id: string }>('SELECT event_id FROM notification_outbox ORDER BY id')).rows.map((r) => r.event_id);

      const before = await insert(2);
      expect(await outbox()).toEqual(before);
      expect((await migrate(url)).applied).toContain(MIGRATION);

      await insert(3);
      expect(await outbox()).toEqual(before);

      await db.query(`INSERT INTO notification_providers (id, namespace, name, type) VALUES ('p1', 'flux-system', 'slack', 'generic')`);
      await db.query(`INSERT INTO notification_alerts (id, namespace, name, provider_id, spec) VALUES ('a1', 'flux-system', 'all', 'p1', '{}')`);
      const routed = await insert(4);
      expect(await outbox()).toEqual([...before, ...routed]);

      await db.query(`DELETE FROM notification_alerts`);
      await insert(2);
      expect(await outbox()).toEqual([...before, ...routed]);
    });
  });
});
