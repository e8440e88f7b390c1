// bench/agent-runtime: what the agent's controller runtime costs. One run measures three agent processes, each on
// its own fresh testenv cluster, with the same BENCH_COUNT (default 200) one-Deployment Kustomizations from one
// git repository:
//   before / hub-assigned  the agent at BENCH_BEFORE (default 60799b6, before the runtime), hub-placed Kustomizations
//   now    / hub-assigned  today's agent, the same hub-placed Kustomizations
//   now    / in-cluster    today's agent, Kustomization objects in the cluster from one in-cluster GitRepository
// For each: CPU seconds and wall time of the first full reconcile, then RSS (median of 1 s /proc samples) and CPU
// seconds over a fixed idle window. Then, on the in-cluster agent, BENCH_ROUNDS reconcile requests of an unchanged
// Kustomization through `flux reconcile ks`, through `kubectl annotate` + `kubectl wait` (the peer), and as the
// agent alone (PATCH → watch). Real parts only: Postgres, the git server, the hub (`pnpm start`), the agent as
// the CLI runs it. Loopback only; bounded by a deadline; everything it starts is stopped and removed.
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createKubeClient, type KubeClient } from '@flotilla/spoke-agent/k8s';
import {
  ensureBinaries,
  makeTempDir,
  ManagedProcess,
  percentile,
  removeDir,
  repoRoot,
  startCluster,
  startGitServer,
  startPostgres,
  waitFor,
  type TestCluster,
  type TestGitServer,
  type TestPostgres,
} from '@flotilla/testenv';
import { loadAverage, log, runBench } from '../bench-main.js';
import { startBenchHub, type BenchHub } from '../push-to-ready/hub.js';
import { checkoutAgent, type AgentCheckout } from './agent-checkout.js';
import {
  appliedInCluster,
  appName,
  configMapsInCluster,
  applyInCluster,
  createNamespaces,
  fleetFiles,
  kustomizationSpec,
  readyInCluster,
  SOURCE_NAME,
} from './fleet.js';
import { peakRssKiBOf, TreeSampler, type TreeSample } from './proc-stats.js';
import { agentOnly, fluxReconcile, kubectlAnnotateWait, type RoundTrips } from './round-trip.js';

const COUNT = Number(process.env.BENCH_COUNT ?? 200);
const OBJECTS = Number(process.env.BENCH_OBJECTS ?? 1);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
const IDLE_S = Number(process.env.BENCH_IDLE_S ?? 30);
const BEFORE_COMMIT = process.env.BENCH_BEFORE ?? '60799b6';
const BEFORE_DIR = process.env.BENCH_BEFORE_DIR ?? '/tmp/agent-before';
// `bundle`: each checkout's agent bundle (`node apps/spoke-agent/dist/main.mjs`, built there first), as the image
// runs it; every row of both agents, in each of BENCH_MODES. `sources` (the default): as the CLI runs it under tsx.
const AGENT_RUN = process.env.BENCH_AGENT ?? 'sources';
const MODES = (process.env.BENCH_MODES ?? 'hub-assigned,in-cluster').split(',') as Mode[];
// Extra node options and environment for more rows of today's bundle (launch settings), e.g.
// BENCH_NODE_FLAGS='--max-semi-space-size=1' BENCH_NODE_ENV='MALLOC_ARENA_MAX=2'; `|` separates rows of options.
const NODE_FLAG_ROWS = (process.env.BENCH_NODE_FLAGS ?? '')
  .split('|')
  .map((row) => row.split(' ').filter(Boolean))
  .filter((row) => row.length > 0);
