// bench/fleet-sim: N protocol-level agents (in worker processes, agents.ts) against one hub process, each figure
// beside its peer in the same run. Per N: the first connect and the connect storm after a hub restart against a
// bare socket.io server restarted the same way; hub RSS and CPU per connected agent; assignment propagation
// after a change that touches every cluster (p50/p99); status/event ingestion against a raw batched INSERT into
// the same Postgres. Loopback only; bounded by N, rounds and deadlines; everything it starts is stopped.
import { type ChildProcess, fork, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { artifactsDir, freePort, makeTempDir, percentile, removeDir, repoRoot, startPostgres } from '@flotilla/testenv';
import { loadAverage, log, runBench } from '../bench-main.js';
import { sampleTree } from '../agent-runtime/proc-stats.js';
import { signIn, type Gql } from '../push-to-ready/hub.js';
import { seedClusters, stopChild, waitHttp } from '../agents-connect/fleet-setup.js';
import type { WorkerCommand, WorkerReport } from './agents.js';

const sizes = (process.env.BENCH_N ?? '1000,5000,10000').split(',').map(Number);
const perWorker = Number(process.env.BENCH_AGENTS_PER_WORKER ?? 2500);
const window = Number(process.env.BENCH_WINDOW ?? 100);
const changes = Number(process.env.BENCH_CHANGES ?? 3);
const batches = Number(process.env.BENCH_BATCHES ?? 1);
// Agents that report in the ingestion step (the rest stay connected and heartbeat): the hub stores a few dozen
// batches a second on this machine, so a report from every one of 10,000 agents would not end in bounded time.
const ingestAgents = Number(process.env.BENCH_INGEST_AGENTS ?? 500);
const itemsPerBatch = Number(process.env.BENCH_ITEMS ?? 20);
// Ingestion bursts, each once hub and Postgres are quiet (the raw peer runs as many): the first is the hub's first
// reports since it started (its validators and statements not yet compiled or planned), the later ones its rate
// once warm, as a hub that has run for a while stores reports.
const ingestRounds = Number(process.env.BENCH_INGEST_ROUNDS ?? 3);
const steadyS = Number(process.env.BENCH_STEADY_S ?? 20);
const stepTimeoutMs = Number(process.env.BENCH_STEP_TIMEOUT_S ?? 600) * 1000;
const peerConnections = 8;
// BENCH_INGESTION_ONLY=1: the hub's connect, propagation and ingestion with its raw-INSERT peer only (no restart
// storm, no bare server), for quick measurements of ingestion.
const ingestionOnly = process.env.BENCH_INGESTION_ONLY === '1';
// BENCH_PG_EXPLAIN_MS: log the plans of statements slower than this (auto_explain), kept in test-artifacts/.
const explainMs = process.env.BENCH_PG_EXPLAIN_MS === undefined ? undefined : Number(process.env.BENCH_PG_EXPLAIN_MS);
// BENCH_HUB_BUNDLE: another hub bundle to run (a copy of apps/hub-api/dist beside it, e.g. apps/hub-api/dist-main
// built from main), so two builds are compared from one worktree; unset, the worktree's own bundle (built if stale).
const hubBundle = process.env.BENCH_HUB_BUNDLE ?? 'apps/hub-api/dist/main.mjs';
if (sizes.some((n) => !Number.isInteger(n) || n < 1 || n > 10_000)) throw new Error('BENCH_N must be integers in 1..10000');
if (![perWorker, window, changes, batches, itemsPerBatch, steadyS, ingestAgents, ingestRounds].every((v) => Number.isInteger(v) && v > 0)) throw new Error('BENCH_* counts must be positive integers');

const ADMIN_PASSWORD = 'bench-admin-password';
const metricsToken = randomBytes(24).toString('hex');
const now = (): number => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The worker processes holding the fleet, and their reports routed per type. */
class Fleet {
  private constructor(
    readonly workers: ChildProcess[],
    private readonly inbox: WorkerReport[][],
  ) {}

  static async start(url: string, credentials: string[], dir: string): Promise<Fleet> {
    const workers: ChildProcess[] = [];
    const inbox: WorkerReport[][] = [];
    for (let i = 0; i < credentials.length; i += perWorker) {
      const file = path.join(dir, `worker-${i}-${Date.now()}.json`);
      await writeFile(file, JSON.stringify({ url, credentials: credentials.slice(i, i + perWorker), window: Math.max(1, Math.round(window / Math.ceil(credentials.length / perWorker))) }));
      const child = fork(path.join(import.meta.dirname, 'agents.ts'), [file], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: ['--import', 'tsx'] });
      const box: WorkerReport[] = [];
      child.on('message', (m: WorkerReport) => {
        if (m.type === 'error') process.stderr.write(`worker: ${m.message}\n`);
        box.push(m);
      });
      workers.push(child);
      inbox.push(box);
    }
    const fleet = new Fleet(workers, inbox);
    await fleet.collect('ready');
    return fleet;
  }

  send(cmd: WorkerCommand): void {
    for (const w of this.workers) w.send(cmd);
  }

  /** One report of `type` from every worker (taken out of the inbox), within the step deadline. */
  async collect<T extends WorkerReport['type']>(type: T): Promise<Extract<WorkerReport, { type: T }>[]> {
    const deadline = Date.now() + stepTimeoutMs;
    for (;;) {
      if (this.workers.some((w) => w.exitCode !== null)) throw new Error('a fleet worker exited');
      if (this.inbox.every((box) => box.some((m) => m.type === type))) {
        return this.inbox.map((box) => box.splice(box.findIndex((m) => m.type === type), 1)[0] as Extract<WorkerReport, { type: T }>);
      }
      if (Date.now() > deadline) throw new Error(`fleet: no '${type}' from every worker within ${stepTimeoutMs} ms`);
      await sleep(20);
    }
  }

  async stop(): Promise<void> {
    this.send({ type: 'stop' });
    await Promise.all(this.workers.map((w) => stopChild(w)));
  }
}

