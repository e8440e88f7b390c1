import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { migrate } from '@flotilla/prisma';
import { migrationUnderTest } from '../../test/migrations-before.js';

// cluster_events' foreign key on clusters became statement triggers. What it guaranteed must hold: no event of a
// cluster that does not exist (refused with the foreign key's SQLSTATE, nothing stored), and no event outliving its
// cluster, also when the cluster is deleted while a transaction writing its events is under way. The inventory
// triggers of flux_objects got WHEN clauses: entries and images must follow the inventory as before.
const MIGRATION = '20261215020000_report_write_costs';

const insertEvents = (db: pg.Client | pg.PoolClient, clusters: string[]) =>
  db.query(
    `INSERT INTO cluster_events (cluster_id, involved_kind, involved_namespace, involved_name, severity, reason, message, occurred_at)
     SELECT c, 'Kustomization', 'apps', 'web', 'info', 'ReconciliationSucceeded', 'event of ' || c, now() FROM unnest($1::text[]) AS c`,
    [clusters],
  );

const count = async (db: pg.Client, cluster: string) => Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM cluster_events WHERE cluster_id = $1', [cluster])).rows[0]!.n);

async function withSecondClient(url: string, fn: (other: pg.Client) => Promise<void>): Promise<void> {
  const other = new pg.Client({ connectionString: url });
  await other.connect();
  try {
    await fn(other);
  } finally {
    await other.end();
  }
}

/** Waits until some backend waits for a lock (the statement under test is blocked, not finished). */
async function lockWaitSeen(db: pg.Client): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const r = await db.query(`SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()`);
    if (r.rowCount) return;
    await new Promise((res) => setTimeout(res, 20));
  }
  throw new Error('no statement waited for a lock');
}

