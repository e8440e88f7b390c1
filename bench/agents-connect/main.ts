// bench/agents-connect: N protocol-level simulated agents (a separate process) connect to a hub process, say
// hello and send a heartbeat. Reports hub RSS per connected agent and the time to connect all, for each N, and
// the same figures for a bare socket.io server (the peer) measured in the same run. Loopback only; bounded by N.
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { freePort, makeTempDir, removeDir, repoRoot, startPostgres } from '@flotilla/testenv';
import { rssKiB } from '../agent-runtime/proc-stats.js';

const sizes = (process.env.BENCH_N ?? '1000,5000').split(',').map(Number);
const window = Number(process.env.BENCH_WINDOW ?? 100);
const maxN = 10_000;
// The hub's /metrics answers this bearer token only.
const metricsToken = randomBytes(24).toString('hex');
if (sizes.some((n) => !Number.isInteger(n) || n < 1 || n > maxN)) throw new Error(`BENCH_N must be integers in 1..${maxN}`);

interface Result {
  server: 'hub' | 'bare socket.io';
  n: number;
  connected: number;
  failures: number;
  connectMs: number;
  heartbeatRoundMs: number;
  rssBeforeMb: number;
  rssAfterMb: number;
  rssPerAgentKb: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitHttp(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await sleep(100);
  }
  throw new Error(`${url} not ready within ${timeoutMs} ms`);
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
  });
}

/** N clusters with credentials, inserted directly: setup is not what we measure. */
async function seedClusters(databaseUrl: string, n: number): Promise<string[]> {
  const credentials = Array.from({ length: n }, () => `flc_${randomBytes(32).toString('base64url')}`);
  const ids = credentials.map(() => randomUUID());
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`INSERT INTO clusters (id, name) SELECT id, 'bench-' || ord FROM unnest($1::text[]) WITH ORDINALITY AS t(id, ord)`, [ids]);
    await client.query(`INSERT INTO cluster_credentials (id, cluster_id, secret_hash) SELECT gen_random_uuid()::text, c, h FROM unnest($1::text[], $2::text[]) AS t(c, h)`, [
      ids,
      credentials.map((c) => createHash('sha256').update(c).digest('hex')),
    ]);
  } finally {
    await client.end();
  }
  return credentials;
}

async function runSimulator(url: string, credentials: string[], dir: string): Promise<{ child: ChildProcess; report: Omit<Result, 'server' | 'n' | 'rssBeforeMb' | 'rssAfterMb' | 'rssPerAgentKb'> }> {
  const jobFile = path.join(dir, `job-${credentials.length}-${Date.now()}.json`);
  await writeFile(jobFile, JSON.stringify({ url, credentials, window }));
  const child = fork(path.join(import.meta.dirname, 'simulator.ts'), [jobFile], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const report = await new Promise<Record<string, number>>((resolve, reject) => {
    child.once('message', (m) => resolve(m as Record<string, number>));
    child.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
  });
  return {
    child,
    report: { connected: report.connected!, failures: report.failures!, connectMs: report.connectMs!, heartbeatRoundMs: report.heartbeatRoundMs! },
  };
}

async function measure(server: Result['server'], n: number, start: () => Promise<{ child: ChildProcess; url: string }>, creds: string[], dir: string): Promise<Result> {
  const { child, url } = await start();
  try {
    await sleep(1_000);
    const before = await rssKiB(child.pid!);
    const sim = await runSimulator(url, creds, dir);
    await sleep(2_000);
    const after = await rssKiB(child.pid!);
    if (server === 'hub') {
      const metrics = await (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } })).text();
      const gauge = Number(/^flotilla_agents_connected (\d+)/m.exec(metrics)?.[1]);
      if (gauge !== sim.report.connected) throw new Error(`hub reports ${gauge} connected agents, simulator ${sim.report.connected}`);
    }
    sim.child.send({ type: 'stop' });
    await stopChild(sim.child);
    return {
      server,
      n,
      ...sim.report,
      rssBeforeMb: before / 1024,
      rssAfterMb: after / 1024,
      rssPerAgentKb: (after - before) / Math.max(1, sim.report.connected),
    };
  } finally {
    await stopChild(child);
  }
}

async function main(): Promise<void> {
  const dir = await makeTempDir('bench-agents-connect');
  const postgres = await startPostgres();
  const results: Result[] = [];
  try {
    for (const n of sizes) {
      const databaseUrl = await postgres.createDatabase();
      const creds = await seedClusters(databaseUrl, n);
      results.push(
        await measure('hub', n, async () => {
          const port = await freePort();
          // BENCH_HUB_NODE_ARGS: e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile the hub under load.
          const nodeArgs = process.env.BENCH_HUB_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
          const child = spawn(process.execPath, [...nodeArgs, '--import', '@swc-node/register/esm-register', 'src/main.ts'], {
            cwd: path.join(repoRoot, 'apps/hub-api'),
            env: {
              ...process.env,
              SWC_NODE_PROJECT: 'tsconfig.json',
              FLOTILLA_DATABASE_URL: databaseUrl,
              FLOTILLA_PORT: String(port),
              FLOTILLA_SKIP_WEB_BUILD: '1',
              // Per-connection info lines would measure the terminal, not the hub.
              FLOTILLA_LOG_LEVEL: 'warn',
              FLOTILLA_METRICS_TOKEN: metricsToken,
              FLOTILLA_ADMIN_PASSWORD: 'bench-admin-password',
              FLOTILLA_HEARTBEAT_TIMEOUT_MS: '300000',
            },
            stdio: ['ignore', 'ignore', 'inherit'],
          });
          const url = `http://127.0.0.1:${port}`;
          await waitHttp(`${url}/readyz`);
          return { child, url };
        }, creds, dir),
      );
      results.push(
        await measure('bare socket.io', n, async () => {
          const port = await freePort();
          const child = fork(path.join(import.meta.dirname, 'bare-server.ts'), [String(port)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
          await new Promise((resolve) => child.once('message', resolve));
          return { child, url: `http://127.0.0.1:${port}` };
        }, creds, dir),
      );
    }
  } finally {
    await postgres.stop();
    await removeDir(dir);
  }

  const row = (r: Result) =>
    `| ${r.server.padEnd(14)} | ${String(r.n).padStart(5)} | ${String(r.connected).padStart(9)} | ${r.connectMs.toFixed(0).padStart(12)} | ${r.heartbeatRoundMs.toFixed(0).padStart(12)} | ${r.rssBeforeMb.toFixed(1).padStart(9)} | ${r.rssAfterMb.toFixed(1).padStart(9)} | ${r.rssPerAgentKb.toFixed(1).padStart(12)} |`;
  const lines = [
    `agents-connect (window ${window} handshakes in flight; simulator in its own process; loopback)`,
    '| server         |     N | connected | connect all ms | heartbeat ms | RSS0 MB | RSS1 MB | KB per agent |',
    '|----------------|------:|----------:|-------------:|-------------:|----------:|----------:|-------------:|',
    ...results.map(row),
    '',
  ];
  for (const n of sizes) {
    const hub = results.find((r) => r.server === 'hub' && r.n === n)!;
    const bare = results.find((r) => r.server !== 'hub' && r.n === n)!;
    lines.push(
      `N=${n}: hub/bare connect time ${(hub.connectMs / bare.connectMs).toFixed(2)}x, hub/bare RSS per agent ${(hub.rssPerAgentKb / Math.max(0.1, bare.rssPerAgentKb)).toFixed(2)}x, failures ${hub.failures}`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  if (results.some((r) => r.failures > 0 || r.connected !== r.n)) process.exitCode = 1;
}

await main();
