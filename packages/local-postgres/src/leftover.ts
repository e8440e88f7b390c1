import { execFile } from 'node:child_process';
import { readFile, readlink, realpath, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { LocalPostgresError } from './errors.js';

const execFileAsync = promisify(execFile);

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

// The first line of postmaster.pid is the postmaster's pid, the second its data directory.
async function lockFilePid(dir: string): Promise<number | undefined> {
  const text = await readFile(path.join(dir, 'postmaster.pid'), 'utf8').catch(() => undefined);
  const pid = Number(text?.split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

// A pid in a lock file may have been reused since (after a reboot, say). On Linux the postmaster's working
// directory is its data directory, which identifies it; elsewhere the process name has to do.
async function isPostmasterOf(pid: number, dir: string): Promise<boolean> {
  try {
    return (await readlink(`/proc/${pid}/cwd`)) === (await realpath(dir));
  } catch {
    const name = await execFileAsync('ps', ['-o', 'comm=', '-p', String(pid)]).then(
      (r) => r.stdout.trim(),
      () => '',
    );
    return path.basename(name) === 'postgres';
  }
}

/**
 * A hub killed outright (SIGKILL, OOM) leaves its Postgres running, reparented to init, and holding the
 * data directory's lock, so the next start would fail. Stops such a server (a fast shutdown, then harder)
 * and returns its pid. A lock file naming a pid that is now some other process is removed, since Postgres
 * would refuse to start over it. Call it only when no live owner of `dir` can be using the server.
 */
export async function stopLeftoverServer(dir: string, timeoutMs = 30_000): Promise<number | undefined> {
  const pid = await lockFilePid(dir);
  if (pid === undefined || !isAlive(pid)) return undefined;
  if (!(await isPostmasterOf(pid, dir))) {
    await rm(path.join(dir, 'postmaster.pid'), { force: true });
    return undefined;
  }
  const steps: [NodeJS.Signals, number][] = [
    ['SIGINT', timeoutMs],
    ['SIGQUIT', 5_000],
    ['SIGKILL', 5_000],
  ];
  for (const [signal, wait] of steps) {
    try {
      process.kill(pid, signal);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ESRCH') return pid;
      throw new LocalPostgresError(
        'HELD_BY_OTHER',
        `a Postgres server (pid ${pid}) of another user holds ${dir}; stop it, or use another directory.`,
      );
    }
    if (await waitForExit(pid, wait)) return pid;
  }
  throw new LocalPostgresError(
    'HELD_BY_OTHER',
    `the Postgres server (pid ${pid}) holding ${dir} does not stop; stop it by hand.`,
  );
}
