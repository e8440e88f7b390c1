import { startCluster, type TestCluster } from '@flotilla/testenv';
import type { ObjectRead } from '@flotilla/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FluxObject } from '../controller/kind-reconciler.js';
import { ResourceManager } from '../k8s/resource-manager.js';
import { deployment, namespace, randomName } from '../k8s/testing/fixtures.js';
import { captureLogger } from '../testing/capture-logger.js';
import { LastBuilds } from './last-builds.js';
import { ObjectReader } from './object-reader.js';
import { REDACTED } from './redact.js';

// The agent's answer to the hub's object.read against a real API server: the live object and the dry-run of
// the last build, redacted; only what the Kustomization's inventory names.

let cluster: TestCluster;
let rm: ResourceManager;
let ns: string;
const builds = new LastBuilds();
const owner = { namespace: 'flux-system', name: 'apps' };
let inventory: { id: string; v: string }[] = [];
const kustomization = (namespace: string, name: string): FluxObject | undefined =>
  namespace === owner.namespace && name === owner.name ? { metadata: { namespace, name }, spec: {}, status: { inventory: { entries: inventory } } } : undefined;
let reader: ObjectReader;

const secretValue = Buffer.from('hunter2-very-secret').toString('base64');
const secret = (ns: string) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: ns }, data: { password: secretValue } });
const request = (target: ObjectRead['target'], over: Partial<ObjectRead> = {}): ObjectRead => ({ requestId: 'req-12345678', owner: { kind: 'Kustomization', ...owner }, target, ...over });
const web = () => ({ group: 'apps', kind: 'Deployment', namespace: ns, name: 'web' });

// HelmRelease owners are read in helm-release-inventory.int.test.ts, beside a release installed by helm.
const noHelmRelease = { helmRelease: () => undefined, helmReleases: { inventory: () => Promise.resolve(undefined), object: () => Promise.resolve(undefined) } };

beforeAll(async () => {
  cluster = await startCluster({ name: 'object-reader' });
  rm = await ResourceManager.fromKubeConfig(cluster.kubeConfig);
  ns = randomName('live');
  expect((await rm.apply([namespace(ns)])).errors).toEqual([]);
  const desired = [deployment(ns, 'web', 0, { image: 'nginx:1.25.3' }), secret(ns)];
  expect((await rm.apply(desired)).errors).toEqual([]);
  builds.set(owner, desired);
  inventory = [
    { id: `${ns}_web_apps_Deployment`, v: 'v1' },
    { id: `${ns}_db__Secret`, v: 'v1' },
    { id: `${ns}_gone__ConfigMap`, v: 'v1' },
  ];
  reader = new ObjectReader({ resources: rm, builds, kustomization, ...noHelmRelease, logger: captureLogger().logger });
});

afterAll(async () => {
  rm?.close();
  await cluster?.stop();
});

type Ok = Extract<Awaited<ReturnType<ObjectReader['read']>>, { ok: true }>;
const image = (o: Record<string, unknown> | null): unknown => (o as { spec: { template: { spec: { containers: { image: string }[] } } } }).spec.template.spec.containers[0]?.image;

describe('ObjectReader', () => {
  it('shows a kubectl edit of the live object against the dry-run of the last build, without managedFields', async () => {
    const patched = await rm.client.request({
      method: 'PATCH',
      path: `/apis/apps/v1/namespaces/${ns}/deployments/web`,
      contentType: 'application/strategic-merge-patch+json',
      body: { spec: { template: { spec: { containers: [{ name: 'app', image: 'nginx:1.27.0' }] } } } },
    });
    expect(patched.status).toBe(200);
    const r = (await reader.read(request(web()))) as Ok;
    expect(r.ok).toBe(true);
    expect(image(r.live)).toBe('nginx:1.27.0');
    expect(image(r.desired)).toBe('nginx:1.25.3');
    // The dry-run carries the server's defaults, so only the edit differs.
    const strategy = (o: Record<string, unknown> | null) => (o as { spec: { strategy?: unknown } }).spec.strategy;
    expect(strategy(r.desired)).toEqual(strategy(r.live));
    expect(JSON.stringify(r)).not.toContain('managedFields');
  });

  it('redacts a Secret’s values, live and built, so none leaves the cluster', async () => {
    const r = (await reader.read(request({ group: '', kind: 'Secret', namespace: ns, name: 'db' }))) as Ok;
    expect(r.live?.data).toEqual({ password: REDACTED });
    expect(r.desired?.data).toEqual({ password: REDACTED });
    expect(JSON.stringify(r)).not.toContain(secretValue);
  });

  it('reads only what the Kustomization’s inventory names, and says when an object is gone or not built', async () => {
    const outside = await reader.read(request({ group: '', kind: 'ConfigMap', namespace: 'kube-system', name: 'kube-root-ca.crt' }));
    expect(outside).toMatchObject({ ok: false, code: 'NOT_IN_INVENTORY' });
    const noOwner = await reader.read(request(web(), { owner: { kind: 'Kustomization', namespace: 'flux-system', name: 'other' } }));
    expect(noOwner).toMatchObject({ ok: false, code: 'NOT_IN_INVENTORY', message: 'Kustomization flux-system/other is not in this cluster' });
    expect(await reader.read(request({ group: '', kind: 'ConfigMap', namespace: ns, name: 'gone' }))).toMatchObject({ ok: true, live: null, desired: null });
    const fresh = new ObjectReader({ resources: rm, builds: new LastBuilds(), kustomization, ...noHelmRelease, logger: captureLogger().logger });
    const unbuilt = (await fresh.read(request(web()))) as Ok;
    expect(unbuilt.live).not.toBeNull();
    expect(unbuilt.desired).toBeNull();
  });

  it('answers FORBIDDEN when its identity may not read the object', async () => {
    const weak = new ObjectReader({ resources: rm.impersonating(ns, 'nobody'), builds, kustomization, ...noHelmRelease, logger: captureLogger().logger });
    expect(await weak.read(request(web()))).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });
});
