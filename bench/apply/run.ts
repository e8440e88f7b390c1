// bench/apply: the agent's server-side-apply engine against `kubectl apply --server-side --force-conflicts`
// and against Flux's own kustomize-controller, on the same generated 1,000-object build, into fresh namespaces of
// one real API server (etcd, kube-apiserver, controller-manager, scheduler, kwok). Ours and kubectl run as
// processes of their own; kustomize-controller runs beside the control plane for the whole bench. Each tool: first
// apply, then a no-op re-apply. Rounds rotate which tool goes first. Prints wall times, ratios and peak RSS.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { createKubeClient, type KubeClient } from '@flotilla/spoke-agent/k8s';
import { binaryPath, startCluster, type TestCluster } from '@flotilla/testenv';
import { sampleTree } from '../agent-runtime/proc-stats.js';
import { FluxPeer } from './flux-peer.js';
import { generateBuild } from './generate-build.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const OBJECTS = Number(process.env.BENCH_OBJECTS ?? 1000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
// BENCH_FLUX=0 leaves Flux's controller out (with its defaults it adds about 45 s a round); BENCH_FLUX_ARGS gives it
// more flags, e.g. `--kube-api-qps=1000 --kube-api-burst=2000` to lift its client's rate limit (50/s, bursts of 300).
const WITH_FLUX = process.env.BENCH_FLUX !== '0';
const FLUX_ARGS = (process.env.BENCH_FLUX_ARGS ?? '').split(' ').filter(Boolean);

interface Run {
  ms: number;
  rssKb: number;
  detail: string;
}

function run(cmd: string, args: string[]): Promise<{ stdout: string; stderr: string; ms: number; rssKb: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    // GNU time prints the peak RSS (KiB) of the child on the last line of stderr.
    const child = spawn('/usr/bin/time', ['-f', '%M', cmd, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      const lines = stderr.trim().split('\n');
      const rssKb = Number(lines.at(-1));
      if (code !== 0) return reject(new Error(`${path.basename(cmd)} exited ${code}: ${stderr.slice(-2000)}`));
      resolve({ stdout, stderr: lines.slice(0, -1).join('\n'), ms, rssKb });
    });
  });
}

const tsx = path.join(here, '../node_modules/.bin/tsx');

async function ours(kubeconfig: string, buildJson: string): Promise<Run & { processMs: number; nodeRssKb: number }> {
  const r = await run(tsx, [path.join(here, 'apply-once.ts'), kubeconfig, buildJson, String(CONCURRENCY)]);
  const out = JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}') as { ms: number; counts: Record<string, number>; errors: string[]; maxRssKb: number };
  if (out.errors.length > 0) throw new Error(`our apply failed: ${out.errors.join('; ')}`);
  return { ms: out.ms, processMs: r.ms, rssKb: r.rssKb, nodeRssKb: out.maxRssKb, detail: JSON.stringify(out.counts) };
}

async function oursBaselineRssKb(): Promise<number> {
  const r = await run(tsx, [path.join(here, 'apply-once.ts'), '--baseline']);
  return (JSON.parse(r.stdout.trim()) as { maxRssKb: number }).maxRssKb;
}

async function kubectl(kubectlBin: string, kubeconfig: string, buildYaml: string): Promise<Run> {
  const r = await run(kubectlBin, ['--kubeconfig', kubeconfig, 'apply', '--server-side', '--force-conflicts', '-f', buildYaml]);
  const lines = r.stdout.trim().split('\n');
  const counts: Record<string, number> = {};
  for (const l of lines) {
    const action = l.split(' ').at(-1) ?? '?';
    counts[action] = (counts[action] ?? 0) + 1;
  }
  return { ms: r.ms, rssKb: r.rssKb, detail: JSON.stringify(counts) };
}

// Each first apply makes the controller-manager create ~250 ReplicaSets; measuring the next run while that
// settles would charge one tool for the other's aftermath. Wait until every Deployment of the build has
// been observed by its controller (one LIST per namespace per poll).
async function settle(client: KubeClient, namespaces: string[]): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    let pending = 0;
    for (const ns of namespaces) {
      const res = await client.request({ method: 'GET', path: `/apis/apps/v1/namespaces/${ns}/deployments` });
      const items = (res.body as { items?: { metadata?: { generation?: number }; status?: { observedGeneration?: number } }[] }).items ?? [];
      pending += items.filter((d) => d.status?.observedGeneration !== d.metadata?.generation).length;
    }
    if (pending === 0) return;
    await new Promise((r) => setTimeout(r, 1_000));
  }
  console.log('  (controllers did not settle within 120 s; measuring anyway)');
}

