import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { listMigrations, migrate, migrationsDir } from '@flotilla/prisma';
import { startPostgres, type TestPostgres } from '@flotilla/testenv';

/**
 * A folder holding copies of the migrations that precede `migration`, so a test can build a database as it
 * was before it, write rows of that time, and then apply the rest.
 */
async function migrationsBefore(migration: string): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'migrations-before-'));
  for (const name of await listMigrations()) {
    if (name >= migration) break;
    await cp(path.join(migrationsDir, name), path.join(dir, name), { recursive: true });
  }
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * For a migration's test file: a Postgres server for the file, and `withDatabaseBefore`, which gives a client on
 * a fresh database migrated up to just before `migration` (the test writes rows of that time, then applies the
 * rest with `migrate(url)`). Call inside the file's describe block: it registers the hooks.
 */
export function migrationUnderTest(migration: string): {
  withDatabaseBefore(fn: (db: pg.Client, url: string) => Promise<void>): Promise<void>;
} {
  let server: TestPostgres | undefined;
  let before: Awaited<ReturnType<typeof migrationsBefore>> | undefined;
  beforeAll(async () => {
    server = await startPostgres();
    before = await migrationsBefore(migration);
  });
  afterAll(async () => {
    await server?.stop();
    await before?.remove();
  });
  return {
    async withDatabaseBefore(fn) {
      const url = await server!.createDatabase({ migrate: false });
      await migrate(url, before!.dir);
      const db = new pg.Client({ connectionString: url });
      await db.connect();
      try {
        await fn(db, url);
      } finally {
        await db.end();
      }
    },
  };
}
