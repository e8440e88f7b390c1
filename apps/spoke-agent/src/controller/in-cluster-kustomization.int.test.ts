import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { FLUX_KINDS, type FluxKindIdentity } from '@flotilla/reconcile-core';
import { runFlux, startCluster, type TestCluster } from '@flotilla/testenv';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArtifactCache } from '../artifacts/artifact-cache.js';
import { installFluxCrds } from '../crds/flux-crds.js';
import { ResourceManager } from '../k8s/index.js';
import type { KubeClient } from '../k8s/kube-client.js';
import { isRecord } from '../k8s/object-ref.js';
import { namespace, randomName } from '../k8s/testing/fixtures.js';
import { kustomizeBuilder } from '../reconcile/index.js';
import { makeTarball } from '../reconcile/testing/make-tarball.js';
import { registerWithHub } from '../registration/register-with-hub.js';
import { captureLogger } from '../testing/capture-logger.js';
import { eventually } from '../testing/eventually.js';
import { startStandInHub, type StandInHub } from '../testing/stand-in-hub.js';
import { ControllerRuntime } from './controller-runtime.js';
import { externalArtifactOpener } from './external-artifact-opener.js';
import { FLUX_FINALIZER, RECONCILE_REQUEST_ANNOTATION } from './flux-object.js';
import type { FluxObject } from './kind-reconciler.js';
import { KustomizationReconciler } from './kustomization-reconciler.js';
import { ListWatch } from './list-watch.js';

// Kustomizations applied to a REAL kube-apiserver (testenv) and reconciled by the controller runtime, their
// ExternalArtifact sources naming artifacts the agent downloads from the stand-in hub with its cluster credential.
// The real `flux` CLI reads and drives them. Flux rules are cited in the test names.

const KS = FLUX_KINDS.Kustomization;
const EA = FLUX_KINDS.ExternalArtifact;

let cluster: TestCluster;
let hub: StandInHub;
let rm: ResourceManager;
let api: KubeClient;
let runtime: ControllerRuntime;
let dir: string;
const log = captureLogger();
const statuses: string[] = [];

const pathOf = (kind: FluxKindIdentity, ns: string, name?: string) => `/apis/${kind.group}/${kind.version}/namespaces/${ns}/${kind.plural}${name ? `/${name}` : ''}`;

async function call(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', p: string, body?: unknown, client: KubeClient = api): Promise<FluxObject | undefined> {
  const res = await client.request({ method, path: p, body, ...(method === 'PATCH' ? { contentType: 'application/merge-patch+json' } : {}) });
  if (res.status === 404 && method === 'GET') return undefined;
  if (res.status >= 300) throw new Error(`${method} ${p}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as FluxObject;
}

const get = (kind: FluxKindIdentity, ns: string, name: string) => call('GET', pathOf(kind, ns, name));

function ready(o: FluxObject | undefined): Record<string, unknown> | undefined {
  const conditions = o?.status?.conditions;
  return Array.isArray(conditions) ? (conditions.find((c) => isRecord(c) && c.type === 'Ready') as Record<string, unknown> | undefined) : undefined;
}

/** Publishes files as a hub artifact and returns its revision and digest. */
function publish(files: Record<string, string>) {
  const { bytes, digest } = makeTarball(files);
  hub.gitops.artifacts.set(digest, bytes);
  // ExternalArtifact revisions are `<id>@<algo>:<sum>` (RFC-0012).
  return { revision: `latest@${digest}`, digest };
}

async function externalArtifact(ns: string, name: string, artifact: { revision: string; digest: string } | undefined, client: KubeClient = api): Promise<void> {
  const existing = await call('GET', pathOf(EA, ns, name), undefined, client);
  if (!existing) await call('POST', pathOf(EA, ns), { apiVersion: EA.apiVersion, kind: EA.kind, metadata: { name, namespace: ns }, spec: {} }, client);
  if (!artifact) return;
  // The producer writes status.artifact through the status subresource, as Flux's source controllers do.
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  await call('PATCH', `${pathOf(EA, ns, name)}/status`, {
    status: {
      artifact: { path: `externalartifact/${ns}/${name}/${artifact.digest.slice(7)}.tar.gz`, url: `http://hub.invalid/artifacts/${artifact.digest}`, revision: artifact.revision, digest: artifact.digest, lastUpdateTime: now },
      conditions: [{ type: 'Ready', status: 'True', reason: 'Succeeded', message: `stored artifact for revision '${artifact.revision}'`, lastTransitionTime: now }],
    },
  }, client);
}

