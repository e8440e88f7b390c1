import { startCluster, type TestCluster } from '@flotilla/testenv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatChangeSet } from './change-set.js';
import { FIELD_MANAGER } from './field-manager.js';
import type { KubeClient } from './kube-client.js';
import { LIST_PAGE_SIZE } from './live.js';
import { isRecord, type KubeObject } from './object-ref.js';
import { OWNER_NAME_LABEL, OWNER_NAMESPACE_LABEL } from './options.js';
import { ResourceManager } from './resource-manager.js';
import { configMap, crd, deployment, namespace, randomName } from './testing/fixtures.js';

let cluster: TestCluster;
let rm: ResourceManager;

beforeAll(async () => {
  cluster = await startCluster({ name: 'ssa-engine' });
  rm = await ResourceManager.fromKubeConfig(cluster.kubeConfig);
});

afterAll(async () => {
  rm?.close();
  await cluster?.stop();
});

async function freshNamespace(): Promise<string> {
  const ns = randomName('ssa');
  const r = await rm.apply([namespace(ns)]);
  expect(r.errors).toEqual([]);
  return ns;
}

async function get(path: string): Promise<KubeObject | undefined> {
  const res = await rm.client.request({ method: 'GET', path });
  return res.status === 200 && isRecord(res.body) ? res.body : undefined;
}

