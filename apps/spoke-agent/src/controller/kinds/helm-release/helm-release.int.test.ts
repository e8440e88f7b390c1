import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FLUX_KINDS, type FluxKindIdentity } from '@flotilla/reconcile-core';
import { binaryPath, runFlux, runHelm, startCluster, startHelmRepository, type TestCluster, type TestHelmRepository } from '@flotilla/testenv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installFluxCrds } from '../../../crds/flux-crds.js';
import { HelmArtifactStorage } from '../../../helm/helm-artifact-storage.js';
import { HelmCli } from '../../../helm/helm-cli.js';
import { ResourceManager } from '../../../k8s/index.js';
import type { KubeClient } from '../../../k8s/kube-client.js';
import { isRecord } from '../../../k8s/object-ref.js';
import { captureLogger } from '../../../testing/capture-logger.js';
import { eventually } from '../../../testing/eventually.js';
import { ControllerRuntime } from '../../controller-runtime.js';
import { RECONCILE_REQUEST_ANNOTATION } from '../../flux-object.js';
import type { FluxObject } from '../../kind-reconciler.js';
import { createHelmChartReconciler } from '../helm-chart/helm-chart-reconciler.js';
import { createHelmRepositoryReconciler } from '../helm-repository/helm-repository-reconciler.js';
import { createHelmReleaseReconciler } from './helm-release-reconciler.js';
import { decodeRelease, encodeRelease } from './release-records.js';

// HelmRepository → HelmChart → HelmRelease reconciled by the agent's controller runtime against a REAL
// kube-apiserver (kwok nodes run the pods, Job pods to completion), a real HTTP chart repository and the real
// helm v4 binary. `helm list` / `helm history` are asked beside the status. Flux rules are cited in test names.

const HR = FLUX_KINDS.HelmRelease;
const HC = FLUX_KINDS.HelmChart;
const REPO = FLUX_KINDS.HelmRepository;
const CHART_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'testdata', 'demo');
const WAIT = { timeoutMs: 90_000, intervalMs: 200 };

let cluster: TestCluster;
let resources: ResourceManager;
let api: KubeClient;
let repo: TestHelmRepository;
let runtime: ControllerRuntime;
let dir: string;
const log = captureLogger();
let n = 0;

const pathOf = (kind: FluxKindIdentity, ns: string, name?: string) => `/apis/${kind.group}/${kind.version}/namespaces/${ns}/${kind.plural}${name ? `/${name}` : ''}`;