function kustomization(ns: string, name: string, spec: Record<string, unknown>): FluxObject {
  return { apiVersion: KS.apiVersion, kind: KS.kind, metadata: { name, namespace: ns }, spec: { interval: '10m', prune: true, sourceRef: { kind: 'ExternalArtifact', name: 'app' }, ...spec } };
}

const configMapYaml = (name: string, data: Record<string, string>) => stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data });

async function configMap(ns: string, name: string): Promise<Record<string, unknown> | undefined> {
  const res = await api.request({ method: 'GET', path: `/api/v1/namespaces/${ns}/configmaps/${name}` });
  return res.status === 200 ? (res.body as Record<string, unknown>) : undefined;
}

async function eventsOf(ns: string, name: string): Promise<Array<Record<string, unknown>>> {
  const res = await api.request({ method: 'GET', path: `/api/v1/namespaces/${ns}/events`, query: { fieldSelector: `involvedObject.name=${name},involvedObject.kind=Kustomization` } });
  return (isRecord(res.body) && Array.isArray(res.body.items) ? res.body.items : []) as Array<Record<string, unknown>>;
}

async function newNamespace(): Promise<string> {
  const ns = randomName('ks');
  expect((await rm.apply([namespace(ns)])).errors).toEqual([]);
  return ns;
}

beforeAll(async () => {
  cluster = await startCluster({ name: 'in-cluster-ks', nodes: 1 });
  rm = await ResourceManager.fromKubeConfig(cluster.kubeConfig);
  api = rm.client;
  await installFluxCrds(api);
  hub = await startStandInHub({ tokens: { good: 'valid' } });
  const reg = await registerWithHub({ hubUrl: hub.url, token: 'good', agentVersion: '0.1.0' });
  if (!reg.ok) throw new Error(reg.message);
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'in-cluster-ks-'));
  const cache = new ArtifactCache({ dir, hubUrl: hub.url, credential: reg.registration.credential });
  runtime = new ControllerRuntime({
    client: api,
    logger: log.logger,
    concurrency: 4,
    watchBackoff: { baseMs: 100, maxMs: 1000 },
    onStatus: (kind, o) => statuses.push(`${kind.kind}/${o.metadata?.namespace}/${o.metadata?.name}`),
  });
  runtime.register(new KustomizationReconciler({ resources: rm, builder: kustomizeBuilder, openers: new Map([['ExternalArtifact', externalArtifactOpener(cache)]]) }));
  runtime.start();
  await runtime.synced();
}, 180_000);

