import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { listMigrations, migrationsDir } from '@flotilla/prisma';

/**
 * A folder holding copies of the migrations that precede `migration`, so a test can build a database as it
 * was before it, write rows of that time, and then apply the rest.
 */
export async function migrationsBefore(migration: string): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'migrations-before-'));
  for (const name of await listMigrations()) {
    if (name >= migration) break;
    await cp(path.join(migrationsDir, name), path.join(dir, name), { recursive: true });
  }
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