describe('ResourceManager.apply (server-side apply, flux.md §2 apply)', () => {
  it('creates, then configures on change, then reports unchanged on re-apply', async () => {
    const ns = await freshNamespace();
    const first = await rm.apply([configMap(ns, 'cfg', { a: '1' }), deployment(ns, 'web', 1)]);
    expect(first.errors).toEqual([]);
    expect(formatChangeSet(first.changeSet).split('\n').sort()).toEqual([`ConfigMap/${ns}/cfg created`, `Deployment/${ns}/web created`]);

    const second = await rm.apply([configMap(ns, 'cfg', { a: '2' }), deployment(ns, 'web', 1)]);
    expect(second.errors).toEqual([]);
    expect(second.changeSet.map((e) => `${e.subject} ${e.action}`).sort()).toEqual([`ConfigMap/${ns}/cfg configured`, `Deployment/${ns}/web unchanged`]);

    const third = await rm.apply([configMap(ns, 'cfg', { a: '2' }), deployment(ns, 'web', 1)]);
    expect(third.changeSet.map((e) => e.action)).toEqual(['unchanged', 'unchanged']);

    const cm = await get(`/api/v1/namespaces/${ns}/configmaps/cfg`);
    const managers = (cm?.metadata as { managedFields?: { manager: string; operation: string }[] }).managedFields ?? [];
    expect(managers).toContainEqual(expect.objectContaining({ manager: FIELD_MANAGER, operation: 'Apply' }));
  });

  it('detects unchanged objects in large builds read with one LIST per collection', async () => {
    const ns = await freshNamespace();
    const many = Array.from({ length: 12 }, (_, i) => configMap(ns, `cm-${i}`, { i: String(i) }));
    expect((await rm.apply(many)).changeSet.every((e) => e.action === 'created')).toBe(true);
    const again = await rm.apply(many.map((o, i) => (i === 3 ? configMap(ns, 'cm-3', { i: 'changed' }) : o)));
    expect(again.errors).toEqual([]);
    expect(formatChangeSet(again.changeSet)).toBe(`ConfigMap/${ns}/cm-3 configured`);
    expect(again.changeSet.filter((e) => e.action === 'unchanged')).toHaveLength(11);
  });

  it('reads a large build’s collection page by page and still detects unchanged objects on a later page', async () => {
    const ns = await freshNamespace();
    // Others’ objects fill the first pages: the build’s own sort after them.
    const others = Array.from({ length: LIST_PAGE_SIZE + 30 }, (_, i) => configMap(ns, `a-other-${String(i).padStart(3, '0')}`, { i: String(i) }));
    expect((await rm.apply(others)).errors).toEqual([]);
    const build = Array.from({ length: 10 }, (_, i) => configMap(ns, `z-build-${i}`, { i: String(i) }));
    expect((await rm.apply(build)).errors).toEqual([]);
    const lists: string[] = [];
    const counting: KubeClient = {
      ...rm.client,
      request: (req) => {
        if (req.method === 'GET' && req.path === `/api/v1/namespaces/${ns}/configmaps`) lists.push(req.query?.limit ?? 'none');
        return rm.client.request(req);
      },
    };
    const paged = new ResourceManager(counting);
    const again = await paged.apply(build.map((o, i) => (i === 7 ? configMap(ns, 'z-build-7', { i: 'changed' }) : o)));
    expect(again.errors).toEqual([]);
    expect(formatChangeSet(again.changeSet)).toBe(`ConfigMap/${ns}/z-build-7 configured`);
    expect(again.changeSet.filter((e) => e.action === 'unchanged')).toHaveLength(9);
    // 130 others and 10 of the build (and kube-root-ca.crt where a controller made it): two pages, not one answer.
    expect(lists).toEqual([String(LIST_PAGE_SIZE), String(LIST_PAGE_SIZE)]);
  });

  it('reads a Kustomization’s build by its owner labels, not the namespace’s other objects, and still finds its unlabelled objects', async () => {
    const ns = await freshNamespace();
    const owned = { [OWNER_NAME_LABEL]: 'apps', [OWNER_NAMESPACE_LABEL]: 'flux-system' };
    const selector = `${OWNER_NAME_LABEL}=apps,${OWNER_NAMESPACE_LABEL}=flux-system`;
    const others = Array.from({ length: LIST_PAGE_SIZE + 30 }, (_, i) => configMap(ns, `a-other-${String(i).padStart(3, '0')}`, { i: String(i) }));
    expect((await rm.apply(others)).errors).toEqual([]);
    const build = Array.from({ length: 10 }, (_, i) => configMap(ns, `z-build-${i}`, { i: String(i) }, { labels: owned }));
    const reads = { lists: [] as Array<string | undefined>, gets: [] as string[], listedItems: 0 };
    const counting: KubeClient = {
      ...rm.client,
      request: async (req) => {
        const res = await rm.client.request(req);
        if (req.method === 'GET' && req.path === `/api/v1/namespaces/${ns}/configmaps`) {
          reads.lists.push(req.query?.labelSelector);
          if (isRecord(res.body) && Array.isArray(res.body.items)) reads.listedItems += res.body.items.length;
        } else if (req.method === 'GET' && req.path.startsWith(`/api/v1/namespaces/${ns}/configmaps/`)) reads.gets.push(req.path.slice(req.path.lastIndexOf('/') + 1));
        return res;
      },
    };
    const counted = new ResourceManager(counting);

    // A first apply: nothing carries the labels yet, so the whole collection is listed once (two pages), no GETs.
    const first = await counted.apply(build.slice(0, 9));
    expect(first.errors).toEqual([]);
    expect(first.changeSet.every((e) => e.action === 'created')).toBe(true);
    expect(reads.lists).toEqual([selector, undefined, undefined]);
    expect(reads.gets).toEqual([]);

    // The last exists without the labels (made by someone else); the nine carry them.
    expect((await rm.apply([configMap(ns, 'z-build-9', { i: '9' })])).errors).toEqual([]);
    Object.assign(reads, { lists: [], gets: [], listedItems: 0 });
    const again = await counted.apply(build);
    expect(again.errors).toEqual([]);
    // The unlabelled one was read, so it is configured (it gains the labels), not created.
    expect(formatChangeSet(again.changeSet)).toBe(`ConfigMap/${ns}/z-build-9 configured`);
    expect(again.changeSet.filter((e) => e.action === 'unchanged')).toHaveLength(9);
    expect(reads.lists).toEqual([selector]);
    expect(reads.listedItems).toBe(9);
    expect([...new Set(reads.gets)]).toEqual(['z-build-9']);
  });

  it('a dry-run failure names the object and writes nothing (validate before apply)', async () => {
    const ns = await freshNamespace();
    const bad = deployment(ns, 'bad', 1);
    (bad.spec as { replicas: unknown }).replicas = -3;
    const r = await rm.apply([configMap(ns, 'first', { a: '1' }), bad]);
    expect(r.changeSet).toEqual([]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]?.code).toBe('DRY_RUN_FAILED');
    expect(r.errors[0]?.message).toMatch(new RegExp(`^Deployment/${ns}/bad: .*spec.replicas`));
    expect(await get(`/api/v1/namespaces/${ns}/configmaps/first`)).toBeUndefined();
  });

  it('a field the kind does not declare, or a value of the wrong type, fails the dry-run and writes nothing (the engine sends fieldValidation=Ignore, which skips warnings only)', async () => {
    const ns = await freshNamespace();
    const typo = { ...configMap(ns, 'typo', { a: '1' }), datta: { b: '2' } };
    const wrongType = { ...configMap(ns, 'wrong-type', {}), data: { n: 3 } };
    const r = await rm.apply([configMap(ns, 'fine', { a: '1' }), typo, wrongType]);
    expect(r.changeSet).toEqual([]);
    expect(r.errors.map((e) => e.code)).toEqual(['DRY_RUN_FAILED', 'DRY_RUN_FAILED']);
    expect(r.errors.map((e) => e.message).join('\n')).toMatch(new RegExp(`ConfigMap/${ns}/typo: .*\\.datta: field not declared in schema`));
    expect(r.errors.map((e) => e.message).join('\n')).toMatch(new RegExp(`ConfigMap/${ns}/wrong-type: .*\\.data\\.n: expected string`));
    expect(await get(`/api/v1/namespaces/${ns}/configmaps/fine`)).toBeUndefined();
  });

  it('an immutable field change fails without force and suggests force (flux.md §2 immutable)', async () => {
    const ns = await freshNamespace();
    await rm.apply([deployment(ns, 'web', 1, { selector: { app: 'a' } })]);
    const r = await rm.apply([deployment(ns, 'web', 1, { selector: { app: 'b' } })]);
    expect(r.errors.map((e) => e.code)).toEqual(['IMMUTABLE_FIELD']);
    expect(r.errors[0]?.message).toMatch(/^Deployment\/.*\/web: .*immutable.*spec\.force/s);
    const live = await get(`/apis/apps/v1/namespaces/${ns}/deployments/web`);
    expect(JSON.stringify(live?.spec)).toContain('"app":"a"');
  });

  it('an immutable field change with force deletes and recreates the object (flux.md §2 immutable)', async () => {
    const ns = await freshNamespace();
    await rm.apply([deployment(ns, 'web', 1, { selector: { app: 'a' } })]);
    const before = await get(`/apis/apps/v1/namespaces/${ns}/deployments/web`);
    const r = await rm.apply([deployment(ns, 'web', 1, { selector: { app: 'b' } })], { force: true });
    expect(r.errors).toEqual([]);
    expect(formatChangeSet(r.changeSet)).toBe(`Deployment/${ns}/web created`);
    const after = await get(`/apis/apps/v1/namespaces/${ns}/deployments/web`);
    expect((after?.metadata as { uid: string }).uid).not.toBe((before?.metadata as { uid: string }).uid);
    expect(JSON.stringify(after?.spec)).toContain('"app":"b"');
  });

  it('a missing namespace is a clear error naming it', async () => {
    const r = await rm.apply([configMap('does-not-exist', 'cfg', { a: '1' })]);
    expect(r.errors.map((e) => e.code)).toEqual(['NAMESPACE_NOT_FOUND']);
    expect(r.errors[0]?.message).toBe('ConfigMap/does-not-exist/cfg: namespace "does-not-exist" not found: create it first or add the Namespace to the build');
  });

  it('applies a CRD, a Namespace and resources that need them in one staged apply (flux.md §2 stages)', async () => {
    const group = `${randomName('g')}.example.com`;
    const ns = randomName('staged');
    const cr = { apiVersion: `${group}/v1`, kind: 'Widget', metadata: { name: 'w1', namespace: ns }, spec: { size: 3 } };
    const r = await rm.apply([cr, configMap(ns, 'cfg', { a: '1' }), crd(group, 'Widget', 'widgets'), namespace(ns)]);
    expect(r.errors).toEqual([]);
    expect(r.changeSet.map((e) => e.subject)).toEqual([`CustomResourceDefinition/widgets.${group}`, `Namespace/${ns}`, `ConfigMap/${ns}/cfg`, `Widget/${ns}/w1`]);
    expect(await get(`/apis/${group}/v1/namespaces/${ns}/widgets/w1`)).toBeDefined();
  });

  it('drops the status a manifest carries, as Flux\'s ssa normalisation does: a kind without a status subresource would store it', async () => {
    const group = `${randomName('g')}.example.com`;
    const ns = await freshNamespace();
    const cr = { apiVersion: `${group}/v1`, kind: 'Gauge', metadata: { name: 'g1', namespace: ns }, spec: { max: 10 }, status: { phase: 'Ready' } };
    const r = await rm.apply([crd(group, 'Gauge', 'gauges'), cr]);
    expect(r.errors).toEqual([]);
    const live = await get(`/apis/${group}/v1/namespaces/${ns}/gauges/g1`);
    expect(live?.spec).toEqual({ max: 10 });
    expect(live?.status).toBeUndefined();
  });

  it('an unknown kind is reported with the object, nothing applied', async () => {
    const ns = await freshNamespace();
    const r = await rm.apply([configMap(ns, 'cfg', { a: '1' }), { apiVersion: 'nope.example.com/v1', kind: 'Gadget', metadata: { name: 'g', namespace: ns } }]);
    expect(r.errors.map((e) => e.message)).toEqual([`Gadget/${ns}/g: no matches for kind "Gadget" in version "nope.example.com/v1": install its CRD first or add it to the build`]);
    expect(r.changeSet).toEqual([]);
  });

  it('ssa: Ignore is never applied and ssa: IfNotPresent only creates (flux.md §2 per-object annotations)', async () => {
    const ns = await freshNamespace();
    const ignored = configMap(ns, 'ignored', { a: '1' }, { annotations: { 'kustomize.toolkit.fluxcd.io/ssa': 'Ignore' } });
    const once = configMap(ns, 'once', { a: '1' }, { annotations: { 'kustomize.toolkit.fluxcd.io/ssa': 'IfNotPresent' } });
    const r1 = await rm.apply([ignored, once]);
    expect(r1.changeSet.map((e) => `${e.subject} ${e.action}`)).toEqual([`ConfigMap/${ns}/ignored skipped`, `ConfigMap/${ns}/once created`]);
    expect(await get(`/api/v1/namespaces/${ns}/configmaps/ignored`)).toBeUndefined();
    const r2 = await rm.apply([configMap(ns, 'once', { a: '2' }, { annotations: { 'kustomize.toolkit.fluxcd.io/ssa': 'IfNotPresent' } })]);
    expect(r2.changeSet.map((e) => e.action)).toEqual(['skipped']);
    expect((await get(`/api/v1/namespaces/${ns}/configmaps/once`))?.data).toEqual({ a: '1' });
  });

  it('reverts a change another field manager made (drift correction)', async () => {
    const ns = await freshNamespace();
    await rm.apply([deployment(ns, 'web', 2)]);
    const edit = await rm.client.request({
      method: 'PATCH', path: `/apis/apps/v1/namespaces/${ns}/deployments/web`, query: { fieldManager: 'kubectl-edit' },
      body: { spec: { replicas: 5 } }, contentType: 'application/merge-patch+json',
    });
    expect(edit.status).toBe(200);
    const r = await rm.apply([deployment(ns, 'web', 2)]);
    expect(r.errors).toEqual([]);
    expect(formatChangeSet(r.changeSet)).toBe(`Deployment/${ns}/web configured`);
    expect(((await get(`/apis/apps/v1/namespaces/${ns}/deployments/web`))?.spec as { replicas: number }).replicas).toBe(2);
  });
});