// BENCH_NODE_FLAGS_BEFORE=1: the peer runs every row of options too, so a change is compared under the same settings.
const FLAGS_BEFORE = process.env.BENCH_NODE_FLAGS_BEFORE === '1';
// BENCH_PLAIN=0: bundle runs skip the two rows without node options (only the rows of BENCH_NODE_FLAGS run).
const PLAIN_ROWS = process.env.BENCH_PLAIN !== '0';
const NODE_ENV = Object.fromEntries(
  (process.env.BENCH_NODE_ENV ?? '').split(' ').filter(Boolean).map((kv) => kv.split('=', 2) as [string, string]),
);
// Left after "all Ready" before the idle window opens, for the last status reports to go out.
const SETTLE_S = 5;
const READY_TIMEOUT_MS = 240_000;
const DEADLINE_MS = Number(process.env.BENCH_DEADLINE_S ?? 720) * 1000;
const LABEL = { key: 'bench', value: 'agent-runtime' };
if (!Number.isInteger(COUNT) || COUNT < 1 || COUNT > 500)
  throw new Error('BENCH_COUNT must be a whole number from 1 to 500');
if (!Number.isInteger(OBJECTS) || OBJECTS < 1 || OBJECTS > 50)
  throw new Error('BENCH_OBJECTS must be a whole number from 1 to 50');
if (!Number.isInteger(ROUNDS) || ROUNDS < 0 || ROUNDS > 100)
  throw new Error('BENCH_ROUNDS must be a whole number from 0 to 100');
if (AGENT_RUN !== 'bundle' && AGENT_RUN !== 'sources') throw new Error('BENCH_AGENT must be bundle or sources');
if (!PLAIN_ROWS && (AGENT_RUN !== 'bundle' || NODE_FLAG_ROWS.length === 0))
  throw new Error('BENCH_PLAIN=0 needs BENCH_AGENT=bundle and at least one row of BENCH_NODE_FLAGS');
if (MODES.some((m) => m !== 'hub-assigned' && m !== 'in-cluster'))
  throw new Error('BENCH_MODES must list hub-assigned and/or in-cluster');

type Mode = 'hub-assigned' | 'in-cluster';

interface Row {
  agent: string;
  mode: Mode;
  emptyRssKiB: number;
  reconcileMs: number;
  appliedMs: number;
  reconcileCpuS: number;
  idleCpuS: number;
  steadyRssKiB: number;
  peakRssKiB: number;
  /** VmHWM of the agent's process at the end of the idle window (the Node process; its tree was that one). */
  hwmKiB: number;
  errors: number;
  refusedBatches: number;
}

const mib = (kib: number) => (kib / 1024).toFixed(0);
const median = (xs: number[]) => percentile(xs, 50);

