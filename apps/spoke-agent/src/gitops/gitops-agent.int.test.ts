import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startCluster, type TestCluster } from '@flotilla/testenv';
import { stringify } from 'yaml';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runAgent } from '../agent/run-agent.js';
import { assignmentFileFor, createFileAssignmentStore } from '../assignment/assignment-store.js';
import type { ClusterInfoSource } from '../cluster/cluster-info.js';
import { openSocketIoHubLink } from '../connection/hub-link.js';
import { createFileCredentialStore } from '../credentials/file-credential-store.js';
import { ResourceManager, type KubeObject } from '../k8s/index.js';
import { isRecord } from '../k8s/object-ref.js';
import { configMap, namespace, randomName } from '../k8s/testing/fixtures.js';
import { Outbox } from '../outbox/outbox.js';
import { makeTarball } from '../reconcile/testing/make-tarball.js';
import { registerWithHub } from '../registration/register-with-hub.js';
import { captureLogger } from '../testing/capture-logger.js';
import { assignedSource } from '../testing/assigned-source.js';
import { eventually } from '../testing/eventually.js';
import { startStandInHub, type StandInHub } from '../testing/stand-in-hub.js';

// The agent's GitOps half end to end: runAgent in-process with its real socket.io client, file stores, artifact
// cache and outbox, reconciling into a REAL kube-apiserver. The hub is the contract-following stand-in
// (stand-in-hub.ts, with the real ingestion's seq rule) because these tests need what the real hub does not
// produce on demand: withholding batch acks while the agent restarts, pushing hand-made assignments (cycles,
// suspend) without a git round trip. The normal path against the real hub is in gitops-real-hub.int.test.ts;
// a corrupted artifact and a hub killed mid-ingestion, with the real hub, in e2e/fault-*.e2e.test.ts.

const clusterInfo: ClusterInfoSource = { read: async () => ({ info: { kubernetesVersion: 'v1.35.4', nodeCount: 1 }, errors: [] }) };
let cluster: TestCluster;
let rm: ResourceManager;
let dir: string;
const cleanups: Array<() => Promise<void> | void> = [];

beforeAll(async () => {
  cluster = await startCluster({ name: 'gitops-agent' });
  rm = await ResourceManager.fromKubeConfig(cluster.kubeConfig);
});
afterAll(async () => {
  rm?.close();
  await cluster?.stop();
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(hubVersions = [2, 1]) {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'gitops-agent-'));
  cleanups.push(() => fs.rm(dir, { recursive: true, force: true }));
  const hub = await startStandInHub({ tokens: { good: 'valid' }, heartbeatIntervalMs: 200, hubVersions });
  cleanups.push(() => hub.stop());
  const ns = randomName('gitops');
  expect((await rm.apply([namespace(ns)])).errors).toEqual([]);
  // Runs after the agent stopped: the hub placements it projected leave with the test (the next test's agent
  // would otherwise find them unplaced, and reconcile them while it deletes them).
  cleanups.push(() => removeFluxObjects(ns));
  return { hub, ns, stateFile: path.join(dir, 'state.json'), cacheDir: path.join(dir, 'cache') };
}

async function removeFluxObjects(ns: string): Promise<void> {
  for (const plural of ['kustomize.toolkit.fluxcd.io/v1/namespaces/NS/kustomizations', 'source.toolkit.fluxcd.io/v1/namespaces/NS/externalartifacts']) {
    const list = `/apis/${plural.replace('NS', ns)}`;
    const res = await rm.client.request({ method: 'GET', path: list });
    const items = (isRecord(res.body) && Array.isArray(res.body.items) ? res.body.items : []) as Array<{ metadata: { name: string } }>;
    for (const { metadata } of items) {
      await rm.client.request({ method: 'PATCH', path: `${list}/${metadata.name}`, contentType: 'application/merge-patch+json', body: { metadata: { finalizers: null } } });
      await rm.client.request({ method: 'DELETE', path: `${list}/${metadata.name}` });
    }
  }
}

