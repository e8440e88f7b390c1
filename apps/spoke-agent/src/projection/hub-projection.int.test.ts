import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { HUB_GENERATION_ANNOTATION, HUB_OWNER_LABEL } from '@flotilla/protocol';
import { binaryPath, runFlux, startCluster, type TestCluster } from '@flotilla/testenv';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runAgent } from '../agent/run-agent.js';
import { assignmentFileFor, createFileAssignmentStore } from '../assignment/assignment-store.js';
import type { ClusterInfoSource } from '../cluster/cluster-info.js';
import { openSocketIoHubLink } from '../connection/hub-link.js';
import { createFileCredentialStore } from '../credentials/file-credential-store.js';
import { ResourceManager, type KubeObject } from '../k8s/index.js';
import { isRecord } from '../k8s/object-ref.js';
import { configMap, namespace, randomName } from '../k8s/testing/fixtures.js';
import { registerWithHub } from '../registration/register-with-hub.js';
import { captureLogger } from '../testing/capture-logger.js';
import { assignedSource } from '../testing/assigned-source.js';
import { eventually } from '../testing/eventually.js';
import { startStandInHub, type StandInHub } from '../testing/stand-in-hub.js';
import { variablesConfigMapName } from './projected-objects.js';

// The hub's placements as Flux objects in a REAL kube-apiserver: runAgent in-process with the stand-in hub
// (hand-made assignments), read back with kubectl and the real `flux` CLI.

const execFileAsync = promisify(execFile);
const clusterInfo: ClusterInfoSource = { read: async () => ({ info: { kubernetesVersion: 'v1.35.4', nodeCount: 1 }, errors: [] }) };
const KS_API = '/apis/kustomize.toolkit.fluxcd.io/v1';
const EA_API = '/apis/source.toolkit.fluxcd.io/v1';
let cluster: TestCluster;
let rm: ResourceManager;
let kubectlBin: string;
const cleanups: Array<() => Promise<void> | void> = [];

beforeAll(async () => {
  cluster = await startCluster({ name: 'hub-projection' });
  rm = await ResourceManager.fromKubeConfig(cluster.kubeConfig);
  kubectlBin = await binaryPath('kubectl');
}, 180_000);
afterAll(async () => {
  rm?.close();
  await cluster?.stop();
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const kubectl = async (...args: string[]) => (await execFileAsync(kubectlBin, ['--kubeconfig', cluster.kubeconfigPath, ...args])).stdout;
const flux = (args: string[]) => runFlux(args, { kubeconfig: cluster.kubeconfigPath, timeoutMs: 60_000 });

async function get(p: string): Promise<KubeObject | undefined> {
  const res = await rm.client.request({ method: 'GET', path: p });
  return res.status === 200 && isRecord(res.body) ? res.body : undefined;
}
const ksPath = (ns: string, name: string) => `${KS_API}/namespaces/${ns}/kustomizations/${name}`;
const cmPath = (ns: string, name: string) => `/api/v1/namespaces/${ns}/configmaps/${name}`;
const dataOf = (o: KubeObject | undefined) => (o?.data ?? {}) as Record<string, string>;
const meta = (o: KubeObject | undefined) => (o?.metadata ?? {}) as { labels?: Record<string, string>; annotations?: Record<string, string>; generation?: number; deletionTimestamp?: string };
const specOf = (o: KubeObject | undefined) => (o?.spec ?? {}) as Record<string, unknown>;

async function start(hubVersions = [2, 1]) {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'hub-projection-'));
  cleanups.push(() => fs.rm(dir, { recursive: true, force: true }));
  const hub = await startStandInHub({ tokens: { good: 'valid' }, heartbeatIntervalMs: 200, hubVersions });
  cleanups.push(() => hub.stop());
  const ns = randomName('proj');
  expect((await rm.apply([namespace(ns)])).errors).toEqual([]);
  const stateFile = path.join(dir, 'state.json');
  const runOnce = (token: string | undefined) => {
    const controller = new AbortController();
    const done = runAgent({
      hubUrl: hub.url,
      token,
      logger: captureLogger().logger,
      store: createFileCredentialStore(stateFile),
      clusterInfo,
      openLink: openSocketIoHubLink,
      register: registerWithHub,
      signal: controller.signal,
      backoff: { baseMs: 50, maxMs: 300 },
      welcomeTimeoutMs: 2000,
      gitops: { kubeConfig: cluster.kubeConfig, cacheDir: path.join(dir, 'cache'), store: createFileAssignmentStore(assignmentFileFor(stateFile)) },
    });
    const stop = async () => {
      controller.abort();
      await done;
    };
    cleanups.push(stop);
    return stop;
  };
  return { hub, ns, runOnce };
}

