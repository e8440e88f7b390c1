import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { FLUX_KINDS, type FluxKindIdentity } from '@flotilla/reconcile-core';
import { createJsonLogger } from '@flotilla/spoke-agent';
import { ControllerRuntime, installFluxCrds } from '@flotilla/spoke-agent/controller';
import { registerHelmKinds } from '@flotilla/spoke-agent/helm';
import { createKubeClient, type KubeClient } from '@flotilla/spoke-agent/k8s';
import { binaryPath, startCluster, startHelmRepository } from '@flotilla/testenv';
import { loadAverage, log, runBench } from '../bench-main.js';

// One HelmRelease reconciled by the agent (HelmRelease created → Ready=True, its HelmChart already built) against
// `helm upgrade --install` of the same chart archive and values with the same flags, in the same run, alternating;
// then N HelmReleases on one cluster until all are Ready (time, this process's peak RSS) against N sequential
// `helm upgrade --install`. Bounded: FLOTILLA_BENCH_HELM_ROUNDS (default 5) and FLOTILLA_BENCH_HELM_RELEASES
// (default 100, at most 200), and a 15-minute deadline.

const execFileAsync = promisify(execFile);
const HR = FLUX_KINDS.HelmRelease;
const HC = FLUX_KINDS.HelmChart;
const REPO = FLUX_KINDS.HelmRepository;
const CHART_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../apps/spoke-agent/src/controller/kinds/helm-release/testdata/demo');
const ROUNDS = Math.min(20, Number(process.env.FLOTILLA_BENCH_HELM_ROUNDS ?? 5));
const RELEASES = Math.min(200, Number(process.env.FLOTILLA_BENCH_HELM_RELEASES ?? 100));
const DEADLINE = Date.now() + 15 * 60_000;
const VALUES = { message: 'bench', replicas: 1 };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