interface Server {
  child: ChildProcess;
  url: string;
  restart(): Promise<{ child: ChildProcess; bootMs: number }>;
}

async function startHub(databaseUrl: string, dir: string): Promise<Server> {
  const port = await freePort();
  // Kept after the run (test-artifacts/), for the warnings and errors the hub logged under load.
  await mkdir(artifactsDir(), { recursive: true });
  const logFile = createWriteStream(path.join(artifactsDir(), `bench-fleet-sim-hub-${Date.now()}.log`), { flags: 'a' });
  const launch = (): ChildProcess => {
    // The launch settings the hub image and `pnpm start` use (deploy/Dockerfile.hub's CMD, package.json's start).
    // BENCH_HUB_NODE_ARGS replaces the node flags, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile the hub
    // under the fleet, or an empty value for Node's defaults.
    const nodeArgs = (process.env.BENCH_HUB_NODE_ARGS ?? '--max-semi-space-size=2 --heap-growing-percent=100').split(' ').filter(Boolean);
    // hub-gc.ts lines --trace-gc's times (milliseconds since the isolate's start) up with the clock from this.
    logFile.write(`# fleet-sim spawned the hub at ${new Date().toISOString()}\n`);
    const child = spawn(process.execPath, [...nodeArgs, hubBundle], {
      cwd: repoRoot,
      env: {
        MALLOC_ARENA_MAX: '2',
        ...process.env,
        FLOTILLA_HOST: '127.0.0.1',
        FLOTILLA_PORT: String(port),
        FLOTILLA_DATABASE_URL: databaseUrl,
        FLOTILLA_DATA_DIR: path.join(dir, 'data'),
        FLOTILLA_WEB_DIST: path.join(dir, 'no-web-ui'),
        FLOTILLA_SKIP_WEB_BUILD: '1',
        FLOTILLA_LOG_LEVEL: 'warn',
        FLOTILLA_METRICS_TOKEN: metricsToken,
        FLOTILLA_ADMIN_PASSWORD: ADMIN_PASSWORD,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.pipe(logFile, { end: false });
    child.stderr!.pipe(logFile, { end: false });
    return child;
  };
  const url = `http://127.0.0.1:${port}`;
  const server: Server = {
    child: launch(),
    url,
    async restart() {
      const started = now();
      server.child = launch();
      await waitHttp(`${url}/readyz`, 180_000);
      return { child: server.child, bootMs: now() - started };
    },
  };
  await waitHttp(`${url}/readyz`, 180_000);
  return server;
}

async function startBare(): Promise<Server> {
  const port = await freePort();
  const launch = async (): Promise<ChildProcess> => {
    const child = fork(path.join(import.meta.dirname, '../agents-connect/bare-server.ts'), [String(port)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: ['--import', 'tsx'] });
    await new Promise((resolve) => child.once('message', resolve));
    return child;
  };
  const server: Server = {
    child: await launch(),
    url: `http://127.0.0.1:${port}`,
    async restart() {
      const started = now();
      server.child = await launch();
      return { child: server.child, bootMs: now() - started };
    },
  };
  return server;
}

interface Row {
  server: 'hub' | 'bare socket.io';
  n: number;
  firstConnectMs: number;
  failures: number;
  rssIdleMiB: number;
  rssConnectedMiB: number;
  cpuSteadyS: number;
  /** Postgres' CPU seconds in the same window (its heartbeat writes; the bare server writes nothing). */
  postgresCpuSteadyS: number;
  downMs: number;
  stormMs: number;
  rssEndMiB: number;
}

/** Connects the fleet, holds it for the steady window, then restarts the server and times the storm. */
async function connectAndStorm(
  server: Server,
  kind: Row['server'],
  credentials: string[],
  dir: string,
  between: (fleet: Fleet) => Promise<void>,
  postgresPid: number,
  downMs?: number,
): Promise<Row> {
  const idle = await sampleTree(server.child.pid!);
  const fleet = await Fleet.start(server.url, credentials, dir);
  try {
    const t0 = now();
    fleet.send({ type: 'connect' });
    const connected = await fleet.collect('connected');
    const firstConnectMs = now() - t0;
    const failures = connected.reduce((s, c) => s + c.failures, 0);
    await sleep(3_000);
    const [before, pgBefore] = await Promise.all([sampleTree(server.child.pid!), sampleTree(postgresPid)]);
    await sleep(steadyS * 1000);
    const [after, pgAfter] = await Promise.all([sampleTree(server.child.pid!), sampleTree(postgresPid)]);
    const postgresCpuSteadyS = pgAfter.cpuSeconds - pgBefore.cpuSeconds;
    if (kind === 'hub') await expectConnectedGauge(server.url, credentials.length - failures);
    await between(fleet);
    if (ingestionOnly) {
      const empty = { downMs: NaN, stormMs: NaN, rssEndMiB: NaN };
      return { server: kind, n: credentials.length, firstConnectMs, failures, rssIdleMiB: idle.rssKiB / 1024, rssConnectedMiB: before.rssKiB / 1024, cpuSteadyS: after.cpuSeconds - before.cpuSeconds, postgresCpuSteadyS, ...empty };
    }
    // The restart: the server goes down at once (SIGKILL, as a crashed process or a lost node), comes back on
    // the same port, and every agent finds it again on its own backoff schedule.
    const killedAt = now();
    // BENCH_RESTART_SIGNAL=SIGTERM lets a profiled hub write its profile.
    await stopChild(server.child, (process.env.BENCH_RESTART_SIGNAL ?? 'SIGKILL') as NodeJS.Signals);
    await sleep(500);
    fleet.send({ type: 'await-welcomed' });
    // The bare server waits as long as the hub was down, so both fleets' backoff has grown the same.
    if (downMs !== undefined) await sleep(Math.max(0, downMs - (now() - killedAt)));
    const { child } = await server.restart();
    const readyAt = now();
    log(`  ${kind} restarted (down ${(readyAt - killedAt).toFixed(0)} ms); waiting for the fleet`);
    const welcomed = await fleet.collect('all-welcomed');
    const lastWelcomeAt = Math.max(...welcomed.map((w) => w.lastWelcomeAt));
    await sleep(2_000);
    const end = await sampleTree(child.pid!);
    return {
      server: kind,
      n: credentials.length,
      firstConnectMs,
      failures,
      rssIdleMiB: idle.rssKiB / 1024,
      rssConnectedMiB: before.rssKiB / 1024,
      cpuSteadyS: after.cpuSeconds - before.cpuSeconds,
      postgresCpuSteadyS,
      downMs: readyAt - killedAt,
      stormMs: lastWelcomeAt - readyAt,
      rssEndMiB: end.rssKiB / 1024,
    };
  } finally {
    await fleet.stop();
  }
}

/** The hub's own count of connected agents must reach the fleet's (a reconnecting agent may lag a moment). */
async function expectConnectedGauge(url: string, expected: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const metrics = await (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } })).text();
    const gauge = Number(/^flotilla_agents_connected (\d+)/m.exec(metrics)?.[1]);
    if (gauge === expected) return;
    if (Date.now() > deadline) throw new Error(`hub reports ${gauge} connected agents, the fleet ${expected}`);
    await sleep(1_000);
  }
}

