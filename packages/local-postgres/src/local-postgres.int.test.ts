import { chmod, cp, lstat, mkdtemp, readlink, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { nativeDir, postgresBinaries } from './binaries.js';
import { prepareClusterDir } from './cluster-dir.js';
import { initCluster, isInitialised } from './init.js';
import { isAlive, stopLeftoverServer } from './leftover.js';
import { preparePostgresRuntime, type PostgresRuntime } from './runtime.js';
import { startServer, type RunningServer } from './server.js';

const asRoot = process.getuid?.() === 0;
const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn().catch(() => undefined);
});

// mkdtemp makes the directory 0700: the private parent a `mktemp -d` script or root's home gives us.
async function privateDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `flotilla-${prefix}-`));
  cleanup.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

// Stands in for /var/lib/flotilla, which is reachable by everyone.
async function stateDir(): Promise<string> {
  const dir = await privateDir('state');
  await chmod(dir, 0o755);
  return path.join(dir, 'state');
}

async function selectOne(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ one: number }>('SELECT 1 AS one')).rows[0]!.one;
  } finally {
    await client.end();
  }
}

async function runCluster(
  runtime: PostgresRuntime,
  preferred: string,
): Promise<{ dir: string; server: RunningServer }> {
  const dir = await prepareClusterDir(runtime, preferred);
  if (!isInitialised(dir))
    await initCluster(runtime, dir, {
      superuser: 'flotilla',
      auth: 'scram-sha-256',
      password: 's3cret',
      noSync: true,
    });
  const server = await startServer(runtime, {
    dir,
    logPath: path.join(path.dirname(preferred), 'postgres.log'),
    settings: { fsync: 'off' },
  });
  cleanup.push(() => server.stop());
  return { dir, server };
}

