import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FLUX_KINDS, type FluxKindIdentity } from '@flotilla/reconcile-core';
import { binaryPath, cosignSign, generateCosignKeyPair, runHelm, startCluster, startRegistry, type TestCluster, type TestRegistry } from '@flotilla/testenv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArtifactCache } from '../../../artifacts/artifact-cache.js';
import { installFluxCrds } from '../../../crds/flux-crds.js';
import { HelmArtifactStorage } from '../../../helm/helm-artifact-storage.js';
import { HelmCli } from '../../../helm/helm-cli.js';
import { PostRenderServer } from '../../../helm/post-render-server.js';
import { ResourceManager } from '../../../k8s/index.js';
import type { KubeClient } from '../../../k8s/kube-client.js';
import { isRecord } from '../../../k8s/object-ref.js';
import { makeTarball } from '../../../reconcile/testing/make-tarball.js';
import { registerWithHub } from '../../../registration/register-with-hub.js';
import { captureLogger } from '../../../testing/capture-logger.js';
import { eventually } from '../../../testing/eventually.js';
import { startStandInHub, type StandInHub } from '../../../testing/stand-in-hub.js';
import { ControllerRuntime } from '../../controller-runtime.js';
import { externalArtifactOpener } from '../../external-artifact-opener.js';
import type { FluxObject } from '../../kind-reconciler.js';
import { storedArtifactOpener } from '../git-repository/git-artifact-opener.js';
import { GitArtifactStorage } from '../git-repository/git-artifact-storage.js';
import { createHelmChartReconciler } from '../helm-chart/helm-chart-reconciler.js';
import { createHelmRepositoryReconciler } from '../helm-repository/helm-repository-reconciler.js';
import { createOciRepositoryReconciler } from '../oci-repository/oci-repository-reconciler.js';
import { createHelmReleaseReconciler } from './helm-release-reconciler.js';

// HelmReleases whose chart comes from an OCI registry or from the hub: chartRef to an OCIRepository (the chart
// pushed with the REAL `helm push` to a REAL registry, the helm layer copied as Flux's docs configure it),
// chartRef to an ExternalArtifact (served by the stand-in hub), and HelmCharts from a HelmRepository of type
// oci. A REAL kube-apiserver, the REAL helm v4; `helm list` is asked beside the status.

const HR = FLUX_KINDS.HelmRelease;
const OCI = FLUX_KINDS.OCIRepository;
const EA = FLUX_KINDS.ExternalArtifact;
const HC = FLUX_KINDS.HelmChart;
const REPO = FLUX_KINDS.HelmRepository;
const CHART_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'testdata', 'demo');
const HELM_LAYER = 'application/vnd.cncf.helm.chart.content.v1.tar+gzip';
const WAIT = { timeoutMs: 90_000, intervalMs: 200 };

let cluster: TestCluster;
let registry: TestRegistry;
let hub: StandInHub;
let resources: ResourceManager;
let api: KubeClient;
let runtime: ControllerRuntime;
let postRender: PostRenderServer;
let dir: string;
const log = captureLogger();
let n = 0;

const pathOf = (kind: FluxKindIdentity, ns: string, name?: string) => `/apis/${kind.group}/${kind.version}/namespaces/${ns}/${kind.plural}${name ? `/${name}` : ''}`;