interface HubWork {
  propagationMs: number[];
  rounds: { p50: number; p99: number; max: number }[];
  /** Items each ingestion burst stored (the same in every burst). */
  ingestItems: number;
  /** Each burst: its wall time and the CPU seconds each side spent in it. */
  ingest: IngestBurst[];
  /** The raw peer's bursts run between the hub's, beside the same connected fleet. */
  beside: RawBurst[];
  protocolErrors: Record<string, number>;
}

interface IngestBurst {
  ms: number;
  cpu: { hub: number; postgres: number; agents: number };
}

/** Assignment changes touching every cluster, then status and event reports, with the fleet connected. */
async function hubWork(gql: Gql, fleet: Fleet, n: number, hubPid: number, databaseUrl: string, postgresPid: number): Promise<HubWork> {
  await gql('mutation($input: GitRepositoryInput!) { createGitRepository(input: $input) { id } }', {
    input: { name: 'sim', url: 'http://127.0.0.1:9/sim.git', ref: { branch: 'main' }, interval: '10m' },
  });
  const spec = (interval: string) => ({ sourceRef: { kind: 'GitRepository', name: 'sim' }, path: './clusters/all', interval, prune: true });
  const propagationMs: number[] = [];
  const rounds: HubWork['rounds'] = [];
  let id = '';
  for (let round = 0; round <= changes; round++) {
    // Every agent notes the generation it holds before the change; the figure is when the next one arrives.
    fleet.send({ type: 'mark-generation' });
    await fleet.collect('marked');
    const t0 = now();
    if (round === 0) {
      const created = await gql<{ createKustomization: { id: string } }>('mutation($input: KustomizationInput!) { createKustomization(input: $input) { id } }', {
        input: { name: 'apps', spec: spec('10m'), placement: { clusterSelector: 'fleet=sim' } },
      });
      id = created.createKustomization.id;
    } else {
      await gql('mutation($id: ID!, $input: KustomizationInput!) { updateKustomization(id: $id, input: $input) { id } }', {
        id,
        input: { name: 'apps', spec: spec(`${10 + round}m`), placement: { clusterSelector: 'fleet=sim' } },
      });
    }
    const got = (await fleet.collect('generation')).flatMap((g) => g.receivedAt.map((at) => at - t0));
    rounds.push({ p50: percentile(got, 50), p99: percentile(got, 99), max: Math.max(...got) });
    // Round 0 creates the Kustomization (every document goes from empty to one entry); the changes are the figure.
    if (round > 0) propagationMs.push(...got);
    log(`  ${round === 0 ? 'create' : `change ${round}`}: p50 ${rounds.at(-1)!.p50.toFixed(0)} ms, p99 ${rounds.at(-1)!.p99.toFixed(0)} ms`);
  }
  const cpu = () => Promise.all([sampleTree(hubPid), sampleTree(postgresPid), ...fleet.workers.map((w) => sampleTree(w.pid!))]).then((s) => s.map((x) => x.cpuSeconds));
  const ingest: IngestBurst[] = [];
  const beside: RawBurst[] = [];
  const protocolErrors: Record<string, number> = {};
  let ingestItems = 0;
  // The raw peer also runs between the hub's bursts, with the fleet still connected and heartbeating: the same
  // background load as the hub's bursts, and the same drift of this shared machine's speed (the quiet peer after the
  // hub stopped has neither).
  const peer = await RawPeer.open(databaseUrl, 'bench_raw_events_beside', (await queryIds(databaseUrl)).slice(0, n), postgresPid);
  try {
    for (let burst = 0; burst < ingestRounds; burst++) {
      // The agents acknowledge the last change's assignment as it arrives (and the previous burst's batches), so the
      // hub and Postgres may still be storing: each burst's clock starts once both are quiet, as the raw peer's starts
      // on an idle server. Rounds alternate which goes first; the hub's first burst is always its first reports.
      const order = burst % 2 === 0 ? (['hub', 'raw'] as const) : (['raw', 'hub'] as const);
      for (const side of order) {
        const quietMs = await untilQuiet(cpu);
        log(`  hub and Postgres quiet after ${quietMs.toFixed(0)} ms`);
        if (side === 'raw') {
          if (ingestItems === 0) throw new Error('the raw peer ran before the hub stored a burst');
          const before = await cpu();
          const r = await peer.burst(ingestItems);
          const spent = (await cpu()).map((c, i) => c - before[i]!);
          beside.push({ ms: r.ms, cpu: { ...r.cpu, hub: spent[0]!, agents: spent.slice(2).reduce((a, b) => a + b, 0) } });
          log(`  raw burst ${burst + 1} beside the fleet done in ${r.ms.toFixed(0)} ms`);
          continue;
        }
        const cpuBefore = await cpu();
        const t0 = now();
        // The reporting agents are spread over the workers evenly.
        const reporting = Math.ceil(Math.min(n, ingestAgents) / fleet.workers.length);
        fleet.send({ type: 'ingest', agents: reporting, batches, items: itemsPerBatch });
        const done = await fleet.collect('ingested');
        const ms = Math.max(...done.map((d) => d.doneAt)) - t0;
        log(`  ingestion burst ${burst + 1} done in ${ms.toFixed(0)} ms (from ${new Date(t0).toISOString()})`);
        const spent = (await cpu()).map((c, i) => c - cpuBefore[i]!);
        for (const d of done) for (const [k, v] of Object.entries(d.protocolErrors)) protocolErrors[k] = (protocolErrors[k] ?? 0) + v;
        ingestItems = done.reduce((s, d) => s + d.items, 0);
        ingest.push({ ms, cpu: { hub: spent[0]!, postgres: spent[1]!, agents: spent.slice(2).reduce((a, b) => a + b, 0) } });
      }
    }
  } finally {
    await peer.close();
  }
  return { propagationMs, rounds, ingestItems, ingest, beside, protocolErrors };
}

