import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { TestenvError } from '../process/errors.js';
import { ManagedProcess } from '../process/managed-process.js';
import { freePort } from '../process/ports.js';
import { makeTempDir, removeDir } from '../process/temp-dir.js';
import { waitFor } from '../process/wait.js';

export interface HaproxyBackend {
  name: string;
  /** host:port of the server behind the balancer. */
  address: string;
}

export interface TestHaproxy {
  /** http://127.0.0.1:<port>: the balancer's front end. */
  url: string;
  process: ManagedProcess;
  stop(): Promise<void>;
}

/** Debian's haproxy, installed by scripts/install-prereqs.sh. */
const HAPROXY_BIN = process.env.FLOTILLA_HAPROXY_BIN ?? '/usr/sbin/haproxy';

/**
 * The configuration: HTTP mode with websockets passed through (HAProxy upgrades a connection on `Upgrade:
 * websocket` by itself; the tunnel timeout keeps an idle socket open), round-robin, and a health check on
 * /healthz every 500 ms so a killed backend leaves the rotation within about a second.
 */
export function haproxyConfig(port: number, backends: readonly HaproxyBackend[]): string {
  return [
    'global',
    '  maxconn 4096',
    'defaults',
    '  mode http',
    '  timeout connect 2s',
    '  timeout client 60s',
    '  timeout server 60s',
    '  timeout tunnel 1h',
    '  option http-server-close',
    `frontend hub`,
    `  bind 127.0.0.1:${port}`,
    '  default_backend hubs',
    'backend hubs',
    '  balance roundrobin',
    '  option httpchk GET /healthz',
    '  option redispatch',
    '  retries 2',
    ...backends.map((b) => `  server ${b.name} ${b.address} check inter 500 fall 2 rise 1`),
    '',
  ].join('\n');
}

/** Starts HAProxy on 127.0.0.1 in front of `backends`. */
export async function startHaproxy(backends: readonly HaproxyBackend[]): Promise<TestHaproxy> {
  const version = await promisify(execFile)(HAPROXY_BIN, ['-v']).catch(() => undefined);
  if (!version) throw new TestenvError(`HAProxy is not installed (${HAPROXY_BIN}); run scripts/install-prereqs.sh (apt-get install haproxy) or set FLOTILLA_HAPROXY_BIN`);
  const [port, dir] = await Promise.all([freePort(), makeTempDir('haproxy')]);
  const cfg = path.join(dir, 'haproxy.cfg');
  await writeFile(cfg, haproxyConfig(port, backends));
  // -db: stay in the foreground, so stop() reaches it.
  const proc = ManagedProcess.start({ name: 'haproxy', command: HAPROXY_BIN, args: ['-db', '-f', cfg], logPath: path.join(dir, 'haproxy.log') });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor(async () => ((await fetch(`${url}/healthz`).catch(() => undefined))?.ok ? true : undefined), {
      timeoutMs: 20_000,
      intervalMs: 100,
      watch: [proc],
      what: 'haproxy to forward /healthz',
    });
  } catch (err) {
    await proc.stop();
    await removeDir(dir);
    throw err;
  }
  return {
    url,
    process: proc,
    async stop() {
      await proc.stop();
      await removeDir(dir);
    },
  };
}