async function call(method: 'GET' | 'POST' | 'PATCH', p: string, body?: unknown): Promise<FluxObject | undefined> {
  const res = await api.request({ method, path: p, body, ...(method === 'PATCH' ? { contentType: 'application/merge-patch+json' } : {}) });
  if (res.status === 404 && method === 'GET') return undefined;
  if (res.status >= 300) throw new Error(`${method} ${p}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as FluxObject;
}

const get = (kind: FluxKindIdentity, ns: string, name: string) => call('GET', pathOf(kind, ns, name));
type Cond = { type: string; status: string; reason: string; message: string };
const cond = (o: FluxObject | undefined, type: string): Cond | undefined => (Array.isArray(o?.status?.conditions) ? (o.status.conditions as Cond[]).find((c) => c.type === type) : undefined);
type Snap = { version: number; status: string; chartVersion: string; chartName: string };
const history = (o: FluxObject | undefined): Snap[] => (Array.isArray(o?.status?.history) ? (o.status.history as Snap[]) : []);
const readyTrue = (o: FluxObject) => cond(o, 'Ready')?.status === 'True' && o.status?.observedGeneration === o.metadata?.generation;

function until(kind: FluxKindIdentity, ns: string, name: string, check: (o: FluxObject) => boolean): Promise<FluxObject> {
  return eventually(async () => {
    const o = await get(kind, ns, name);
    if (!o || !check(o)) throw new Error(`${kind.kind} ${ns}/${name} not there yet: ${JSON.stringify(o?.status?.conditions ?? null)}`);
    return o;
  }, WAIT);
}

async function newNamespace(): Promise<string> {
  const ns = `hrs-${++n}-${Date.now().toString(36)}`;
  await call('POST', '/api/v1/namespaces', { metadata: { name: ns } });
  return ns;
}

async function helmList(ns: string): Promise<Array<Record<string, unknown>>> {
  const { stdout } = await runHelm(['list', '-n', ns, '-o', 'json'], { kubeconfig: cluster.kubeconfigPath });
  return JSON.parse(stdout) as Array<Record<string, unknown>>;
}

async function configMapData(ns: string, name: string): Promise<Record<string, string> | undefined> {
  const res = await api.request({ method: 'GET', path: `/api/v1/namespaces/${ns}/configmaps/${name}` });
  return res.status === 200 && isRecord(res.body) ? (res.body.data as Record<string, string>) : undefined;
}

/** `helm package` + `helm push` of the demo chart at a version to `oci://<registry>/<prefix>` (helm adds `/demo`). */
async function pushChart(prefix: string, version: string, message = 'hello'): Promise<string> {
  const out = await mkdtemp(path.join(dir, 'push-'));
  const chart = path.join(out, 'demo');
  await copyDir(CHART_DIR, chart);
  const values = (await readFile(path.join(chart, 'values.yaml'), 'utf8')).replace(/^message: .*$/m, `message: ${message}`);
  await writeFile(path.join(chart, 'values.yaml'), values);
  await runHelm(['package', chart, '--destination', out, '--version', version]);
  const pushed = await runHelm(['push', path.join(out, `demo-${version}.tgz`), `oci://${registry.host}/${prefix}`, '--plain-http']);
  const digest = /Digest: (sha256:[0-9a-f]{64})/.exec(pushed.stdout + pushed.stderr)?.[1];
  if (!digest) throw new Error(`helm push printed no digest: ${pushed.stdout}${pushed.stderr}`);
  return digest;
}

async function copyDir(from: string, to: string): Promise<void> {
  await mkdir(to, { recursive: true });
  for (const e of await readdir(from, { withFileTypes: true })) {
    if (e.isDirectory()) await copyDir(path.join(from, e.name), path.join(to, e.name));
    else await copyFile(path.join(from, e.name), path.join(to, e.name));
  }
}

async function chartFiles(from: string, prefix = ''): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const e of await readdir(from, { withFileTypes: true })) {
    if (e.isDirectory()) Object.assign(out, await chartFiles(path.join(from, e.name), `${prefix}${e.name}/`));
    else out[`${prefix}${e.name}`] = await readFile(path.join(from, e.name), 'utf8');
  }
  return out;
}

/** Publishes files as a hub artifact and points the ExternalArtifact `demo` at it (created if missing). */
async function publishExternal(ns: string, files: Record<string, string>): Promise<string> {
  const { bytes, digest } = makeTarball(files);
  hub.gitops.artifacts.set(digest, bytes);
  if (!(await get(EA, ns, 'demo'))) await call('POST', pathOf(EA, ns), { apiVersion: EA.apiVersion, kind: EA.kind, metadata: { name: 'demo', namespace: ns }, spec: {} });
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  await call('PATCH', `${pathOf(EA, ns, 'demo')}/status`, {
    status: {
      artifact: { path: `externalartifact/${ns}/demo/${digest.slice(7)}.tar.gz`, url: `http://hub.invalid/artifacts/${digest}`, revision: `latest@${digest}`, digest, lastUpdateTime: now },
      conditions: [{ type: 'Ready', status: 'True', reason: 'Succeeded', message: 'stored artifact', lastTransitionTime: now }],
    },
  });
  return digest;
}

