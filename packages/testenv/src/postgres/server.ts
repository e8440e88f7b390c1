import { execFile } from 'node:child_process';
import { chmod, chown, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { migrate } from '@flotilla/prisma';
import { TestenvError } from '../process/errors.js';
import { ManagedProcess } from '../process/managed-process.js';
import { freePort, isAddressInUse } from '../process/ports.js';
import { makeTempDir, removeDir } from '../process/temp-dir.js';
import { waitFor } from '../process/wait.js';
import { postgresBinaries, postgresUser } from './binaries.js';

const execFileAsync = promisify(execFile);

export interface CreateDatabaseOptions {
  // Apply prisma/migrations (default true).
  migrate?: boolean;
}

export interface TestPostgres {
  // Superuser URL of the server's `postgres` database.
  url: string;
  createDatabase(opts?: CreateDatabaseOptions): Promise<string>;
  stop(): Promise<void>;
}

export const sharedPostgresEnv = 'FLOTILLA_TESTENV_PG_URL';
let databaseCounter = 0;

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function createDatabaseOn(serverUrl: string, opts: CreateDatabaseOptions = {}): Promise<string> {
  const name = `flotilla_test_${process.pid}_${Date.now().toString(36)}_${++databaseCounter}`;
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const url = withDatabase(serverUrl, name);
  if (opts.migrate ?? true) await migrate(url);
  return url;
}

// A server shared by a whole test run (global setup starts it and exports its URL), or a private one.
// Every test file gets a fresh database on it, with the migrations applied.
export async function startPostgres(): Promise<TestPostgres> {
  const shared = process.env[sharedPostgresEnv];
  if (shared) {
    return { url: shared, createDatabase: (opts) => createDatabaseOn(shared, opts), stop: async () => undefined };
  }
  return startPostgresServer();
}

export async function startPostgresServer(): Promise<TestPostgres> {
  const bins = await postgresBinaries();
  const user = await postgresUser();
  const dir = await makeTempDir('postgres');
  const dataDir = path.join(dir, 'data');
  await mkdir(dataDir);
  if (user) {
    await chmod(dir, 0o755);
    await chown(dataDir, user.uid, user.gid);
  }
  try {
    await execFileAsync(bins.initdb, ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync'], {
      ...(user ?? {}),
    });
  } catch (err) {
    await removeDir(dir);
    throw new TestenvError('initdb failed', 'initdb', (err as { stderr?: string }).stderr);
  }
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const proc = ManagedProcess.start({
      name: 'postgres',
      command: bins.postgres,
      args: ['-D', dataDir, '-p', String(port), '-k', dataDir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off',
        '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=300'],
      logPath: path.join(dir, 'postgres.log'),
      ...(user ?? {}),
    });
    const url = `postgresql://postgres@127.0.0.1:${port}/postgres`;
    try {
      await waitFor(
        async () => {
          const c = new pg.Client({ connectionString: url });
          await c.connect();
          await c.end();
          return true;
        },
        { timeoutMs: 30_000, watch: [proc], what: 'postgres to accept connections' },
      );
    } catch (err) {
      await proc.stop();
      if (attempt < 3 && isAddressInUse(proc.tail())) continue;
      await removeDir(dir);
      throw err;
    }
    return {
      url,
      createDatabase: (opts) => createDatabaseOn(url, opts),
      async stop() {
        await proc.stop();
        await removeDir(dir);
      },
    };
  }
}
