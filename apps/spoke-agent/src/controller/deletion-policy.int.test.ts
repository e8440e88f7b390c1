import { FLUX_KINDS, inventoryId } from '@flotilla/reconcile-core';
import { startCluster, type TestCluster } from '@flotilla/testenv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installFluxCrds } from '../crds/flux-crds.js';
import { OWNER_NAME_LABEL, OWNER_NAMESPACE_LABEL, ResourceManager, type KubeObject } from '../k8s/index.js';
import { isRecord } from '../k8s/object-ref.js';
import { configMap, namespace, randomName } from '../k8s/testing/fixtures.js';
import { kustomizeBuilder } from '../reconcile/index.js';
import { pruneOnDeletion } from '../reconcile/prune-on-deletion.js';
import { captureLogger } from '../testing/capture-logger.js';
import { eventually } from '../testing/eventually.js';
import { ControllerRuntime } from './controller-runtime.js';
import { FLUX_FINALIZER } from './flux-object.js';
import type { FluxEvent } from './kind-reconciler.js';
import { KustomizationReconciler } from './kustomization-reconciler.js';

// Flux's finalizer for a deleted Kustomization, by deletionPolicy, against a real API server and the controller
// runtime. The Kustomization's source never has an artifact, so it never applies: its inventory is written by
// the test through the status subresource (the objects the test created, with the owner labels), and what is
// checked here is only what deletion does to them.

const KS = FLUX_KINDS.Kustomization;
const HOLD = 'example.com/hold';
let cluster: TestCluster;
let rm: ResourceManager;
let runtime: ControllerRuntime;
const events: Array<{ name: string; event: FluxEvent }> = [];

beforeAll(async () => {
  cluster = await startCluster({ name: 'deletion-policy' });
  rm = await ResourceManager.fromKubeConfig(cluster.kubeConfig);
  await installFluxCrds(rm.client);
  runtime = new ControllerRuntime({
    client: rm.client,
    logger: captureLogger().logger,
    watchBackoff: { baseMs: 100, maxMs: 1000 },
    onStatus: (_kind, o, _status, evs) => events.push(...evs.map((event) => ({ name: `${o.metadata?.namespace}/${o.metadata?.name}`, event }))),
  });
  runtime.register(new KustomizationReconciler({ resources: rm, builder: kustomizeBuilder, openers: new Map() }));
  runtime.start();
  await runtime.synced();
}, 180_000);
afterAll(async () => {
  await runtime?.stop();
  rm?.close();
  await cluster?.stop();
});

async function get(p: string): Promise<KubeObject | undefined> {
  const res = await rm.client.request({ method: 'GET', path: p });
  return res.status === 200 && isRecord(res.body) ? res.body : undefined;
}
const patch = async (p: string, body: unknown) => expect((await rm.client.request({ method: 'PATCH', path: p, body, contentType: 'application/merge-patch+json' })).status).toBe(200);

/** A namespace with two owned ConfigMaps (one held by a finalizer when asked), the inventory of Kustomization `apps`. */
async function placed(spec: Record<string, unknown>, opts: { hold?: boolean; suspend?: boolean } = {}) {
  const ns = randomName('del');
  const owner = { [OWNER_NAME_LABEL]: 'apps', [OWNER_NAMESPACE_LABEL]: ns };
  const held = configMap(ns, 'held', { a: '1' }, { labels: owner });
  if (opts.hold) (held.metadata as Record<string, unknown>).finalizers = [HOLD];
  expect((await rm.apply([namespace(ns), configMap(ns, 'plain', { a: '1' }, { labels: owner }), held])).errors).toEqual([]);
  const entries = ['plain', 'held'].map((name) => ({ id: inventoryId({ group: '', kind: 'ConfigMap', namespace: ns, name }), v: 'v1' }));
  const ks = `/apis/${KS.group}/${KS.version}/namespaces/${ns}/${KS.plural}/apps`;
  // Suspended while the test writes its inventory, so no reconcile races with it.
  const created = await rm.client.request({
    method: 'POST',
    path: `/apis/${KS.group}/${KS.version}/namespaces/${ns}/${KS.plural}`,
    body: { apiVersion: KS.apiVersion, kind: KS.kind, metadata: { name: 'apps' }, spec: { sourceRef: { kind: 'ExternalArtifact', name: 'none' }, interval: '1h', suspend: true, ...spec } },
  });
  expect(created.status).toBe(201);
  await eventually(async () => expect((await get(ks))?.metadata).toMatchObject({ finalizers: [FLUX_FINALIZER] }));
  await patch(`${ks}/status`, { status: { inventory: { entries } } });
  if (!opts.suspend) {
    await patch(ks, { spec: { suspend: false } });
    // The source has no artifact: the reconcile waits for it and keeps the inventory, as Flux does.
    await eventually(async () => expect((await get(ks))?.status).toMatchObject({ conditions: expect.arrayContaining([expect.objectContaining({ type: 'Ready', status: 'False' })]) }));
  }
  expect((await get(ks))?.status).toMatchObject({ inventory: { entries } });
  const gone = async () => (await get(ks)) === undefined;
  const warnings = () => events.filter((e) => e.name === `${ns}/apps` && e.event.type === 'Warning' && e.event.reason === 'PruneFailed');
  const live = async () => ({ plain: await get(`/api/v1/namespaces/${ns}/configmaps/plain`), held: await get(`/api/v1/namespaces/${ns}/configmaps/held`) });
  const remove = async () => expect((await rm.client.request({ method: 'DELETE', path: ks })).status).toBe(200);
  const release = () => rm.client.request({ method: 'PATCH', path: `/api/v1/namespaces/${ns}/configmaps/held`, contentType: 'application/merge-patch+json', body: { metadata: { finalizers: null } } });
  return { ns, gone, warnings, live, remove, release };
}