async function req(kube: KubeClient, method: 'GET' | 'POST', p: string, body?: unknown): Promise<Record<string, unknown>> {
  const res = await kube.request({ method, path: p, body });
  if (res.status >= 300) throw new Error(`${method} ${p}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as Record<string, unknown>;
}
const ns = (kind: FluxKindIdentity, namespace: string, name = '') => `/apis/${kind.group}/${kind.version}/namespaces/${namespace}/${kind.plural}${name ? `/${name}` : ''}`;
const ready = (o: Record<string, unknown>) => {
  const status = o.status as { conditions?: Array<{ type: string; status: string }> } | undefined;
  return status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true;
};

async function waitReady(kube: KubeClient, kind: FluxKindIdentity, namespace: string, names: string[]): Promise<void> {
  const left = new Set(names);
  while (left.size > 0) {
    if (Date.now() > DEADLINE) throw new Error(`deadline: ${left.size} ${kind.kind} not Ready`);
    const list = (await req(kube, 'GET', ns(kind, namespace))) as { items: Array<Record<string, unknown>> };
    for (const o of list.items) if (ready(o)) left.delete(String((o.metadata as { name: string }).name));
    if (left.size > 0) await new Promise((r) => setTimeout(r, 50));
  }
}

runBench(async () => {
  const [cluster, repo, dir] = await Promise.all([startCluster({ name: 'bench-helm', nodes: 2 }), startHelmRepository(), mkdtemp(path.join(os.tmpdir(), 'bench-helm-'))]);
  const kube = await createKubeClient(cluster.kubeConfig);
  const helmBin = await binaryPath('helm');
  await repo.publishChart(CHART_DIR, { version: '1.0.0' });
  await installFluxCrds(kube);
  const runtime = new ControllerRuntime({ client: kube, logger: createJsonLogger({ stream: process.stderr, level: 'warn' }), concurrency: 4 });
  registerHelmKinds(runtime, { kube, kubeconfig: cluster.kubeconfigPath, cacheDir: dir, helmBinary: helmBin });
  runtime.start();
  await runtime.synced();
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);

  const base = 'bench-helm';
  await req(kube, 'POST', '/api/v1/namespaces', { metadata: { name: base } });
  await req(kube, 'POST', ns(REPO, base), { apiVersion: REPO.apiVersion, kind: REPO.kind, metadata: { name: 'charts' }, spec: { url: repo.url, interval: '10m' } });
  await req(kube, 'POST', ns(HC, base), { apiVersion: HC.apiVersion, kind: HC.kind, metadata: { name: 'demo' }, spec: { chart: 'demo', version: '1.0.0', sourceRef: { kind: 'HelmRepository', name: 'charts' }, interval: '10m' } });
  await waitReady(kube, HC, base, ['demo']);
  const chart = (await req(kube, 'GET', ns(HC, base, 'demo'))) as { status: { artifact: { url: string } } };
  const chartFile = fileURLToPath(chart.status.artifact.url);
  const valuesFile = path.join(dir, 'values.yaml');
  await writeFile(valuesFile, JSON.stringify(VALUES));
  const hr = (name: string) => ({ apiVersion: HR.apiVersion, kind: HR.kind, metadata: { name }, spec: { interval: '10m', chartRef: { kind: 'HelmChart', name: 'demo' }, values: VALUES } });
  const helmInstall = (name: string, namespace: string) =>
    execFileAsync(helmBin, ['upgrade', '--install', name, chartFile, '--values', valuesFile, '--namespace', namespace, '--wait=watcher', '--wait-for-jobs', '--timeout', '5m0s', '--history-max', '5', '--take-ownership'], { env: { ...process.env, KUBECONFIG: cluster.kubeconfigPath, HELM_CACHE_HOME: path.join(dir, 'peer-cache'), HELM_CONFIG_HOME: path.join(dir, 'peer-config'), HELM_DATA_HOME: path.join(dir, 'peer-data') } });

  // One release at a time, alternating the two so both see the same machine load.
  const agentMs: number[] = [];
  const helmMs: number[] = [];
  // How long the agent's own helm run took (status.lastAttemptedReleaseActionDuration): the rest is the agent's.
  const helmInAgentMs: number[] = [];
  await req(kube, 'POST', '/api/v1/namespaces', { metadata: { name: `${base}-peer` } });
  for (let i = 0; i < ROUNDS; i++) {
    let t = performance.now();
    await req(kube, 'POST', ns(HR, base), hr(`one-${i}`));
    await waitReady(kube, HR, base, [`one-${i}`]);
    agentMs.push(performance.now() - t);
    const done = (await req(kube, 'GET', ns(HR, base, `one-${i}`))) as { status: { lastAttemptedReleaseActionDuration?: string } };
    helmInAgentMs.push(Number.parseFloat(done.status.lastAttemptedReleaseActionDuration ?? '0') * 1000);
    t = performance.now();
    await helmInstall(`one-${i}`, `${base}-peer`);
    helmMs.push(performance.now() - t);
  }
  log(`one release (median of ${ROUNDS}): agent ${median(agentMs).toFixed(0)} ms, helm upgrade --install ${median(helmMs).toFixed(0)} ms, ratio ${(median(agentMs) / median(helmMs)).toFixed(2)}×; helm's own run inside the agent ${median(helmInAgentMs).toFixed(0)} ms (load ${loadAverage()})`);

  // N releases: created at once and reconciled by the runtime (concurrency 4), against N sequential helm runs.
  const names = Array.from({ length: RELEASES }, (_, i) => `many-${String(i).padStart(3, '0')}`);
  await req(kube, 'POST', '/api/v1/namespaces', { metadata: { name: `${base}-many` } });
  const manyNs = `${base}-many`;
  await req(kube, 'POST', ns(HC, manyNs), { apiVersion: HC.apiVersion, kind: HC.kind, metadata: { name: 'demo' }, spec: { chart: 'demo', version: '1.0.0', sourceRef: { kind: 'HelmRepository', name: 'charts' }, interval: '10m' } }).catch(() => undefined);
  await req(kube, 'POST', ns(REPO, manyNs), { apiVersion: REPO.apiVersion, kind: REPO.kind, metadata: { name: 'charts' }, spec: { url: repo.url, interval: '10m' } });
  await waitReady(kube, HC, manyNs, ['demo']);
  const rssBefore = process.memoryUsage().rss;
  peakRss = rssBefore;
  let t = performance.now();
  for (const name of names) await req(kube, 'POST', ns(HR, manyNs), hr(name));
  await waitReady(kube, HR, manyNs, names);
  const agentAll = performance.now() - t;
  const agentPeak = peakRss;
  await req(kube, 'POST', '/api/v1/namespaces', { metadata: { name: `${base}-many-peer` } });
  t = performance.now();
  for (const name of names) {
    if (Date.now() > DEADLINE) throw new Error('deadline during the sequential helm runs');
    await helmInstall(name, `${base}-many-peer`);
  }
  const helmAll = performance.now() - t;
  log(`${RELEASES} releases: agent all Ready in ${(agentAll / 1000).toFixed(1)} s (concurrency 4), peak RSS ${(agentPeak / 2 ** 20).toFixed(0)} MiB (${(rssBefore / 2 ** 20).toFixed(0)} MiB before); ${RELEASES} sequential helm upgrade --install ${(helmAll / 1000).toFixed(1)} s; ratio ${(agentAll / helmAll).toFixed(2)}× (load ${loadAverage()})`);

  clearInterval(sampler);
  await runtime.stop();
  kube.close();
  await repo.stop();
  await cluster.stop();
  await rm(dir, { recursive: true, force: true });
});
