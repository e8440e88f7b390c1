import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, realpath, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '@flotilla/testenv';

// `pnpm start`'s entry point as a real process: embedded Postgres in the data dir, migrations at start, the
// admin login printed on the first start only, data kept across restarts.
describe('main.ts (pnpm start) with embedded Postgres', () => {
  const hubDir = path.resolve(import.meta.dirname, '..');
  let dataDir: string;
  const children: ChildProcess[] = [];

  afterAll(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    if (!dataDir) return;
    // As root the cluster lives in the state directory, behind a link, when the postgres user cannot reach dataDir.
    const cluster = await realpath(path.join(dataDir, 'postgres')).catch(() => undefined);
    if (cluster && !cluster.startsWith(dataDir)) await rm(cluster, { recursive: true, force: true });
    await rm(dataDir, { recursive: true, force: true });
  });

  async function start(env: Record<string, string> = {}): Promise<{ url: string; stdout: () => string; stop: () => Promise<number | null> }> {
    const port = await freePort();
    let out = '';
    const child = spawn(process.execPath, ['--import', '@swc-node/register/esm-register', 'src/main.ts'], {
      cwd: hubDir,
      env: {
        ...process.env,
        SWC_NODE_PROJECT: 'tsconfig.json',
        FLOTILLA_PORT: String(port),
        FLOTILLA_DATA_DIR: dataDir,
        FLOTILLA_SKIP_WEB_BUILD: '1',
        FLOTILLA_DATABASE_URL: '',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 90_000;
    while (!out.includes('Flotilla hub:')) {
      if (child.exitCode !== null) throw new Error(`hub exited ${child.exitCode}: ${out}`);
      if (Date.now() > deadline) throw new Error(`hub did not start: ${out}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    return {
      url,
      stdout: () => out,
      stop: () =>
        new Promise((resolve) => {
          child.once('exit', (code) => resolve(code));
          child.kill('SIGTERM');
        }),
    };
  }

  const login = (url: string, password: string) =>
    fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password }) });

  it('prints the URL and a generated admin password once; keeps data across restarts; stops on SIGTERM', async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'flotilla-main-'));
    const first = await start({ FLOTILLA_ADMIN_PASSWORD: '' });
    expect(first.stdout()).toContain(`Flotilla hub: ${first.url}`);
    const password = /with password (\S+)/.exec(first.stdout())?.[1];
    expect(password).toBeDefined();
    expect(first.stdout()).toMatch(/"msg":"migrations applied"/);
    expect((await fetch(`${first.url}/readyz`)).status).toBe(200);
    const res = await login(first.url, password!);
    expect(res.status).toBe(200);
    const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]!);
    const csrf = cookies.find((c) => c.startsWith('flotilla_csrf='))!.split('=')[1]!;
    const created = await fetch(`${first.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: cookies.join('; '), 'x-csrf-token': csrf },
      body: JSON.stringify({ query: 'mutation { createRegistrationToken(input: { clusterName: "kept" }) { cluster { id } } }' }),
    });
    expect(((await created.json()) as { data?: unknown }).data).toBeTruthy();
    expect(await first.stop()).toBe(0);

    const second = await start({ FLOTILLA_ADMIN_PASSWORD: 'ignored-after-first-start' });
    expect(second.stdout()).not.toContain('First start');
    expect(second.stdout()).not.toMatch(/"msg":"migrations applied"/);
    const again = await login(second.url, password!);
    expect(again.status).toBe(200);
    const cookies2 = again.headers.getSetCookie().map((c) => c.split(';')[0]!);
    const csrf2 = cookies2.find((c) => c.startsWith('flotilla_csrf='))!.split('=')[1]!;
    const listed = await fetch(`${second.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: cookies2.join('; '), 'x-csrf-token': csrf2 },
      body: JSON.stringify({ query: '{ clusters { totalCount edges { node { name } } } }' }),
    });
    expect(await listed.json()).toMatchObject({ data: { clusters: { totalCount: 1, edges: [{ node: { name: 'kept' } }] } } });
    expect(await second.stop()).toBe(0);
  });

  it('exits 64 with a message naming the variable on bad configuration', async () => {
    const child = spawn(process.execPath, ['--import', '@swc-node/register/esm-register', 'src/main.ts'], {
      cwd: hubDir,
      env: { ...process.env, SWC_NODE_PROJECT: 'tsconfig.json', FLOTILLA_PORT: 'eighty' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(64);
    expect(err).toContain('FLOTILLA_PORT');
  });
});
