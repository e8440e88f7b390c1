import { describe, expect, it } from 'vitest';
import { migrate } from '@flotilla/prisma';
import { migrationUnderTest } from '../../test/migrations-before.js';

// The per-Kustomization status rows moved into flux_objects. A database that holds them must keep every
// reported status and inventory, as rows of origin hub that name their Kustomization, with Ready and the state
// read from the conditions and the hub's spec.suspend.
const MIGRATION = '20261203020000_flux_objects';

describe(MIGRATION, () => {
  const migration = migrationUnderTest(MIGRATION);

  it('moves each Kustomization status row into flux_objects, Ready and state included', async () => {
    await migration.withDatabaseBefore(async (db, url) => {
      await db.query(`INSERT INTO clusters (id, name) VALUES ('c1', 'one'), ('c2', 'two')`);
      await db.query(`INSERT INTO kustomizations (id, namespace, name, spec) VALUES
          ('k1', 'flotilla-system', 'apps', '{"prune": true}'), ('k2', 'team-a', 'infra', '{"prune": true, "suspend": true}')`);
      const ready = (status: string, reason: string) =>
        JSON.stringify([
          { type: 'Reconciling', status: 'False' },
          { type: 'Ready', status, reason, message: `${reason}!` },
        ]);
      await db.query(
        `INSERT INTO kustomization_cluster_statuses (kustomization_id, cluster_id, conditions, last_applied_revision, observed_generation, inventory) VALUES
            ('k1', 'c1', $1, 'main@sha1:abc', 2, '[{"id": "default_nginx_apps_Deployment", "v": "v1"}]'),
            ('k1', 'c2', $2, NULL, 1, '[]'),
            ('k2', 'c1', $1, 'main@sha1:def', 1, '[]'),
            ('k2', 'c2', '{}', NULL, NULL, '[]')`,
        [ready('True', 'ReconciliationSucceeded'), ready('False', 'BuildFailed')],
      );

      expect((await migrate(url)).applied).toContain(MIGRATION);

      const rows = await db.query(
        `SELECT cluster_id, kind, namespace, name, origin, kustomization_id, ready, ready_reason, ready_message, state, revision, suspended, observed_generation, inventory
             FROM flux_objects ORDER BY kustomization_id, cluster_id`,
      );
      expect(rows.rows).toEqual([
        {
          cluster_id: 'c1',
          kind: 'Kustomization',
          namespace: 'flotilla-system',
          name: 'apps',
          origin: 'hub',
          kustomization_id: 'k1',
          ready: 'True',
          ready_reason: 'ReconciliationSucceeded',
          ready_message: 'ReconciliationSucceeded!',
          state: 'ready',
          revision: 'main@sha1:abc',
          suspended: false,
          observed_generation: 2,
          inventory: [{ id: 'default_nginx_apps_Deployment', v: 'v1' }],
        },
        {
          cluster_id: 'c2',
          kind: 'Kustomization',
          namespace: 'flotilla-system',
          name: 'apps',
          origin: 'hub',
          kustomization_id: 'k1',
          ready: 'False',
          ready_reason: 'BuildFailed',
          ready_message: 'BuildFailed!',
          state: 'failing',
          revision: null,
          suspended: false,
          observed_generation: 1,
          inventory: [],
        },
        {
          cluster_id: 'c1',
          kind: 'Kustomization',
          namespace: 'team-a',
          name: 'infra',
          origin: 'hub',
          kustomization_id: 'k2',
          ready: 'True',
          ready_reason: 'ReconciliationSucceeded',
          ready_message: 'ReconciliationSucceeded!',
          state: 'suspended',
          revision: 'main@sha1:def',
          suspended: true,
          observed_generation: 1,
          inventory: [],
        },
        // A row whose conditions are not a list (never the agent's, but jsonb allows it) moves as not yet ready.
        {
          cluster_id: 'c2',
          kind: 'Kustomization',
          namespace: 'team-a',
          name: 'infra',
          origin: 'hub',
          kustomization_id: 'k2',
          ready: 'Unknown',
          ready_reason: null,
          ready_message: null,
          state: 'suspended',
          revision: null,
          suspended: true,
          observed_generation: null,
          inventory: [],
        },
      ]);
      expect((await db.query(`SELECT to_regclass('kustomization_cluster_statuses') AS t`)).rows).toEqual([
        { t: null },
      ]);
      // Gone with their Kustomization, as before.
      await db.query(`DELETE FROM kustomizations WHERE id = 'k1'`);
      expect((await db.query(`SELECT count(*)::int AS n FROM flux_objects`)).rows).toEqual([{ n: 2 }]);
    });
  });
});
