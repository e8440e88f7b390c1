import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chown, lstat, mkdir, realpath, rmdir, symlink, unlink } from 'node:fs/promises';
import path from 'node:path';
import { LocalPostgresError } from './errors.js';
import { ensureStateDir, userCan, type PostgresRuntime } from './runtime.js';

function notWritable(dir: string, err: unknown): LocalPostgresError {
  const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
  const who = process.getuid?.() === 0 ? 'root' : 'the user running Flotilla';
  return new LocalPostgresError(
    'NOT_WRITABLE',
    `cannot write to ${dir} (${code}); make it writable by ${who}, or choose another directory.`,
  );
}

async function ownedDir(dir: string, runtime: PostgresRuntime): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  if (runtime.user) await chown(dir, runtime.user.uid, runtime.user.gid);
}

/**
 * The directory Postgres keeps its cluster in, ideally `preferred`, made ready for the user Postgres runs
 * as. As root that is the `postgres` user, who cannot pass a private parent such as root's home (0700) or a
 * `mktemp -d` directory. We do not loosen the caller's directories; the cluster then lives in the state
 * directory under a name derived from `preferred`, and `preferred` becomes a link to it, so the data is
 * found again on the next start and `ls` shows where it went.
 */
export async function prepareClusterDir(runtime: PostgresRuntime, preferred: string): Promise<string> {
  const parent = path.dirname(preferred);
  try {
    await mkdir(parent, { recursive: true });
  } catch (err) {
    throw notWritable(parent, err);
  }
  const user = runtime.user;
  if (!user) return preferred;

  const existing = await lstat(preferred).catch(() => undefined);
  if (existing?.isSymbolicLink()) {
    const target = await realpath(preferred).catch(() => undefined);
    if (target) {
      await ownedDir(target, runtime);
      return target;
    }
    // The linked directory is gone (a cleaned state directory): start over with a fresh cluster.
    await unlink(preferred);
  } else if (existing?.isDirectory()) {
    if (await userCan(user, ['-r', '-w', '-x'], preferred)) return preferred;
    if (existsSync(path.join(preferred, 'PG_VERSION'))) {
      throw new LocalPostgresError(
        'UNREACHABLE',
        `the ${user.name} user, who runs Postgres, cannot reach the database in ${preferred}; make its parent directories traversable (chmod o+x) or move the data directory elsewhere.`,
      );
    }
  }

  try {
    await ownedDir(preferred, runtime);
  } catch (err) {
    throw notWritable(parent, err);
  }
  if (await userCan(user, ['-r', '-w', '-x'], preferred)) return preferred;

  await rmdir(preferred);
  const key = createHash('sha256')
    .update(await realpath(parent))
    .digest('hex')
    .slice(0, 16);
  const clustersDir = path.join(runtime.stateDir, 'clusters');
  await ensureStateDir(runtime.stateDir);
  await ensureStateDir(clustersDir);
  const target = path.join(clustersDir, `${path.basename(parent)}-${key}`);
  // If the link was removed by hand, the cluster it pointed to is this data directory's: it is used again.
  await ownedDir(target, runtime);
  if (!(await userCan(user, ['-r', '-w', '-x'], target))) {
    throw new LocalPostgresError(
      'UNREACHABLE',
      `the ${user.name} user, who runs Postgres, can reach neither ${parent} nor ${runtime.stateDir}; make one of them and its parent directories traversable (chmod o+x).`,
    );
  }
  await symlink(target, preferred);
  return target;
}
