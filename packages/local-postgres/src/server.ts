import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { LocalPostgresError } from './errors.js';
import { waitForExit } from './leftover.js';
import { freePort, isAddressInUse } from './ports.js';
import type { PostgresRuntime } from './runtime.js';

export interface StartServerOptions {
  // An initialised cluster directory (see initCluster).
  dir: string;
  // Postgres's own log; rewritten at each start. Its last lines explain a failed start.
  logPath: string;
  // Server settings passed as `-c name=value`, e.g. { fsync: 'off' }.
  settings?: Record<string, string>;
  // Called with the server's pid (which is also its process group) as soon as it is spawned.
  onSpawn?: (pid: number) => void;
  timeoutMs?: number;
}

export interface RunningServer {
  port: number;
  pid: number;
  readonly running: boolean;
  // Settles when the server has exited, however it ended.
  readonly exited: Promise<void>;
  stop(timeoutMs?: number): Promise<void>;
}

async function tail(logPath: string, lines = 20): Promise<string> {
  const text = await readFile(logPath, 'utf8').catch(() => '');
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

// Line 8 of postmaster.pid is the server's status; `ready` once it accepts connections (any locale).
async function isReady(dir: string, pid: number): Promise<boolean> {
  const lines = (await readFile(path.join(dir, 'postmaster.pid'), 'utf8').catch(() => '')).split('\n');
  return Number(lines[0]) === pid && lines[7]?.trim() === 'ready';
}

function spawnServer(
  runtime: PostgresRuntime,
  opts: StartServerOptions,
  port: number,
): { pid: number; exited: Promise<void>; isRunning: () => boolean } {
  const settings = { listen_addresses: '127.0.0.1', unix_socket_directories: '', ...opts.settings };
  const args = [
    '-D',
    opts.dir,
    '-p',
    String(port),
    ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
  ];
  const logFd = openSync(opts.logPath, 'w');
  try {
    // Its own process group: Ctrl-C in a terminal reaches the process group of the command, and the server
    // must stop after the program that uses it, when that program says so, not at the same moment.
    const child = spawn(runtime.postgres, args, {
      detached: true,
      stdio: ['ignore', logFd, logFd],
      env: { ...process.env, LC_ALL: 'C' },
      ...(runtime.user ? { uid: runtime.user.uid, gid: runtime.user.gid } : {}),
    });
    let running = true;
    const exited = new Promise<void>((resolve) => {
      child.on('error', () => {
        running = false;
        resolve();
      });
      child.on('exit', () => {
        running = false;
        resolve();
      });
    });
    if (child.pid === undefined) return { pid: -1, exited, isRunning: () => false };
    child.unref();
    opts.onSpawn?.(child.pid);
    return { pid: child.pid, exited, isRunning: () => running };
  } finally {
    closeSync(logFd);
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

/**
 * Starts `postgres` on a free loopback port as the runtime's user and waits until it accepts connections.
 * A port taken between our probe and the server's bind gets another try on a new port.
 */
export async function startServer(
  runtime: PostgresRuntime,
  opts: StartServerOptions,
): Promise<RunningServer> {
  const timeoutMs = opts.timeoutMs ?? 60_000;
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const proc = spawnServer(runtime, opts, port);
    const deadline = Date.now() + timeoutMs;
    while (proc.isRunning() && !(await isReady(opts.dir, proc.pid))) {
      if (Date.now() > deadline) {
        signal(-proc.pid, 'SIGKILL');
        await proc.exited;
        throw new LocalPostgresError(
          'SERVER_FAILED',
          `Postgres did not accept connections within ${timeoutMs / 1000} s; see ${opts.logPath}.`,
          await tail(opts.logPath),
        );
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    if (!proc.isRunning()) {
      const log = await tail(opts.logPath);
      if (attempt < 3 && isAddressInUse(log)) continue;
      const reason =
        log
          .split('\n')
          .reverse()
          .find((l) => /FATAL|PANIC|ERROR/.test(l))
          ?.replace(/^.*?(FATAL|PANIC|ERROR):\s*/, '') ?? 'it exited at once';
      throw new LocalPostgresError(
        'SERVER_FAILED',
        `Postgres could not start: ${reason} (log: ${opts.logPath}).`,
        log,
      );
    }
    return {
      port,
      pid: proc.pid,
      exited: proc.exited,
      get running() {
        return proc.isRunning();
      },
      async stop(stopTimeoutMs = 30_000) {
        if (!proc.isRunning()) return;
        // SIGINT is Postgres's fast shutdown: sessions are ended and the server exits cleanly at once.
        signal(proc.pid, 'SIGINT');
        if (await Promise.race([proc.exited.then(() => true), waitForExit(proc.pid, stopTimeoutMs)])) {
          await proc.exited;
          return;
        }
        signal(-proc.pid, 'SIGKILL');
        await proc.exited;
      },
    };
  }
}