afterAll(async () => {
  await runtime?.stop();
  rm?.close();
  await hub?.stop();
  await cluster?.stop();
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

describe('in-cluster Kustomization with an ExternalArtifact source', () => {
  it('applies the artifact: Ready=True ReconciliationSucceeded "Applied revision: …", inventory, finalizer, observedGeneration (Flux status contract)', async () => {
    const ns = await newNamespace();
    const art = publish({ 'cm.yaml': configMapYaml('app-config', { color: 'blue' }) });
    await externalArtifact(ns, 'app', art);
    const started = Date.now();
    await call('POST', pathOf(KS, ns), kustomization(ns, 'app', { targetNamespace: ns }));
    const ks = await eventually(async () => {
      const o = await get(KS, ns, 'app');
      expect(ready(o)).toMatchObject({ status: 'True', reason: 'ReconciliationSucceeded', message: `Applied revision: ${art.revision}` });
      return o!;
    }, { timeoutMs: 30_000 });
    const elapsed = Date.now() - started;
    console.log(`apply → Ready=True: ${elapsed} ms`);
    expect(ks.metadata?.finalizers).toContain(FLUX_FINALIZER);
    expect(ks.status).toMatchObject({ observedGeneration: 1, lastAppliedRevision: art.revision, lastAttemptedRevision: art.revision, inventory: { entries: [{ id: `${ns}_app-config__ConfigMap`, v: 'v1' }] } });
    expect((ks.status?.conditions as unknown[]).map((c) => (c as { type: string }).type)).toEqual(['Ready']);
    expect(ready(ks)?.observedGeneration).toBe(1);
    expect(await configMap(ns, 'app-config')).toMatchObject({ data: { color: 'blue' } });
    // The hook runs once the status is written and the events recorded.
    await eventually(() => expect(statuses).toContain(`Kustomization/${ns}/app`));

    // Events as kustomize-controller records them: Normal, reason of the Ready condition, revision annotation.
    const events = await eventually(async () => {
      const list = await eventsOf(ns, 'app');
      expect(list.some((e) => e.reason === 'ReconciliationSucceeded')).toBe(true);
      return list;
    });
    const done = events.find((e) => e.reason === 'ReconciliationSucceeded')!;
    expect(done).toMatchObject({ type: 'Normal', source: { component: 'kustomize-controller' }, reportingComponent: 'kustomize-controller', involvedObject: { kind: 'Kustomization', apiVersion: KS.apiVersion, name: 'app', namespace: ns, uid: ks.metadata?.uid } });
    expect((done.metadata as { annotations: Record<string, string> }).annotations).toEqual({ 'kustomize.toolkit.fluxcd.io/revision': art.revision });
    expect(events.some((e) => e.type === 'Normal' && String(e.message).includes(`ConfigMap/${ns}/app-config created`))).toBe(true);

    // Our own status write does not trigger another reconcile (no reconcile within the 10m interval).
    const count = statuses.filter((s) => s === `Kustomization/${ns}/app`).length;
    await new Promise((r) => setTimeout(r, 1500));
    expect(statuses.filter((s) => s === `Kustomization/${ns}/app`).length).toBe(count);

    // A new artifact revision of the source is applied at once (the Kustomization follows its source).
    const next = publish({ 'cm.yaml': configMapYaml('app-config', { color: 'green' }) });
    await externalArtifact(ns, 'app', next);
    await eventually(async () => expect(await configMap(ns, 'app-config')).toMatchObject({ data: { color: 'green' } }), { timeoutMs: 15_000 });
    await eventually(async () => expect((await get(KS, ns, 'app'))?.status?.lastAppliedRevision).toBe(next.revision));
  });

  it('reconcile.fluxcd.io/requestedAt → status.lastHandledReconcileAt, and a spec change (generation) reconciles at once', async () => {
    const ns = await newNamespace();
    await externalArtifact(ns, 'app', publish({ 'cm.yaml': configMapYaml('cfg', { a: '1' }) }));
    await call('POST', pathOf(KS, ns), kustomization(ns, 'app', { targetNamespace: ns }));
    await eventually(async () => expect(ready(await get(KS, ns, 'app'))?.status).toBe('True'), { timeoutMs: 30_000 });

    const requestedAt = new Date().toISOString();
    await call('PATCH', pathOf(KS, ns, 'app'), { metadata: { annotations: { [RECONCILE_REQUEST_ANNOTATION]: requestedAt } } });
    await eventually(async () => expect((await get(KS, ns, 'app'))?.status?.lastHandledReconcileAt).toBe(requestedAt), { timeoutMs: 10_000 });

    await call('PATCH', pathOf(KS, ns, 'app'), { spec: { commonMetadata: { labels: { team: 'blue' } } } });
    await eventually(async () => {
      expect(await configMap(ns, 'cfg')).toMatchObject({ metadata: { labels: { team: 'blue' } } });
      expect((await get(KS, ns, 'app'))?.status?.observedGeneration).toBe(2);
    }, { timeoutMs: 10_000 });
  });

  it('spec.suspend skips the object entirely: a spec change is not applied until resumed (Flux suspend)', async () => {
    const ns = await newNamespace();
    await externalArtifact(ns, 'app', publish({ 'cm.yaml': configMapYaml('cfg', { a: '1' }) }));
    await call('POST', pathOf(KS, ns), kustomization(ns, 'app', { targetNamespace: ns }));
    await eventually(async () => expect(ready(await get(KS, ns, 'app'))?.status).toBe('True'), { timeoutMs: 30_000 });

    await call('PATCH', pathOf(KS, ns, 'app'), { spec: { suspend: true, commonMetadata: { labels: { suspended: 'yes' } } } });
    await new Promise((r) => setTimeout(r, 2000));
    expect((await configMap(ns, 'cfg'))?.metadata).not.toMatchObject({ labels: { suspended: 'yes' } });
    expect((await get(KS, ns, 'app'))?.status?.observedGeneration).toBe(1);

    await call('PATCH', pathOf(KS, ns, 'app'), { spec: { suspend: false } });
    await eventually(async () => expect(await configMap(ns, 'cfg')).toMatchObject({ metadata: { labels: { suspended: 'yes' } } }), { timeoutMs: 10_000 });
  });

  it('deleting a Kustomization with prune: true prunes its inventory through finalizers.fluxcd.io, then it is gone (MirrorPrune)', async () => {
    const ns = await newNamespace();
    await externalArtifact(ns, 'app', publish({ 'cm.yaml': configMapYaml('cfg', { a: '1' }), 'cm2.yaml': configMapYaml('cfg2', { b: '2' }) }));
    await call('POST', pathOf(KS, ns), kustomization(ns, 'app', { targetNamespace: ns }));
    await eventually(async () => expect(ready(await get(KS, ns, 'app'))?.status).toBe('True'), { timeoutMs: 30_000 });
    expect(await configMap(ns, 'cfg2')).toBeDefined();

    await call('DELETE', pathOf(KS, ns, 'app'));
    await eventually(async () => {
      expect(await get(KS, ns, 'app')).toBeUndefined();
      expect(await configMap(ns, 'cfg')).toBeUndefined();
      expect(await configMap(ns, 'cfg2')).toBeUndefined();
    }, { timeoutMs: 15_000 });
    const events = await eventsOf(ns, 'app');
    expect(events.some((e) => String(e.message).includes(`ConfigMap/${ns}/cfg deleted`))).toBe(true);
  });

  it('prune: false leaves the objects when the Kustomization is deleted', async () => {
    const ns = await newNamespace();
    await externalArtifact(ns, 'app', publish({ 'cm.yaml': configMapYaml('keep', { a: '1' }) }));
    await call('POST', pathOf(KS, ns), kustomization(ns, 'app', { targetNamespace: ns, prune: false }));
    await eventually(async () => expect(ready(await get(KS, ns, 'app'))?.status).toBe('True'), { timeoutMs: 30_000 });
    await call('DELETE', pathOf(KS, ns, 'app'));
    await eventually(async () => expect(await get(KS, ns, 'app')).toBeUndefined(), { timeoutMs: 15_000 });
    expect(await configMap(ns, 'keep')).toBeDefined();
  });

  it('a missing source is Ready=False ArtifactFailed with the API server\'s NotFound text; creating it reconciles at once (kustomize-controller getSource)', async () => {
    const ns = await newNamespace();
    await call('POST', pathOf(KS, ns), kustomization(ns, 'app', { targetNamespace: ns, sourceRef: { kind: 'ExternalArtifact', name: 'later' } }));
    await eventually(async () => expect(ready(await get(KS, ns, 'app'))).toMatchObject({ status: 'False', reason: 'ArtifactFailed', message: 'externalartifacts.source.toolkit.fluxcd.io "later" not found' }), { timeoutMs: 15_000 });

    // A source without an artifact yet: Flux's "Source artifact not found, retrying in 30s".
    await externalArtifact(ns, 'later', undefined);
    await eventually(async () => expect(ready(await get(KS, ns, 'app'))).toMatchObject({ status: 'False', reason: 'ArtifactFailed', message: 'Source artifact not found, retrying in 30s' }), { timeoutMs: 15_000 });

    const art = publish({ 'cm.yaml': configMapYaml('late', { a: '1' }) });
    await externalArtifact(ns, 'later', art);
    await eventually(async () => expect(ready(await get(KS, ns, 'app'))).toMatchObject({ status: 'True', message: `Applied revision: ${art.revision}` }), { timeoutMs: 15_000 });
  });

  it('an artifact the hub does not have is ArtifactFailed with a retry, never applied, and not recorded as attempted (kustomize-controller sets lastAttemptedRevision after the fetch)', async () => {
    const ns = await newNamespace();
    const missing = { revision: 'latest@sha256:' + 'b'.repeat(64), digest: `sha256:${'c'.repeat(64)}` };
    await externalArtifact(ns, 'app', missing);
    await call('POST', pathOf(KS, ns), kustomization(ns, 'app', { targetNamespace: ns }));
    await eventually(async () => {
      const o = await get(KS, ns, 'app');
      expect(ready(o)).toMatchObject({ status: 'False', reason: 'ArtifactFailed' });
      expect(String(ready(o)?.message)).toContain('HTTP 404');
      expect(o?.status?.lastAttemptedRevision).toBeUndefined();
    }, { timeoutMs: 15_000 });
  });

  it('a failing build is Ready=False BuildFailed with a Warning event, retried every retryInterval (Flux Kustomization retry)', async () => {
    const ns = await newNamespace();
    await externalArtifact(ns, 'app', publish({ 'kustomization.yaml': stringify({ resources: ['missing.yaml'] }) }));
    await call('POST', pathOf(KS, ns), kustomization(ns, 'app', { retryInterval: '1s' }));
    await eventually(async () => expect(ready(await get(KS, ns, 'app'))).toMatchObject({ status: 'False', reason: 'BuildFailed' }), { timeoutMs: 15_000 });
    const ks = await get(KS, ns, 'app');
    expect(ks?.status?.observedGeneration).toBe(-1);
    expect((ks?.status?.conditions as Array<{ type: string; reason: string }>).find((c) => c.type === 'Reconciling')).toMatchObject({ reason: 'ProgressingWithRetry' });
    // Identical warnings fold into one Event whose count grows with each retry, as client-go's correlator does.
    const warning = await eventually(async () => {
      const w = (await eventsOf(ns, 'app')).find((e) => e.type === 'Warning' && e.reason === 'BuildFailed');
      expect(Number(w?.count)).toBeGreaterThanOrEqual(3);
      return w!;
    }, { timeoutMs: 15_000 });
    expect(Number(warning.count)).toBeLessThan(15);
  });

  it('a dependsOn cycle is Stalled with the cycle named, emitting Flux\'s Normal DependencyNotReady beside our Warning (flux.md §2 dependencies); a dependency turning Ready releases its dependent', async () => {
    const ns = await newNamespace();
    await externalArtifact(ns, 'app', publish({ 'cm.yaml': configMapYaml('dep', { a: '1' }) }));
    await call('POST', pathOf(KS, ns), kustomization(ns, 'a', { targetNamespace: ns, dependsOn: [{ name: 'b' }], suspend: true }));
    await call('POST', pathOf(KS, ns), kustomization(ns, 'b', { targetNamespace: ns, dependsOn: [{ name: 'a' }] }));
    await eventually(async () => expect(ready(await get(KS, ns, 'b'))).toMatchObject({ status: 'False', reason: 'DependencyNotReady', message: expect.stringContaining('circular dependency detected') }), { timeoutMs: 15_000 });
    const b = await get(KS, ns, 'b');
    expect((b?.status?.conditions as Array<{ type: string }>).some((c) => c.type === 'Stalled')).toBe(true);
    // Both events on the cycle's first reconcile, so what b shows does not depend on which member came first.
    await eventually(async () => {
      const reasons = (await eventsOf(ns, 'b')).map((e) => `${String(e.type)} ${String(e.reason)}`).sort();
      expect(reasons).toEqual(['Normal DependencyNotReady', 'Warning DependencyNotReady']);
    }, { timeoutMs: 15_000 });

    // Break the cycle: a no longer depends on b; b waits for a (DependencyNotReady), then follows it to Ready.
    await call('PATCH', pathOf(KS, ns, 'a'), { spec: { dependsOn: null, suspend: false } });
    await call('PATCH', pathOf(KS, ns, 'b'), { metadata: { annotations: { [RECONCILE_REQUEST_ANNOTATION]: 'now' } } });
    await eventually(async () => {
      expect(ready(await get(KS, ns, 'a'))?.status).toBe('True');
      expect(ready(await get(KS, ns, 'b'))?.status).toBe('True');
    }, { timeoutMs: 20_000 });
  });
});

describe('specs the agent refuses and dependsOn readyExpr', () => {
  it.each([
    ['kubeConfig (remote clusters)', { kubeConfig: { secretRef: { name: 'remote' } } }, 'UnsupportedField', /spec\.kubeConfig is not supported/],
    ['decryption.serviceAccountName (cloud KMS)', { decryption: { provider: 'sops', serviceAccountName: 'kms' } }, 'FeatureGateDisabled', /ObjectLevelWorkloadIdentity/],
    ['a healthCheckExprs that does not parse', { healthCheckExprs: [{ apiVersion: 'a.io/v1', kind: 'X', current: '1 +' }] }, 'InvalidCELExpression', /^Reconciliation failed terminally due to configuration error/],
  ])('%s → Ready=False and Stalled=True with the reason, the generation observed, never retried', async (_name, spec, reason, message) => {
    const ns = await newNamespace();
    await call('POST', pathOf(KS, ns), kustomization(ns, 'remote', spec));
    await eventually(async () => expect((await get(KS, ns, 'remote'))?.status?.conditions).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'Stalled', status: 'True', reason })])), { timeoutMs: 15_000 });
    const o = await get(KS, ns, 'remote');
    expect(ready(o)).toMatchObject({ status: 'False', reason, message: expect.stringMatching(message) as unknown });
    expect((o?.status?.conditions as Array<{ type: string }>).some((c) => c.type === 'Reconciling')).toBe(false);
    expect(o?.status?.observedGeneration).toBe(o?.metadata?.generation);
  });

  it('dependsOn readyExpr sees both Kustomizations as the API server holds them (self, dep: metadata, spec, status)', async () => {
    const ns = await newNamespace();
    await externalArtifact(ns, 'app', publish({ 'cm.yaml': configMapYaml('expr', { a: '1' }) }));
    const expr = (p: string) => `self.metadata.name == 'apps' && dep.spec.path == '${p}' && dep.metadata.generation == 1 && size(dep.status.conditions) > 0`;
    // The dependency is stalled (refused kubeConfig), so the built-in check would hold; readyExpr decides instead.
    await call('POST', pathOf(KS, ns), kustomization(ns, 'infra', { path: './infra', kubeConfig: { secretRef: { name: 'remote' } } }));
    await eventually(async () => expect(ready(await get(KS, ns, 'infra'))?.reason).toBe('UnsupportedField'), { timeoutMs: 15_000 });
    await call('POST', pathOf(KS, ns), kustomization(ns, 'apps', { targetNamespace: ns, dependsOn: [{ name: 'infra', readyExpr: expr('./other') }] }));
    await eventually(async () => expect(ready(await get(KS, ns, 'apps'))).toMatchObject({ status: 'False', reason: 'DependencyNotReady', message: `dependency '${ns}/infra' is not ready according to readyExpr eval` }), { timeoutMs: 15_000 });
    await call('PATCH', pathOf(KS, ns, 'apps'), { spec: { dependsOn: [{ name: 'infra', readyExpr: expr('./infra') }] } });
    await eventually(async () => expect(ready(await get(KS, ns, 'apps'))?.status).toBe('True'), { timeoutMs: 15_000 });
    expect(await configMap(ns, 'expr')).toBeDefined();
  });
});