async function main(): Promise<void> {
  const loadAtStart = loadAverage();
  log(
    `bench/agent-runtime: ${COUNT} Kustomizations × ${OBJECTS} objects, agent ${AGENT_RUN}, idle window ${IDLE_S} s, ${ROUNDS} reconcile requests; load ${loadAtStart} (${os.cpus().length} cores)`,
  );
  const workDir = await makeTempDir('bench-agent-runtime');
  let pg: TestPostgres | undefined;
  let git: TestGitServer | undefined;
  let hub: BenchHub | undefined;
  let before: AgentCheckout | undefined;
  const rows: Row[] = [];
  const trips: RoundTrips[] = [];
  // The whole bench is bounded: past the deadline it exits, and the exit hooks stop every process and remove the worktree.
  const deadline = setTimeout(() => {
    console.error(`bench/agent-runtime: stopped at its ${DEADLINE_MS / 1000} s deadline`);
    process.exit(2);
  }, DEADLINE_MS);
  deadline.unref();
  try {
    const t0 = performance.now();
    [pg, git, before] = await Promise.all([
      startPostgres(),
      startGitServer(),
      checkoutAgent(BEFORE_COMMIT, BEFORE_DIR, workDir),
      ensureBinaries([
        'etcd',
        'kube-apiserver',
        'kube-controller-manager',
        'kube-scheduler',
        'kwok',
        'kubectl',
        'flux',
      ]),
    ]);
    const repoUrl = await git.createRepo(SOURCE_NAME);
    if (AGENT_RUN === 'bundle')
      await Promise.all([before.root, repoRoot].map((root) => buildAgentBundle(root, workDir)));
    await git.pushFiles(SOURCE_NAME, fleetFiles(COUNT, OBJECTS), { message: 'bench: fleet' });
    hub = await startBenchHub(await pg.createDatabase({ migrate: false }));
    const h = hub;
    const source = await h.gql<{ createGitRepository: { id: string } }>(
      'mutation($input: GitRepositoryInput!) { createGitRepository(input: $input) { id } }',
      {
        input: { name: SOURCE_NAME, url: repoUrl, ref: { branch: 'main' }, interval: '10m' },
      },
    );
    for (let i = 0; i < COUNT; i++)
      await h.gql('mutation($input: KustomizationInput!) { createKustomization(input: $input) { id } }', {
        input: {
          name: appName(i),
          spec: kustomizationSpec(i),
          placement: { clusterSelector: `${LABEL.key}=${LABEL.value}` },
        },
      });
    // The hub fetches the source once; every hub-assigned run then starts from an artifact that is already there.
    await waitFor(
      async () => {
        const r = await h.gql<{ gitRepository: { ready: string } | null }>(
          'query($id: ID!) { gitRepository(id: $id) { ready } }',
          { id: source.createGitRepository.id },
        );
        return r.gitRepository?.ready === 'True' ? true : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 250, what: `the hub's artifact of ${SOURCE_NAME}` },
    );
    log(
      `set up in ${((performance.now() - t0) / 1000).toFixed(0)} s: hub at ${h.url}, ${COUNT} Kustomizations, agent ${BEFORE_COMMIT} checked out in ${BEFORE_DIR}`,
    );

    const runs: Array<{ agent: string; root: string; mode: Mode; flags?: string[] }> =
      AGENT_RUN === 'bundle'
        ? MODES.flatMap((mode) => [
            ...(PLAIN_ROWS
              ? [
                  { agent: `before (${BEFORE_COMMIT})`, root: before!.root, mode },
                  { agent: 'now', root: repoRoot, mode },
                ]
              : []),
            ...(NODE_FLAG_ROWS.length > 0 ? NODE_FLAG_ROWS : Object.keys(NODE_ENV).length > 0 ? [[]] : []).flatMap((flags) => {
              const settings = [...flags, ...Object.entries(NODE_ENV).map(([k, v]) => `${k}=${v}`)].join(' ');
              return [
                ...(FLAGS_BEFORE ? [{ agent: `before (${BEFORE_COMMIT}) ${settings}`, root: before!.root, mode, flags }] : []),
                { agent: `now ${settings}`, root: repoRoot, mode, flags },
              ];
            }),
          ])
        : [
            { agent: `before (${BEFORE_COMMIT})`, root: before.root, mode: 'hub-assigned' },
            { agent: 'now', root: repoRoot, mode: 'hub-assigned' },
            { agent: 'now', root: repoRoot, mode: 'in-cluster' },
          ];
    let measuredTrips = ROUNDS === 0;
    for (const [i, run] of runs.entries()) {
      rows.push(
        await measureAgent({ ...run, index: i + 1, hub: h, repoUrl, workDir }, async (kube, cluster) => {
          if (run.mode !== 'in-cluster' || run.agent !== 'now' || measuredTrips) return;
          measuredTrips = true;
          const name = appName(0);
          // flux first: it starts from the object as the first reconcile left it, as a user's first request would.
          for (const measure of [
            () => fluxReconcile(cluster.kubeconfigPath, name, ROUNDS),
            () => kubectlAnnotateWait(cluster.kubeconfigPath, name, ROUNDS),
            () => agentOnly(kube, name, ROUNDS),
          ]) {
            const r = await measure();
            trips.push(r);
            log(`${r.variant}: p50 ${(median(r.samplesMs) / 1000).toFixed(2)} s over ${r.samplesMs.length}`);
          }
        }),
      );
    }
  } finally {
    clearTimeout(deadline);
    log('tearing down');
    await hub?.stop().catch(() => undefined);
    await Promise.allSettled([git?.stop(), pg?.stop()]);
    before?.remove();
    await removeDir(workDir);
    if (rows.length > 0) printReport(rows, trips, loadAtStart);
  }
}