/**
 * Waits until the hub and Postgres (the first two of `cpu`'s figures) used under 5 % of a core over 250 ms, at
 * most 10 s; returns how long it waited.
 */
async function untilQuiet(cpu: () => Promise<number[]>): Promise<number> {
  const started = now();
  let last = await cpu();
  while (now() - started < 10_000) {
    await sleep(250);
    const next = await cpu();
    const busy = next[0]! - last[0]! + (next[1]! - last[1]!);
    last = next;
    if (busy < 0.0125) break;
  }
  return now() - started;
}

interface RawBurst {
  ms: number;
  /** CPU seconds in the burst: Postgres, the peer's own client, and (beside the fleet) the hub and the agents. */
  cpu: { postgres: number; client: number; hub?: number; agents?: number };
}

/**
 * The peer of ingestion: the same number of event rows in the same batch size, multi-row INSERTs over 8
 * connections into a table of its own shaped like `cluster_events`.
 */
class RawPeer {
  private constructor(
    private readonly clients: pg.Client[],
    private readonly table: string,
    private readonly clusterIds: string[],
    private readonly postgresPid: number,
  ) {}

  static async open(databaseUrl: string, table: string, clusterIds: string[], postgresPid: number): Promise<RawPeer> {
    const setup = new pg.Client({ connectionString: databaseUrl });
    await setup.connect();
    await setup.query(`CREATE TABLE ${table} (LIKE cluster_events INCLUDING DEFAULTS INCLUDING INDEXES)`);
    await setup.end();
    const clients = await Promise.all(
      Array.from({ length: peerConnections }, async () => {
        const c = new pg.Client({ connectionString: databaseUrl });
        await c.connect();
        return c;
      }),
    );
    return new RawPeer(clients, table, clusterIds, postgresPid);
  }