function ks(ns: string, name: string, spec: Record<string, unknown>, generation = 1, variables: Record<string, string> = { cluster_name: 'edge-1' }) {
  return { namespace: ns, name, generation, spec: { sourceRef: { kind: 'GitRepository', name: 'repo' }, interval: '1h', prune: true, ...spec }, variables };
}

type StatusItem = { namespace: string; name: string; conditions: Array<{ type: string; status: string; reason: string; message: string }>; observedGeneration: number; lastAppliedRevision?: string };
const statuses = (hub: StandInHub, ns: string, name: string) =>
  hub.batches().filter((b) => b.type === 'status').flatMap((b) => b.items as StatusItem[]).filter((i) => i.namespace === ns && i.name === name);
const ready = (s: StatusItem | undefined) => s?.conditions.find((c) => c.type === 'Ready');

describe('hub placements as Flux objects in the cluster', () => {
  it('each source is an ExternalArtifact with the hub’s artifact, each placement a Kustomization pointing at it; kubectl and flux get ks -A show them with their revision; cluster variables have the lowest precedence (flux.md §2 post-build: later substituteFrom entries and substitute win)', async () => {
    const { hub, ns, runOnce } = await start();
    const src = assignedSource(ns, { 'app/cm.yaml': [configMap(ns, 'vars', { name: '${cluster_name}', env: '${env}', tier: '${tier}' })] });
    hub.gitops.artifacts.set(src.entry.digest, src.bytes);
    expect((await rm.apply([configMap(ns, 'team-vars', { env: 'prod', cluster_name: 'from-team' })])).errors).toEqual([]);
    const variables = { cluster_name: 'edge-1', env: 'cluster-env', tier: 'cluster-tier' };
    const postBuild = { substitute: { tier: 'inline' }, substituteFrom: [{ kind: 'ConfigMap', name: 'team-vars' }] };
    const placedAt = Date.now();
    hub.setAssignment({ generation: 1, sources: [src.entry], kustomizations: [ks(ns, 'apps', { path: './app', targetNamespace: ns, postBuild }, 4, variables)] });
    runOnce('good');
    await eventually(async () => expect(await get(ksPath(ns, 'apps'))).toBeDefined(), { timeoutMs: 30_000, intervalMs: 50 });
    // How long a placement takes to become an object `kubectl get ks` lists (agent start and CRD install included).
    console.log(`placement → Kustomization visible: ${Date.now() - placedAt} ms (agent start included)`);

    const ea = await get(`${EA_API}/namespaces/${ns}/externalartifacts/repo`);
    expect(meta(ea).labels).toEqual({ [HUB_OWNER_LABEL]: 'hub' });
    expect((ea?.status as { artifact: Record<string, unknown> }).artifact).toMatchObject({
      revision: src.entry.revision,
      digest: src.entry.digest,
      size: src.entry.size,
      url: expect.stringMatching(new RegExp(`^file:///.*/artifacts/${src.entry.digest.slice(7)}\\.tar\\.gz$`)) as unknown,
      lastUpdateTime: expect.stringMatching(/Z$/) as unknown,
    });
    const projected = await get(ksPath(ns, 'apps'));
    expect(meta(projected).labels).toEqual({ [HUB_OWNER_LABEL]: 'hub' });
    expect(meta(projected).annotations?.[HUB_GENERATION_ANNOTATION]).toBe('4');
    const varsName = variablesConfigMapName(variables);
    expect(specOf(projected)).toMatchObject({
      sourceRef: { kind: 'ExternalArtifact', name: 'repo', namespace: ns },
      path: './app',
      postBuild: { substitute: { tier: 'inline' }, substituteFrom: [{ kind: 'ConfigMap', name: varsName }, { kind: 'ConfigMap', name: 'team-vars' }] },
    });
    expect(dataOf(await get(cmPath(ns, varsName)))).toEqual(variables);
    expect(meta(await get(cmPath(ns, varsName))).labels).toEqual({ [HUB_OWNER_LABEL]: 'hub' });

    await eventually(() => expect(ready(statuses(hub, ns, 'apps').at(-1))).toMatchObject({ status: 'True', message: `Applied revision: ${src.entry.revision}` }), { timeoutMs: 30_000 });
    // The hub is told its own generation, not the API server's.
    expect(statuses(hub, ns, 'apps').at(-1)?.observedGeneration).toBe(4);
    expect(dataOf(await get(cmPath(ns, 'vars')))).toEqual({ name: 'from-team', env: 'prod', tier: 'inline' });

    const listed = await kubectl('get', 'ks', '-A', '-l', `${HUB_OWNER_LABEL}=hub`);
    expect(listed.split('\n').find((l) => l.startsWith(ns))).toMatch(new RegExp(`^${ns}\\s+apps\\s+\\S+\\s+True\\s+Applied revision: ${src.entry.revision}`));
    const fluxKs = await flux(['get', 'ks', '-A']);
    expect(fluxKs.exitCode, fluxKs.stderr).toBe(0);
    const short = src.entry.revision.slice(0, 'main@sha1:'.length + 8);
    const row = fluxKs.stdout.split('\n').find((l) => l.startsWith(ns));
    expect(row?.split('\t').map((c) => c.trim()).filter(Boolean)).toEqual([ns, 'apps', short, 'False', 'True', `Applied revision: ${short}`]);
    const fluxSources = await flux(['get', 'sources', 'all', '-A']);
    expect(fluxSources.stdout).toContain(`externalartifact/repo`);

    // A placement change on a running agent: the new Kustomization is listed by kubectl shortly after.
    const changedAt = Date.now();
    hub.setAssignment({ generation: 2, sources: [src.entry], kustomizations: [ks(ns, 'apps', { path: './app', targetNamespace: ns, postBuild }, 4, variables), ks(ns, 'more', { path: './app', targetNamespace: ns, suspend: true })] });
    await eventually(async () => expect(await kubectl('-n', ns, 'get', 'ks', 'more', '-o', 'name')).toContain('more'), { timeoutMs: 15_000, intervalMs: 20 });
    console.log(`placement change → kubectl get ks lists it: ${Date.now() - changedAt} ms`);
  }, 120_000);

  it('an edit of a projected object’s spec or labels is reverted; the same assignment again changes nothing; unplacing deletes the Kustomization, whose finalizer prunes, and its source and variables', async () => {
    const { hub, ns, runOnce } = await start();
    const src = assignedSource(ns, { 'app/cm.yaml': [configMap(ns, 'owned', { a: '1' })], 'other/cm.yaml': [configMap(ns, 'other', { a: '1' })] });
    hub.gitops.artifacts.set(src.entry.digest, src.bytes);
    const placement = ks(ns, 'apps', { path: './app', targetNamespace: ns, postBuild: {} });
    hub.setAssignment({ generation: 1, sources: [src.entry], kustomizations: [placement] });
    runOnce('good');
    await eventually(async () => expect(dataOf(await get(cmPath(ns, 'owned')))).toEqual({ a: '1' }), { timeoutMs: 30_000 });
    const generation = meta(await get(ksPath(ns, 'apps'))).generation;

    await kubectl('-n', ns, 'patch', 'ks', 'apps', '--type=merge', '-p', JSON.stringify({ metadata: { labels: { extra: 'x' } }, spec: { path: './other', wait: true } }));
    await eventually(async () => {
      const o = await get(ksPath(ns, 'apps'));
      expect(specOf(o).path).toBe('./app');
      expect(specOf(o).wait).toBeUndefined();
      expect(meta(o).labels).toEqual({ [HUB_OWNER_LABEL]: 'hub' });
    }, { timeoutMs: 15_000 });
    // The edited spec may have been reconciled once before the revert; the restored one then prunes what it applied.
    await eventually(async () => expect(await get(cmPath(ns, 'other'))).toBeUndefined(), { timeoutMs: 15_000 });
    const restored = meta(await get(ksPath(ns, 'apps'))).generation!;
    expect(restored).toBeGreaterThan(generation!);

    // An unchanged assignment (a reconnect sends it again) writes nothing.
    hub.setAssignment({ generation: 2, sources: [src.entry], kustomizations: [placement] });
    await eventually(() => expect(hub.received.filter((m) => m.type === 'assignment.ack').at(-1)?.payload).toEqual({ generation: 2 }));
    await new Promise((r) => setTimeout(r, 1_000));
    expect(meta(await get(ksPath(ns, 'apps'))).generation).toBe(restored);

    const varsName = variablesConfigMapName(placement.variables);
    expect(await get(cmPath(ns, varsName))).toBeDefined();
    hub.setAssignment({ generation: 3, sources: [], kustomizations: [] });
    await eventually(async () => expect(await get(ksPath(ns, 'apps'))).toBeUndefined(), { timeoutMs: 20_000 });
    expect(await get(cmPath(ns, 'owned'))).toBeUndefined();
    await eventually(async () => {
      expect(await get(`${EA_API}/namespaces/${ns}/externalartifacts/repo`)).toBeUndefined();
      expect(await get(cmPath(ns, varsName))).toBeUndefined();
    });
    await eventually(() => expect(hub.batches().filter((b) => b.type === 'inventory').flatMap((b) => b.items).at(-1)).toEqual({ namespace: ns, name: 'apps', entries: [] }));
  }, 90_000);

  it('an object of the same kind and name without the hub label is never overwritten: the placement is reported OwnershipConflict naming it', async () => {
    const { hub, ns, runOnce } = await start();
    const src = assignedSource(ns, { 'app/cm.yaml': [configMap(ns, 'never', { a: '1' })] });
    hub.gitops.artifacts.set(src.entry.digest, src.bytes);
    runOnce('good');
    // The CRDs are installed by the agent; the cluster's own Kustomization of that name comes first.
    const mine = { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: 'apps', labels: { team: 'a' } }, spec: { interval: '1h', prune: false, path: './mine', suspend: true, sourceRef: { kind: 'GitRepository', name: 'elsewhere' } } };
    await eventually(async () => expect((await rm.client.request({ method: 'POST', path: `${KS_API}/namespaces/${ns}/kustomizations`, body: mine })).status).toBe(201), { timeoutMs: 30_000 });
    const before = await get(ksPath(ns, 'apps'));

    hub.setAssignment({ generation: 1, sources: [src.entry], kustomizations: [ks(ns, 'apps', { path: './app', targetNamespace: ns })] });
    await eventually(() => expect(ready(statuses(hub, ns, 'apps').at(-1))).toMatchObject({ status: 'False', reason: 'OwnershipConflict' }), { timeoutMs: 30_000 });
    expect(ready(statuses(hub, ns, 'apps').at(-1))?.message).toBe(`Kustomization ${ns}/apps exists in the cluster without the label ${HUB_OWNER_LABEL}=hub: it is not the hub’s and is left alone`);
    // The event follows the status in its own batch.
    const events = () => hub.batches().filter((b) => b.type === 'events').flatMap((b) => b.items as Array<{ reason: string; severity: string }>);
    await eventually(() => expect(events().some((e) => e.reason === 'OwnershipConflict' && e.severity === 'error')).toBe(true));
    const after = await get(ksPath(ns, 'apps'));
    expect(specOf(after)).toEqual(specOf(before));
    expect(meta(after).labels).toEqual({ team: 'a' });
    expect(await get(cmPath(ns, 'never'))).toBeUndefined();
  }, 90_000);

  it('with the hub stopped, a restarted agent projects and reconciles its persisted assignment: a deleted projected object comes back, drift is corrected', async () => {
    const { hub, ns, runOnce } = await start();
    const src = assignedSource(ns, { 'app/cm.yaml': [configMap(ns, 'kept', { a: '1' })] });
    hub.gitops.artifacts.set(src.entry.digest, src.bytes);
    hub.setAssignment({ generation: 1, sources: [src.entry], kustomizations: [ks(ns, 'apps', { path: './app', targetNamespace: ns, interval: '2s' })] });
    const stop = runOnce('good');
    await eventually(async () => expect(dataOf(await get(cmPath(ns, 'kept')))).toEqual({ a: '1' }), { timeoutMs: 30_000 });
    await stop();
    await hub.stop();

    // While both are down: the projected Kustomization is deleted (its finalizer is left: no agent runs it) and
    // its object drifts.
    await rm.client.request({ method: 'PATCH', path: ksPath(ns, 'apps'), contentType: 'application/merge-patch+json', body: { metadata: { finalizers: null } } });
    await rm.client.request({ method: 'DELETE', path: ksPath(ns, 'apps') });
    await rm.client.request({ method: 'PATCH', path: cmPath(ns, 'kept'), contentType: 'application/merge-patch+json', body: { data: { a: 'drift' } } });
    expect(await get(ksPath(ns, 'apps'))).toBeUndefined();

    runOnce(undefined);
    await eventually(async () => expect(meta(await get(ksPath(ns, 'apps'))).labels).toEqual({ [HUB_OWNER_LABEL]: 'hub' }), { timeoutMs: 30_000 });
    await eventually(async () => expect(dataOf(await get(cmPath(ns, 'kept')))).toEqual({ a: '1' }), { timeoutMs: 20_000 });
  }, 90_000);
});