describe('local Postgres', () => {
  it('runs a cluster with a password, as the postgres user when root, and stops it', async () => {
    const parent = await privateDir('cluster');
    const runtime = await preparePostgresRuntime({ stateDir: await stateDir() });
    expect(runtime.user?.name).toBe(asRoot ? 'postgres' : undefined);
    const { server } = await runCluster(runtime, path.join(parent, 'data', 'postgres'));
    expect(await selectOne(`postgresql://flotilla:s3cret@127.0.0.1:${server.port}/postgres`)).toBe(1);
    await expect(selectOne(`postgresql://flotilla:wrong@127.0.0.1:${server.port}/postgres`)).rejects.toThrow(
      /password authentication failed/,
    );
    await server.stop();
    expect(server.running).toBe(false);
    expect(isAlive(server.pid)).toBe(false);
  });

  it.skipIf(!asRoot)(
    'as root, keeps a cluster under a private parent in the state directory, linked from where it was asked for',
    async () => {
      const parent = await privateDir('private');
      const state = await stateDir();
      const runtime = await preparePostgresRuntime({ stateDir: state });
      const preferred = path.join(parent, 'data', 'postgres');
      const { dir, server } = await runCluster(runtime, preferred);
      expect(dir.startsWith(path.join(state, 'clusters'))).toBe(true);
      expect((await lstat(preferred)).isSymbolicLink()).toBe(true);
      expect(await readlink(preferred)).toBe(dir);
      // The private parent keeps its mode: nothing of the caller's is loosened.
      expect((await stat(parent)).mode & 0o777).toBe(0o700);
      await server.stop();
      // The next start finds the same cluster through the link.
      expect(await prepareClusterDir(runtime, preferred)).toBe(dir);
      expect(isInitialised(dir)).toBe(true);
    },
  );

  it.skipIf(!asRoot)(
    'as root, runs a copy of binaries the postgres user cannot reach (a clone in /root)',
    async () => {
      const hidden = await privateDir('clone');
      const installed = await postgresBinaries();
      const pkg = path.join(hidden, 'linux-x64');
      await cp(path.dirname(nativeDir(installed)), pkg, { recursive: true, verbatimSymlinks: true });
      const copy = path.join(pkg, 'native');
      const state = await stateDir();
      const runtime = await preparePostgresRuntime({
        stateDir: state,
        binaries: { initdb: path.join(copy, 'bin', 'initdb'), postgres: path.join(copy, 'bin', 'postgres') },
      });
      expect(runtime.postgres.startsWith(state)).toBe(true);
      const { server } = await runCluster(runtime, path.join(await privateDir('data'), 'data', 'postgres'));
      expect(await selectOne(`postgresql://flotilla:s3cret@127.0.0.1:${server.port}/postgres`)).toBe(1);
      // A state directory the postgres user cannot reach either: one line that says what to open.
      const hiddenState = path.join(await privateDir('hidden-state'), 'state');
      await expect(
        preparePostgresRuntime({
          stateDir: hiddenState,
          binaries: {
            initdb: path.join(copy, 'bin', 'initdb'),
            postgres: path.join(copy, 'bin', 'postgres'),
          },
        }),
      ).rejects.toThrow(`make ${hiddenState} and its parents traversable (chmod o+x)`);
    },
  );

  it('stops a server left running by a killed owner, then starts again on the same data', async () => {
    const parent = await privateDir('leftover');
    const runtime = await preparePostgresRuntime({ stateDir: await stateDir() });
    const preferred = path.join(parent, 'data', 'postgres');
    const first = await runCluster(runtime, preferred);
    // Its owner "died": nothing will stop it but the next start.
    const second = await prepareClusterDir(runtime, preferred);
    expect(await stopLeftoverServer(second)).toBe(first.server.pid);
    expect(isAlive(first.server.pid)).toBe(false);
    const again = await runCluster(runtime, preferred);
    expect(await selectOne(`postgresql://flotilla:s3cret@127.0.0.1:${again.server.port}/postgres`)).toBe(1);
    await again.server.stop();
    expect(await stopLeftoverServer(again.dir)).toBeUndefined();
  });

  it('removes a lock file whose pid now belongs to another process, which Postgres would refuse', async () => {
    const parent = await privateDir('stale');
    const runtime = await preparePostgresRuntime({ stateDir: await stateDir() });
    const preferred = path.join(parent, 'data', 'postgres');
    const { dir, server } = await runCluster(runtime, preferred);
    await server.stop();
    await writeFile(path.join(dir, 'postmaster.pid'), `${process.pid}\n${dir}\n`);
    expect(await stopLeftoverServer(dir)).toBeUndefined();
    expect(isAlive(process.pid)).toBe(true);
    const again = await runCluster(runtime, preferred);
    expect(again.server.running).toBe(true);
  });

  it.skipIf(!asRoot)(
    'as root, says which directory to open when the postgres user can reach neither place',
    async () => {
      // Binaries the postgres user can run, and a state directory it cannot reach.
      const runtime = {
        ...(await preparePostgresRuntime({ stateDir: await stateDir() })),
        stateDir: path.join(await privateDir('hidden-state'), 'state'),
      };
      await expect(
        prepareClusterDir(runtime, path.join(await privateDir('hidden-data'), 'data', 'postgres')),
      ).rejects.toThrow(/can reach neither .*\(chmod o\+x\)/);
    },
  );

  it('explains a failed start with the line from the server log', async () => {
    const parent = await privateDir('broken');
    const runtime = await preparePostgresRuntime({ stateDir: await stateDir() });
    const dir = await prepareClusterDir(runtime, path.join(parent, 'data', 'postgres'));
    await initCluster(runtime, dir, { superuser: 'postgres', auth: 'trust', noSync: true });
    await expect(
      startServer(runtime, {
        dir,
        logPath: path.join(parent, 'postgres.log'),
        settings: { shared_buffers: 'lots' },
      }),
    ).rejects.toThrow(/Postgres could not start: .*shared_buffers/);
  });
});
