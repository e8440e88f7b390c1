// bench/runtime: what the compiled bundles change, each figure beside its peer in the same run.
//   1. `flotilla build` of a small kustomization as a whole process, run as the README says (the `flotilla`
//      bin, apps/cli/bin/flotilla, which starts node from the build command's start-up snapshot), against
//      `node -e 0` (Node's own start, the floor) and `kustomize build`; interleaved, median of BENCH_RUNS
//      (default 21). `node apps/cli/bin/flotilla.mjs build` (no snapshot) and `pnpm --silent flotilla build`
//      for reference.
//   2. The build: wall time of `pnpm build`'s hub, agent and CLI bundles, and their sizes (source maps aside).
//   3. Hub idle RSS: the bundle against the sources under SWC's loader (how `pnpm start` ran the hub before),
//      each on its own database of one Postgres, after BENCH_IDLE_S (default 20) idle seconds: median of ten
//      1 s samples of the hub process alone (the embedded Postgres is not used).
//   4. Agent idle RSS, connected to the hub and idle on a kwok cluster: the bundle against tsx on the sources
//      (how `pnpm --silent flotilla agent` ran it before) and the CLI bundle (`flotilla agent`).
// Real parts only; loopback only; everything it starts is stopped.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  binaryPath,
  freePort,
  makeTempDir,
  ManagedProcess,
  removeDir,
  repoRoot,
  startCluster,
  startPostgres,
  waitFor,
  type TestCluster,
  type TestPostgres,
} from '@flotilla/testenv';
import { loadAverage, log, runBench } from '../bench-main.js';
import { signIn, type Gql } from '../push-to-ready/hub.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 21);
const IDLE_S = Number(process.env.BENCH_IDLE_S ?? 20);
const ADMIN_PASSWORD = 'bench-runtime-admin';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mib = (kib: number): string => `${(kib / 1024).toFixed(0)} MiB`;

