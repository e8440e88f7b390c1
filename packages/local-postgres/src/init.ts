import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { LocalPostgresError } from './errors.js';
import type { PostgresRuntime } from './runtime.js';

export interface InitClusterOptions {
  superuser: string;
  auth: 'trust' | 'scram-sha-256';
  // Required with scram-sha-256: the superuser's password.
  password?: string;
  // Skip initdb's fsync (throwaway test clusters).
  noSync?: boolean;
}

export function isInitialised(dir: string): boolean {
  return existsSync(path.join(dir, 'PG_VERSION'));
}

// initdb reads the password from a file. It lives in a private temporary directory of the user initdb runs
// as, only while initdb runs, so no other user can read it and it is never in the process list.
async function withPasswordFile<T>(
  runtime: PostgresRuntime,
  password: string | undefined,
  fn: (file?: string) => Promise<T>,
): Promise<T> {
  if (password === undefined) return fn();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'flotilla-initdb-'));
  try {
    const file = path.join(dir, 'password');
    await writeFile(file, `${password}\n`, { mode: 0o600 });
    if (runtime.user) {
      await chown(file, runtime.user.uid, runtime.user.gid);
      await chown(dir, runtime.user.uid, runtime.user.gid);
    }
    return await fn(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// Runs initdb as the runtime's user on an empty `dir` that user owns.
export async function initCluster(
  runtime: PostgresRuntime,
  dir: string,
  opts: InitClusterOptions,
): Promise<void> {
  await withPasswordFile(runtime, opts.password, (file) => runInitdb(runtime, dir, opts, file));
}

async function runInitdb(
  runtime: PostgresRuntime,
  dir: string,
  opts: InitClusterOptions,
  passwordFile: string | undefined,
): Promise<void> {
  const args = ['-D', dir, '-U', opts.superuser, `--auth=${opts.auth}`, '-E', 'UTF8', '--locale=C'];
  if (passwordFile) args.push(`--pwfile=${passwordFile}`);
  if (opts.noSync) args.push('--no-sync');
  const stderr = await new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    const child = spawn(runtime.initdb, args, {
      ...(runtime.user ? { uid: runtime.user.uid, gid: runtime.user.gid } : {}),
      env: { ...process.env, LC_ALL: 'C' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let output = '';
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  }).catch((err: NodeJS.ErrnoException) => ({ code: -1, output: `${err.code ?? ''} ${err.message}` }));
  if (stderr.code !== 0) {
    const reason =
      stderr.output
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean)
        .find((l) => /error|denied|fatal/i.test(l)) ?? stderr.output.trim();
    throw new LocalPostgresError(
      'INITDB_FAILED',
      `initdb could not create a database in ${dir}: ${reason || `exit code ${stderr.code}`}`,
    );
  }
}