function startAgent(env: { hub: StandInHub; stateFile: string; cacheDir: string }, token: string | undefined = 'good') {
  const controller = new AbortController();
  const log = captureLogger();
  const done = runAgent({
    hubUrl: env.hub.url,
    token,
    logger: log.logger,
    store: createFileCredentialStore(env.stateFile),
    clusterInfo,
    openLink: openSocketIoHubLink,
    register: registerWithHub,
    signal: controller.signal,
    backoff: { baseMs: 50, maxMs: 300 },
    welcomeTimeoutMs: 2000,
    gitops: { kubeConfig: cluster.kubeConfig, cacheDir: env.cacheDir, store: createFileAssignmentStore(assignmentFileFor(env.stateFile)) },
  });
  const stop = async () => {
    controller.abort();
    await done;
  };
  cleanups.push(stop);
  return { done, stop, log };
}


function ks(ns: string, name: string, spec: Record<string, unknown>, generation = 1) {
  return { namespace: ns, name, generation, spec: { sourceRef: { kind: 'GitRepository', name: 'repo' }, interval: '1h', prune: true, ...spec }, variables: { cluster_name: 'edge-1' } };
}

async function getCm(ns: string, name: string): Promise<KubeObject | undefined> {
  const res = await rm.client.request({ method: 'GET', path: `/api/v1/namespaces/${ns}/configmaps/${name}` });
  return res.status === 200 && isRecord(res.body) ? res.body : undefined;
}
const dataOf = (o: KubeObject | undefined) => (o?.data ?? {}) as Record<string, string>;

type StatusItem = { namespace: string; name: string; conditions: Array<{ type: string; status: string; reason: string; message: string }>; lastAppliedRevision?: string; lastHandledReconcileAt?: string; observedGeneration: number };
type EventItem = { involvedObject: { name: string }; severity: string; reason: string; message: string; revision?: string };
const statuses = (hub: StandInHub, name?: string) =>
  hub.batches().filter((b) => b.type === 'status').flatMap((b) => b.items as StatusItem[]).filter((i) => !name || i.name === name);
const events = (hub: StandInHub) => hub.batches().filter((b) => b.type === 'events').flatMap((b) => b.items as EventItem[]);
const ready = (s: StatusItem | undefined) => s?.conditions.find((c) => c.type === 'Ready');