interface AgentRun {
  agent: string;
  root: string;
  mode: Mode;
  index: number;
  hub: BenchHub;
  repoUrl: string;
  workDir: string;
  /** Node options of this row (bundle runs only); with them, BENCH_NODE_ENV joins the environment. */
  flags?: string[];
}

/** `node scripts/build-bundles.mjs agent` in a checkout: the bundle rows run what that checkout builds. */
async function buildAgentBundle(root: string, workDir: string): Promise<void> {
  const build = ManagedProcess.start({
    name: `build-agent-${path.basename(root)}`,
    command: process.execPath,
    args: ['scripts/build-bundles.mjs', 'agent'],
    cwd: root,
    logPath: path.join(workDir, `build-agent-${path.basename(root)}.log`),
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
  });
  const exit = await build.exited;
  if (exit.code !== 0) throw new Error(`the agent bundle of ${root} did not build (${build.logPath})`);
}

/**
 * One agent process on a fresh cluster: connect and idle with nothing to do, then the whole workload at once (the
 * cluster gets the label that places the hub's Kustomizations, or the Kustomization objects are created), until
 * all are Ready; then settle and an idle window. `extra` runs on the same agent afterwards.
 */
async function measureAgent(
  run: AgentRun,
  extra: (kube: KubeClient, cluster: TestCluster) => Promise<void>,
): Promise<Row> {
  const { hub: h } = run;
  const label = `${run.agent} / ${run.mode}`;
  const clusterName = `bench-runtime-${run.index}`;
  // Two kwok nodes: 220 pod slots for the 200 one-replica Deployments.
  const cluster = await startCluster({ name: clusterName, nodes: 2 });
  const kube = await createKubeClient(cluster.kubeConfig);
  let agent: ManagedProcess | undefined;
  let sampler: TreeSampler | undefined;
  try {
    await createNamespaces(kube);
    const reg = await h.gql<{ createRegistrationToken: { token: string; cluster: { id: string } } }>(
      'mutation($input: CreateRegistrationTokenInput!) { createRegistrationToken(input: $input) { token cluster { id } } }',
      { input: { clusterName } },
    );
    const clusterId = reg.createRegistrationToken.cluster.id;
    const dir = path.join(run.workDir, clusterName);
    const logPath = `${dir}.log`;
    // As `pnpm --silent flotilla agent …` runs it (see the agent's own process tests), or as the image runs the
    // bundle, from the checkout under test.
    const launch =
      AGENT_RUN === 'bundle'
        ? [...(run.flags ?? []), 'apps/spoke-agent/dist/main.mjs']
        : ['--import', 'tsx', 'apps/cli/src/main.ts'];
    agent = ManagedProcess.start({
      name: `agent-${run.index}`,
      command: process.execPath,
      args: [
        ...launch,
        'agent',
        '--hub',
        h.url,
        '--token',
        reg.createRegistrationToken.token,
        '--kubeconfig',
        cluster.kubeconfigPath,
        '--state',
        'file',
        '--state-file',
        path.join(dir, 'state.json'),
        '--cache-dir',
        path.join(dir, 'cache'),
      ],
      cwd: run.root,
      logPath,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...(run.flags ? NODE_ENV : {}) },
    });
    const proc = agent;
    sampler = new TreeSampler(proc.pid);
    await sampler.start();
    await waitFor(
      async () => {
        const r = await h.gql<{ cluster: { connectionState: string } | null }>(
          'query($id: ID!) { cluster(id: $id) { connectionState } }',
          { id: clusterId },
        );
        return r.cluster?.connectionState === 'CONNECTED' ? true : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 250, watch: [proc], what: `${label} to connect` },
    );
    if (run.mode === 'in-cluster')
      await waitFor(
        async () =>
          (await kube.request({ method: 'GET', path: '/apis/kustomize.toolkit.fluxcd.io/v1/kustomizations' }))
            .status === 200
            ? true
            : undefined,
        { timeoutMs: 60_000, intervalMs: 250, watch: [proc], what: 'the Flux CRDs' },
      );
    // Start-up (tsx compiling, discovery, CRDs) is over before the workload comes.
    await sleep(5000);
    const empty = await sampler.now();

    const readyCount =
      run.mode === 'hub-assigned'
        ? async () => {
            const r = await h.gql<{
              cluster: {
                kustomizations: Array<{ ready: string; lastAppliedRevision: string | null }>;
              } | null;
            }>('query($id: ID!) { cluster(id: $id) { kustomizations { ready lastAppliedRevision } } }', {
              id: clusterId,
            });
            return (r.cluster?.kustomizations ?? []).filter(
              (k) => k.ready === 'True' && k.lastAppliedRevision,
            ).length;
          }
        : () => readyInCluster(kube);
    if (run.mode === 'hub-assigned')
      await h.gql('mutation($input: UpdateClusterInput!) { updateCluster(input: $input) { id } }', {
        input: { id: clusterId, labels: [LABEL] },
      });
    else await applyInCluster(kube, run.repoUrl, COUNT);
    // Every object of the workload applied: each Deployment, and each ConfigMap beside it.
    const appliedCount = async () =>
      Math.min(await appliedInCluster(kube), OBJECTS > 1 ? Math.floor((await configMapsInCluster(kube)) / (OBJECTS - 1)) : COUNT);
    let seen = -1;
    // Ready is what the agent reports (through the hub for hub-assigned Kustomizations); every Deployment present
    // marks the end of the agent's own apply work, whichever way its status then travels.
    let appliedAt: number | undefined;
    await waitFor(
      async () => {
        if (appliedAt === undefined && (await appliedCount()) >= COUNT) appliedAt = performance.now();
        const n = await readyCount();
        if (n !== seen && n % 50 === 0) log(`${label}: ${n}/${COUNT} Ready`);
        seen = n;
        return n >= COUNT ? true : undefined;
      },
      { timeoutMs: READY_TIMEOUT_MS, intervalMs: 500, watch: [proc], what: `${label}: ${COUNT} Ready` },
    );
    const ready = await sampler.now();
    appliedAt ??= ready.at;
    log(
      `${label}: process tree of ${ready.processes}; all ${COUNT} Ready in ${((ready.at - empty.at) / 1000).toFixed(1)} s, ${(ready.cpuSeconds - empty.cpuSeconds).toFixed(1)} CPU s; idling ${SETTLE_S + IDLE_S} s`,
    );
    await sleep(SETTLE_S * 1000);
    const idleFrom = await sampler.now();
    await sleep(IDLE_S * 1000);
    const idleTo = await sampler.now();
    proc.assertRunning();
    const hwmKiB = await peakRssKiBOf(proc.pid);
    const window: TreeSample[] = sampler.samplesSince(idleFrom.at);
    const row: Row = {
      agent: run.agent,
      mode: run.mode,
      emptyRssKiB: empty.rssKiB,
      reconcileMs: ready.at - empty.at,
      appliedMs: appliedAt - empty.at,
      reconcileCpuS: ready.cpuSeconds - empty.cpuSeconds,
      idleCpuS: idleTo.cpuSeconds - idleFrom.cpuSeconds,
      steadyRssKiB: median(window.map((s) => s.rssKiB)),
      peakRssKiB: sampler.peakRssKiB(),
      hwmKiB,
      errors: 0,
      refusedBatches: countLines(await readFile(logPath, 'utf8'), '"code":"BATCH_RATE_LIMITED"'),
    };
    sampler.stop();
    await extra(kube, cluster);
    row.errors = countLines(await readFile(logPath, 'utf8'), '"level":"error"');
    return row;
  } finally {
    sampler?.stop();
    await agent?.stop(10_000);
    kube.close();
    await cluster.stop();
  }
}

