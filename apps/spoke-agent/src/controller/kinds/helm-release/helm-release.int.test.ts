import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FLUX_KINDS, type FluxKindIdentity } from '@flotilla/reconcile-core';
import { binaryPath, runFlux, runHelm, startCluster, startGitServer, startHelmRepository, type TestCluster, type TestGitServer, type TestHelmRepository } from '@flotilla/testenv';
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
import { storedArtifactOpener } from '../git-repository/git-artifact-opener.js';
import { GitArtifactStorage } from '../git-repository/git-artifact-storage.js';
import { createGitRepositoryReconciler } from '../git-repository/git-repository-reconciler.js';
import { createHelmChartReconciler } from '../helm-chart/helm-chart-reconciler.js';
import { createHelmRepositoryReconciler } from '../helm-repository/helm-repository-reconciler.js';
import { createHelmReleaseReconciler } from './helm-release-reconciler.js';
import { decodeRelease, encodeRelease } from './release-records.js';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

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
let git: TestGitServer;
let runtime: ControllerRuntime;
let dir: string;
const log = captureLogger();
let n = 0;
/** Answers 500 under /broken and an index past the test's size limit under /big. */
let oddRepo: http.Server;
let oddUrl: string;
const INDEX_LIMIT = 64 * 1024;

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
    spec: { interval: '10m', chart: { spec: { chart: 'demo', version: '1.0.0', sourceRef: { kind: 'HelmRepository', name: 'charts' }, ...chart } }, ...spec },
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
  [cluster, repo, git, dir] = await Promise.all([startCluster({ name: 'helm-release', nodes: 1 }), startHelmRepository(), startGitServer(), mkdtemp(path.join(os.tmpdir(), 'helm-release-'))]);
  resources = await ResourceManager.fromKubeConfig(cluster.kubeConfig);
  api = resources.client;
  await installFluxCrds(api);
  await publish('1.0.0');
  await mkdir(path.join(dir, 'work'), { recursive: true });
  const helm = new HelmCli({ binary: await binaryPath('helm'), homeDir: path.join(dir, 'home'), kubeconfig: cluster.kubeconfigPath });
  const storage = HelmArtifactStorage.inCacheDir(dir);
  runtime = new ControllerRuntime({ client: api, logger: log.logger, concurrency: 4, watchBackoff: { baseMs: 100, maxMs: 1000 } });
  oddRepo = http.createServer((req, res) => {
    if (req.url?.startsWith('/big/')) res.writeHead(200, { 'content-type': 'application/yaml' }).end(`apiVersion: v1\nentries: {}\n# ${'x'.repeat(INDEX_LIMIT * 2)}\n`);
    else res.writeHead(500).end('internal error');
  });
  await new Promise<void>((r) => oddRepo.listen(0, '127.0.0.1', r));
  oddUrl = `http://127.0.0.1:${(oddRepo.address() as AddressInfo).port}`;
  runtime.register(createHelmRepositoryReconciler({ kube: api, storage, maxIndexBytes: INDEX_LIMIT }));
  const gitStorage = GitArtifactStorage.inCacheDir(dir);
  runtime.register(createGitRepositoryReconciler({ kube: api, storage: gitStorage }));
  runtime.register(createHelmChartReconciler({ kube: api, storage, helm, workDir: path.join(dir, 'work'), gitOpener: storedArtifactOpener(gitStorage) }));
  runtime.register(createHelmReleaseReconciler({ kube: api, storage, helm, workDir: path.join(dir, 'work') }));
  runtime.start();
  await runtime.synced();
}, 180_000);