function timeOnce(cmd: string, args: string[]): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr.toString()}`);
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

async function buildFigures(dir: string): Promise<void> {
  const app = path.join(dir, 'small');
  await mkdir(app);
  await writeFile(
    path.join(app, 'kustomization.yaml'),
    'namespace: web\ncommonLabels: {app: web}\nresources: [deployment.yaml, service.yaml]\n',
  );
  await writeFile(
    path.join(app, 'deployment.yaml'),
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      containers: [{name: web, image: nginx:1.27}]\n',
  );
  await writeFile(
    path.join(app, 'service.yaml'),
    'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {ports: [{port: 80}]}\n',
  );
  const kustomize = await binaryPath('kustomize');
  const bin = path.join(repoRoot, 'apps/cli/bin/flotilla');
  const mjs = path.join(repoRoot, 'apps/cli/bin/flotilla.mjs');
  timeOnce(process.execPath, [mjs, 'build', app]); // a stale bundle is rebuilt here, outside the timings
  const peers: Record<string, [string, string[]]> = {
    'node -e 0': [process.execPath, ['-e', '0']],
    'flotilla build': [bin, ['build', app]],
    'node flotilla.mjs build': [process.execPath, [mjs, 'build', app]],
    'kustomize build': [kustomize, ['build', app]],
  };
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(peers).map((k) => [k, []]));
  for (let i = 0; i < RUNS; i++)
    for (const [name, [cmd, args]] of Object.entries(peers)) times[name]!.push(timeOnce(cmd, args));
  const viaPnpm = Array.from({ length: 5 }, () => timeOnce('pnpm', ['--silent', 'flotilla', 'build', app]));
  const floor = median(times['node -e 0']!);
  log(`small kustomization, median of ${RUNS} (load ${loadAverage()}):`);
  for (const [name, xs] of Object.entries(times))
    log(
      `  ${name.padEnd(28)} ${median(xs).toFixed(1).padStart(7)} ms  ${(median(xs) / floor).toFixed(2)}× node -e 0`,
    );
  log(
    `  ${'pnpm --silent flotilla build'.padEnd(28)} ${median(viaPnpm).toFixed(1).padStart(7)} ms  ${(median(viaPnpm) / floor).toFixed(2)}× node -e 0 (median of 5)`,
  );
}

async function bundleFigures(): Promise<void> {
  const t0 = performance.now();
  execFileSync(process.execPath, ['scripts/build-bundles.mjs', 'hub', 'agent', 'cli'], {
    cwd: repoRoot,
    stdio: 'ignore',
  });
  log(
    `pnpm build of hub, agent and CLI bundles: ${((performance.now() - t0) / 1000).toFixed(1)} s (load ${loadAverage()})`,
  );
  for (const app of ['apps/hub-api', 'apps/spoke-agent', 'apps/cli']) {
    const dist = path.join(repoRoot, app, 'dist');
    let bytes = 0;
    let files = 0;
    const walk = async (d: string): Promise<void> => {
      for (const e of await readdir(d, { withFileTypes: true })) {
        if (e.isDirectory()) await walk(path.join(d, e.name));
        else if (e.name.endsWith('.mjs')) {
          bytes += (await stat(path.join(d, e.name))).size;
          files++;
        }
      }
    };
    await walk(dist);
    log(`  ${app}/dist: ${(bytes / 1024).toFixed(0)} KiB in ${files} file(s)`);
  }
}

async function rssKiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
}

async function idleRss(proc: ManagedProcess): Promise<number> {
  await sleep(IDLE_S * 1000);
  const samples: number[] = [];
  for (let i = 0; i < 10; i++) {
    proc.assertRunning();
    samples.push(await rssKiB(proc.pid));
    await sleep(1000);
  }
  return median(samples);
}

interface Hub {
  url: string;
  proc: ManagedProcess;
  gql: Gql;
}

async function startHub(kind: 'bundle' | 'sources', pg: TestPostgres, dir: string): Promise<Hub> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const [args, cwd] =
    kind === 'bundle'
      ? [['apps/hub-api/dist/main.mjs'], repoRoot]
      : [['--import', '@swc-node/register/esm-register', 'src/main.ts'], path.join(repoRoot, 'apps/hub-api')];
  const proc = ManagedProcess.start({
    name: `hub-${kind}`,
    command: process.execPath,
    args,
    cwd,
    logPath: path.join(dir, `hub-${kind}.log`),
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      SWC_NODE_PROJECT: 'tsconfig.json',
      FLOTILLA_PORT: String(port),
      FLOTILLA_DATABASE_URL: await pg.createDatabase({ migrate: false }),
      FLOTILLA_DATA_DIR: path.join(dir, `data-${kind}`),
      FLOTILLA_ADMIN_PASSWORD: ADMIN_PASSWORD,
      FLOTILLA_SECRET_KEY: Buffer.alloc(32, 1).toString('base64'),
      FLOTILLA_SKIP_WEB_BUILD: '1',
      FLOTILLA_LOG_LEVEL: 'warn',
    },
  });
  await waitFor(async () => ((await fetch(`${url}/readyz`).catch(() => undefined))?.ok ? true : undefined), {
    timeoutMs: 180_000,
    intervalMs: 250,
    watch: [proc],
    what: `the ${kind} hub`,
  });
  return { url, proc, gql: await signIn(url, ADMIN_PASSWORD) };
}

const agentCommands: Record<string, string[]> = {
  'agent bundle (node dist/main.mjs)': ['apps/spoke-agent/dist/main.mjs'],
  'CLI bundle (flotilla agent)': ['apps/cli/bin/flotilla.mjs', 'agent'],
  'sources under tsx (before)': ['--import', 'tsx', 'apps/cli/src/main.ts', 'agent'],
};

async function agentRss(hub: Hub, cluster: TestCluster, dir: string): Promise<void> {
  let i = 0;
  for (const [label, command] of Object.entries(agentCommands)) {
    i++;
    const reg = await hub.gql<{ createRegistrationToken: { token: string; cluster: { id: string } } }>(
      'mutation($input: CreateRegistrationTokenInput!) { createRegistrationToken(input: $input) { token cluster { id } } }',
      { input: { clusterName: `runtime-${i}` } },
    );
    const home = path.join(dir, `agent-${i}`);
    const proc = ManagedProcess.start({
      name: `agent-${i}`,
      command: process.execPath,
      args: [
        ...command,
        '--hub',
        hub.url,
        '--token',
        reg.createRegistrationToken.token,
        '--kubeconfig',
        cluster.kubeconfigPath,
        '--state',
        'file',
        '--state-file',
        path.join(home, 'state.json'),
        '--cache-dir',
        path.join(home, 'cache'),
      ],
      cwd: repoRoot,
      logPath: `${home}.log`,
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
    });
    try {
      await waitFor(
        async () => {
          const r = await hub.gql<{ cluster: { connectionState: string } | null }>(
            'query($id: ID!) { cluster(id: $id) { connectionState } }',
            { id: reg.createRegistrationToken.cluster.id },
          );
          return r.cluster?.connectionState === 'CONNECTED' ? true : undefined;
        },
        { timeoutMs: 120_000, intervalMs: 250, watch: [proc], what: `${label} to connect` },
      );
      log(`  agent idle RSS, ${label.padEnd(34)} ${mib(await idleRss(proc))}`);
    } finally {
      await proc.stop(10_000);
    }
  }
}

runBench(async () => {
  const dir = await makeTempDir('bench-runtime');
  let pg: TestPostgres | undefined;
  let cluster: TestCluster | undefined;
  const hubs: Hub[] = [];
  try {
    await bundleFigures();
    await buildFigures(dir);
    pg = await startPostgres();
    for (const kind of ['bundle', 'sources'] as const) {
      const hub = await startHub(kind, pg, dir);
      hubs.push(hub);
      log(`  hub idle RSS, ${kind.padEnd(8)} ${mib(await idleRss(hub.proc))} (load ${loadAverage()})`);
      if (kind === 'sources') await hub.proc.stop(15_000);
    }
    cluster = await startCluster({ name: 'bench-runtime', nodes: 1 });
    await agentRss(hubs[0]!, cluster, dir);
  } finally {
    for (const h of hubs) await h.proc.stop(15_000);
    await cluster?.stop();
    await pg?.stop();
    await removeDir(dir);
  }
});
