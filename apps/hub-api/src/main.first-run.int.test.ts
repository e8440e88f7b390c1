import { execFileSync, spawnSync } from 'node:child_process';
import { chmod, chown, mkdir, mkdtemp, readFile, realpath, rm, stat } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { freePort } from '@flotilla/testenv';
import { hubDir, spawnHub, type HubProcess } from '../test/hub-process.js';

// `pnpm start` the way a newcomer meets it: as root with the data under a private parent, as an ordinary
// user, on a taken port, on a data directory it cannot write, after a crash, and stopped with Ctrl-C.
const asRoot = process.getuid?.() === 0;
const testUser = 'flotilla-test';
const cleanups: (() => Promise<unknown>)[] = [];
const running: HubProcess[] = [];

afterEach(async () => {
  for (const hub of running.splice(0)) {
    if (hub.child.exitCode === null && hub.child.signalCode === null) {
      hub.interrupt();
      await hub.exited;
    }
  }
});
afterAll(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn().catch(() => undefined);
});

// A `mktemp -d` directory: mode 0700, owned by root when the tests run as root.
async function privateDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'flotilla-first-run-'));
  cleanups.push(async () => {
    // As root the cluster may live in the state directory, behind the link.
    const cluster = await realpath(path.join(dir, 'data', 'postgres')).catch(() => undefined);
    if (cluster && !cluster.startsWith(dir)) await rm(cluster, { recursive: true, force: true });
    await rm(dir, { recursive: true, force: true });
  });
  return dir;
}

async function start(
  env: Record<string, string>,
  opts: { uid?: number; gid?: number; viaPnpm?: boolean } = {},
): Promise<{ hub: HubProcess; url: string }> {
  const port = await freePort();
  const hub = spawnHub({ env: { FLOTILLA_PORT: String(port), ...env }, ...opts });
  running.push(hub);
  await hub.waitFor('Flotilla hub:');
  return { hub, url: `http://127.0.0.1:${port}` };
}