describe(MIGRATION, () => {
  const migration = migrationUnderTest(MIGRATION);

  it('refuses events of a missing cluster with the foreign key’s SQLSTATE 23503 and stores none of the statement', async () => {
    await migration.withDatabaseBefore(async (db, url) => {
      await db.query(`INSERT INTO clusters (id, name) VALUES ('c1', 'one')`);
      expect((await migrate(url)).applied).toContain(MIGRATION);
      const refused = await insertEvents(db, ['c1', 'gone', 'c1']).then(
        () => undefined,
        (err: unknown) => err as { code?: string; message: string; detail?: string },
      );
      expect(refused?.code).toBe('23503');
      expect(refused?.message).toContain('cluster_events_cluster_id_fkey');
      expect(refused?.detail).toContain('(gone)');
      expect(await count(db, 'c1')).toBe(0);
      await insertEvents(db, ['c1', 'c1']);
      expect(await count(db, 'c1')).toBe(2);
    });
  });

  it('deletes a cluster’s events with the cluster (ON DELETE CASCADE), events stored before the migration included, and no other cluster’s', async () => {
    await migration.withDatabaseBefore(async (db, url) => {
      await db.query(`INSERT INTO clusters (id, name) VALUES ('c1', 'one'), ('c2', 'two'), ('c3', 'three')`);
      await insertEvents(db, ['c1', 'c2']);
      expect((await migrate(url)).applied).toContain(MIGRATION);
      await insertEvents(db, ['c1', 'c2', 'c3', 'c3']);
      await db.query(`DELETE FROM clusters WHERE id IN ('c1', 'c3')`);
      expect(await count(db, 'c1')).toBe(0);
      expect(await count(db, 'c3')).toBe(0);
      expect(await count(db, 'c2')).toBe(2);
    });
  });

  it('leaves no orphan when a cluster is deleted while events of it are being written: the delete waits, then takes them along', async () => {
    await migration.withDatabaseBefore(async (db, url) => {
      await db.query(`INSERT INTO clusters (id, name) VALUES ('c1', 'one')`);
      expect((await migrate(url)).applied).toContain(MIGRATION);
      await withSecondClient(url, async (writer) => {
        await writer.query('BEGIN');
        await insertEvents(writer, ['c1', 'c1', 'c1']);
        await withSecondClient(url, async (deleter) => {
          const deleted = deleter.query(`DELETE FROM clusters WHERE id = 'c1'`);
          await lockWaitSeen(db);
          await writer.query('COMMIT');
          expect((await deleted).rowCount).toBe(1);
        });
      });
      expect(await count(db, 'c1')).toBe(0);
    });
  });

  it('refuses events written while their cluster’s deletion commits: the writer waits for it, then finds the cluster gone', async () => {
    await migration.withDatabaseBefore(async (db, url) => {
      await db.query(`INSERT INTO clusters (id, name) VALUES ('c1', 'one'), ('c2', 'two')`);
      expect((await migrate(url)).applied).toContain(MIGRATION);
      await withSecondClient(url, async (deleter) => {
        await deleter.query('BEGIN');
        await deleter.query(`DELETE FROM clusters WHERE id = 'c1'`);
        await withSecondClient(url, async (writer) => {
          const written = insertEvents(writer, ['c2', 'c1']).then(
            () => undefined,
            (err: unknown) => err as { code?: string },
          );
          await lockWaitSeen(db);
          await deleter.query('COMMIT');
          expect((await written)?.code).toBe('23503');
        });
      });
      expect(Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM cluster_events')).rows[0]!.n)).toBe(0);
    });
  });

  it('moves a cluster’s events along when its id changes (ON UPDATE CASCADE)', async () => {
    await migration.withDatabaseBefore(async (db, url) => {
      await db.query(`INSERT INTO clusters (id, name) VALUES ('c1', 'one')`);
      expect((await migrate(url)).applied).toContain(MIGRATION);
      await insertEvents(db, ['c1', 'c1']);
      await db.query(`UPDATE clusters SET id = 'c9' WHERE id = 'c1'`);
      expect(await count(db, 'c9')).toBe(2);
      expect(await count(db, 'c1')).toBe(0);
    });
  });

  it('keeps inventory entries and images in step with the inventory: written on insert and on change, untouched by rows without one or updates that keep it', async () => {
    await migration.withDatabaseBefore(async (db, url) => {
      await db.query(`INSERT INTO clusters (id, name) VALUES ('c1', 'one')`);
      expect((await migrate(url)).applied).toContain(MIGRATION);
      const inventory = (tag: string) => JSON.stringify([{ id: 'apps_web_apps_Deployment', v: 'v1', images: [{ ref: `nginx:${tag}`, name: 'nginx', tag }] }]);
      // A status report (no inventory: the column's empty default, and an update that leaves it) or an inventory report.
      const upsert = (name: string, inv: string | null, ready = 'True') =>
        db.query(
          `INSERT INTO flux_objects (cluster_id, kind, namespace, name, origin, state, ready, inventory)
           VALUES ('c1', 'Kustomization', 'flux-system', $1, 'cluster', 'ready', $3, COALESCE($2::jsonb, '[]'))
           ON CONFLICT (cluster_id, kind, namespace, name) DO UPDATE
             SET inventory = CASE WHEN $2::jsonb IS NULL THEN flux_objects.inventory ELSE EXCLUDED.inventory END, ready = EXCLUDED.ready, updated_at = now()`,
          [name, inv, ready],
        );
      const images = async () => (await db.query<{ owner_name: string; tag: string }>('SELECT owner_name, tag FROM flux_inventory_images ORDER BY owner_name')).rows;
      const entries = async () => (await db.query<{ owner_name: string; name: string }>('SELECT owner_name, name FROM flux_inventory_entries ORDER BY owner_name')).rows;
      await upsert('with', inventory('1.0'));
      await upsert('without', null);
      expect(await entries()).toEqual([{ owner_name: 'with', name: 'web' }]);
      expect(await images()).toEqual([{ owner_name: 'with', tag: '1.0' }]);
      await upsert('with', null, 'False');
      expect(await images()).toEqual([{ owner_name: 'with', tag: '1.0' }]);
      await upsert('with', inventory('1.1'));
      await upsert('without', inventory('2.0'));
      expect(await entries()).toEqual([
        { owner_name: 'with', name: 'web' },
        { owner_name: 'without', name: 'web' },
      ]);
      expect(await images()).toEqual([
        { owner_name: 'with', tag: '1.1' },
        { owner_name: 'without', tag: '2.0' },
      ]);
      await upsert('with', '[]');
      expect(await entries()).toEqual([{ owner_name: 'without', name: 'web' }]);
      expect(await images()).toEqual([{ owner_name: 'without', tag: '2.0' }]);
    });
  });
});