// CPU seconds the control plane's API server and etcd have used so far: a first apply on this machine is bound by
// the API server's CPU, so the ratio is read beside what each tool cost it.
async function controlPlaneCpu(cluster: TestCluster): Promise<{ apiserver: number; etcd: number }> {
  const [apiserver, etcd] = await Promise.all([sampleTree(cluster.component('kube-apiserver').pid), sampleTree(cluster.component('etcd').pid)]);
  return { apiserver: apiserver.cpuSeconds, etcd: etcd.cpuSeconds };
}

// Requests the API server has served so far, and of them dry-runs (its own counter, apiserver_request_total):
// what each tool asked of it, beside the controllers' own requests in the same window.
async function servedRequests(kubectlBin: string, kubeconfig: string): Promise<{ all: number; dryRun: number }> {
  const r = await run(kubectlBin, ['--kubeconfig', kubeconfig, 'get', '--raw', '/metrics']);
  let all = 0;
  let dryRun = 0;
  for (const line of r.stdout.split('\n')) {
    if (!line.startsWith('apiserver_request_total{')) continue;
    const n = Number(line.slice(line.lastIndexOf(' ') + 1));
    all += n;
    if (line.includes('dry_run="All"')) dryRun += n;
  }
  return { all, dryRun };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

async function main() {
  const kubectlBin = await binaryPath('kubectl');
  const dir = await mkdtemp(path.join(tmpdir(), 'bench-apply-'));
  console.log(`bench/apply: ${OBJECTS} objects, ${ROUNDS} rounds, our concurrency ${CONCURRENCY}${WITH_FLUX ? `, Flux's kustomize-controller${FLUX_ARGS.length > 0 ? ` with ${FLUX_ARGS.join(' ')}` : ' with its defaults'}` : ''}; starting a control plane…`);
  const cluster = await startCluster({ name: 'bench-apply' });
  const admin = await createKubeClient(cluster.kubeConfig);
  const flux = WITH_FLUX ? await FluxPeer.start(cluster, admin, FLUX_ARGS) : undefined;
  const results: Record<string, { first: number[]; again: number[]; rss: number[]; apiserverFirst: number[]; etcdFirst: number[]; processFirst?: number[]; nodeRss?: number[] }> = {
    ours: { first: [], again: [], rss: [], apiserverFirst: [], etcdFirst: [], processFirst: [], nodeRss: [] },
    kubectl: { first: [], again: [], rss: [], apiserverFirst: [], etcdFirst: [] },
    flux: { first: [], again: [], rss: [], apiserverFirst: [], etcdFirst: [], processFirst: [] },
  };
  const tools = flux ? (['ours', 'kubectl', 'flux'] as const) : (['ours', 'kubectl'] as const);
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const order = tools.map((_, i) => tools[(i + round) % tools.length]!);
      for (const tool of order) {
        const objects = generateBuild(`${tool[0]}${round}`, { namespaces: 4, total: OBJECTS });
        const json = path.join(dir, `${tool}-${round}.json`);
        const yaml = path.join(dir, `${tool}-${round}.yaml`);
        await writeFile(json, JSON.stringify(objects));
        const yamlText = objects.map((o) => stringify(o)).join('---\n');
        await writeFile(yaml, yamlText);
        if (tool === 'flux') await flux?.prepare(`r${round}`, yamlText);
        for (const phase of ['first', 'again'] as const) {
          const servedBefore = await servedRequests(kubectlBin, cluster.kubeconfigPath);
          const cpuBefore = await controlPlaneCpu(cluster);
          let r: Run;
          if (tool === 'ours') {
            const o = await ours(cluster.kubeconfigPath, json);
            if (phase === 'first') results.ours?.processFirst?.push(o.processMs);
            results.ours?.nodeRss?.push(o.nodeRssKb);
            r = o;
          } else if (tool === 'flux' && flux) {
            const f = phase === 'first' ? await flux.firstApply(`r${round}`) : await flux.reapply(`r${round}`);
            // The controller's own figure includes the artifact's download and the kustomize build.
            if (phase === 'first' && f.controllerMs !== undefined) results.flux?.processFirst?.push(f.controllerMs);
            r = { ms: f.ms, rssKb: NaN, detail: `${f.detail}; controller: ${f.controllerMs === undefined ? '?' : f.controllerMs.toFixed(0)} ms` };
          } else {
            r = await kubectl(kubectlBin, cluster.kubeconfigPath, yaml);
          }
          results[tool]?.[phase].push(r.ms);
          if (!Number.isNaN(r.rssKb)) results[tool]?.rss.push(r.rssKb);
          const cpuAfter = await controlPlaneCpu(cluster);
          const servedAfter = await servedRequests(kubectlBin, cluster.kubeconfigPath);
          const requests = `requests ${servedAfter.all - servedBefore.all} (dry-run ${servedAfter.dryRun - servedBefore.dryRun})`;
          const apiserverS = cpuAfter.apiserver - cpuBefore.apiserver;
          const etcdS = cpuAfter.etcd - cpuBefore.etcd;
          if (phase === 'first') {
            results[tool]?.apiserverFirst.push(apiserverS);
            results[tool]?.etcdFirst.push(etcdS);
          }
          if (phase === 'first') await settle(admin, objects.filter((o) => o.kind === 'Namespace').map((o) => String((o.metadata as { name: string }).name)));
          const load = readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
          console.log(`round ${round + 1} ${tool.padEnd(7)} ${phase === 'first' ? 'first apply ' : 'no-op apply '} ${(r.ms / 1000).toFixed(2)} s  rss ${Number.isNaN(r.rssKb) ? '–' : `${(r.rssKb / 1024).toFixed(0)} MiB`}  API server ${apiserverS.toFixed(2)} s, etcd ${etcdS.toFixed(2)} s CPU  ${requests}  load ${load}  ${r.detail}`);
        }
      }
    }
  } finally {
    await flux?.stop();
    admin.close();
    await cluster.stop();
  }
  const o = results.ours as { first: number[]; again: number[]; rss: number[]; apiserverFirst: number[]; etcdFirst: number[]; processFirst: number[]; nodeRss: number[] };
  const baseline = await oursBaselineRssKb();
  const k = results.kubectl as { first: number[]; again: number[]; rss: number[]; apiserverFirst: number[]; etcdFirst: number[] };
  const line = (label: string, a: number, b: number) => console.log(`${label.padEnd(22)} ours ${(a / 1000).toFixed(2)} s   kubectl ${(b / 1000).toFixed(2)} s   ratio ours/kubectl ${(a / b).toFixed(2)}`);
  console.log('\nmedians');
  line('first apply', median(o.first), median(k.first));
  line('no-op re-apply', median(o.again), median(k.again));
  console.log(`first apply, control plane CPU   ours: API server ${median(o.apiserverFirst).toFixed(2)} s, etcd ${median(o.etcdFirst).toFixed(2)} s   kubectl: API server ${median(k.apiserverFirst).toFixed(2)} s, etcd ${median(k.etcdFirst).toFixed(2)} s`);
  console.log(`peak RSS               ours ${(Math.max(...o.rss) / 1024).toFixed(0)} MiB   kubectl ${(Math.max(...k.rss) / 1024).toFixed(0)} MiB   (GNU time, whole process tree)`);
  console.log(`ours, the Node process alone: peak ${(Math.max(...o.nodeRss) / 1024).toFixed(0)} MiB, of which ${(baseline / 1024).toFixed(0)} MiB is Node + tsx + client-node loaded and idle`);
  console.log(`(ours is timed inside its process, discovery included, Node/tsx start-up excluded: ${(median(o.processFirst) / 1000).toFixed(2)} s for the whole first-apply process)`);
  const f = results.flux as { first: number[]; again: number[]; apiserverFirst: number[]; etcdFirst: number[]; processFirst: number[] };
  if (f.first.length > 0) {
    const vs = (label: string, a: number, b: number, c: number) =>
      console.log(`${label.padEnd(22)} Flux ${(a / 1000).toFixed(2)} s   ratio ours/Flux ${(b / a).toFixed(2)}   Flux/kubectl ${(a / c).toFixed(2)}`);
    vs('first apply', median(f.first), median(o.first), median(k.first));
    vs('no-op re-apply', median(f.again), median(o.again), median(k.again));
    console.log(`first apply, control plane CPU   Flux: API server ${median(f.apiserverFirst).toFixed(2)} s, etcd ${median(f.etcdFirst).toFixed(2)} s`);
    console.log(`(Flux is timed from creating its Kustomization, or from \`flux reconcile\`'s annotation, until its status says the revision is applied (watched);`);
    console.log(` its controller's own "Reconciliation finished" figure for the first apply, artifact download and build included: ${f.processFirst.length > 0 ? `${(median(f.processFirst) / 1000).toFixed(2)} s` : 'not logged'})`);
  }
}

await main();
