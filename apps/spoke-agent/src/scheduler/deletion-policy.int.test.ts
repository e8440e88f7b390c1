import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startCluster, type TestCluster } from '@flotilla/testenv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OWNER_NAME_LABEL, OWNER_NAMESPACE_LABEL, ResourceManager, type KubeObject } from '../k8s/index.js';
import { isRecord } from '../k8s/object-ref.js';
import { configMap, namespace, randomName } from '../k8s/testing/fixtures.js';
import { Outbox, type Batch } from '../outbox/outbox.js';
import { kustomizeBuilder, type ReconcileOutput } from '../reconcile/index.js';
import { inventoryId } from '@flotilla/reconcile-core';
import { captureLogger } from '../testing/capture-logger.js';
import { eventually } from '../testing/eventually.js';
import { KustomizationScheduler } from './kustomization-scheduler.js';

// Flux's finalizer for a removed Kustomization, by deletionPolicy, against a real API server. The pipeline is
// replaced by a stand-in that reports the objects the test created (with the owner labels) as the inventory,
// so what is checked here is only what removal does to them.

let cluster: TestCluster;
let rm: ResourceManager;
let dir: string;

beforeAll(async () => {
  cluster = await startCluster({ name: 'deletion-policy' });
  rm = await ResourceManager.fromKubeConfig(cluster.kubeConfig);
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'deletion-policy-'));
});
afterAll(async () => {
  rm?.close();
  await cluster?.stop();
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

const digest = `sha256:${'a'.repeat(64)}`;
const source = { kind: 'GitRepository' as const, namespace: 'ns', name: 'repo', revision: 'main@sha1:1', digest, size: 1, url: `/artifacts/${digest}` };
const HOLD = 'example.com/hold';

async function get(p: string): Promise<KubeObject | undefined> {
  const res = await rm.client.request({ method: 'GET', path: p });
  return res.status === 200 && isRecord(res.body) ? res.body : undefined;
}

/** A namespace with two owned ConfigMaps (one held by a finalizer when asked), reported as the inventory of `apps`. */
async function placed(spec: Record<string, unknown>, opts: { hold?: boolean } = {}) {
  const ns = randomName('del');
  const owner = { [OWNER_NAME_LABEL]: 'apps', [OWNER_NAMESPACE_LABEL]: ns };
  const held = configMap(ns, 'held', { a: '1' }, { labels: owner });
  if (opts.hold) (held.metadata as Record<string, unknown>).finalizers = [HOLD];
  expect((await rm.apply([namespace(ns), configMap(ns, 'plain', { a: '1' }, { labels: owner }), held])).errors).toEqual([]);
  const entries = ['plain', 'held'].map((name) => ({ id: inventoryId({ group: '', kind: 'ConfigMap', namespace: ns, name }), v: 'v1' }));
  const logs = captureLogger();
  const outbox = await Outbox.open(path.join(dir, `${ns}.jsonl`));
  const s = new KustomizationScheduler({
    resources: rm,
    builder: kustomizeBuilder,
    artifacts: { get: async () => ({ ok: true, downloaded: false, artifact: { kind: 'tarball', revision: source.revision, digest, bytes: new Uint8Array() } }), retain: async () => undefined },
    outbox,
    persist: async () => undefined,
    logger: logs.logger,
    reconcile: async (): Promise<ReconcileOutput> => ({ status: { conditions: [], inventory: { entries } }, events: [], outcome: { kind: 'requeue', afterMs: 3_600_000 } }),
  });
  const k = (generation: number, extra: Record<string, unknown> = {}) => ({ namespace: ns, name: 'apps', generation, variables: {}, spec: { sourceRef: { kind: 'GitRepository' as const, name: 'repo' }, interval: '1h', force: false, ...spec, ...extra } as never });
  await s.setAssignment({ generation: 1, sources: [source], kustomizations: [k(1)] });
  await s.whenIdle();
  expect(s.statusOf(ns, 'apps')?.inventory.entries).toHaveLength(2);
  const removed = () => logs.lines().some((l) => l.msg === 'Kustomization removed from the assignment');
  const events = () => outbox.pending().flatMap((b: Batch) => (b.type === 'events' ? b.items : []));
  const live = async () => ({ plain: await get(`/api/v1/namespaces/${ns}/configmaps/plain`), held: await get(`/api/v1/namespaces/${ns}/configmaps/held`) });
  const remove = () => s.setAssignment({ generation: 3, sources: [], kustomizations: [] });
  const suspend = () => s.setAssignment({ generation: 2, sources: [source], kustomizations: [k(2, { suspend: true })] });
  const release = () => rm.client.request({ method: 'PATCH', path: `/api/v1/namespaces/${ns}/configmaps/held`, contentType: 'application/merge-patch+json', body: { metadata: { finalizers: null } } });
  return { ns, s, removed, events, live, remove, suspend, release };
}

describe('deletionPolicy when a Kustomization is removed (Flux finalizer)', () => {
  it.each([
    ['MirrorPrune (default) with prune: true deletes the inventory', { prune: true }, true],
    ['MirrorPrune with prune: false keeps every object', { prune: false }, false],
    ['Delete deletes even with prune: false', { prune: false, deletionPolicy: 'Delete' }, true],
    ['Orphan keeps every object even with prune: true', { prune: true, deletionPolicy: 'Orphan' }, false],
  ])('%s', async (_name, spec, deletes) => {
    const k = await placed(spec);
    await k.remove();
    await eventually(() => expect(k.removed()).toBe(true));
    const live = await k.live();
    if (deletes) expect(live).toEqual({ plain: undefined, held: undefined });
    else expect([live.plain?.kind, live.held?.kind]).toEqual(['ConfigMap', 'ConfigMap']);
    await k.s.stop();
  });

  it('a suspended Kustomization deletes nothing, whatever its policy', async () => {
    const k = await placed({ prune: true, deletionPolicy: 'Delete' });
    await k.suspend();
    await k.remove();
    await eventually(() => expect(k.removed()).toBe(true));
    expect((await k.live()).plain).toBeDefined();
    await k.s.stop();
  });

  it('WaitForTermination waits until the deleted objects are gone (a finalizer holds one), then finishes', async () => {
    const k = await placed({ prune: false, deletionPolicy: 'WaitForTermination', timeout: '30s' }, { hold: true });
    await k.remove();
    await eventually(async () => expect((await k.live()).plain).toBeUndefined());
    const held = (await k.live()).held;
    expect(isRecord(held?.metadata) && held.metadata.deletionTimestamp).toBeTruthy();
    await new Promise((r) => setTimeout(r, 2_500));
    expect(k.removed()).toBe(false); // still waiting for the held object
    await k.release();
    await eventually(() => expect(k.removed()).toBe(true), { timeoutMs: 10_000 });
    expect(k.events().some((e) => e.severity === 'error')).toBe(false);
    await k.s.stop();
  });

  it('WaitForTermination gives up after the timeout with an error event, as Flux does', async () => {
    const k = await placed({ prune: true, deletionPolicy: 'WaitForTermination', timeout: '2s' }, { hold: true });
    await k.remove();
    await eventually(() => expect(k.removed()).toBe(true), { timeoutMs: 10_000 });
    const error = k.events().find((e) => e.severity === 'error');
    expect(error?.message).toMatch(new RegExp(`^failed to wait for resources termination: timed out after 2s waiting for termination of ConfigMap/${k.ns}/held`));
    await k.release();
    await k.s.stop();
  });
});