describe('deletionPolicy when a Kustomization is deleted (Flux finalizer)', () => {
  it.each([
    ['MirrorPrune (default) with prune: true deletes the inventory', { prune: true }, true],
    ['MirrorPrune with prune: false keeps every object', { prune: false }, false],
    ['Delete deletes even with prune: false', { prune: false, deletionPolicy: 'Delete' }, true],
    ['Orphan keeps every object even with prune: true', { prune: true, deletionPolicy: 'Orphan' }, false],
  ])('%s', async (_name, spec, deletes) => {
    const k = await placed(spec);
    await k.remove();
    await eventually(async () => expect(await k.gone()).toBe(true));
    const live = await k.live();
    if (deletes) expect(live).toEqual({ plain: undefined, held: undefined });
    else expect([live.plain?.kind, live.held?.kind]).toEqual(['ConfigMap', 'ConfigMap']);
  });

  it('a suspended Kustomization deletes nothing, whatever its policy', async () => {
    const k = await placed({ prune: true, deletionPolicy: 'Delete' }, { suspend: true });
    await k.remove();
    await eventually(async () => expect(await k.gone()).toBe(true));
    expect((await k.live()).plain).toBeDefined();
  });

  it('WaitForTermination waits until the deleted objects are gone (a finalizer holds one), then finishes', async () => {
    const k = await placed({ prune: false, deletionPolicy: 'WaitForTermination', timeout: '30s' }, { hold: true });
    await k.remove();
    await eventually(async () => expect((await k.live()).plain).toBeUndefined());
    const held = (await k.live()).held;
    expect(isRecord(held?.metadata) && held.metadata.deletionTimestamp).toBeTruthy();
    await new Promise((r) => setTimeout(r, 2_500));
    expect(await k.gone()).toBe(false); // still waiting for the held object
    await k.release();
    await eventually(async () => expect(await k.gone()).toBe(true), { timeoutMs: 10_000 });
    expect(k.warnings()).toEqual([]);
  });

  it('WaitForTermination gives up after the timeout with the message of Flux’s error event', async () => {
    // Flux never waits less than 30s on a Kustomization object (see kustomizationTimeoutMs), so the finalizer's
    // give-up is driven here through pruneOnDeletion with a timeout already worked out, which it uses as given.
    const ns = randomName('del');
    const owner = { [OWNER_NAME_LABEL]: 'apps', [OWNER_NAMESPACE_LABEL]: ns };
    const held = configMap(ns, 'held', { a: '1' }, { labels: owner });
    (held.metadata as Record<string, unknown>).finalizers = [HOLD];
    expect((await rm.apply([namespace(ns), held])).errors).toEqual([]);
    const entries = [{ id: inventoryId({ group: '', kind: 'ConfigMap', namespace: ns, name: 'held' }), v: 'v1' }];
    const out = await pruneOnDeletion({ name: 'apps', namespace: ns }, { intervalMs: 3_600_000, timeoutMs: 2_000, prune: true, deletionPolicy: 'WaitForTermination' }, entries, rm);
    expect(out.errors).toEqual([]);
    expect(out.waitFailed).toMatch(new RegExp(`^failed to wait for resources termination: timed out after 2s waiting for termination of ConfigMap/${ns}/held`));
    await rm.client.request({ method: 'PATCH', path: `/api/v1/namespaces/${ns}/configmaps/held`, contentType: 'application/merge-patch+json', body: { metadata: { finalizers: null } } });
  });
});