afterAll(async () => {
  await runtime?.stop();
  resources?.close();
  await repo?.stop();
  await git?.stop();
  await new Promise((r) => oddRepo?.close(r));
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

async function patchSpec(ns: string, name: string, spec: Record<string, unknown>): Promise<void> {
  await call('PATCH', pathOf(HR, ns, name), { spec });
}

async function configMap(ns: string, name: string, data: Record<string, string>): Promise<void> {
  const body = { metadata: { name, namespace: ns }, data };
  const res = await api.request({ method: 'PUT', path: `/api/v1/namespaces/${ns}/configmaps/${name}`, body });
  if (res.status === 404) await call('POST', `/api/v1/namespaces/${ns}/configmaps`, body);
}

/** A HelmRelease installed at 1.0.0 and Ready, for the tests that start from a running release. */
async function installed(spec: Record<string, unknown> = {}, chart: Record<string, unknown> = {}): Promise<{ ns: string; hr: FluxObject }> {
  const ns = await newNamespace();
  await helmRepository(ns);
  await call('POST', pathOf(HR, ns), helmRelease(ns, 'web', spec, chart));
  return { ns, hr: await until(HR, ns, 'web', readyTrue) };
}

describe('HelmRelease upgrades, remediation and tests', () => {
  it('a new chart version within the range upgrades the release (UpgradeSucceeded, history v2 first)', async () => {
    const { ns } = await installed({}, { version: '>=1.0.0 <2.0.0' });
    await publish('1.1.0');
    await requestReconcile(REPO, ns, 'charts');
    const hr = await until(HR, ns, 'web', (o) => readyTrue(o) && history(o)[0]?.chartVersion === '1.1.0');
    expect(cond(hr, 'Ready')).toMatchObject({ reason: 'UpgradeSucceeded', message: `Helm upgrade succeeded for release ${ns}/web.v2 with chart demo@1.1.0` });
    expect(history(hr).map((h) => [h.version, h.chartVersion])).toEqual([[2, '1.1.0'], [1, '1.0.0']]);
    const hist = await helmJson(['history', 'web', '-n', ns]);
    expect(hist.map((h) => [h.revision, h.status, h.chart])).toEqual([[1, 'superseded', 'demo-1.0.0'], [2, 'deployed', 'demo-1.1.0']]);
    expect(await configMapData(ns, 'web-config')).toMatchObject({ chartVersion: '1.1.0' });
  }, 120_000);

  it('a valuesFrom ConfigMap change upgrades with a new config digest; targetPath sets one value (Flux merge order: valuesFrom, then values)', async () => {
    const ns = await newNamespace();
    await helmRepository(ns);
    await configMap(ns, 'web-values', { 'values.yaml': 'message: from-configmap\nreplicas: 1\n', color: 'green' });
    await call('POST', pathOf(HR, ns), helmRelease(ns, 'web', { valuesFrom: [{ kind: 'ConfigMap', name: 'web-values' }, { kind: 'ConfigMap', name: 'web-values', valuesKey: 'color', targetPath: 'sub.color' }], values: { replicas: 2 } }));
    const first = await until(HR, ns, 'web', readyTrue);
    expect(await configMapData(ns, 'web-config')).toMatchObject({ message: 'from-configmap' });
    expect(await configMapData(ns, 'web-sub')).toMatchObject({ color: 'green' });
    await configMap(ns, 'web-values', { 'values.yaml': 'message: changed\n', color: 'green' });
    await requestReconcile(HR, ns, 'web');
    const hr = await until(HR, ns, 'web', (o) => readyTrue(o) && history(o)[0]?.version === 2);
    expect(hr.status?.lastAttemptedConfigDigest).not.toBe(first.status?.lastAttemptedConfigDigest);
    expect(history(hr)[0]?.configDigest).toBe(hr.status?.lastAttemptedConfigDigest);
    expect(cond(hr, 'Ready')?.reason).toBe('UpgradeSucceeded');
    expect(await configMapData(ns, 'web-config')).toMatchObject({ message: 'changed' });
  }, 120_000);

  it('a failing upgrade is rolled back, retried, and Stalled with RetriesExceeded once retries are spent (helm-controller RemediateOnFailure)', async () => {
    const { ns } = await installed({ upgrade: { remediation: { retries: 1 } } });
    await patchSpec(ns, 'web', { values: { fail: true } });
    const hr = await until(HR, ns, 'web', (o) => cond(o, 'Stalled')?.status === 'True');
    expect(cond(hr, 'Stalled')).toMatchObject({ reason: 'RetriesExceeded', message: 'Failed to upgrade after 2 attempt(s)' });
    expect(cond(hr, 'Ready')?.status).toBe('False');
    expect(cond(hr, 'Remediated')).toMatchObject({ status: 'True', reason: 'RollbackSucceeded' });
    expect(hr.status).toMatchObject({ upgradeFailures: 2, lastAttemptedReleaseAction: 'upgrade' });
    const hist = await helmJson(['history', 'web', '-n', ns]);
    expect(hist.map((h) => h.status)).toEqual(['superseded', 'failed', 'superseded', 'failed', 'deployed']);
    expect(history(hr)[0]).toMatchObject({ version: 5, status: 'deployed', chartVersion: '1.0.0' });
    expect(await configMapData(ns, 'web-config')).toMatchObject({ message: 'hello' });
  }, 180_000);

  it('a failing install with no retries stops at the first failure: InstallFailed, Stalled RetriesExceeded, the failed release left for inspection', async () => {
    const ns = await newNamespace();
    await helmRepository(ns);
    await call('POST', pathOf(HR, ns), helmRelease(ns, 'web', { values: { fail: true } }));
    const hr = await until(HR, ns, 'web', (o) => cond(o, 'Stalled')?.status === 'True');
    expect(cond(hr, 'Ready')).toMatchObject({ status: 'False', reason: 'InstallFailed' });
    expect(cond(hr, 'Ready')?.message).toMatch(new RegExp(`^Helm install failed for release ${ns}/web with chart demo@1.0.0: .*Not_A_Valid_Name`));
    expect(cond(hr, 'Stalled')).toMatchObject({ reason: 'RetriesExceeded', message: 'Failed to install after 1 attempt(s)' });
    expect(hr.status).toMatchObject({ installFailures: 1, failures: 1 });
    expect((await helmJson(['list', '-n', ns, '--failed'])).map((r) => r.status)).toEqual(['failed']);
  }, 120_000);

  it('RetryOnFailure retries a failed install at its retryInterval without remediating or stalling, and installs once the values are fixed', async () => {
    const ns = await newNamespace();
    await helmRepository(ns);
    await call('POST', pathOf(HR, ns), helmRelease(ns, 'web', { values: { fail: true }, install: { strategy: { name: 'RetryOnFailure', retryInterval: '1s' } } }));
    const failing = await until(HR, ns, 'web', (o) => Number(o.status?.installFailures ?? 0) >= 2 || Number(o.status?.upgradeFailures ?? 0) >= 1);
    expect(cond(failing, 'Stalled')).toBeUndefined();
    expect(cond(failing, 'Remediated')).toBeUndefined();
    await patchSpec(ns, 'web', { values: { fail: false } });
    const hr = await until(HR, ns, 'web', readyTrue);
    expect(cond(hr, 'Released')?.status).toBe('True');
    expect((await helmJson(['list', '-n', ns])).map((r) => r.status)).toEqual(['deployed']);
  }, 120_000);

  it('test.enable runs the chart test after install: TestSuccess=True TestSucceeded, testHooks in history; a failing test sets TestFailed', async () => {
    const { ns, hr } = await installed({ test: { enable: true } });
    expect(cond(hr, 'TestSuccess')).toMatchObject({ status: 'True', reason: 'TestSucceeded' });
    expect(cond(hr, 'Ready')).toMatchObject({ reason: 'TestSucceeded', message: expect.stringMatching(/^Helm test succeeded for release .*web\.v1 with chart demo@1\.0\.0: 1 test hook completed successfully$/) });
    expect(history(hr)[0]?.testHooks).toEqual({ 'web-test': expect.objectContaining({ phase: 'Succeeded' }) });
    await patchSpec(ns, 'web', { values: { testFail: true }, test: { enable: true, timeout: '3s' } });
    const failed = await until(HR, ns, 'web', (o) => cond(o, 'TestSuccess')?.status === 'False');
    expect(cond(failed, 'TestSuccess')).toMatchObject({ reason: 'TestFailed' });
    expect(cond(failed, 'TestSuccess')?.message).toMatch(/^Helm test failed for release .*web\.v2 with chart demo@1\.0\.0: /);
  }, 120_000);

  it('a release stuck in pending-upgrade is unlocked and upgraded (helm-controller unlock)', async () => {
    const { ns } = await installed();
    // What a helm killed mid-upgrade leaves: the newest record in pending-upgrade.
    const secretPath = `/api/v1/namespaces/${ns}/secrets/sh.helm.release.v1.web.v1`;
    const secret = (await api.request({ method: 'GET', path: secretPath })).body as { metadata: { labels: Record<string, string> }; data: { release: string } };
    const rel = decodeRelease(Buffer.from(secret.data.release, 'base64').toString('utf8'));
    rel.info = { ...(rel.info as object), status: 'pending-upgrade' };
    secret.metadata.labels.status = 'pending-upgrade';
    secret.data.release = Buffer.from(encodeRelease(rel)).toString('base64');
    expect((await api.request({ method: 'PUT', path: secretPath, body: secret })).status).toBe(200);
    expect((await helmJson(['list', '-n', ns, '--pending']))[0]?.status).toBe('pending-upgrade');
    await requestReconcile(HR, ns, 'web');
    const hr = await until(HR, ns, 'web', (o) => readyTrue(o) && history(o)[0]?.version === 2);
    expect(cond(hr, 'Ready')?.reason).toBe('UpgradeSucceeded');
    const hist = await helmJson(['history', 'web', '-n', ns]);
    // helm supersedes the unlocked (failed) revision once the upgrade is deployed.
    expect(hist.map((h) => [h.revision, h.status])).toEqual([[1, 'superseded'], [2, 'deployed']]);
    const events = (await api.request({ method: 'GET', path: `/api/v1/namespaces/${ns}/events`, query: { fieldSelector: 'involvedObject.kind=HelmRelease,reason=PendingRelease' } })).body as { items: Array<{ message: string }> };
    expect(events.items.map((e) => e.message)).toEqual([`Unlocked Helm release ${ns}/web.v1 with chart demo@1.0.0 in pending-upgrade state`]);
  }, 120_000);
});

describe('HelmRelease deletion', () => {
  it('uninstalls the release and deletes its HelmChart when the HelmRelease is deleted', async () => {
    const { ns } = await installed();
    await call('DELETE', pathOf(HR, ns, 'web'));
    await eventually(async () => expect(await get(HR, ns, 'web')).toBeUndefined(), WAIT);
    expect(await helmJson(['list', '-n', ns, '--deployed', '--failed', '--pending', '--uninstalled'])).toEqual([]);
    expect(await configMapData(ns, 'web-config')).toBeUndefined();
    expect(await get(HC, ns, `${ns}-web`)).toBeUndefined();
  }, 120_000);

  it('uninstall.keepHistory leaves the uninstalled release in helm history', async () => {
    const { ns } = await installed({ uninstall: { keepHistory: true } });
    await call('DELETE', pathOf(HR, ns, 'web'));
    await eventually(async () => expect(await get(HR, ns, 'web')).toBeUndefined(), WAIT);
    expect((await helmJson(['history', 'web', '-n', ns])).map((h) => h.status)).toEqual(['uninstalled']);
    expect(await configMapData(ns, 'web-config')).toBeUndefined();
  }, 120_000);
});

describe('HelmRelease storageNamespace', () => {
  const records = async (ns: string, release: string): Promise<string[]> => {
    const res = await api.request({ method: 'GET', path: `/api/v1/namespaces/${ns}/secrets`, query: { labelSelector: `owner=helm,name=${release}` } });
    return isRecord(res.body) && Array.isArray(res.body.items) ? res.body.items.map((i) => String((i as { metadata: { name: string } }).metadata.name)).sort() : [];
  };

  it('keeps the release records in the storage namespace and the release in the target namespace: helm list and history there, as helm-controller stores them (flux.md HelmRelease storageNamespace)', async () => {
    const [ns, target, store] = [await newNamespace(), await newNamespace(), await newNamespace()];
    const release = `${target}-web`;
    await helmRepository(ns);
    await call('POST', pathOf(HR, ns), helmRelease(ns, 'web', { targetNamespace: target, storageNamespace: store }));
    const hr = await until(HR, ns, 'web', readyTrue);
    expect(hr.status).toMatchObject({ storageNamespace: store });
    expect(history(hr)[0]).toMatchObject({ version: 1, status: 'deployed', namespace: target });
    const listed = await helmJson(['list', '-n', store]);
    expect(listed.map((r) => [r.name, r.namespace, r.status])).toEqual([[release, target, 'deployed']]);
    expect(await helmJson(['list', '-n', target])).toEqual([]);
    expect(await records(target, release)).toEqual([]);
    expect(await configMapData(target, `${release}-config`)).toMatchObject({ chartVersion: '1.0.0' });

    // An upgrade reads and writes the records where they are kept; none is left in the target namespace.
    await call('PATCH', pathOf(HR, ns, 'web'), { spec: { values: { message: 'second' } } });
    await until(HR, ns, 'web', (o) => readyTrue(o) && history(o)[0]?.version === 2);
    expect((await helmJson(['history', release, '-n', store])).map((h) => [h.revision, h.status])).toEqual([[1, 'superseded'], [2, 'deployed']]);
    expect(await records(target, release)).toEqual([]);
    expect(await records(store, release)).toEqual([`sh.helm.release.v1.${release}.v1`, `sh.helm.release.v1.${release}.v2`]);

    // An agent stopped between helm's write and the gathering leaves the newest record in the target namespace:
    // the next reconcile moves it back before it reads the release.
    const v2 = `sh.helm.release.v1.${release}.v2`;
    const got = (await api.request({ method: 'GET', path: `/api/v1/namespaces/${store}/secrets/${v2}` })).body as { type: string; metadata: { labels: Record<string, string> }; data: Record<string, string> };
    await api.request({ method: 'POST', path: `/api/v1/namespaces/${target}/secrets`, body: { metadata: { name: v2, labels: got.metadata.labels }, type: got.type, data: got.data } });
    await api.request({ method: 'DELETE', path: `/api/v1/namespaces/${store}/secrets/${v2}` });
    await requestReconcile(HR, ns, 'web');
    await eventually(async () => {
      expect(await records(store, release)).toEqual([`sh.helm.release.v1.${release}.v1`, v2]);
      expect(await records(target, release)).toEqual([]);
    }, WAIT);
    expect(history(await until(HR, ns, 'web', readyTrue))[0]).toMatchObject({ version: 2, status: 'deployed' });

    // Deleted: uninstalled from the target namespace, its records gone from the storage namespace.
    await call('DELETE', pathOf(HR, ns, 'web'));
    await eventually(async () => expect(await get(HR, ns, 'web')).toBeUndefined(), WAIT);
    expect(await records(store, release)).toEqual([]);
    expect(await records(target, release)).toEqual([]);
    expect(await configMapData(target, `${release}-config`)).toBeUndefined();
  }, 150_000);
});

describe('HelmRelease and its sources refuse bad input with Flux reasons, keeping what worked', () => {
  it('values that are not YAML and a targetPath that is not a path: InitFailed, the release kept as it was', async () => {
    const { ns } = await installed();
    await configMap(ns, 'bad', { 'values.yaml': 'message: [unclosed\n', token: 's3cr3t-value' });
    await patchSpec(ns, 'web', { valuesFrom: [{ kind: 'ConfigMap', name: 'bad' }] });
    const hr = await until(HR, ns, 'web', (o) => cond(o, 'Ready')?.reason === 'InitFailed');
    expect(cond(hr, 'Ready')?.message).toMatch(new RegExp(`^could not compose values: unable to read values from key 'values.yaml' in ConfigMap '${ns}/bad': `));
    await patchSpec(ns, 'web', { valuesFrom: [{ kind: 'ConfigMap', name: 'bad', valuesKey: 'token', targetPath: 'a..b' }] });
    const hr2 = await until(HR, ns, 'web', (o) => cond(o, 'Ready')?.message.includes("path 'a..b'") === true);
    expect(cond(hr2, 'Ready')?.reason).toBe('InitFailed');
    expect(JSON.stringify(hr2.status)).not.toContain('s3cr3t-value');
    expect((await helmJson(['list', '-n', ns])).map((r) => [r.revision, r.status])).toEqual([['1', 'deployed']]);
    expect(history(hr2)[0]).toMatchObject({ version: 1, status: 'deployed' });
  }, 120_000);

  it('a version range that matches nothing: HelmChart ChartPullFailed, the HelmRelease ArtifactFailed, its release kept', async () => {
    const { ns } = await installed();
    await patchSpec(ns, 'web', { chart: { spec: { chart: 'demo', version: '>=9.0.0', sourceRef: { kind: 'HelmRepository', name: 'charts' } } } });
    const chart = await until(HC, ns, `${ns}-web`, (o) => cond(o, 'Ready')?.reason === 'ChartPullFailed');
    expect(cond(chart, 'Ready')?.message).toBe("invalid chart reference: failed to get chart version for remote reference: no 'demo' chart with version matching '>=9.0.0' found");
    expect((chart.status?.artifact as { revision: string }).revision).toBe('1.0.0');
    const hr = await until(HR, ns, 'web', (o) => cond(o, 'Ready')?.reason === 'ArtifactFailed');
    expect(cond(hr, 'Ready')?.message).toContain('is not ready');
    expect((await helmJson(['list', '-n', ns])).map((r) => r.status)).toEqual(['deployed']);
  }, 120_000);

  it('a repository answering 401 (no or wrong credentials), 500, or an index past the size limit: IndexationFailed, no password in any message', async () => {
    const ns = await newNamespace();
    const secured = await startHelmRepository({ auth: true });
    try {
      await secured.publishChart(CHART_DIR, { version: '1.0.0' });
      await call('POST', `/api/v1/namespaces/${ns}/secrets`, { metadata: { name: 'wrong' }, stringData: { username: secured.username, password: 'wrong-password-123' } });
      await call('POST', `/api/v1/namespaces/${ns}/secrets`, { metadata: { name: 'right' }, stringData: { username: secured.username, password: secured.password } });
      await helmRepository(ns, 'anon', { url: secured.url });
      await helmRepository(ns, 'wrong', { url: secured.url, secretRef: { name: 'wrong' } });
      await helmRepository(ns, 'right', { url: secured.url, secretRef: { name: 'right' } });
      await helmRepository(ns, 'broken', { url: `${oddUrl}/broken` });
      await helmRepository(ns, 'big', { url: `${oddUrl}/big` });
      for (const name of ['anon', 'wrong']) {
        const o = await until(REPO, ns, name, (x) => cond(x, 'Ready')?.status === 'False');
        expect(cond(o, 'Ready')).toMatchObject({ reason: 'IndexationFailed' });
        expect(cond(o, 'Ready')?.message).toMatch(/^failed to fetch Helm repository index: failed to cache index to temporary file: failed to fetch http:\/\/127\.0\.0\.1:\d+\/index\.yaml : 401 Unauthorized$/);
        expect(cond(o, 'FetchFailed')).toMatchObject({ status: 'True', reason: 'IndexationFailed' });
        expect(JSON.stringify(o.status)).not.toContain('wrong-password-123');
      }
      await until(REPO, ns, 'right', readyTrue);
      const broken = await until(REPO, ns, 'broken', (x) => cond(x, 'Ready')?.status === 'False');
      expect(cond(broken, 'Ready')?.message).toMatch(/500 Internal Server Error$/);
      const big = await until(REPO, ns, 'big', (x) => cond(x, 'Ready')?.status === 'False');
      expect(cond(big, 'Ready')).toMatchObject({ reason: 'IndexationFailed', message: expect.stringContaining(`exceeds the limit of ${INDEX_LIMIT} bytes`) });
      const events = (await api.request({ method: 'GET', path: `/api/v1/namespaces/${ns}/events` })).body as { items: Array<{ message: string }> };
      expect(JSON.stringify(events.items)).not.toContain(secured.password ?? 'unset');
    } finally {
      await secured.stop();
    }
  }, 120_000);
});

describe('HelmRelease drift detection', () => {
  async function scale(ns: string, replicas: number): Promise<void> {
    const res = await api.request({ method: 'PATCH', path: `/apis/apps/v1/namespaces/${ns}/deployments/web-web`, query: { fieldManager: 'kubectl-edit' }, body: { spec: { replicas } }, contentType: 'application/merge-patch+json' });
    expect(res.status).toBe(200);
  }
  const replicas = async (ns: string) => ((await api.request({ method: 'GET', path: `/apis/apps/v1/namespaces/${ns}/deployments/web-web` })).body as { spec: { replicas: number } }).spec.replicas;
  const eventReasons = async (ns: string) => ((await api.request({ method: 'GET', path: `/api/v1/namespaces/${ns}/events`, query: { fieldSelector: 'involvedObject.kind=HelmRelease' } })).body as { items: Array<{ reason: string; message: string }> }).items;

  it('mode enabled: a kubectl edit of a rendered Deployment is reverted without a new helm revision (DriftDetected, DriftCorrected)', async () => {
    const { ns } = await installed({ driftDetection: { mode: 'enabled' } });
    await scale(ns, 3);
    await requestReconcile(HR, ns, 'web');
    await eventually(async () => expect(await replicas(ns)).toBe(1), WAIT);
    const events = await eventually(async () => {
      const e = await eventReasons(ns);
      expect(e.map((x) => x.reason)).toEqual(expect.arrayContaining(['DriftDetected', 'DriftCorrected']));
      return e;
    }, WAIT);
    expect(events.find((e) => e.reason === 'DriftCorrected')?.message).toBe(`Cluster state of release ${ns}/web.v1 has been corrected:\nDeployment/${ns}/web-web changed`);
    expect((await helmJson(['history', 'web', '-n', ns])).map((h) => h.revision)).toEqual([1]);
    expect(cond(await get(HR, ns, 'web'), 'Ready')?.status).toBe('True');
  }, 120_000);

  it('mode warn: the drift is only reported', async () => {
    const { ns } = await installed({ driftDetection: { mode: 'warn' } });
    await scale(ns, 3);
    await requestReconcile(HR, ns, 'web');
    await eventually(async () => expect((await eventReasons(ns)).map((x) => x.reason)).toContain('DriftDetected'), WAIT);
    expect((await eventReasons(ns)).map((x) => x.reason)).not.toContain('DriftCorrected');
    expect(await replicas(ns)).toBe(3);
    expect(cond(await get(HR, ns, 'web'), 'Ready')?.status).toBe('True');
  }, 120_000);

  it('ignore rules: an ignored path of the targeted kind is neither drift nor corrected, other fields still are (flux.md §1.7 driftDetection.ignore)', async () => {
    const { ns } = await installed({ driftDetection: { mode: 'enabled', ignore: [{ paths: ['/spec/replicas'], target: { kind: 'Deployment' } }] } });
    const image = async () => ((await api.request({ method: 'GET', path: `/apis/apps/v1/namespaces/${ns}/deployments/web-web` })).body as { spec: { template: { spec: { containers: Array<{ image: string }> } } } }).spec.template.spec.containers[0]?.image;
    const original = await image();
    await scale(ns, 3);
    const res = await api.request({ method: 'PATCH', path: `/apis/apps/v1/namespaces/${ns}/deployments/web-web`, query: { fieldManager: 'kubectl-edit' }, body: { spec: { template: { spec: { containers: [{ name: 'web', image: 'registry.invalid/edited:1' }] } } } }, contentType: 'application/strategic-merge-patch+json' });
    expect(res.status).toBe(200);
    await requestReconcile(HR, ns, 'web');
    await eventually(async () => expect(await image()).toBe(original), WAIT);
    const corrected = await eventually(async () => {
      const e = (await eventReasons(ns)).find((x) => x.reason === 'DriftCorrected');
      expect(e).toBeDefined();
      return e;
    }, WAIT);
    expect(corrected?.message).toBe(`Cluster state of release ${ns}/web.v1 has been corrected:\nDeployment/${ns}/web-web changed`);
    expect(await replicas(ns)).toBe(3);
  }, 120_000);

  it('an ignore rule with a path that is not a JSON pointer is refused: Stalled InvalidSpec', async () => {
    const ns = await newNamespace();
    await helmRepository(ns);
    await call('POST', pathOf(HR, ns), helmRelease(ns, 'web', { driftDetection: { mode: 'enabled', ignore: [{ paths: ['spec/replicas'] }] } }));
    const hr = await until(HR, ns, 'web', (o) => cond(o, 'Stalled')?.status === 'True');
    expect(cond(hr, 'Ready')).toMatchObject({ status: 'False', reason: 'InvalidSpec', message: 'invalid spec: driftDetection.ignore[0].paths[0]: "spec/replicas" is not a JSON pointer' });
  }, 60_000);
});

/** The demo chart's files under `prefix`, for a git repository. */
async function chartFiles(prefix: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (rel: string): Promise<void> => {
    for (const e of await readdir(path.join(CHART_DIR, rel), { withFileTypes: true })) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(p);
      else out[`${prefix}/${p}`] = await readFile(path.join(CHART_DIR, p), 'utf8');
    }
  };
  await walk('');
  return out;
}

describe('HelmChart from a GitRepository', () => {
  it('packages the chart at its path with the real helm package; Revision strategy versions it <version>+<commit[:12]>; valuesFiles merged in order from the repository root', async () => {
    const ns = await newNamespace();
    const url = await git.createRepo(`charts-${ns}`);
    const sha = await git.pushFiles(url, { ...(await chartFiles('charts/demo')), 'env/prod.yaml': 'message: from-prod\nreplicas: 1\n', 'env/extra.yaml': 'message: from-extra\n' }, { message: 'add the demo chart' });
    const GIT = FLUX_KINDS.GitRepository;
    await call('POST', pathOf(GIT, ns), { apiVersion: GIT.apiVersion, kind: GIT.kind, metadata: { name: 'repo', namespace: ns }, spec: { url, interval: '10m', ref: { branch: 'main' } } });
    await call('POST', pathOf(HR, ns), helmRelease(ns, 'web', {}, { chart: './charts/demo', version: '*', sourceRef: { kind: 'GitRepository', name: 'repo' }, reconcileStrategy: 'Revision', valuesFiles: ['env/prod.yaml', 'env/extra.yaml', 'env/missing.yaml'], ignoreMissingValuesFiles: true }));
    const hr = await until(HR, ns, 'web', readyTrue);
    const version = `1.0.0+${sha.slice(0, 12)}`;
    expect(history(hr)[0]).toMatchObject({ chartName: 'demo', chartVersion: version });
    const chart = await get(HC, ns, `${ns}-web`);
    expect(chart?.status).toMatchObject({ observedChartName: 'demo', observedValuesFiles: ['env/prod.yaml', 'env/extra.yaml'], artifact: expect.objectContaining({ revision: version }) });
    expect(cond(chart, 'Ready')).toMatchObject({ reason: 'Succeeded', message: `packaged 'demo' chart with version '${version}'` });
    expect(await configMapData(ns, 'web-config')).toMatchObject({ message: 'from-extra', chartVersion: version });
  }, 120_000);
});