async function postmasterPid(dataDir: string): Promise<number> {
  return Number((await readFile(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[0]);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function expectOneLine(output: string, pattern: RegExp): void {
  const lines = output.trim().split('\n');
  expect(lines.filter((l) => pattern.test(l))).toHaveLength(1);
  // Besides that line, only the structured log, and in it no error that buries the reason.
  expect(lines.filter((l) => !pattern.test(l) && !l.startsWith('{'))).toEqual([]);
  expect(output).not.toMatch(/Can't reach database|source scheduler tick failed/);
  expect(output).not.toMatch(/^\s+at /m);
  expect(output).not.toContain('undefined');
}

async function expectStopsOnCtrlC(hub: HubProcess, postgresPid: number): Promise<void> {
  hub.interrupt();
  expect(await hub.exited).toBe(0);
  expect(hub.output()).toContain('Flotilla hub stopped');
  expect(hub.output()).not.toContain('ELIFECYCLE');
  expect(isAlive(postgresPid)).toBe(false);
}

// As root, a user made for the test; otherwise the current user, who is unprivileged already.
function unprivilegedUser(skip: (reason: string) => never): { uid?: number; gid?: number } {
  if (!asRoot) return {};
  const ids = testUserIds();
  // A checkout in root's private home is out of any other user's reach: nothing to test then.
  const readable =
    spawnSync('/bin/sh', ['-c', 'test -r "$1"', 'sh', path.join(hubDir, 'src/main.ts')], ids).status === 0;
  if (!readable)
    skip(
      `${testUser} cannot read this checkout (${hubDir}); clone it outside a private home to run this test`,
    );
  return ids;
}

function testUserIds(): { uid: number; gid: number } {
  try {
    execFileSync('id', ['-u', testUser], { stdio: 'ignore' });
  } catch {
    execFileSync('useradd', [
      '--system',
      '--user-group',
      '--no-create-home',
      '--shell',
      '/usr/sbin/nologin',
      testUser,
    ]);
  }
  return {
    uid: Number(execFileSync('id', ['-u', testUser]).toString().trim()),
    gid: Number(execFileSync('id', ['-g', testUser]).toString().trim()),
  };
}

describe('pnpm start on a first run', () => {
  it.skipIf(!asRoot)(
    'as root, starts with the data directory under a 0700 parent and stops on Ctrl-C',
    async () => {
      const parent = await privateDir();
      const dataDir = path.join(parent, 'data');
      const { hub, url } = await start({ FLOTILLA_DATA_DIR: dataDir });
      expect((await fetch(`${url}/readyz`)).status).toBe(200);
      // Postgres runs as the postgres user, who cannot pass the parent, so its cluster lives elsewhere.
      expect(await realpath(path.join(dataDir, 'postgres'))).toMatch(/^\/var\/lib\/flotilla\/clusters\//);
      expect((await stat(parent)).mode & 0o777).toBe(0o700);
      await expectStopsOnCtrlC(hub, await postmasterPid(dataDir));
    },
  );

  describe('as an unprivileged user', () => {
    it('starts with its own data directory and stops on Ctrl-C', async (ctx) => {
      const user = unprivilegedUser((reason) => ctx.skip(reason));
      const home = await privateDir();
      if (user.uid !== undefined) await chown(home, user.uid, user.gid!);
      const dataDir = path.join(home, 'data');
      const { hub, url } = await start({ HOME: home, FLOTILLA_DATA_DIR: dataDir }, user);
      expect((await fetch(`${url}/readyz`)).status).toBe(200);
      const pid = await postmasterPid(dataDir);
      expect(
        execFileSync('ps', ['-o', 'user=', '-p', String(pid)])
          .toString()
          .trim(),
      ).toBe(asRoot ? testUser : os.userInfo().username);
      await expectStopsOnCtrlC(hub, pid);
    });

    it('stops with one line naming the fix when the data directory is read-only', async (ctx) => {
      const user = unprivilegedUser((reason) => ctx.skip(reason));
      const home = await privateDir();
      if (user.uid !== undefined) await chown(home, user.uid, user.gid!);
      const dataDir = path.join(home, 'data');
      await mkdir(dataDir);
      if (user.uid !== undefined) await chown(dataDir, user.uid, user.gid!);
      await chmod(dataDir, 0o555);
      const hub = spawnHub({
        env: { HOME: home, FLOTILLA_DATA_DIR: dataDir, FLOTILLA_PORT: String(await freePort()) },
        ...user,
      });
      expect(await hub.exited).toBe(1);
      expectOneLine(
        hub.output(),
        new RegExp(
          `^flotilla hub: cannot write to the data directory ${dataDir} \\(EACCES\\); make it writable .* or set FLOTILLA_DATA_DIR`,
        ),
      );
    });
  });

  it('stops with one line naming the fix when the port is taken, and leaves no Postgres behind', async () => {
    const dataDir = path.join(await privateDir(), 'data');
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => taken.close(resolve)));
    const port = (taken.address() as net.AddressInfo).port;
    const hub = spawnHub({ env: { FLOTILLA_DATA_DIR: dataDir, FLOTILLA_PORT: String(port) } });
    expect(await hub.exited).toBe(1);
    expectOneLine(hub.output(), /^flotilla hub: .*EADDRINUSE.*Set FLOTILLA_PORT/);
    const pid = Number(
      (await readFile(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').catch(() => '0')).split(
        '\n',
      )[0],
    );
    expect(pid === 0 || !isAlive(pid)).toBe(true);
  });

  it('after a crash, stops the Postgres the killed hub left running and starts; refuses a second live hub', async () => {
    const dataDir = path.join(await privateDir(), 'data');
    const { hub: first } = await start({ FLOTILLA_DATA_DIR: dataDir });
    const orphan = await postmasterPid(dataDir);

    const second = spawnHub({ env: { FLOTILLA_DATA_DIR: dataDir, FLOTILLA_PORT: String(await freePort()) } });
    expect(await second.exited).toBe(1);
    expectOneLine(
      second.output(),
      /^flotilla hub: another Flotilla hub \(pid \d+\) is using the data directory .*; stop it, or set FLOTILLA_DATA_DIR/,
    );
    expect(isAlive(orphan)).toBe(true);

    first.child.kill('SIGKILL');
    await first.exited;
    // Postgres runs in its own process group, so it outlives the hub, as it does after an OOM kill.
    expect(isAlive(orphan)).toBe(true);

    const { hub, url } = await start({ FLOTILLA_DATA_DIR: dataDir });
    expect(hub.output()).toMatch(/"msg":"stopped the Postgres server an earlier hub left running","pid":\d+/);
    expect(hub.output()).not.toContain('undefined');
    expect(isAlive(orphan)).toBe(false);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    await expectStopsOnCtrlC(hub, await postmasterPid(dataDir));
  });

  it('`pnpm start` stops on Ctrl-C with exit code 0 and a "stopped" line', async () => {
    const dataDir = path.join(await privateDir(), 'data');
    const { hub } = await start(
      { FLOTILLA_DATA_DIR: dataDir, COREPACK_ENABLE_DOWNLOAD_PROMPT: '0' },
      { viaPnpm: true },
    );
    await expectStopsOnCtrlC(hub, await postmasterPid(dataDir));
    expect(hub.output().trim().split('\n').at(-1)).toBe('Flotilla hub stopped');
  });
});
