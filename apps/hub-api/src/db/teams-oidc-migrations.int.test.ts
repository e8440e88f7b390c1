import { describe, expect, it } from 'vitest';
import { migrate } from '@flotilla/prisma';
import { migrationUnderTest } from '../../test/migrations-before.js';

// Teams arrived and a user's own role became optional: users from before keep exactly the role they had. Then
// users signed in through an OpenID provider are found by issuer and subject.
const MIGRATION = '20261203060000_teams';

describe(MIGRATION, () => {
  const migration = migrationUnderTest(MIGRATION);

  it('keeps every existing role and lets new users have none', async () => {
    await migration.withDatabaseBefore(async (db, url) => {
      await db.query(`INSERT INTO users (id, username, password_hash, role) VALUES ('u1', 'ann', 'h', 'ADMIN'), ('u2', 'bo', 'h', 'VIEWER')`);

      expect((await migrate(url)).applied).toContain(MIGRATION);

      expect((await db.query('SELECT id, role FROM users ORDER BY id')).rows).toEqual([
        { id: 'u1', role: 'ADMIN' },
        { id: 'u2', role: 'VIEWER' },
      ]);
      await db.query(`INSERT INTO users (id, username, password_hash) VALUES ('u3', 'cy', 'h')`);
      await db.query(`INSERT INTO teams (id, name) VALUES ('t1', 'dev')`);
      await db.query(`INSERT INTO team_members (team_id, user_id) VALUES ('t1', 'u3')`);
      await db.query(`INSERT INTO team_grants (id, team_id, role) VALUES ('g1', 't1', 'OPERATOR')`);
      expect((await db.query('SELECT cluster_selector, namespaces FROM team_grants')).rows).toEqual([{ cluster_selector: '', namespaces: [] }]);
      await db.query(`DELETE FROM users WHERE id = 'u3'`);
      expect((await db.query('SELECT 1 FROM team_members')).rows).toHaveLength(0);
    });
  });
});

describe('20261203070000_oidc_users', () => {
  const migration = migrationUnderTest('20261203070000_oidc_users');

  it('one user per provider subject; local users have none', async () => {
    await migration.withDatabaseBefore(async (db, url) => {
      await db.query(`INSERT INTO users (id, username, password_hash, role) VALUES ('u1', 'ann', 'h', 'ADMIN')`);
      expect((await migrate(url)).applied).toContain('20261203070000_oidc_users');
      expect((await db.query('SELECT oidc_issuer, oidc_subject FROM users')).rows).toEqual([{ oidc_issuer: null, oidc_subject: null }]);
      await db.query(`INSERT INTO users (id, username, password_hash, oidc_issuer, oidc_subject) VALUES ('u2', 'olga', 'x', 'https://id', 'sub-1')`);
      await expect(db.query(`INSERT INTO users (id, username, password_hash, oidc_issuer, oidc_subject) VALUES ('u3', 'olga2', 'x', 'https://id', 'sub-1')`)).rejects.toThrow(/duplicate key/);
    });
  });
});
