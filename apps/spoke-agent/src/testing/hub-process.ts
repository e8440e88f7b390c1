import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const hubDir = fileURLToPath(new URL('../../../hub-api/', import.meta.url));
const ADMIN_PASSWORD = 'agent-test-admin-pw';

export interface HubProcess {
  url: string;
  child: ChildProcess;
  logs: () => string;
  gql<T>(query: string, variables?: Record<string, unknown>): Promise<{ data?: T; errors?: Array<{ message: string }> }>;
  /** GraphQL as another user (created by the admin beforehand). */
  loginAs(username: string, password: string): Promise<GqlClient>;
  stop(): Promise<void>;
}

type GqlClient = <T>(query: string, variables?: Record<string, unknown>) => Promise<{ data?: T; errors?: Array<{ message: string }> }>;

/** Logs in through the hub's HTTP API and returns a GraphQL client carrying the session and CSRF token. */
async function login(url: string, username: string, password: string): Promise<GqlClient> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`hub login failed: ${res.status}`);
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]!);
  const csrf = cookies.find((c) => c.startsWith('flotilla_csrf='))!.slice('flotilla_csrf='.length);
  return async (query, variables = {}) => {
    const r = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: cookies.join('; '), 'x-csrf-token': csrf },
      body: JSON.stringify({ query, variables }),
    });
    return (await r.json()) as never;
  };
}

/** The real hub (apps/hub-api, as `pnpm start` runs it) on a given database, as its own process. */
export async function startHubProcess(databaseUrl: string, env: Record<string, string> = {}): Promise<HubProcess> {
  const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'hub-scratch-'));
  const child = spawn(process.execPath, ['--import', '@swc-node/register/esm-register', 'src/main.ts'], {
    cwd: hubDir,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      SWC_NODE_PROJECT: 'tsconfig.json',
      FLOTILLA_SKIP_WEB_BUILD: '1',
      FLOTILLA_WEB_DIST: path.join(scratch, 'no-web-ui'),
      FLOTILLA_DATABASE_URL: databaseUrl,
      FLOTILLA_PORT: '0',
      FLOTILLA_ADMIN_PASSWORD: ADMIN_PASSWORD,
      FLOTILLA_LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    // The hub compiles its sources on start (swc); on a loaded CI machine that alone can take over a minute.
    const timer = setTimeout(() => reject(new Error(`hub did not start within 150 s:\n${out}`)), 150_000);
    const check = (): void => {
      const m = /Flotilla hub: (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', check);
    child.on('exit', (code) => reject(new Error(`hub exited with ${code}:\n${out}`)));
  });

  const admin = await login(url, 'admin', ADMIN_PASSWORD);

  return {
    url,
    child,
    logs: () => out,
    gql: admin,
    loginAs: (username, password) => login(url, username, password),
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      await fs.rm(scratch, { recursive: true, force: true });
    },
  };
}
