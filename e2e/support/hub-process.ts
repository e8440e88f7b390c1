import path from 'node:path';
import { freePort, makeTempDir, ManagedProcess, repoRoot, waitFor } from '@flotilla/testenv';

export interface RunningHub {
  url: string;
  adminPassword: string;
  port: number;
  /** FLOTILLA_DATA_DIR: artifacts and the web UI's files; a restarted hub is given the same one. */
  dataDir: string;
  process: ManagedProcess;
  stop(): Promise<void>;
  /** SIGKILL to the hub's whole process group (pnpm and node): a crash, no shutdown code runs. */
  kill(): Promise<void>;
}

/** Starts the real hub (`pnpm start`, the user's entry point) against a test database on a free port. */
export async function startHub(opts: {
  databaseUrl: string;
  heartbeatTimeoutMs: number;
  /**
   * A port chosen beforehand: an OpenID provider must know the hub's callback URL before the hub starts, and a
   * hub restarted on the same database keeps its agents when it keeps its port.
   */
  port?: number;
  adminPassword?: string;
  /** More environment for the hub (FLOTILLA_SECRET_KEY, FLOTILLA_METRICS_TOKEN, FLOTILLA_OIDC_*, …). */
  env?: Record<string, string>;
  /** With `port`: the data directory of a hub that ran before, for a restart in place. */
  dataDir?: string;
  readyTimeoutMs?: number;
}): Promise<RunningHub> {
  const port = opts.port ?? (await freePort());
  const dir = await makeTempDir('e2e-hub');
  const dataDir = opts.dataDir ?? path.join(dir, 'data');
  const adminPassword = opts.adminPassword ?? 'e2e-admin-password';
  const proc = ManagedProcess.start({
    name: 'hub',
    command: 'pnpm',
    args: ['--silent', 'start'],
    cwd: repoRoot,
    logPath: path.join(dir, 'hub.log'),
    env: {
      ...process.env,
      FLOTILLA_HOST: '127.0.0.1',
      FLOTILLA_PORT: String(port),
      FLOTILLA_DATABASE_URL: opts.databaseUrl,
      FLOTILLA_DATA_DIR: dataDir,
      FLOTILLA_ADMIN_PASSWORD: adminPassword,
      FLOTILLA_HEARTBEAT_TIMEOUT_MS: String(opts.heartbeatTimeoutMs),
      // The test builds the UI itself first, so the hub serves exactly the code under test.
      FLOTILLA_SKIP_WEB_BUILD: '1',
      ...opts.env,
    },
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    async () => {
      const res = await fetch(`${url}/readyz`);
      return res.ok ? true : undefined;
    },
    { timeoutMs: opts.readyTimeoutMs ?? 90_000, intervalMs: 100, watch: [proc], what: 'the hub to become ready' },
  );
  return {
    url,
    adminPassword,
    port,
    dataDir,
    process: proc,
    stop: () => proc.stop(),
    async kill() {
      proc.killNow();
      await proc.exited;
    },
  };
}