  async burst(rows: number): Promise<RawBurst> {
    const total = Math.ceil(rows / itemsPerBatch);
    let next = 0;
    const pgBefore = (await sampleTree(this.postgresPid)).cpuSeconds;
    const clientBefore = process.cpuUsage();
    const started = now();
    await Promise.all(
      this.clients.map(async (c) => {
        while (next < total) {
          const b = next++;
          const clusterId = this.clusterIds[b % this.clusterIds.length]!;
          const items = Array.from({ length: itemsPerBatch }, (_, k) => ({
            cluster_id: clusterId,
            message: `Deployment/app-${b}/web-${k} configured`,
            occurred_at: new Date().toISOString(),
          }));
          await c.query(
            `INSERT INTO ${this.table} (cluster_id, involved_kind, involved_namespace, involved_name, severity, reason, message, revision, occurred_at)
             SELECT cluster_id, 'Kustomization', 'flotilla-system', 'apps', 'info', 'ReconciliationSucceeded', message, $2, occurred_at
             FROM jsonb_to_recordset($1::jsonb) AS t(cluster_id text, message text, occurred_at timestamptz)`,
            [JSON.stringify(items), `main@sha1:${'c'.repeat(40)}`],
          );
        }
      }),
    );
    const ms = now() - started;
    const client = process.cpuUsage(clientBefore);
    const postgres = (await sampleTree(this.postgresPid)).cpuSeconds - pgBefore;
    return { ms, cpu: { postgres, client: (client.user + client.system) / 1e6 } };
  }

