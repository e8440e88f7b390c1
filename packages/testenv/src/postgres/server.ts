import { chmod } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { initCluster, LocalPostgresError, prepareClusterDir, preparePostgresRuntime, startServer, type PostgresRuntime } from '@flotilla/local-postgres';
import { migrate } from '@flotilla/prisma';
import { TestenvError } from '../process/errors.js';
import { registerProcessGroup } from '../process/reaper.js';
import { makeTempDir, removeDir } from '../process/temp-dir.js';

export interface CreateDatabaseOptions {
  // Apply prisma/migrations (default true).
  migrate?: boolean;
}

export interface TestPostgres {
  // Superuser URL of the server's `postgres` database.
  url: string;
  createDatabase(opts?: CreateDatabaseOptions): Promise<string>;
  /** The server's log, when this process started the server (not a shared one). */
  logPath?: string;
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
  let runtime: PostgresRuntime;
  try {
    runtime = await preparePostgresRuntime();
  } catch (err) {
    throw new TestenvError(`${(err as Error).message} Or set ${sharedPostgresEnv} to a Postgres superuser URL.`);
  }
  const dir = await makeTempDir('postgres');
  try {
    // Our own throwaway directory: opening it to the Postgres user keeps the cluster inside it, so removing
    // the directory removes everything.
    if (runtime.user) await chmod(dir, 0o755);
    const dataDir = await prepareClusterDir(runtime, path.join(dir, 'data'));
    await initCluster(runtime, dataDir, { superuser: 'postgres', auth: 'trust', noSync: true });
    const logPath = path.join(dir, 'postgres.log');
    const server = await startServer(runtime, {
      dir: dataDir,
      logPath,
      settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', max_connections: '300' },
      // The watchdog kills it if the test process dies without stopping it.
      onSpawn: registerProcessGroup,
    });
    const url = `postgresql://postgres@127.0.0.1:${server.port}/postgres`;
    return {
      url,
      createDatabase: (opts) => createDatabaseOn(url, opts),
      logPath,
      async stop() {
        await server.stop(5_000);
        await removeDir(dir);
      },
    };
  } catch (err) {
    await removeDir(dir);
    if (err instanceof LocalPostgresError) throw new TestenvError(err.message, 'postgres', err.logTail);
    throw err;
  }
}