describe('the watch across a kube-apiserver restart', () => {
  it('sees objects created, deleted and marked for deletion while its API server was down (resume from resourceVersion, or relist on 410)', async () => {
    const ns = await newNamespace();
    await externalArtifact(ns, 'app', publish({ 'cm.yaml': configMapYaml('before-cfg', { a: '1' }) }));
    await externalArtifact(ns, 'other', publish({ 'cm.yaml': configMapYaml('other-cfg', { a: '1' }) }));
    await call('POST', pathOf(KS, ns), kustomization(ns, 'before', { targetNamespace: ns }));
    await call('POST', pathOf(KS, ns), kustomization(ns, 'other', { targetNamespace: ns, sourceRef: { kind: 'ExternalArtifact', name: 'other' } }));
    await eventually(async () => {
      expect(ready(await get(KS, ns, 'before'))?.status).toBe('True');
      expect(ready(await get(KS, ns, 'other'))?.status).toBe('True');
    }, { timeoutMs: 30_000 });
    const lists = runtime.listsOf(KS);

    // A second API server on the same etcd changes things while the agent's one is down.
    const extra = await cluster.startExtraApiServer();
    const extraRm = await ResourceManager.fromKubeConfig(extra.kubeConfig);
    try {
      await cluster.stopApiServer();
      await externalArtifact(ns, 'during', publish({ 'cm.yaml': configMapYaml('during-cfg', { a: '1' }) }), extraRm.client);
      await call('POST', pathOf(KS, ns), kustomization(ns, 'during', { targetNamespace: ns, sourceRef: { kind: 'ExternalArtifact', name: 'during' } }), extraRm.client);
      await call('DELETE', pathOf(KS, ns, 'before'), undefined, extraRm.client);
      await call('DELETE', pathOf(EA, ns, 'other'), undefined, extraRm.client);
      await new Promise((r) => setTimeout(r, 1500));
      expect(log.lines().some((l) => l.msg === 'watch broke; resuming')).toBe(true);
      await cluster.startApiServer();
    } finally {
      extraRm.close();
      await extra.stop();
    }
    await eventually(async () => {
      expect(ready(await get(KS, ns, 'during'))?.status).toBe('True');
      expect(await get(KS, ns, 'before')).toBeUndefined();
      expect(await configMap(ns, 'before-cfg')).toBeUndefined();
      expect(ready(await get(KS, ns, 'other'))).toMatchObject({ status: 'False', reason: 'ArtifactFailed', message: 'externalartifacts.source.toolkit.fluxcd.io "other" not found' });
    }, { timeoutMs: 30_000 });
    console.log(`after the restart the Kustomization watch ${runtime.listsOf(KS) > lists ? 'listed again (410 Gone)' : 'resumed from its resourceVersion'}`);
  });
});

