import { describe, expect, it } from 'vitest';
import { migrate } from '@flotilla/prisma';
import { migrationUnderTest } from '../../test/migrations-before.js';

// API tokens gained their own role. Tokens made before acted with their owner's role, so a database that ran
// the older migrations must give each existing token its owner's role; users start enabled, never logged in.
const MIGRATION = '20261203030000_people';

describe(MIGRATION, () => {
  const migration = migrationUnderTest(MIGRATION);

  it("gives existing tokens their owner's role and leaves users enabled", async () => {
    await migration.withDatabaseBefore(async (db, url) => {
      await db.query(
        `INSERT INTO users (id, username, password_hash, role) VALUES ('u1', 'ann', 'h', 'ADMIN'), ('u2', 'bo', 'h', 'VIEWER')`,
      );
      await db.query(
        `INSERT INTO api_tokens (id, user_id, name, token_hash) VALUES ('t1', 'u1', 'a', 'ha'), ('t2', 'u2', 'b', 'hb')`,
      );

      expect((await migrate(url)).applied).toContain(MIGRATION);

      const tokens = await db.query<{ id: string; role: string }>(
        'SELECT id, role FROM api_tokens ORDER BY id',
      );
      expect(tokens.rows).toEqual([
        { id: 't1', role: 'ADMIN' },
        { id: 't2', role: 'VIEWER' },
      ]);
      const users = await db.query('SELECT disabled_at, last_login_at FROM users');
      expect(users.rows).toEqual([
        { disabled_at: null, last_login_at: null },
        { disabled_at: null, last_login_at: null },
      ]);
      await expect(
        db.query(`INSERT INTO api_tokens (id, user_id, name, token_hash) VALUES ('t3', 'u1', 'c', 'hc')`),
      ).rejects.toThrow(/null value/);
    });
  });
});
