import type { ChildProcess } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';

// What the benches that run simulated agents against a hub process share: the clusters and credentials they
// insert before the hub starts, and waiting for and stopping the processes they start.

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** N clusters (named `<prefix>-1…N`, with `labels`) and one credential each, inserted directly: setup is not what is measured. */
export async function seedClusters(databaseUrl: string, n: number, opts: { prefix?: string; labels?: Record<string, string> } = {}): Promise<string[]> {
  const credentials = Array.from({ length: n }, () => `flc_${randomBytes(32).toString('base64url')}`);
  const ids = credentials.map(() => randomUUID());
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`INSERT INTO clusters (id, name, labels) SELECT id, $2 || '-' || ord, $3::jsonb FROM unnest($1::text[]) WITH ORDINALITY AS t(id, ord)`, [
      ids,
      opts.prefix ?? 'bench',
      JSON.stringify(opts.labels ?? {}),
    ]);
    await client.query(`INSERT INTO cluster_credentials (id, cluster_id, secret_hash) SELECT gen_random_uuid()::text, c, h FROM unnest($1::text[], $2::text[]) AS t(c, h)`, [
      ids,
      credentials.map((c) => createHash('sha256').update(c).digest('hex')),
    ]);
    // Statistics, as autovacuum gathers them within a minute of such inserts: without them Postgres takes
    // `revoked_at IS NULL` to match one credential in two hundred, and plans the hub's report claims as a scan and
    // sort of every credential instead of a lookup of each batch's own.
    await client.query('ANALYZE clusters, cluster_credentials');
  } finally {
    await client.end();
  }
  return credentials;
}

export async function waitHttp(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await fetch(url).catch(() => undefined))?.ok) return;
    await sleep(50);
  }
  throw new Error(`${url} not ready within ${timeoutMs} ms`);
}

/** Sends `signal` (SIGKILL after 10 s more) and resolves when the process has exited. */
export function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill(signal);
    setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
  });
}
