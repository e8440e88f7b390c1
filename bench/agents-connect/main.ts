// bench/agents-connect: N protocol-level simulated agents (a separate process) connect to a hub process, say
// hello and send a heartbeat. Reports hub RSS per connected agent and the time to connect all, for each N, and
// the same figures for a bare socket.io server (the peer) measured in the same run. Loopback only; bounded by N.
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { freePort, makeTempDir, removeDir, repoRoot, startPostgres } from '@flotilla/testenv';
import { rssKiB } from '../agent-runtime/proc-stats.js';
import { seedClusters, stopChild, waitHttp } from './fleet-setup.js';

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