describe('drift correction of kubectl edits (flux.md §2 drift correction)', () => {
  async function kubectlClientSideApply(ns: string, name: string, data: Record<string, string>) {
    // What `kubectl apply` (client-side) leaves behind: an Update entry of kubectl-client-side-apply and the
    // last-applied annotation.
    const body = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns, annotations: { 'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({ data }) } }, data };
    const res = await rm.client.request({ method: 'PATCH', path: `/api/v1/namespaces/${ns}/configmaps/${name}`, query: { fieldManager: 'kubectl-client-side-apply' }, body, contentType: 'application/merge-patch+json' });
    expect(res.status).toBe(200);
  }
  const managers = (o: KubeObject | undefined) => ((o?.metadata as { managedFields?: { manager: string; operation: string }[] }).managedFields ?? []).map((m) => `${m.manager}/${m.operation}`);

  it('takes over kubectl-owned fields, so a key added with kubectl apply is removed, and drops last-applied', async () => {
    const ns = await freshNamespace();
    await rm.apply([configMap(ns, 'cfg', { a: '1' })]);
    await kubectlClientSideApply(ns, 'cfg', { a: '1', extra: 'added by hand' });
    const r = await rm.apply([configMap(ns, 'cfg', { a: '1' })]);
    expect(r.errors).toEqual([]);
    expect(formatChangeSet(r.changeSet)).toBe(`ConfigMap/${ns}/cfg configured`);
    const live = await get(`/api/v1/namespaces/${ns}/configmaps/cfg`);
    expect(live?.data).toEqual({ a: '1' });
    expect(JSON.stringify(live?.metadata)).not.toContain('last-applied-configuration');
    expect(managers(live)).toEqual([`${FIELD_MANAGER}/Apply`]);
    expect((await rm.apply([configMap(ns, 'cfg', { a: '1' })])).changeSet.map((e) => e.action)).toEqual(['unchanged']);
  });

  it('ssa: Merge leaves other managers and their fields alone', async () => {
    const ns = await freshNamespace();
    const merged = (data: Record<string, string>) => configMap(ns, 'cfg', data, { annotations: { 'kustomize.toolkit.fluxcd.io/ssa': 'Merge' } });
    await rm.apply([merged({ a: '1' })]);
    await kubectlClientSideApply(ns, 'cfg', { a: '1', extra: 'kept' });
    await rm.apply([merged({ a: '1' })]);
    const live = await get(`/api/v1/namespaces/${ns}/configmaps/cfg`);
    expect(live?.data).toEqual({ a: '1', extra: 'kept' });
    expect(managers(live)).toContain('kubectl-client-side-apply/Update');
  });
});

describe('ResourceManager.delete (prune, flux.md §2 pruning)', () => {
  const owner = { name: 'apps', namespace: 'flux-system' };
  const owned = { [OWNER_NAME_LABEL]: owner.name, [OWNER_NAMESPACE_LABEL]: owner.namespace };

  it('deletes owned objects, skips opted-out and foreign ones, counts NotFound as done', async () => {
    const ns = await freshNamespace();
    await rm.apply([
      configMap(ns, 'stale', { a: '1' }, { labels: owned }),
      configMap(ns, 'keep', { a: '1' }, { labels: owned, annotations: { 'kustomize.toolkit.fluxcd.io/prune': 'disabled' } }),
      configMap(ns, 'foreign', { a: '1' }, { labels: { [OWNER_NAME_LABEL]: 'other', [OWNER_NAMESPACE_LABEL]: owner.namespace } }),
    ]);
    const refs = ['stale', 'keep', 'foreign', 'gone'].map((name) => ({ apiVersion: 'v1', kind: 'ConfigMap', namespace: ns, name }));
    const r = await rm.delete(refs, { owner });
    expect(r.errors).toEqual([]);
    expect(r.changeSet.map((e) => `${e.subject} ${e.action}`).sort()).toEqual([`ConfigMap/${ns}/foreign skipped`, `ConfigMap/${ns}/keep skipped`, `ConfigMap/${ns}/stale deleted`]);
    expect(r.notFound.map((x) => x.name)).toEqual(['gone']);
    expect(await get(`/api/v1/namespaces/${ns}/configmaps/stale`)).toBeUndefined();
    expect(await get(`/api/v1/namespaces/${ns}/configmaps/keep`)).toBeDefined();
    expect(await get(`/api/v1/namespaces/${ns}/configmaps/foreign`)).toBeDefined();
  });
});

describe('ResourceManager.wait (kstatus, flux.md §2 health)', () => {
  it('waits until a Deployment rolls out (kwok runs the pods)', async () => {
    const ns = await freshNamespace();
    await rm.apply([deployment(ns, 'web', 2)]);
    const r = await rm.wait([{ apiVersion: 'apps/v1', kind: 'Deployment', namespace: ns, name: 'web' }], { timeoutMs: 60_000, pollIntervalMs: 500 });
    expect(r.message).toBe('');
    expect(r.ok).toBe(true);
    expect(r.objects[0]?.status).toBe('Current');
  });

  it('times out listing the objects that are not ready', async () => {
    const ns = await freshNamespace();
    const missing = { apiVersion: 'v1', kind: 'ConfigMap', namespace: ns, name: 'never' };
    const r = await rm.wait([missing], { timeoutMs: 1_000, pollIntervalMs: 200 });
    expect(r.ok).toBe(false);
    expect(r.timedOut).toBe(true);
    expect(r.message).toBe(`health check timed out after 1s: ConfigMap/${ns}/never status: 'NotFound' (Resource not found)`);
  });
});