describe('the real flux CLI against the agent', () => {
  const flux = (args: string[]) => runFlux(args, { kubeconfig: cluster.kubeconfigPath, timeoutMs: 60_000 });

  it('flux get ks -A shows it Ready with the revision; flux reconcile ks returns once handled; suspend/resume; flux events', async () => {
    const ns = await newNamespace();
    const art = publish({ 'cm.yaml': configMapYaml('cli-cfg', { a: '1' }) });
    await externalArtifact(ns, 'app', art);
    await call('POST', pathOf(KS, ns), kustomization(ns, 'cli', { targetNamespace: ns }));
    await eventually(async () => expect(ready(await get(KS, ns, 'cli'))?.status).toBe('True'), { timeoutMs: 30_000 });

    const listed = await flux(['get', 'ks', '-A']);
    expect(listed.exitCode, listed.stderr).toBe(0);
    const row = listed.stdout.split('\n').find((l) => /^(\S+)\s+cli\s/.test(l) && l.startsWith(ns));
    if (!row) console.log(listed.stdout);
    expect(row).toBeDefined();
    // flux shortens checksums to 8 characters, keeping the algorithm.
    const short = art.revision.slice(0, 'latest@sha256:'.length + 8);
    expect(row!.split('\t').map((c) => c.trim()).filter(Boolean)).toEqual([ns, 'cli', short, 'False', 'True', `Applied revision: ${short}`]);

    const rounds: number[] = [];
    for (let i = 0; i < 10; i++) {
      const t = Date.now();
      const r = await flux(['reconcile', 'ks', 'cli', '-n', ns]);
      rounds.push(Date.now() - t);
      expect(r.exitCode, r.stderr).toBe(0);
      expect(r.stderr).toContain(`applied revision ${art.revision}`);
    }
    rounds.sort((a, b) => a - b);
    // flux polls every 2 s (not configurable), so it also times the agent alone: annotation → lastHandledReconcileAt.
    const handledIn: number[] = [];
    for (let i = 0; i < 10; i++) {
      const at = `agent-${i}-${Date.now()}`;
      const t = Date.now();
      await call('PATCH', pathOf(KS, ns, 'cli'), { metadata: { annotations: { [RECONCILE_REQUEST_ANNOTATION]: at } } });
      await eventually(async () => expect((await get(KS, ns, 'cli'))?.status?.lastHandledReconcileAt).toBe(at), { timeoutMs: 10_000, intervalMs: 5 });
      handledIn.push(Date.now() - t);
    }
    handledIn.sort((a, b) => a - b);
    console.log(`flux reconcile ks round trips (ms): ${rounds.join(', ')}; p50 ${rounds[4]}. requestedAt → lastHandledReconcileAt (ms): ${handledIn.join(', ')}; p50 ${handledIn[4]}`);
    await flux(['reconcile', 'ks', 'cli', '-n', ns]);
    const handled = (await get(KS, ns, 'cli'))?.status?.lastHandledReconcileAt;
    expect((await get(KS, ns, 'cli'))?.metadata?.annotations?.[RECONCILE_REQUEST_ANNOTATION]).toBe(handled);

    const suspended = await flux(['suspend', 'ks', 'cli', '-n', ns]);
    expect(suspended.exitCode, suspended.stderr).toBe(0);
    expect((await get(KS, ns, 'cli'))?.spec?.suspend).toBe(true);
    const refused = await flux(['reconcile', 'ks', 'cli', '-n', ns]);
    expect(refused.exitCode).not.toBe(0);
    expect(refused.stderr).toContain('resource is suspended');
    const resumed = await flux(['resume', 'ks', 'cli', '-n', ns]);
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    expect((await get(KS, ns, 'cli'))?.spec?.suspend).not.toBe(true);

    const events = await flux(['events', '-n', ns, '--for', 'Kustomization/cli']);
    expect(events.exitCode, events.stderr).toBe(0);
    expect(events.stdout).toContain('ReconciliationSucceeded');
    expect(events.stdout).toContain('Kustomization/cli');
  });
});