  async close(): Promise<void> {
    await Promise.all(this.clients.map((c) => c.end()));
  }
}

/** The raw peer on a quiet machine (the hub and the fleet stopped): as many bursts as the hub's. */
async function quietPeer(databaseUrl: string, clusterIds: string[], rows: number, postgresPid: number): Promise<RawBurst[]> {
  const peer = await RawPeer.open(databaseUrl, 'bench_raw_events', clusterIds, postgresPid);
  try {
    const bursts: RawBurst[] = [];
    for (let burst = 0; burst < ingestRounds; burst++) {
      bursts.push(await peer.burst(rows));
      await sleep(500);
    }
    return bursts;
  } finally {
    await peer.close();
  }
}

const fmt = (v: number, d = 0) => v.toFixed(d);

async function main(): Promise<void> {
  log(`fleet-sim: N = ${sizes.join(', ')}; load average ${loadAverage()}`);
  const build = process.env.BENCH_HUB_BUNDLE !== undefined ? { status: 0 } : spawnSync(process.execPath, ['scripts/build-bundles.mjs', '--if-stale', '--quiet', 'hub'], { cwd: repoRoot, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('building the hub bundle failed');
  const dir = await makeTempDir('bench-fleet-sim');
  const postgres = await startPostgres();
  const lines: string[] = [];
  try {
    for (const n of sizes) {
      const databaseUrl = await postgres.createDatabase();
      const postgresPid = await postmasterPid(databaseUrl);
      const credentials = await seedClusters(databaseUrl, n, { prefix: 'sim', labels: { fleet: 'sim' } });
      if (explainMs !== undefined) await explainSlowStatements(databaseUrl, explainMs);
      log(`N=${n}: hub (load average ${loadAverage()})`);
      const hub = await startHub(databaseUrl, dir);
      let work: HubWork | undefined;
      let hubRow: Row;
      // The hub's CPU seconds from its start to the end of ingestion: what launch settings cost under load.
      let hubCpuS = NaN;
      try {
        const gql = await signIn(hub.url, ADMIN_PASSWORD);
        hubRow = await connectAndStorm(hub, 'hub', credentials, dir, async (fleet) => {
          work = await hubWork(gql, fleet, n, hub.child.pid!, databaseUrl, postgresPid);
          hubCpuS = (await sampleTree(hub.child.pid!)).cpuSeconds;
        }, postgresPid);
      } finally {
        await stopChild(hub.child);
      }
      const ids = (await queryIds(databaseUrl)).slice(0, n);
      // Read once the hub is stopped: its backends sent their statistics on exit.
      const versions = await rowVersions(databaseUrl);
      const raw = await quietPeer(databaseUrl, ids, work!.ingestItems, postgresPid);
      log(`N=${n}: bare socket.io (load average ${loadAverage()})`);
      let bareRow: Row = { ...hubRow, server: 'bare socket.io', firstConnectMs: NaN, stormMs: NaN };
      if (!ingestionOnly) {
        const bare = await startBare();
        try {
          bareRow = await connectAndStorm(bare, 'bare socket.io', credentials, dir, async () => {}, postgresPid, hubRow.downMs);
        } finally {
          await stopChild(bare.child);
        }
      }
      const w = work!;
      const ratios = w.ingest.map((b, i) => raw[i]!.ms / b.ms);
      const besideRatios = w.ingest.map((b, i) => w.beside[i]!.ms / b.ms);
      const summary = (r: number[]) => `first ${fmt(r[0]!, 2)}×${r.length > 1 ? `, warm (bursts 2–${ingestRounds}) median ${fmt(percentile(r.slice(1), 50), 2)}×` : ''}`;
      const burstLine = (b: IngestBurst, i: number) => {
        const r = raw[i]!;
        const s = w.beside[i]!;
        const label = i === 0 ? 'first (cold)' : `${i + 1}`;
        return [
          `  burst ${label}: hub ${fmt(b.ms)} ms = ${fmt((w.ingestItems / b.ms) * 1000)}/s (CPU s: hub ${fmt(b.cpu.hub, 2)}, Postgres ${fmt(b.cpu.postgres, 2)}, agents ${fmt(b.cpu.agents, 2)})`,
          `    raw beside the fleet ${fmt(s.ms)} ms, hub/raw ${fmt(besideRatios[i]!, 2)}× (CPU s: Postgres ${fmt(s.cpu.postgres, 2)}, its client ${fmt(s.cpu.client, 2)}, hub ${fmt(s.cpu.hub ?? NaN, 2)}, agents ${fmt(s.cpu.agents ?? NaN, 2)})`,
          `    raw quiet ${fmt(r.ms)} ms, hub/raw ${fmt(ratios[i]!, 2)}× (CPU s: Postgres ${fmt(r.cpu.postgres, 2)}, its client ${fmt(r.cpu.client, 2)})`,
        ];
      };
      lines.push(
        `N=${n} (load average ${loadAverage()})`,
        'server           first connect  down→ready  storm: ready→all welcomed  RSS idle  RSS connected  KiB/agent  CPU s in ${steadyS} s steady (Postgres)  RSS after storm'.replace('${steadyS}', String(steadyS)),
        ...[hubRow, bareRow].map(
          (r) =>
            `${r.server.padEnd(15)}  ${fmt(r.firstConnectMs).padStart(10)} ms  ${fmt(r.downMs).padStart(7)} ms  ${fmt(r.stormMs).padStart(22)} ms  ${fmt(r.rssIdleMiB).padStart(4)} MiB  ${fmt(r.rssConnectedMiB).padStart(9)} MiB  ${fmt(((r.rssConnectedMiB - r.rssIdleMiB) * 1024) / r.n, 1).padStart(9)}  ${fmt(r.cpuSteadyS, 2).padStart(24)} (${fmt(r.postgresCpuSteadyS, 2)})  ${fmt(r.rssEndMiB).padStart(11)} MiB`,
        ),
        `hub/bare: first connect ${fmt(hubRow.firstConnectMs / bareRow.firstConnectMs, 2)}×, storm ${fmt(hubRow.stormMs / bareRow.stormMs, 2)}×; failures ${hubRow.failures}/${bareRow.failures}`,
        `assignment propagation, ${changes} changes × ${n} clusters: p50 ${fmt(percentile(w.propagationMs, 50))} ms, p99 ${fmt(percentile(w.propagationMs, 99))} ms, max ${fmt(Math.max(...w.propagationMs))} ms (create: p50 ${fmt(w.rounds[0]!.p50)} ms, p99 ${fmt(w.rounds[0]!.p99)} ms)`,
        `ingestion, ${ingestRounds} bursts of ${w.ingestItems} items from ${Math.min(n, ingestAgents)} agents at once (1 status + ${batches}×${itemsPerBatch} events each) against a raw batched INSERT of as many rows (${itemsPerBatch} a statement, ${peerConnections} connections); protocol errors ${JSON.stringify(w.protocolErrors)}`,
        `  hub/raw, the raw peer beside the connected fleet (between the hub's bursts): ${summary(besideRatios)}`,
        `  hub/raw, the raw peer on a quiet machine (hub and fleet stopped): ${summary(ratios)}`,
        ...w.ingest.flatMap(burstLine),
        `hub CPU from start to the end of ingestion: ${fmt(hubCpuS, 1)} s`,
        `rows the hub's run updated (of them heap-only, which touch no index): ${versions.map((v) => `${v.table} ${v.updated} (${v.hot})`).join(', ')}`,
        '',
      );
      process.stdout.write(`${lines.slice(-(12 + 3 * ingestRounds)).join('\n')}\n`);
    }
  } finally {
    if (explainMs !== undefined && postgres.logPath) await copyFile(postgres.logPath, path.join(artifactsDir(), `bench-fleet-sim-postgres-${Date.now()}.log`));
    await postgres.stop();
    await removeDir(dir);
  }
  process.stdout.write(`\n${lines.join('\n')}\n`);
}

/** The plans (with trigger times) of the hub's statements slower than `ms`, in the Postgres log kept after the run. */
async function explainSlowStatements(databaseUrl: string, ms: number): Promise<void> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const db = (await c.query<{ d: string }>('SELECT current_database() AS d')).rows[0]!.d;
    for (const setting of [`session_preload_libraries = 'auto_explain'`, `auto_explain.log_min_duration = ${ms}`, 'auto_explain.log_analyze = on', 'auto_explain.log_triggers = on', 'auto_explain.log_nested_statements = on']) {
      await c.query(`ALTER DATABASE "${db}" SET ${setting}`);
    }
  } finally {
    await c.end();
  }
}