describe('agent GitOps loop', () => {
  it('persists and acks the assignment, applies it with cluster variables, reports status/inventory/change-set events, handles a reconcile request and corrects drift every interval (flux.md §2 drift)', async () => {
    const env = await setup();
    const { hub, ns } = env;
    const src = assignedSource(ns, { 'deploy/app.yaml': [configMap(ns, 'cfg', { a: '1', cluster: '${cluster_name}' })] });
    hub.gitops.artifacts.set(src.entry.digest, src.bytes);
    hub.setAssignment({ generation: 1, sources: [src.entry], kustomizations: [ks(ns, 'apps', { path: './deploy', interval: '2s', postBuild: { substitute: {} } })] });
    startAgent(env);

    await eventually(() => expect(hub.received.find((m) => m.type === 'assignment.ack')?.payload).toEqual({ generation: 1 }), { timeoutMs: 15_000 });
    const persisted = JSON.parse(await fs.readFile(assignmentFileFor(env.stateFile), 'utf8')) as { assignment: { generation: number } };
    expect(persisted.assignment.generation).toBe(1);

    await eventually(() => expect(ready(statuses(hub, 'apps').at(-1))).toMatchObject({ status: 'True', reason: 'ReconciliationSucceeded', message: `Applied revision: ${src.entry.revision}` }), { timeoutMs: 20_000 });
    expect(dataOf(await getCm(ns, 'cfg'))).toEqual({ a: '1', cluster: 'edge-1' });
    expect(statuses(hub, 'apps').at(-1)).toMatchObject({ lastAppliedRevision: src.entry.revision, observedGeneration: 1 });
    await eventually(() => {
      expect(hub.batches().find((b) => b.type === 'inventory')?.items[0]).toEqual({ namespace: ns, name: 'apps', entries: [{ id: `${ns}_cfg__ConfigMap`, v: 'v1', health: { status: 'Current', message: expect.any(String) } }] });
      expect(events(hub).find((e) => e.message === `ConfigMap/${ns}/cfg created`)).toMatchObject({ severity: 'info', revision: src.entry.revision });
    });
    // One counter across the three batch types, from 1, no gaps.
    const seqs = hub.batches().map((b) => b.seq);
    expect(seqs.slice(0, 3)).toEqual([1, 2, 3]);

    // kubectl edit: another field manager changes the value; the next interval reverts it.
    const res = await rm.client.request({ method: 'PATCH', path: `/api/v1/namespaces/${ns}/configmaps/cfg?fieldManager=kubectl-edit`, body: { data: { a: 'edited' } }, contentType: 'application/merge-patch+json' });
    expect(res.status).toBe(200);
    expect(dataOf(await getCm(ns, 'cfg')).a).toBe('edited');
    await eventually(async () => expect(dataOf(await getCm(ns, 'cfg')).a).toBe('1'), { timeoutMs: 15_000 });
    await eventually(() => expect(events(hub).some((e) => e.message === `ConfigMap/${ns}/cfg configured`)).toBe(true));

    // A request for a GitRepository of the same name (protocol v3) is not taken for the Kustomization's.
    hub.broadcast('reconcile', { kind: 'GitRepository', namespace: ns, name: 'apps', requestedAt: '2026-11-21T00:30:00Z' });
    hub.broadcast('reconcile', { kind: 'Kustomization', namespace: ns, name: 'apps', requestedAt: '2026-11-21T01:00:00Z' });
    await eventually(() => expect(statuses(hub, 'apps').at(-1)?.lastHandledReconcileAt).toBe('2026-11-21T01:00:00Z'));
    expect(statuses(hub, 'apps').some((s) => s.lastHandledReconcileAt === '2026-11-21T00:30:00Z')).toBe(false);

    // The hub asks to reconcile a Kustomization right after the assignment that places it (`flotilla reconcile ks`
    // on a new one): the request waits for the projection instead of finding nothing in the cluster.
    hub.setAssignment({ generation: 2, sources: [src.entry], kustomizations: [ks(ns, 'apps', { path: './deploy', interval: '2s', postBuild: { substitute: {} } }), ks(ns, 'late', { path: './deploy', interval: '1h', namePrefix: 'late-', postBuild: { substitute: {} } })] });
    hub.broadcast('reconcile', { kind: 'Kustomization', namespace: ns, name: 'late', requestedAt: '2026-11-21T02:00:00Z' });
    await eventually(() => expect(statuses(hub, 'late').at(-1)?.lastHandledReconcileAt).toBe('2026-11-21T02:00:00Z'), { timeoutMs: 20_000 });
  }, 90_000);

  it('restarted while the hub is down: reconciles from the persisted assignment and cached artifact; the outbox is resent until acked, never after', async () => {
    const env = await setup();
    const { hub, ns } = env;
    hub.gitops.ackBatches = false;
    const src = assignedSource(ns, { 'deploy/app.yaml': [configMap(ns, 'kept', { a: '1' })] });
    hub.gitops.artifacts.set(src.entry.digest, src.bytes);
    hub.setAssignment({ generation: 3, sources: [src.entry], kustomizations: [ks(ns, 'apps', { path: './deploy' })] });
    const first = startAgent(env);
    await eventually(() => expect(ready(statuses(hub, 'apps').at(-1))?.status).toBe('True'), { timeoutMs: 20_000 });
    const before = hub.batches().map((b) => b.seq);
    await first.stop();
    await hub.stop();

    // Drift while both are down; the agent comes back without its hub and must still fix it.
    await rm.client.request({ method: 'DELETE', path: `/api/v1/namespaces/${ns}/configmaps/kept` });
    expect(await getCm(ns, 'kept')).toBeUndefined();
    const second = startAgent(env, undefined);
    await eventually(async () => expect(dataOf(await getCm(ns, 'kept'))).toEqual({ a: '1' }), { timeoutMs: 20_000 });
    expect(second.log.lines().some((l) => l.msg === 'reconciling the persisted assignment' && l.generation === 3)).toBe(true);

    // The hub returns: everything never acknowledged arrives, the old batches with their old seqs.
    const received = hub.received.length;
    hub.gitops.ackBatches = true;
    await hub.start();
    await eventually(() => expect(hub.hellos().at(-1)?.lastGeneration).toBe(3), { timeoutMs: 15_000 });
    await eventually(() => {
      const resent = hub.received.slice(received).filter((m) => ['status', 'inventory', 'events'].includes(m.type)).map((m) => (m.payload as { seq: number }).seq);
      expect(resent).toEqual(expect.arrayContaining(before.filter((s) => s > 1).slice(-1)));
      expect(Math.max(...resent)).toBeGreaterThan(Math.max(...before));
    });
    await new Promise((r) => setTimeout(r, 500)); // let the last batch.ack reach the agent's disk
    const acked = hub.gitops.ackedSeq;
    await second.stop();
    const reopened = await Outbox.open(path.join(env.cacheDir, 'outbox', 'cluster-1.jsonl'));
    expect(reopened.lastAcked).toBe(acked);
    expect(reopened.pending()).toEqual([]);

    // Every batch was persisted exactly once, in seq order without gaps.
    expect(hub.gitops.persisted.map((b) => b.seq)).toEqual(Array.from({ length: acked }, (_, i) => i + 1));

    // A third start with the hub up: nothing acknowledged is sent again.
    const mark = hub.received.length;
    startAgent(env, undefined);
    await eventually(() => expect(hub.received.slice(mark).some((m) => m.type === 'status')).toBe(true), { timeoutMs: 20_000 });
    const again = hub.received.slice(mark).filter((m) => ['status', 'inventory', 'events'].includes(m.type)).map((m) => (m.payload as { seq: number }).seq);
    expect(again.every((s) => s > acked)).toBe(true);
  }, 120_000);

  it('dependsOn: the dependent applies only after its dependency is Ready at the same revision; a cycle is Stalled and named; removal with prune deletes its objects (flux.md §2 dependencies, pruning)', async () => {
    const env = await setup();
    const { hub, ns } = env;
    const src = assignedSource(ns, {
      'infra/cm.yaml': [configMap(ns, 'infra-cm', { a: '1' })],
      'app/cm.yaml': [configMap(ns, 'app-cm', { a: '1' })],
      'loop/cm.yaml': [configMap(ns, 'loop-cm', { a: '1' })],
    });
    hub.gitops.artifacts.set(src.entry.digest, src.bytes);
    const app = ks(ns, 'app', { path: './app', dependsOn: [{ name: 'infra' }] });
    const infra = ks(ns, 'infra', { path: './infra' });
    hub.setAssignment({
      generation: 1,
      sources: [src.entry],
      kustomizations: [app, infra, ks(ns, 'loop-a', { path: './loop', dependsOn: [{ name: 'loop-b' }] }), ks(ns, 'loop-b', { path: './loop', dependsOn: [{ name: 'loop-a' }] })],
    });
    startAgent(env);
    await eventually(() => expect(ready(statuses(hub, 'app').at(-1))?.status).toBe('True'), { timeoutMs: 30_000 });
    // The order of applies is read from the events: an unsent status is superseded by a newer one of the same
    // object, so the order in which statuses reach the hub does not tell which object was applied first.
    await eventually(() => {
      const created = events(hub).map((e) => e.message);
      const infraAt = created.indexOf(`ConfigMap/${ns}/infra-cm created`);
      expect(infraAt).toBeGreaterThanOrEqual(0);
      expect(infraAt).toBeLessThan(created.indexOf(`ConfigMap/${ns}/app-cm created`));
    });
    // infra's own last report may reach the hub after app's.
    await eventually(() => expect(ready(statuses(hub, 'infra').at(-1))?.status).toBe('True'));
    for (const s of statuses(hub, 'app').filter((x) => ready(x)?.status === 'False')) expect(ready(s)?.reason).toBe('DependencyNotReady');

    // The loop pair's reports may still be on their way when app is Ready.
    await eventually(() => {
      const loop = statuses(hub, 'loop-a').at(-1);
      expect(loop?.conditions.find((c) => c.type === 'Stalled')).toMatchObject({ status: 'True' });
      expect(ready(loop)?.message).toBe(`circular dependency detected: Kustomization/${ns}/loop-a -> Kustomization/${ns}/loop-b -> Kustomization/${ns}/loop-a`);
    });
    expect(await getCm(ns, 'loop-cm')).toBeUndefined();

    // The hub drops `app` (its Kustomization was deleted): prune: true → its objects go; infra's stay.
    hub.setAssignment({ generation: 2, sources: [src.entry], kustomizations: [infra] });
    await eventually(async () => expect(await getCm(ns, 'app-cm')).toBeUndefined(), { timeoutMs: 20_000 });
    expect(await getCm(ns, 'infra-cm')).toBeDefined();
    await eventually(() => expect(events(hub).some((e) => e.involvedObject.name === 'app' && e.message === `ConfigMap/${ns}/app-cm deleted`)).toBe(true));
    // Other Kustomizations' reports may come after it (the dropped loop pair's, infra's): app's own last one is empty.
    await eventually(() =>
      expect(
        hub
          .batches()
          .filter((b) => b.type === 'inventory')
          .flatMap((b) => b.items as Array<{ name?: string }>)
          .filter((i) => i.name === 'app')
          .at(-1),
      ).toEqual({ namespace: ns, name: 'app', entries: [] }),
    );
  }, 90_000);

  it('after a failure it retries every retryInterval without a new assignment; a suspended Kustomization is skipped until resumed (flux.md §2 retries, suspend)', async () => {
    const env = await setup();
    const { hub, ns } = env;
    const missing = randomName('later');
    const src = assignedSource(ns, {
      'late/cm.yaml': [configMap(missing, 'late-cm', { a: '1' })],
      'paused/cm.yaml': [configMap(ns, 'paused-cm', { a: '1' })],
    });
    hub.gitops.artifacts.set(src.entry.digest, src.bytes);
    const paused = ks(ns, 'paused', { path: './paused', suspend: true });
    hub.setAssignment({ generation: 1, sources: [src.entry], kustomizations: [ks(ns, 'late', { path: './late', retryInterval: '1s' }), paused] });
    startAgent(env);

    await eventually(() => expect(ready(statuses(hub, 'late').at(-1))).toMatchObject({ status: 'False', reason: 'ReconciliationFailed' }), { timeoutMs: 20_000 });
    expect(ready(statuses(hub, 'late').at(-1))?.message).toContain(missing);
    expect((await rm.apply([namespace(missing)])).errors).toEqual([]);
    await eventually(() => expect(ready(statuses(hub, 'late').at(-1))?.status).toBe('True'), { timeoutMs: 15_000 });
    expect(dataOf(await getCm(missing, 'late-cm'))).toEqual({ a: '1' });

    // Suspended: never applied, never reported (Flux leaves a suspended object's status alone).
    expect(await getCm(ns, 'paused-cm')).toBeUndefined();
    expect(statuses(hub, 'paused')).toEqual([]);
    hub.setAssignment({ generation: 2, sources: [src.entry], kustomizations: [ks(ns, 'late', { path: './late', retryInterval: '1s' }), { ...paused, generation: 2, spec: { ...paused.spec, suspend: false } }] });
    await eventually(async () => expect(dataOf(await getCm(ns, 'paused-cm'))).toEqual({ a: '1' }), { timeoutMs: 15_000 });
    await eventually(() => expect(statuses(hub, 'paused').at(-1)).toMatchObject({ observedGeneration: 2 }));
  }, 60_000);

  it('a Kustomization applied to the cluster (ExternalArtifact source) is reconciled beside the assignment, its artifact kept through assignment changes, and not reported to a protocol 2 hub (it would refuse cluster objects)', async () => {
    const env = await setup();
    const { hub, ns } = env;
    const { bytes, digest } = makeTarball({ 'cm.yaml': stringify(configMap(ns, 'in-cluster', { a: '1' })) });
    hub.gitops.artifacts.set(digest, bytes);
    const revision = `latest@${digest}`;
    hub.setAssignment({ generation: 1, sources: [], kustomizations: [] });
    startAgent(env);
    await eventually(() => expect(hub.received.find((m) => m.type === 'assignment.ack')).toBeDefined(), { timeoutMs: 15_000 });

    const ea = `/apis/source.toolkit.fluxcd.io/v1/namespaces/${ns}/externalartifacts`;
    const ksPath = `/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/${ns}/kustomizations`;
    // The agent installs the CRDs at start; until then the API server does not serve the kinds.
    await eventually(async () => expect((await rm.client.request({ method: 'POST', path: ea, body: { apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'ExternalArtifact', metadata: { name: 'app' }, spec: {} } })).status).toBe(201), { timeoutMs: 20_000 });
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    const st = await rm.client.request({ method: 'PATCH', path: `${ea}/app/status`, contentType: 'application/merge-patch+json', body: { status: { artifact: { path: 'x.tar.gz', url: 'http://hub.invalid/x.tar.gz', revision, digest, lastUpdateTime: now } } } });
    expect(st.status).toBe(200);
    const created = await rm.client.request({ method: 'POST', path: ksPath, body: { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: 'local' }, spec: { interval: '1h', prune: true, targetNamespace: ns, sourceRef: { kind: 'ExternalArtifact', name: 'app' } } } });
    expect(created.status).toBe(201);
    const readyOf = async () => {
      const res = await rm.client.request({ method: 'GET', path: `${ksPath}/local` });
      const conditions = (isRecord(res.body) && isRecord(res.body.status) && Array.isArray(res.body.status.conditions) ? res.body.status.conditions : []) as Array<{ type: string; status: string; message: string }>;
      return conditions.find((c) => c.type === 'Ready');
    };
    await eventually(async () => expect(await readyOf()).toMatchObject({ status: 'True', message: `Applied revision: ${revision}` }), { timeoutMs: 20_000 });
    expect(dataOf(await getCm(ns, 'in-cluster'))).toEqual({ a: '1' });

    // A new assignment prunes the cache to what it names, but an artifact an in-cluster source names stays.
    hub.setAssignment({ generation: 2, sources: [], kustomizations: [] });
    await eventually(() => expect(hub.received.filter((m) => m.type === 'assignment.ack').at(-1)?.payload).toEqual({ generation: 2 }));
    await expect(fs.stat(path.join(env.cacheDir, 'artifacts', `${digest.slice(7)}.tar.gz`))).resolves.toBeDefined();
    expect(statuses(hub, 'local')).toEqual([]);
  }, 60_000);

  it('to a protocol 3 hub: in-cluster objects are reported by kind with origin cluster (a snapshot after every welcome, each status, deletions), and its reconcile/suspend/resume act on them as flux reconcile/suspend/resume do', async () => {
    const env = await setup([3, 2, 1]);
    const { hub, ns } = env;
    const ksPath = `/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/${ns}/kustomizations`;
    const gitPath = `/apis/source.toolkit.fluxcd.io/v1/namespaces/${ns}/gitrepositories`;
    const agent = startAgent(env);
    // The agent installs the CRDs at start; until then the API server does not serve the kinds.
    const repo = { apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'GitRepository', metadata: { name: 'flux-system' }, spec: { interval: '1h', url: 'http://127.0.0.1:9/nowhere.git', ref: { branch: 'main' } } };
    await eventually(async () => expect((await rm.client.request({ method: 'POST', path: gitPath, body: repo })).status).toBe(201), { timeoutMs: 20_000 });
    const created = await rm.client.request({ method: 'POST', path: ksPath, body: { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: 'flux-system' }, spec: { interval: '1h', prune: true, path: './x', sourceRef: { kind: 'GitRepository', name: 'flux-system' } } } });
    expect(created.status).toBe(201);

    type Item = { kind?: string; origin?: string; name: string; namespace: string; deleted?: boolean; suspended?: boolean; conditions?: Array<{ type: string; status: string; reason: string }>; lastHandledReconcileAt?: string };
    const items = (kind: string) => hub.batches().filter((b) => b.type === 'status').flatMap((b) => b.items as Item[]).filter((i) => i.namespace === ns && i.kind === kind);
    const readyOf = (i: Item | undefined) => i?.conditions?.find((c) => c.type === 'Ready');
    // Both objects share a name: each is reported under its own kind, never one in place of the other.
    await eventually(() => {
      expect(items('GitRepository').at(-1)).toMatchObject({ origin: 'cluster', name: 'flux-system', suspended: false });
      expect(readyOf(items('GitRepository').at(-1))).toMatchObject({ status: 'False', reason: 'GitOperationFailed' });
      expect(readyOf(items('Kustomization').at(-1))).toMatchObject({ status: 'False' });
      expect(items('Kustomization').at(-1)).toMatchObject({ origin: 'cluster', name: 'flux-system' });
    }, { timeoutMs: 30_000 });
    await eventually(() => expect(events(hub).some((e) => (e.involvedObject as { kind?: string }).kind === 'GitRepository' && e.reason === 'GitOperationFailed')).toBe(true));
    // A protocol 3 hub only gets items with a kind; the hub-placed path (no kind) is untouched.
    expect(statuses(hub).filter((i) => (i as Item).namespace === ns && !(i as Item).kind)).toEqual([]);

    const get = async (p: string) => (await rm.client.request({ method: 'GET', path: p })).body as { metadata: { annotations?: Record<string, string> }; spec: { suspend?: boolean }; status?: { lastHandledReconcileAt?: string } };
    hub.broadcast('suspend', { kind: 'GitRepository', namespace: ns, name: 'flux-system' });
    await eventually(async () => expect((await get(`${gitPath}/flux-system`)).spec.suspend).toBe(true));
    await eventually(() => expect(items('GitRepository').at(-1)?.suspended).toBe(true));
    expect((await get(`${ksPath}/flux-system`)).spec.suspend).toBeUndefined();
    // Every welcome is followed by a snapshot: the suspended object, which reconciles no more, is reported again.
    const before = items('GitRepository').length;
    await hub.stop();
    await hub.start();
    await eventually(() => expect(items('GitRepository').length).toBeGreaterThan(before), { timeoutMs: 15_000 });
    expect(items('GitRepository').at(-1)?.suspended).toBe(true);
    hub.broadcast('resume', { kind: 'GitRepository', namespace: ns, name: 'flux-system' });
    await eventually(() => expect(items('GitRepository').at(-1)?.suspended).toBe(false));

    hub.broadcast('reconcile', { kind: 'Kustomization', namespace: ns, name: 'flux-system', requestedAt: '2026-12-03T03:00:00Z' });
    await eventually(async () => expect((await get(`${ksPath}/flux-system`)).metadata.annotations?.['reconcile.fluxcd.io/requestedAt']).toBe('2026-12-03T03:00:00Z'));
    await eventually(() => expect(items('Kustomization').at(-1)?.lastHandledReconcileAt).toBe('2026-12-03T03:00:00Z'));
    expect((await get(`${gitPath}/flux-system`)).metadata.annotations?.['reconcile.fluxcd.io/requestedAt']).toBeUndefined();

    // An object the cluster does not have: a warning, nothing else.
    const { log } = agent;
    hub.broadcast('reconcile', { kind: 'GitRepository', namespace: ns, name: 'missing', requestedAt: '2026-12-03T03:00:00Z' });
    hub.broadcast('suspend', { kind: 'ExternalArtifact', namespace: ns, name: 'missing' });
    await eventually(() => {
      expect(log.lines().some((l) => l.msg === 'reconcile requested for an object not in this cluster')).toBe(true);
      expect(log.lines().some((l) => l.msg === 'ignored a suspend request for a kind this agent does not run')).toBe(true);
    });

    expect((await rm.client.request({ method: 'DELETE', path: `${gitPath}/flux-system` })).status).toBe(200);
    await eventually(() => expect(items('GitRepository').at(-1)).toEqual({ kind: 'GitRepository', origin: 'cluster', namespace: ns, name: 'flux-system', deleted: true }), { timeoutMs: 15_000 });
    expect(items('Kustomization').some((i) => i.deleted)).toBe(false);
  }, 90_000);
});