describe('ListWatch on a real API server', () => {
  it('resumes each ended watch from the last resourceVersion it saw — the API server\'s bookmark before it ends included — without a relist, missing nothing created or deleted in between', async () => {
    const ns = await newNamespace();
    const seen: string[] = [];
    const lw = new ListWatch(api, EA, {
      upsert: (o, prev) => void (o.metadata?.namespace === ns && seen.push(`${prev ? 'update' : 'add'} ${o.metadata?.name}`)),
      remove: (o) => void (o.metadata?.namespace === ns && seen.push(`remove ${o.metadata?.name}`)),
    }, log.logger, { watchTimeoutSeconds: 4 });
    lw.start();
    try {
      await lw.synced;
      await externalArtifact(ns, 'x', undefined);
      await eventually(() => expect(seen).toEqual(['add x']));
      // Each watch ends after 4 s, announced by a bookmark; changes land while the next one is being opened or is open.
      for (let i = 0; i < 6; i++) {
        await externalArtifact(ns, `y${i}`, undefined);
        await new Promise((r) => setTimeout(r, 1500));
      }
      await call('DELETE', pathOf(EA, ns, 'x'));
      await eventually(() => expect(seen).toEqual(['add x', ...Array.from({ length: 6 }, (_, i) => `add y${i}`), 'remove x']), { timeoutMs: 10_000 });
      expect(lw.lists).toBe(1);
      expect(lw.watches).toBeGreaterThanOrEqual(2);
      expect(lw.bookmarks).toBeGreaterThanOrEqual(1);
      expect(lw.list().filter((o) => o.metadata?.namespace === ns).map((o) => o.metadata?.name).sort()).toEqual(['y0', 'y1', 'y2', 'y3', 'y4', 'y5']);
      console.log(`ListWatch: ${lw.watches} watches, ${lw.bookmarks} bookmarks, ${lw.lists} list`);
    } finally {
      await lw.stop();
    }
  });
});
