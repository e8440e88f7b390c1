import { describe, expect, it } from 'vitest';
import { migrate } from '@flotilla/prisma';
import { migrationUnderTest } from '../../test/migrations-before.js';

// Report sequences moved from one per cluster to one per credential. A database that ran the older migrations
// and holds counters must keep the live credential's counter (its agent goes on from there) and lose the
// counters of clusters without a live credential (their next credential starts at 0 anyway).
const MIGRATION = '20261202210000_report_sequence_per_credential';

describe(MIGRATION, () => {
  const migration = migrationUnderTest(MIGRATION);

  it("moves each cluster's counter to its live credential and drops the counters of clusters without one", async () => {
    await migration.withDatabaseBefore(async (db, url) => {
      await db.query(`INSERT INTO clusters (id, name) VALUES ('c1', 'one'), ('c2', 'two'), ('c3', 'three')`);
      await db.query(`INSERT INTO cluster_credentials (id, cluster_id, secret_hash, revoked_at) VALUES
          ('old-1', 'c1', 'h1', now()), ('live-1', 'c1', 'h2', NULL), ('old-2', 'c2', 'h3', now())`);
      await db.query(`INSERT INTO agent_report_sequences (cluster_id, last_seq) VALUES ('c1', 7), ('c2', 3)`);

      expect((await migrate(url)).applied).toContain(MIGRATION);

      const rows = await db.query<{ credential_id: string; cluster_id: string; last_seq: string }>(
        'SELECT credential_id, cluster_id, last_seq FROM agent_report_sequences ORDER BY cluster_id',
      );
      expect(rows.rows).toEqual([{ credential_id: 'live-1', cluster_id: 'c1', last_seq: '7' }]);
      // One counter per credential, gone with its credential.
      await expect(
        db.query(
          `INSERT INTO agent_report_sequences (credential_id, cluster_id, last_seq) VALUES ('live-1', 'c1', 0)`,
        ),
      ).rejects.toThrow(/duplicate key/);
      await db.query(`DELETE FROM cluster_credentials WHERE id = 'live-1'`);
      expect((await db.query('SELECT 1 FROM agent_report_sequences')).rows).toEqual([]);
    });
  });
});