/**
 * Lines of the agent's JSON log that contain `needle`: error-level lines (a healthy run has none), and report
 * batches the hub refused with BATCH_RATE_LIMITED (until the idle window ends), which the agent sends again later.
 */
function countLines(logText: string, needle: string): number {
  return logText.split('\n').filter((l) => l.includes(needle)).length;
}

/** Left-aligned first two columns, the rest right-aligned, each as wide as its widest cell. */
function table(head: string[], body: string[][]): string {
  const widths = head.map((h, c) => Math.max(h.length, ...body.map((r) => (r[c] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((v, c) => (c < 2 ? v.padEnd(widths[c]!) : v.padStart(widths[c]!))).join('  ');
  return [head, ...body].map(line).join('\n');
}

function printReport(rows: readonly Row[], trips: readonly RoundTrips[], loadAtStart: string): void {
  const base = rows[0]!;
  const ratio = (a: number, b: number) => (b > 0 ? (a / b).toFixed(2) : '-');
  console.log(
    `\nagent-runtime: ${COUNT} Kustomizations (one 1-replica Deployment each${OBJECTS > 1 ? ` and ${OBJECTS - 1} ConfigMaps: ${COUNT * OBJECTS} objects` : ''}), agent run from its ${AGENT_RUN === 'bundle' ? 'bundle' : 'sources under tsx'}, one agent process per row, each on its own cluster`,
  );
  console.log(
    [
      'Times from handing the agent its whole workload (hub label set / objects created) to every Deployment existing',
      '("applied") and to every Kustomization Ready=True as the hub (hub-assigned) or the object status (in-cluster)',
      "shows it; CPU s = user+system seconds of the agent's process tree (/proc) over that span. RSS = the tree, median",
      `of 1 s samples over the ${IDLE_S} s idle window that opens ${SETTLE_S} s after all Ready; "empty" = connected, nothing`,
      'to reconcile yet. × = against the first row. Idle CPU is counted in 10 ms ticks. Hub refusals = report batches',
      'the hub refused as over its per-agent rate (BATCH_RATE_LIMITED) until the idle window ended; the agent resends them.\n',
    ].join('\n'),
  );
  console.log(
    table(
      [
        'agent',
        'mode',
        'RSS empty',
        'RSS steady',
        '×',
        'peak',
        'VmHWM',
        'all applied in',
        'all Ready in',
        'CPU s',
        '×',
        `idle CPU s/${IDLE_S} s`,
        '×',
        'hub refusals',
        'errors',
      ],
      rows.map((r) => [
        r.agent,
        r.mode,
        `${mib(r.emptyRssKiB)} MiB`,
        `${mib(r.steadyRssKiB)} MiB`,
        ratio(r.steadyRssKiB, base.steadyRssKiB),
        `${mib(r.peakRssKiB)} MiB`,
        `${mib(r.hwmKiB)} MiB`,
        `${(r.appliedMs / 1000).toFixed(1)} s`,
        `${(r.reconcileMs / 1000).toFixed(1)} s`,
        r.reconcileCpuS.toFixed(1),
        ratio(r.reconcileCpuS, base.reconcileCpuS),
        r.idleCpuS.toFixed(2),
        ratio(r.idleCpuS, base.idleCpuS),
        String(r.refusedBatches),
        String(r.errors),
      ]),
    ),
  );
  if (trips.length > 0) {
    const peer = trips.find((t) => t.variant === 'kubectl annotate + wait');
    const s = (ms: number) => (ms / 1000).toFixed(2);
    console.log(
      `\nreconcile request of an unchanged in-cluster Kustomization until status.lastHandledReconcileAt answers it, ${ROUNDS} each (seconds; × = p50 against kubectl annotate + wait)`,
    );
    console.log(
      table(
        ['variant', '', 'p50', 'p95', 'min', 'max', '×'],
        trips.map((t) => [
          t.variant,
          '',
          s(median(t.samplesMs)),
          s(percentile(t.samplesMs, 95)),
          s(Math.min(...t.samplesMs)),
          s(Math.max(...t.samplesMs)),
          peer ? ratio(median(t.samplesMs), median(peer.samplesMs)) : '-',
        ]),
      ),
    );
    console.log(
      '(flux reconcile ks polls the object every 2 s, so its figure is bounded by that poll interval, not by the agent)',
    );
  }
  console.log(`\nload average at start: ${loadAtStart}; at end: ${loadAverage()}`);
}

runBench(main);