/**
 * Row updates of the tables that reports and heartbeats rewrite, from the start of the database to now, and how
 * many of them were heap-only (the new version on the same page, no index entry written).
 */
async function rowVersions(databaseUrl: string): Promise<{ table: string; updated: number; hot: number }[]> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const { rows } = await c.query<{ table: string; updated: string; hot: string }>(
      `SELECT relname AS table, n_tup_upd AS updated, n_tup_hot_upd AS hot FROM pg_stat_user_tables
        WHERE relname = ANY($1::text[]) ORDER BY array_position($1::text[], relname::text)`,
      [['flux_objects', 'agent_report_sequences', 'clusters']],
    );
    return rows.map((r) => ({ table: r.table, updated: Number(r.updated), hot: Number(r.hot) }));
  } finally {
    await c.end();
  }
}

/** The postmaster's pid (our backend's parent): its tree's CPU counts every backend, the exited ones too. */
async function postmasterPid(databaseUrl: string): Promise<number> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const backend = (await c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
    const stat = await readFile(`/proc/${backend}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } finally {
    await c.end();
  }
}

async function queryIds(databaseUrl: string): Promise<string[]> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    return (await c.query<{ id: string }>('SELECT id FROM clusters ORDER BY name')).rows.map((r) => r.id);
  } finally {
    await c.end();
  }
}

runBench(main);