async function call(method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT', p: string, body?: unknown): Promise<FluxObject | undefined> {
  const res = await api.request({ method, path: p, body, ...(method === 'PATCH' ? { contentType: 'application/merge-patch+json' } : {}) });
  if (res.status === 404 && (method === 'GET' || method === 'DELETE')) return undefined;
  if (res.status >= 300) throw new Error(`${method} ${p}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as FluxObject;
}

const get = (kind: FluxKindIdentity, ns: string, name: string) => call('GET', pathOf(kind, ns, name));
type Cond = { type: string; status: string; reason: string; message: string };
const cond = (o: FluxObject | undefined, type: string): Cond | undefined => (Array.isArray(o?.status?.conditions) ? (o.status.conditions as Cond[]).find((c) => c.type === type) : undefined);
type Snap = { version: number; status: string; chartVersion: string; chartName: string; configDigest: string; digest: string; testHooks?: Record<string, { phase?: string }> };
const history = (o: FluxObject | undefined): Snap[] => (Array.isArray(o?.status?.history) ? (o.status.history as Snap[]) : []);

async function newNamespace(): Promise<string> {
  const ns = `hr-${++n}-${Date.now().toString(36)}`;
  await call('POST', '/api/v1/namespaces', { metadata: { name: ns } });
  return ns;
}

async function helmRepository(ns: string, name = 'charts', spec: Record<string, unknown> = {}): Promise<void> {
  await call('POST', pathOf(REPO, ns), { apiVersion: REPO.apiVersion, kind: REPO.kind, metadata: { name, namespace: ns }, spec: { url: repo.url, interval: '10m', ...spec } });
}

function helmRelease(ns: string, name: string, spec: Record<string, unknown> = {}, chart: Record<string, unknown> = {}): FluxObject {
  return {
    apiVersion: HR.apiVersion,
    kind: HR.kind,
    metadata: { name, namespace: ns },
    spec: { interval: '10m', chart: { spec: { chart: 'demo', version: '1.x', sourceRef: { kind: 'HelmRepository', name: 'charts' }, ...chart } }, ...spec },
  };
}

async function requestReconcile(kind: FluxKindIdentity, ns: string, name: string): Promise<string> {
  const at = new Date().toISOString() + Math.random().toString(36).slice(2, 6);
  await call('PATCH', pathOf(kind, ns, name), { metadata: { annotations: { [RECONCILE_REQUEST_ANNOTATION]: at } } });
  return at;
}

/** Waits until the object's Ready condition is as asked (and the predicate holds). */
function until(kind: FluxKindIdentity, ns: string, name: string, check: (o: FluxObject) => boolean, timeoutMs = WAIT.timeoutMs): Promise<FluxObject> {
  return eventually(async () => {
    const o = await get(kind, ns, name);
    if (!o || !check(o)) throw new Error(`${kind.kind} ${ns}/${name} not there yet: ${JSON.stringify(o?.status?.conditions ?? null)}`);
    return o;
  }, { timeoutMs, intervalMs: WAIT.intervalMs });
}

const readyTrue = (o: FluxObject) => cond(o, 'Ready')?.status === 'True' && o.status?.observedGeneration === o.metadata?.generation;

async function helmJson(args: string[]): Promise<Array<Record<string, unknown>>> {
  const { stdout } = await runHelm([...args, '-o', 'json'], { kubeconfig: cluster.kubeconfigPath });
  return JSON.parse(stdout) as Array<Record<string, unknown>>;
}

async function configMapData(ns: string, name: string): Promise<Record<string, string> | undefined> {
  const res = await api.request({ method: 'GET', path: `/api/v1/namespaces/${ns}/configmaps/${name}` });
  return res.status === 200 && isRecord(res.body) ? (res.body.data as Record<string, string>) : undefined;
}

async function publish(version: string): Promise<void> {
  await repo.publishChart(CHART_DIR, { version });
}

beforeAll(async () => {
  [cluster, repo, dir] = await Promise.all([startCluster({ name: 'helm-release', nodes: 1 }), startHelmRepository(), mkdtemp(path.join(os.tmpdir(), 'helm-release-'))]);
  resources = await ResourceManager.fromKubeConfig(cluster.kubeConfig);
  api = resources.client;
  await installFluxCrds(api);
  await publish('1.0.0');
  await mkdir(path.join(dir, 'work'), { recursive: true });
  const helm = new HelmCli({ binary: await binaryPath('helm'), homeDir: path.join(dir, 'home'), kubeconfig: cluster.kubeconfigPath });
  const storage = HelmArtifactStorage.inCacheDir(dir);
  runtime = new ControllerRuntime({ client: api, logger: log.logger, concurrency: 4, watchBackoff: { baseMs: 100, maxMs: 1000 } });
  runtime.register(createHelmRepositoryReconciler({ kube: api, storage }));
  runtime.register(createHelmChartReconciler({ kube: api, storage, helm, workDir: path.join(dir, 'work') }));
  runtime.register(createHelmReleaseReconciler({ kube: api, storage, helm, workDir: path.join(dir, 'work') }));
  runtime.start();
  await runtime.synced();
}, 180_000);

afterAll(async () => {
  await runtime?.stop();
  resources?.close();
  await repo?.stop();
  await cluster?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('HelmRelease reconciled with the real helm', () => {
  it('installs from a HelmRepository through the HelmChart it creates: Ready=True InstallSucceeded, history as helm records it (helm-controller status contract)', async () => {
    const ns = await newNamespace();
    await helmRepository(ns);
    await call('POST', pathOf(HR, ns), helmRelease(ns, 'web'));
    const hr = await until(HR, ns, 'web', readyTrue);
    expect(cond(hr, 'Ready')).toMatchObject({ reason: 'InstallSucceeded', message: `Helm install succeeded for release ${ns}/web.v1 with chart demo@1.0.0` });
    expect(cond(hr, 'Released')).toMatchObject({ status: 'True', reason: 'InstallSucceeded' });
    expect(hr.status).toMatchObject({ helmChart: `${ns}/${ns}-web`, lastAttemptedRevision: '1.0.0', lastAttemptedReleaseAction: 'install', storageNamespace: ns });
    expect(hr.status?.lastAttemptedConfigDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(history(hr)[0]).toMatchObject({ version: 1, status: 'deployed', chartName: 'demo', chartVersion: '1.0.0', configDigest: hr.status?.lastAttemptedConfigDigest });
    const chart = await get(HC, ns, `${ns}-web`);
    expect(chart?.metadata?.labels).toMatchObject({ 'helm.toolkit.fluxcd.io/name': 'web', 'helm.toolkit.fluxcd.io/namespace': ns });
    expect(chart?.status?.artifact).toMatchObject({ revision: '1.0.0', path: `helmchart/${ns}/${ns}-web/demo-1.0.0.tgz` });
    const repoObj = await get(REPO, ns, 'charts');
    expect((repoObj?.status?.artifact as { revision: string }).revision).toMatch(/^sha256:[0-9a-f]{64}$/);
    const list = await helmJson(['list', '-n', ns]);
    expect(list).toEqual([expect.objectContaining({ name: 'web', status: 'deployed', revision: '1', chart: 'demo-1.0.0' })]);
    expect(await configMapData(ns, 'web-config')).toMatchObject({ message: 'hello' });
    expect(await configMapData(ns, 'web-sub')).toMatchObject({ color: 'blue' });
    expect((await api.request({ method: 'GET', path: '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.demo.flotilla.test' })).status).toBe(200);
    const { stdout } = await runFlux(['get', 'helmreleases', '-n', ns], { kubeconfig: cluster.kubeconfigPath });
    expect(stdout).toMatch(/web\s+.*1\.0\.0\s+False\s+True\s+Helm install succeeded/);
  }, 120_000);
});
