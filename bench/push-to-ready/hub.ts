import path from 'node:path';
import { freePort, makeTempDir, ManagedProcess, repoRoot, waitFor } from '@flotilla/testenv';

export interface BenchHub {
  url: string;
  /** The process group leader (`pnpm start`); the hub's node process is in its tree. */
  pid: number;
  logPath: string;
  gql<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
  stop(): Promise<void>;
}

const ADMIN_PASSWORD = 'bench-admin-password';

/**
 * The real hub as a user starts it (`pnpm start`) on 127.0.0.1, signed in as admin: GraphQL calls carry the
 * session cookie and CSRF header like the UI's, so the bench drives exactly the API a webhook relay would.
 */
export async function startBenchHub(
  databaseUrl: string,
  opts: { serveWebUi?: boolean; env?: Record<string, string> } = {},
): Promise<BenchHub> {
  const port = await freePort();
  const dir = await makeTempDir('bench-push-hub');
  const logPath = path.join(dir, 'hub.log');
  const proc = ManagedProcess.start({
    name: 'hub',
    command: 'pnpm',
    args: ['--silent', 'start'],
    cwd: repoRoot,
    logPath,
    env: {
      ...process.env,
      FLOTILLA_HOST: '127.0.0.1',
      FLOTILLA_PORT: String(port),
      FLOTILLA_DATABASE_URL: databaseUrl,
      FLOTILLA_DATA_DIR: path.join(dir, 'data'),
      FLOTILLA_ADMIN_PASSWORD: ADMIN_PASSWORD,
      FLOTILLA_HEARTBEAT_TIMEOUT_MS: '15000',
      FLOTILLA_LOG_LEVEL: 'warn',
      // The bench builds the UI itself when it drives a browser (as the e2e tests do); otherwise it speaks
      // GraphQL only and the hub serves no UI.
      FLOTILLA_SKIP_WEB_BUILD: '1',
      ...(opts.serveWebUi ? {} : { FLOTILLA_WEB_DIST: path.join(dir, 'no-web-ui') }),
      ...opts.env,
    },
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor(
      async () => {
        const res = await fetch(`${url}/readyz`).catch(() => undefined);
        return res?.ok ? true : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 250, watch: [proc], what: 'the hub to become ready' },
    );
    // /readyz waits for the first admin, so one sign-in is enough.
    return { url, pid: proc.pid, logPath, gql: await signIn(url, ADMIN_PASSWORD), stop: () => proc.stop() };
  } catch (err) {
    await proc.stop();
    throw err;
  }
}

export type Gql = <T>(query: string, variables?: Record<string, unknown>) => Promise<T>;

/** Signs in as admin; GraphQL calls then carry the session cookie and CSRF header like the UI's. */
export async function signIn(url: string, password: string): Promise<Gql> {
  const login = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password }),
  });
  if (login.status !== 200) throw new Error(`the hub refused the admin sign-in: ${login.status}`);
  const cookies = login.headers.getSetCookie().map((c) => c.split(';')[0] ?? '');
  const csrf = cookies.find((c) => c.startsWith('flotilla_csrf='))?.slice('flotilla_csrf='.length) ?? '';
  return async <T>(query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        cookie: cookies.join('; '),
        'x-csrf-token': decodeURIComponent(csrf),
      },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: T; errors?: Array<{ message: string }> };
    if (body.errors?.length) throw new Error(`GraphQL: ${body.errors.map((e) => e.message).join('; ')}`);
    if (body.data === undefined) throw new Error(`GraphQL: no data (HTTP ${res.status})`);
    return body.data;
  };
}