async function ociRepository(ns: string, name: string, repo: string, ref: Record<string, unknown>): Promise<void> {
  await call('POST', pathOf(OCI, ns), {
    apiVersion: OCI.apiVersion,
    kind: OCI.kind,
    metadata: { name, namespace: ns },
    spec: { url: `oci://${registry.host}/${repo}`, insecure: true, interval: '10m', ref, layerSelector: { mediaType: HELM_LAYER, operation: 'copy' } },
  });
}

function release(ns: string, name: string, spec: Record<string, unknown>): FluxObject {
  return { apiVersion: HR.apiVersion, kind: HR.kind, metadata: { name, namespace: ns }, spec: { interval: '10m', ...spec } };
}

beforeAll(async () => {
  [cluster, registry, hub, dir] = await Promise.all([startCluster({ name: 'helm-sources', nodes: 1 }), startRegistry(), startStandInHub({ tokens: { good: 'valid' } }), mkdtemp(path.join(os.tmpdir(), 'helm-sources-'))]);
  resources = await ResourceManager.fromKubeConfig(cluster.kubeConfig);
  api = resources.client;
  await installFluxCrds(api);
  const reg = await registerWithHub({ hubUrl: hub.url, token: 'good', agentVersion: '0.1.0' });
  if (!reg.ok) throw new Error(reg.message);
  const cache = new ArtifactCache({ dir: path.join(dir, 'hub-cache'), hubUrl: hub.url, credential: reg.registration.credential });
  await mkdir(path.join(dir, 'work'), { recursive: true });
  const helm = new HelmCli({ binary: await binaryPath('helm'), homeDir: path.join(dir, 'home'), kubeconfig: cluster.kubeconfigPath });
  const storage = HelmArtifactStorage.inCacheDir(dir);
  const ociStorage = GitArtifactStorage.inCacheDir(dir, 'OCIRepository');
  runtime = new ControllerRuntime({ client: api, logger: log.logger, concurrency: 4, watchBackoff: { baseMs: 100, maxMs: 1000 } });
  runtime.register(createOciRepositoryReconciler({ kube: api, storage: ociStorage }));
  runtime.register(createHelmRepositoryReconciler({ kube: api, storage }));
  runtime.register(createHelmChartReconciler({ kube: api, storage, helm, workDir: path.join(dir, 'work') }));
  postRender = new PostRenderServer(path.join(dir, 'post-render.sock'), path.join(dir, 'home', 'data'));
  runtime.register(createHelmReleaseReconciler({ kube: api, storage, helm, workDir: path.join(dir, 'work'), openers: { OCIRepository: storedArtifactOpener(ociStorage), ExternalArtifact: externalArtifactOpener(cache) }, postRender }));
  runtime.start();
  await runtime.synced();
}, 180_000);

afterAll(async () => {
  await runtime?.stop();
  await postRender?.stop();
  resources?.close();
  await registry?.stop();
  await hub?.stop();
  await cluster?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('HelmRelease chartRef to an OCIRepository', () => {
  it('installs the chart helm pushed, released as <version>+<12 hex of the manifest digest> (flux.md §1.7 lastAttemptedRevision for OCIRepository)', async () => {
    const ns = await newNamespace();
    await pushChart(ns, '1.0.0');
    await ociRepository(ns, 'demo', `${ns}/demo`, { tag: '1.0.0' });
    await call('POST', pathOf(HR, ns), release(ns, 'web', { chartRef: { kind: 'OCIRepository', name: 'demo' } }));
    const hr = await until(HR, ns, 'web', readyTrue);
    const oci = await get(OCI, ns, 'demo');
    const revision = (oci?.status?.artifact as { revision: string; digest: string }).revision;
    expect(revision).toMatch(/^1\.0\.0@sha256:[0-9a-f]{64}$/);
    const version = `1.0.0+${revision.slice('1.0.0@sha256:'.length, '1.0.0@sha256:'.length + 12)}`;
    expect(cond(hr, 'Ready')).toMatchObject({ reason: 'InstallSucceeded', message: `Helm install succeeded for release ${ns}/web.v1 with chart demo@${version}` });
    expect(hr.status).toMatchObject({ lastAttemptedRevision: version, lastAttemptedRevisionDigest: (oci?.status?.artifact as { digest: string }).digest, storageNamespace: ns });
    expect(hr.status?.helmChart).toBeUndefined();
    expect(history(hr)[0]).toMatchObject({ version: 1, status: 'deployed', chartName: 'demo', chartVersion: version });
    expect(await helmList(ns)).toEqual([expect.objectContaining({ name: 'web', status: 'deployed', chart: `demo-${version}` })]);
    expect(await configMapData(ns, 'web-config')).toMatchObject({ message: 'hello', chartVersion: version });
    expect(await configMapData(ns, 'web-sub')).toMatchObject({ color: 'blue' });
  }, 150_000);

  it('the same tag pushed again with other content upgrades the release: the digest is in the version (helm-controller: mutable tags are detected)', async () => {
    const ns = await newNamespace();
    await pushChart(ns, '1.0.0');
    await ociRepository(ns, 'demo', `${ns}/demo`, { tag: '1.0.0' });
    await call('POST', pathOf(HR, ns), release(ns, 'web', { chartRef: { kind: 'OCIRepository', name: 'demo' } }));
    const first = await until(HR, ns, 'web', readyTrue);
    await pushChart(ns, '1.0.0', 'pushed again');
    await call('PATCH', pathOf(OCI, ns, 'demo'), { metadata: { annotations: { 'reconcile.fluxcd.io/requestedAt': new Date().toISOString() } } });
    const hr = await until(HR, ns, 'web', (o) => readyTrue(o) && history(o)[0]?.version === 2);
    expect(cond(hr, 'Ready')?.reason).toBe('UpgradeSucceeded');
    expect(hr.status?.lastAttemptedRevision).not.toBe(first.status?.lastAttemptedRevision);
    expect(hr.status?.lastAttemptedRevision).toMatch(/^1\.0\.0\+[0-9a-f]{12}$/);
    expect(await configMapData(ns, 'web-config')).toMatchObject({ message: 'pushed again' });
  }, 150_000);

  it('an OCIRepository without the helm layer leaves the release ArtifactFailed with the source reason, no release (helm-controller ArtifactFailed)', async () => {
    const ns = await newNamespace();
    await ociRepository(ns, 'missing', `${ns}/nothing`, { tag: '9.9.9' });
    await call('POST', pathOf(HR, ns), release(ns, 'web', { chartRef: { kind: 'OCIRepository', name: 'missing' } }));
    const hr = await until(HR, ns, 'web', (o) => cond(o, 'Ready')?.reason === 'ArtifactFailed');
    expect(cond(hr, 'Ready')?.message).toMatch(new RegExp(`^OCIRepository '${ns}/missing' is not ready`));
    expect(await helmList(ns)).toEqual([]);
  }, 120_000);
});

describe('HelmRelease chartRef to an ExternalArtifact', () => {
  it('installs the chart of a hub artifact, released with the chart version as it is (flux.md §1.5b ExternalArtifact consumed by chartRef)', async () => {
    const ns = await newNamespace();
    const digest = await publishExternal(ns, await chartFiles(CHART_DIR));
    await call('POST', pathOf(HR, ns), release(ns, 'web', { chartRef: { kind: 'ExternalArtifact', name: 'demo' }, values: { message: 'from the hub' } }));
    const hr = await until(HR, ns, 'web', readyTrue);
    expect(cond(hr, 'Ready')).toMatchObject({ reason: 'InstallSucceeded', message: `Helm install succeeded for release ${ns}/web.v1 with chart demo@1.0.0` });
    expect(hr.status).toMatchObject({ lastAttemptedRevision: '1.0.0', lastAttemptedRevisionDigest: digest });
    expect(await helmList(ns)).toEqual([expect.objectContaining({ name: 'web', status: 'deployed', chart: 'demo-1.0.0' })]);
    expect(await configMapData(ns, 'web-config')).toMatchObject({ message: 'from the hub' });
  }, 120_000);
});

describe('HelmChart from a HelmRepository of type oci', () => {
  async function ociHelmRepository(ns: string): Promise<void> {
    await call('POST', pathOf(REPO, ns), { apiVersion: REPO.apiVersion, kind: REPO.kind, metadata: { name: 'registry', namespace: ns }, spec: { type: 'oci', url: `oci://${registry.host}/${ns}`, insecure: true, interval: '10m' } });
  }

  it('pulls the highest tag the range accepts and the release installs it; the repository stays a static object (flux.md §1.3 type oci, §1.4 version range)', async () => {
    const ns = await newNamespace();
    for (const v of ['1.0.0', '1.1.0', '2.0.0']) await pushChart(ns, v);
    await ociHelmRepository(ns);
    await call('POST', pathOf(HR, ns), release(ns, 'web', { chart: { spec: { chart: 'demo', version: '>=1.0.0 <2.0.0', sourceRef: { kind: 'HelmRepository', name: 'registry' } } } }));
    const hr = await until(HR, ns, 'web', readyTrue);
    expect(cond(hr, 'Ready')).toMatchObject({ reason: 'InstallSucceeded', message: `Helm install succeeded for release ${ns}/web.v1 with chart demo@1.1.0` });
    const chart = await get(HC, ns, `${ns}-web`);
    expect(cond(chart, 'Ready')).toMatchObject({ status: 'True', reason: 'Succeeded', message: "pulled 'demo' chart with version '1.1.0'" });
    expect(chart?.status?.artifact).toMatchObject({ revision: '1.1.0', path: `helmchart/${ns}/${ns}-web/demo-1.1.0.tgz` });
    expect(chart?.status?.observedSourceArtifactRevision).toBeUndefined();
    const repo = await get(REPO, ns, 'registry');
    expect(repo?.status?.artifact).toBeUndefined();
    expect(repo?.status?.conditions ?? []).toEqual([]);
    expect(await helmList(ns)).toEqual([expect.objectContaining({ name: 'web', status: 'deployed', chart: 'demo-1.1.0' })]);
  }, 150_000);

  it('a range no tag matches is a clear failure with no artifact (flux.md bad input: a chart version range that matches nothing)', async () => {
    const ns = await newNamespace();
    await pushChart(ns, '1.0.0');
    await ociHelmRepository(ns);
    await call('POST', pathOf(HC, ns), { apiVersion: HC.apiVersion, kind: HC.kind, metadata: { name: 'demo', namespace: ns }, spec: { chart: 'demo', version: '>=5.0.0', interval: '10m', sourceRef: { kind: 'HelmRepository', name: 'registry' } } });
    const chart = await until(HC, ns, 'demo', (o) => cond(o, 'Ready')?.status === 'False');
    expect(cond(chart, 'Ready')).toMatchObject({ reason: 'ChartPullFailed', message: "invalid chart reference: failed to get chart version for remote reference: no 'demo' chart with version matching '>=5.0.0' found" });
    expect(chart.status?.artifact).toBeUndefined();
  }, 120_000);

  it('verify with cosign public keys: a chart signed with the key is pulled (SourceVerified), unsigned or signed with another key is refused with no artifact (flux.md §1.4 verify, VerificationError)', async () => {
    const ns = await newNamespace();
    const [keys, otherKeys] = await Promise.all([generateCosignKeyPair(), generateCosignKeyPair('another-password')]);
    const signed = await pushChart(ns, '1.0.0');
    const wrong = await pushChart(ns, '1.1.0');
    await pushChart(ns, '1.2.0');
    await cosignSign(`${registry.host}/${ns}/demo@${signed}`, keys);
    await cosignSign(`${registry.host}/${ns}/demo@${wrong}`, otherKeys);
    await ociHelmRepository(ns);
    await call('POST', `/api/v1/namespaces/${ns}/secrets`, { metadata: { name: 'cosign-pub', namespace: ns }, stringData: { 'cosign.pub': await readFile(keys.publicKeyPath, 'utf8') } });
    const chartOf = (name: string, version: string) => ({ apiVersion: HC.apiVersion, kind: HC.kind, metadata: { name, namespace: ns }, spec: { chart: 'demo', version, interval: '10m', sourceRef: { kind: 'HelmRepository', name: 'registry' }, verify: { provider: 'cosign', secretRef: { name: 'cosign-pub' } } } });
    await call('POST', pathOf(HC, ns), chartOf('signed', '1.0.0'));
    await call('POST', pathOf(HC, ns), chartOf('wrong-key', '1.1.0'));
    await call('POST', pathOf(HC, ns), chartOf('unsigned', '1.2.0'));
    const ok = await until(HC, ns, 'signed', readyTrue);
    expect(cond(ok, 'SourceVerified')).toMatchObject({ status: 'True', reason: 'Succeeded' });
    expect(ok.status?.artifact).toMatchObject({ revision: '1.0.0' });
    for (const [name, digest] of [['wrong-key', wrong], ['unsigned', undefined]] as const) {
      const refused = await until(HC, ns, name, (o) => cond(o, 'Ready')?.status === 'False');
      expect(cond(refused, 'Ready')).toMatchObject({ reason: 'VerificationError', message: expect.stringMatching(/^chart verification error: failed to verify the signature using provider 'cosign': /) });
      expect(cond(refused, 'SourceVerified')).toMatchObject({ status: 'False', reason: 'VerificationError' });
      if (digest) expect(cond(refused, 'Ready')?.message).toContain(`no matching signatures were found for '${registry.host}/${ns}/demo@${digest}'`);
      expect(refused.status?.artifact).toBeUndefined();
    }
  }, 150_000);
});

describe('HelmRelease CRD policies', () => {
  const crd = (name: string) => api.request({ method: 'GET', path: `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}` });

  it('upgrade.crds Skip leaves a new CRD out, CreateReplace creates it with the origin labels and replaces a changed one before the upgrade (flux.md §1.7 upgrade.crds)', async () => {
    const ns = await newNamespace();
    const files = await chartFiles(CHART_DIR);
    await publishExternal(ns, files);
    await call('POST', pathOf(HR, ns), release(ns, 'web', { chartRef: { kind: 'ExternalArtifact', name: 'demo' } }));
    await until(HR, ns, 'web', readyTrue);
    const gadget = `gadgets${ns.replaceAll('-', '')}.demo.flotilla.test`;
    const next = {
      ...files,
      'Chart.yaml': files['Chart.yaml']!.replace(/^version: .*$/m, 'version: 1.0.1'),
      'crds/widget.yaml': files['crds/widget.yaml']!.replace('singular: widget }', 'singular: widget, shortNames: [wdg] }'),
      'crds/gadget.yaml': files['crds/widget.yaml']!.replaceAll('widgets.demo', `${gadget.split('.')[0]}.demo`).replace('kind: Widget, plural: widgets, singular: widget', `kind: Gadget${ns.replaceAll('-', '')}, plural: ${gadget.split('.')[0]}, singular: gadget${ns.replaceAll('-', '')}`),
    };
    await publishExternal(ns, next);
    await until(HR, ns, 'web', (o) => readyTrue(o) && history(o)[0]?.chartVersion === '1.0.1');
    expect((await crd(gadget)).status).toBe(404);
    await call('PATCH', pathOf(HR, ns, 'web'), { spec: { upgrade: { crds: 'CreateReplace' }, values: { message: 'crds' } } });
    const hr = await until(HR, ns, 'web', (o) => readyTrue(o) && history(o)[0]?.version === 3);
    expect(cond(hr, 'Ready')?.reason).toBe('UpgradeSucceeded');
    const created = await crd(gadget);
    expect(created.status).toBe(200);
    // helm-controller's origin labels, by which flux tree lists the CRD under its HelmRelease.
    expect((created.body as { metadata: { labels?: Record<string, string> } }).metadata.labels).toMatchObject({ 'helm.toolkit.fluxcd.io/name': 'web', 'helm.toolkit.fluxcd.io/namespace': ns });
    const widget = await crd('widgets.demo.flotilla.test');
    expect((widget.body as { spec: { names: { shortNames?: string[] } } }).spec.names.shortNames).toEqual(['wdg']);
  }, 150_000);
});

describe('HelmRelease post-rendering through helm v4 post-renderer plugin', () => {
  type Obj = { metadata: { labels?: Record<string, string>; annotations?: Record<string, string> }; data?: Record<string, string>; spec?: { template: { spec: { containers: Array<{ image: string }> } } } };
  const live = async (p: string) => (await api.request({ method: 'GET', path: p })).body as Obj;

  it('postRenderers (strategic merge and JSON6902 patches, images) then commonMetadata shape what helm applies and stores; a commonMetadata change upgrades (flux.md §1.7 postRenderers, commonMetadata)', async () => {
    const ns = await newNamespace();
    await publishExternal(ns, await chartFiles(CHART_DIR));
    const postRenderers = [
      {
        kustomize: {
          patches: [
            { patch: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web-web\n  annotations:\n    patched: smp\n' },
            { target: { kind: 'ConfigMap', name: 'web-config' }, patch: '- op: add\n  path: /data/extra\n  value: json6902\n' },
          ],
          images: [{ name: 'registry.invalid/demo', newName: 'registry.invalid/renamed', newTag: '2.0' }],
        },
      },
    ];
    await call('POST', pathOf(HR, ns), release(ns, 'web', { chartRef: { kind: 'ExternalArtifact', name: 'demo' }, postRenderers, commonMetadata: { labels: { team: 'a' } } }));
    const hr = await until(HR, ns, 'web', readyTrue);
    expect(hr.status?.observedPostRenderersDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
    const deployment = await live(`/apis/apps/v1/namespaces/${ns}/deployments/web-web`);
    expect(deployment.metadata.annotations).toMatchObject({ patched: 'smp' });
    expect(deployment.metadata.labels).toMatchObject({ team: 'a' });
    expect(deployment.spec?.template.spec.containers[0]?.image).toBe('registry.invalid/renamed:2.0');
    const cm = await live(`/api/v1/namespaces/${ns}/configmaps/web-config`);
    expect(cm.data).toMatchObject({ extra: 'json6902', message: 'hello' });
    expect(cm.metadata.labels).toMatchObject({ team: 'a' });
    const { stdout } = await runHelm(['get', 'manifest', 'web', '-n', ns], { kubeconfig: cluster.kubeconfigPath });
    expect(stdout).toContain('registry.invalid/renamed:2.0');

    await call('PATCH', pathOf(HR, ns, 'web'), { spec: { commonMetadata: { labels: { team: 'b' } } } });
    const upgraded = await until(HR, ns, 'web', (o) => readyTrue(o) && history(o)[0]?.version === 2);
    expect(cond(upgraded, 'Ready')?.reason).toBe('UpgradeSucceeded');
    expect((await live(`/api/v1/namespaces/${ns}/configmaps/web-config`)).metadata.labels).toMatchObject({ team: 'b' });
  }, 150_000);

  it('a patch that does not apply fails the install with the post-render error (InstallFailed)', async () => {
    const ns = await newNamespace();
    await publishExternal(ns, await chartFiles(CHART_DIR));
    const postRenderers = [{ kustomize: { patches: [{ target: { kind: 'ConfigMap', name: 'web-config' }, patch: '- op: replace\n  path: /data/missing/deeper\n  value: x\n' }] } }];
    await call('POST', pathOf(HR, ns), release(ns, 'web', { chartRef: { kind: 'ExternalArtifact', name: 'demo' }, postRenderers }));
    const hr = await until(HR, ns, 'web', (o) => cond(o, 'Released')?.reason === 'InstallFailed');
    expect(cond(hr, 'Released')?.message).toMatch(/post-render/);
  }, 120_000);
});
