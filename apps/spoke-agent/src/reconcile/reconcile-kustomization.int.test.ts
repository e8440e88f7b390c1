import { readFileSync } from 'node:fs';
import { startCluster, type TestCluster } from '@flotilla/testenv';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResourceManager, type KubeObject } from '../k8s/index.js';
import { isRecord } from '../k8s/object-ref.js';
import { configMap, crd, deployment, namespace, randomName } from '../k8s/testing/fixtures.js';
import type { Artifact } from '@flotilla/git-source';
import { kustomizeBuilder } from './build/kustomize-builder.js';
import type { KustomizationSpec } from './kustomization-spec.js';
import { reconcileKustomization, type ReconcileOutput } from './reconcile-kustomization.js';
import type { KustomizationStatus } from './status/conditions.js';
import type { ReconcileEvent } from './status/events.js';
import { makeTarball } from './testing/make-tarball.js';

let cluster: TestCluster;
let rm: ResourceManager;

beforeAll(async () => {
  cluster = await startCluster({ name: 'kustomization-pipeline' });
  rm = await ResourceManager.fromKubeConfig(cluster.kubeConfig);
});

afterAll(async () => {
  rm?.close();
  await cluster?.stop();
});

let commit = 0;
function artifact(files: Record<string, KubeObject[] | string>): Extract<Artifact, { kind: 'tarball' }> {
  const text = Object.fromEntries(Object.entries(files).map(([p, v]) => [p, typeof v === 'string' ? v : v.map((o) => stringify(o)).join('---\n')]));
  const { bytes, digest } = makeTarball(text);
  return { kind: 'tarball', revision: `main@sha1:${(++commit).toString(16).padStart(40, '0')}`, digest, bytes };
}

/** A Kustomization living in its own namespace, reconciled like the agent does, keeping its status. */
async function kustomization(spec: Partial<KustomizationSpec> = {}) {
  const ns = randomName('ks');
  expect((await rm.apply([namespace(ns)])).errors).toEqual([]);
  let status: KustomizationStatus | undefined;
  // Every in-progress status written during the runs, with the events recorded at that point.
  const progress: Array<{ status: KustomizationStatus; events: ReconcileEvent[] }> = [];
  const ref = { name: 'apps', namespace: ns };
  const run = async (a: Artifact | undefined, override: Partial<KustomizationSpec> = {}): Promise<ReconcileOutput> => {
    const out = await reconcileKustomization(
      { ref, spec: { intervalMs: 60_000, timeoutMs: 30_000, prune: true, path: './deploy', ...spec, ...override }, artifact: a, sourceKey: 'GitRepository/flux-system/app', previous: status },
      { resources: rm, builder: kustomizeBuilder, onProgress: (s, events) => void progress.push({ status: s, events: [...events] }) },
    );
    status = out.status;
    return out;
  };
  return { ns, ref, run, status: () => status, progress };
}

/**
 * The API server's RBAC authorizer reads roles from an informer cache, so a Role or RoleBinding just written
 * may not count for a moment; wait until a SubjectAccessReview says the account may do it.
 */
async function untilAllowed(ns: string, serviceAccount: string, verb: string, resource: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const res = await rm.client.request({
      method: 'POST',
      path: '/apis/authorization.k8s.io/v1/subjectaccessreviews',
      body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec: { user: `system:serviceaccount:${ns}:${serviceAccount}`, groups: ['system:serviceaccounts', `system:serviceaccounts:${ns}`, 'system:authenticated'], resourceAttributes: { namespace: ns, verb, resource } } },
    });
    const status = isRecord(res.body) && isRecord(res.body.status) ? res.body.status : undefined;
    if (status?.allowed === true) return;
    if (Date.now() > deadline) throw new Error(`RBAC never allowed ${serviceAccount} to ${verb} ${resource} in ${ns}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const ready = (out: ReconcileOutput) => out.status.conditions.find((c) => c.type === 'Ready');
const healthy = (out: ReconcileOutput) => out.status.conditions.find((c) => c.type === 'Healthy');
const ids = (out: ReconcileOutput) => out.status.inventory.entries.map((e) => e.id);

async function get(path: string): Promise<KubeObject | undefined> {
  const res = await rm.client.request({ method: 'GET', path });
  return res.status === 200 && isRecord(res.body) ? res.body : undefined;
}

describe('reconcileKustomization (DESIGN.md §5, flux.md §2)', () => {
  it('lifecycle: creates → configures → unchanged → prunes stale → respects prune opt-out → spares objects it does not own', async () => {
    const k = await kustomization();
    const ns = k.ns;
    const v1 = artifact({ 'deploy/app.yaml': [deployment(ns, 'nginx', 2), configMap(ns, 'cfg', { a: '1' })] });
    const r1 = await k.run(v1);
    expect(ready(r1)).toMatchObject({ status: 'True', reason: 'ReconciliationSucceeded', message: `Applied revision: ${v1.revision}` });
    expect(r1.status.lastAppliedRevision).toBe(v1.revision);
    expect(r1.events[0]?.message.split('\n').sort()).toEqual([`ConfigMap/${ns}/cfg created`, `Deployment/${ns}/nginx created`]);
    expect(ids(r1)).toEqual([`${ns}_cfg__ConfigMap`, `${ns}_nginx_apps_Deployment`]);
    const live = await get(`/apis/apps/v1/namespaces/${ns}/deployments/nginx`);
    expect((live?.metadata as { labels: Record<string, string> }).labels).toMatchObject({ 'kustomize.toolkit.fluxcd.io/name': 'apps', 'kustomize.toolkit.fluxcd.io/namespace': ns });

    const v2 = artifact({ 'deploy/app.yaml': [deployment(ns, 'nginx', 3), configMap(ns, 'cfg', { a: '1' })] });
    const r2 = await k.run(v2);
    expect(r2.events[0]?.message).toBe(`Deployment/${ns}/nginx configured`);
    expect(r2.status.lastAppliedRevision).toBe(v2.revision);

    const r3 = await k.run(v2);
    expect(ready(r3)?.status).toBe('True');
    expect(r3.events.map((e) => e.reason)).toEqual(['ReconciliationSucceeded']); // unchanged objects make no event

    const keep = configMap(ns, 'keep', { a: '1' }, { annotations: { 'kustomize.toolkit.fluxcd.io/prune': 'disabled' } });
    const adopted = configMap(ns, 'adopted', { a: '1' });
    const r4 = await k.run(artifact({ 'deploy/app.yaml': [deployment(ns, 'nginx', 3), keep, adopted] }));
    expect(r4.events.map((e) => e.message)).toEqual([`ConfigMap/${ns}/adopted created\nConfigMap/${ns}/keep created`, `ConfigMap/${ns}/cfg deleted`, expect.stringMatching(/^Reconciliation finished/)]);
    expect(await get(`/api/v1/namespaces/${ns}/configmaps/cfg`)).toBeUndefined();

    // Another Kustomization takes `adopted` over; then both ConfigMaps leave our source.
    await rm.apply([configMap(ns, 'adopted', { a: '1' }, { labels: { 'kustomize.toolkit.fluxcd.io/name': 'other', 'kustomize.toolkit.fluxcd.io/namespace': ns } })]);
    const r5 = await k.run(artifact({ 'deploy/app.yaml': [deployment(ns, 'nginx', 3)] }));
    expect(ready(r5)?.status).toBe('True');
    expect(await get(`/api/v1/namespaces/${ns}/configmaps/keep`)).toBeDefined();
    expect(await get(`/api/v1/namespaces/${ns}/configmaps/adopted`)).toBeDefined();
    expect(ids(r5)).toEqual([`${ns}_nginx_apps_Deployment`]);
  });

  it('prune: false never deletes (flux.md §2 pruning)', async () => {
    const k = await kustomization({ prune: false });
    await k.run(artifact({ 'deploy/a.yaml': [configMap(k.ns, 'a', { x: '1' }), configMap(k.ns, 'b', { x: '1' })] }));
    const r = await k.run(artifact({ 'deploy/a.yaml': [configMap(k.ns, 'a', { x: '1' })] }));
    expect(ready(r)?.status).toBe('True');
    expect(await get(`/api/v1/namespaces/${k.ns}/configmaps/b`)).toBeDefined();
  });

  it('immutable field: ReconciliationFailed suggesting force, nothing pruned; with force the object is recreated', async () => {
    const k = await kustomization();
    const ns = k.ns;
    await k.run(artifact({ 'deploy/a.yaml': [deployment(ns, 'web', 1, { selector: { app: 'a' } }), configMap(ns, 'old', { a: '1' })] }));
    const changed = artifact({ 'deploy/a.yaml': [deployment(ns, 'web', 1, { selector: { app: 'b' } })] });
    const failed = await k.run(changed);
    expect(ready(failed)).toMatchObject({ status: 'False', reason: 'ReconciliationFailed' });
    expect(ready(failed)?.message).toMatch(new RegExp(`^Deployment/${ns}/web: .*immutable.*spec\\.force`, 's'));
    expect(failed.status.lastAttemptedRevision).toBe(changed.revision);
    expect(failed.status.lastAppliedRevision).not.toBe(changed.revision);
    expect(failed.events.at(-1)).toMatchObject({ severity: 'error', reason: 'ReconciliationFailed' });
    expect(await get(`/api/v1/namespaces/${ns}/configmaps/old`)).toBeDefined(); // nothing pruned on failure
    expect(ids(failed)).toContain(`${ns}_old__ConfigMap`);

    const forced = await k.run(changed, { force: true });
    expect(ready(forced)?.status).toBe('True');
    expect(forced.events[0]?.message).toBe(`Deployment/${ns}/web created`);
    expect(await get(`/api/v1/namespaces/${ns}/configmaps/old`)).toBeUndefined();
  });

  it('a missing namespace fails with its name; what was applied before stays untouched', async () => {
    const k = await kustomization();
    await k.run(artifact({ 'deploy/a.yaml': [configMap(k.ns, 'a', { x: '1' })] }));
    const r = await k.run(artifact({ 'deploy/a.yaml': [configMap('nowhere', 'b', { x: '1' })] }));
    expect(ready(r)).toMatchObject({ status: 'False', reason: 'ReconciliationFailed', message: 'ConfigMap/nowhere/b: namespace "nowhere" not found: create it first or add the Namespace to the build' });
    expect(await get(`/api/v1/namespaces/${k.ns}/configmaps/a`)).toBeDefined();
  });

  it('invalid YAML is BuildFailed naming the file; a corrupt artifact is ArtifactFailed', async () => {
    const k = await kustomization();
    const bad = await k.run(artifact({ 'deploy/ok.yaml': [configMap(k.ns, 'a', { x: '1' })], 'deploy/broken.yaml': 'kind: [unclosed' }));
    expect(ready(bad)).toMatchObject({ status: 'False', reason: 'BuildFailed' });
    expect(ready(bad)?.message).toMatch(/^deploy\/broken\.yaml: /);
    expect(await get(`/api/v1/namespaces/${k.ns}/configmaps/a`)).toBeUndefined();

    const good = artifact({ 'deploy/ok.yaml': [configMap(k.ns, 'a', { x: '1' })] });
    const tampered: Artifact = { ...good, digest: `sha256:${'0'.repeat(64)}` };
    const r = await k.run(tampered);
    expect(ready(r)).toMatchObject({ status: 'False', reason: 'ArtifactFailed' });
    expect(ready(r)?.message).toMatch(/digest mismatch/);
  });

  it('applies a CRD and its custom resource in one staged apply', async () => {
    const k = await kustomization();
    const group = `${randomName('w')}.example.com`;
    const r = await k.run(artifact({ 'deploy/crd.yaml': [crd(group, 'Widget', 'widgets')], 'deploy/cr.yaml': [{ apiVersion: `${group}/v1`, kind: 'Widget', metadata: { name: 'w', namespace: k.ns }, spec: {} }] }));
    expect(ready(r)?.status).toBe('True');
    expect(ids(r)).toContain(`${k.ns}_w_${group}_Widget`);
  });

  it('serviceAccountName impersonates the account; RBAC denial is a clear error (DESIGN.md §5 tenants)', async () => {
    const k = await kustomization({ serviceAccountName: 'tenant' });
    await rm.apply([{ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'tenant', namespace: k.ns } }]);
    const r = await k.run(artifact({ 'deploy/a.yaml': [configMap(k.ns, 'a', { x: '1' })] }));
    expect(ready(r)).toMatchObject({ status: 'False', reason: 'ReconciliationFailed' });
    expect(ready(r)?.message).toContain(`ConfigMap/${k.ns}/a: `);
    expect(ready(r)?.message).toContain(`"system:serviceaccount:${k.ns}:tenant" cannot get resource "configmaps"`);

    await rm.apply([
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'cm', namespace: k.ns }, rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['*'] }] },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'cm', namespace: k.ns }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'cm' }, subjects: [{ kind: 'ServiceAccount', name: 'tenant', namespace: k.ns }] },
    ]);
    await untilAllowed(k.ns, 'tenant', 'patch', 'configmaps');
    const allowed = await k.run(artifact({ 'deploy/a.yaml': [configMap(k.ns, 'a', { x: '1' })] }));
    expect(ready(allowed)?.status).toBe('True');
    const cm = await get(`/api/v1/namespaces/${k.ns}/configmaps/a`);
    expect(JSON.stringify(cm?.metadata)).toContain('"manager":"flotilla"');
  });

  it('a delete the API server refuses is PruneFailed and stays in the inventory to be retried (kustomize-controller#1664)', async () => {
    const k = await kustomization({ serviceAccountName: 'tenant' });
    const role = (verbs: string[]) => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'cm', namespace: k.ns }, rules: [{ apiGroups: [''], resources: ['configmaps'], verbs }] });
    await rm.apply([
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'tenant', namespace: k.ns } },
      role(['get', 'list', 'create', 'patch']),
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'cm', namespace: k.ns }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'cm' }, subjects: [{ kind: 'ServiceAccount', name: 'tenant', namespace: k.ns }] },
    ]);
    await untilAllowed(k.ns, 'tenant', 'patch', 'configmaps');
    expect(ready(await k.run(artifact({ 'deploy/a.yaml': [configMap(k.ns, 'a', { x: '1' }), configMap(k.ns, 'b', { x: '1' })] })))?.status).toBe('True');
    const v2 = artifact({ 'deploy/a.yaml': [configMap(k.ns, 'a', { x: '1' })] });
    const refused = await k.run(v2);
    expect(ready(refused)).toMatchObject({ status: 'False', reason: 'PruneFailed' });
    expect(ready(refused)?.message).toMatch(new RegExp(`^ConfigMap/${k.ns}/b: .*cannot delete resource "configmaps"`));
    expect(ids(refused)).toEqual([`${k.ns}_a__ConfigMap`, `${k.ns}_b__ConfigMap`]);

    await rm.apply([role(['get', 'list', 'create', 'patch', 'delete'])]);
    await untilAllowed(k.ns, 'tenant', 'delete', 'configmaps');
    const retried = await k.run(v2);
    expect(ready(retried)?.status).toBe('True');
    expect(ids(retried)).toEqual([`${k.ns}_a__ConfigMap`]);
    expect(await get(`/api/v1/namespaces/${k.ns}/configmaps/b`)).toBeUndefined();
  });

  it('wait: a Deployment becomes Ready (kwok runs its pods) and Healthy=True (flux.md §2 health)', async () => {
    const k = await kustomization({ wait: true });
    const r = await k.run(artifact({ 'deploy/a.yaml': [deployment(k.ns, 'web', 2)] }));
    expect(ready(r)?.status).toBe('True');
    expect(healthy(r)).toMatchObject({ status: 'True', reason: 'Succeeded' });
    const live = await get(`/apis/apps/v1/namespaces/${k.ns}/deployments/web`);
    expect((live?.status as { readyReplicas?: number }).readyReplicas).toBe(2);
    expect(r.events.map((e) => e.message)).toContain(r.status.conditions.find((c) => c.type === 'Healthy')?.message);
  });

  it('a health check on an object that never becomes ready times out with HealthCheckFailed; the inventory and what was applied are reported before the wait, as kustomize-controller does', async () => {
    const k = await kustomization({ timeoutMs: 4_000 });
    const stuck = deployment(k.ns, 'stuck', 1);
    ((stuck.spec as { template: { spec: Record<string, unknown> } }).template.spec).nodeSelector = { 'no-such-node': 'true' };
    const r = await k.run(artifact({ 'deploy/a.yaml': [stuck] }), { healthChecks: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'stuck', namespace: k.ns }] });
    expect(ready(r)).toMatchObject({ status: 'False', reason: 'HealthCheckFailed' });
    expect(healthy(r)).toMatchObject({ status: 'False', reason: 'HealthCheckFailed' });
    expect(ready(r)?.message).toMatch(new RegExp(`^health check timed out after .*Deployment/${k.ns}/stuck status: 'InProgress'`));
    expect(ids(r)).toEqual([`${k.ns}_stuck_apps_Deployment`]);
    const beforeWait = k.progress.filter((p) => p.events.length > 0);
    expect(beforeWait).toHaveLength(1);
    expect(beforeWait[0]?.status.inventory.entries.map((e) => e.id)).toEqual([`${k.ns}_stuck_apps_Deployment`]);
    expect(beforeWait[0]?.events.map((e) => `${e.reason}: ${e.message}`)).toEqual([`Progressing: Deployment/${k.ns}/stuck created`]);
    // Reported once: the outcome carries only the failure.
    expect(r.events.map((e) => e.reason)).toEqual(['HealthCheckFailed']);
  });

  it('drift correction: a change by another field manager is reverted on the next run', async () => {
    const k = await kustomization();
    const a = artifact({ 'deploy/a.yaml': [deployment(k.ns, 'web', 2)] });
    await k.run(a);
    const edit = await rm.client.request({
      method: 'PATCH', path: `/apis/apps/v1/namespaces/${k.ns}/deployments/web`, query: { fieldManager: 'kubectl-edit' },
      body: { spec: { replicas: 7 } }, contentType: 'application/merge-patch+json',
    });
    expect(edit.status).toBe(200);
    const r = await k.run(a);
    expect(r.events[0]?.message).toBe(`Deployment/${k.ns}/web configured`);
    expect(((await get(`/apis/apps/v1/namespaces/${k.ns}/deployments/web`))?.spec as { replicas: number }).replicas).toBe(2);
  });

  it('ignore: an ignored field another applier owns (an autoscaler) is neither drift nor corrected; other fields still are (Flux spec.ignore)', async () => {
    const k = await kustomization({ ignore: [{ paths: ['/spec/replicas'], target: { kind: 'Deployment' } }] });
    const a = artifact({ 'deploy/a.yaml': [deployment(k.ns, 'web', 2)] });
    await k.run(a);
    const path = `/apis/apps/v1/namespaces/${k.ns}/deployments/web`;
    const scaled = await rm.client.request({
      method: 'PATCH', path, query: { fieldManager: 'hpa-controller', force: 'true' },
      body: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: k.ns }, spec: { replicas: 5 } }, contentType: 'application/apply-patch+yaml',
    });
    expect(scaled.status).toBe(200);
    const quiet = await k.run(a);
    expect(ready(quiet)?.status).toBe('True');
    expect(quiet.events.filter((e) => e.reason === 'Progressing')).toEqual([]); // unchanged: the only difference is ignored
    expect(((await get(path))?.spec as { replicas: number }).replicas).toBe(5);

    // A change to a field no rule ignores is corrected, and the autoscaler keeps its replicas.
    const edit = await rm.client.request({
      method: 'PATCH', path, query: { fieldManager: 'kubectl-edit' },
      body: { metadata: { labels: { extra: 'x' } }, spec: { minReadySeconds: 9 } }, contentType: 'application/merge-patch+json',
    });
    expect(edit.status).toBe(200);
    const corrected = await k.run(a);
    expect(corrected.events[0]?.message).toBe(`Deployment/${k.ns}/web configured`);
    const live = await get(path);
    expect((live?.spec as { replicas: number; minReadySeconds?: number }).replicas).toBe(5);
    expect((live?.spec as { minReadySeconds?: number }).minReadySeconds ?? 0).toBe(0);
  });

  it('ignore: an ignored field only the agent applies keeps its live value (adopted), a scale by kubectl survives', async () => {
    const k = await kustomization({ ignore: [{ paths: ['/spec/replicas'] }] });
    const a = artifact({ 'deploy/a.yaml': [deployment(k.ns, 'web', 2)] });
    await k.run(a);
    const path = `/apis/apps/v1/namespaces/${k.ns}/deployments/web`;
    const scaled = await rm.client.request({ method: 'PATCH', path: `${path}/scale`, query: { fieldManager: 'kubectl' }, body: { spec: { replicas: 4 } }, contentType: 'application/merge-patch+json' });
    expect(scaled.status).toBe(200);
    const r = await k.run(a);
    expect(ready(r)?.status).toBe('True');
    expect(((await get(path))?.spec as { replicas: number }).replicas).toBe(4);
  });

  it('SOPS: an encrypted Secret is applied decrypted with the age key from decryption.secretRef; without it BuildFailed (flux.md §2 SOPS)', async () => {
    const sops = (p: string) => readFileSync(new URL(`../../../../packages/reconcile-core/testdata/sops/${p}`, import.meta.url), 'utf8');
    const k = await kustomization();
    const encrypted = artifact({ 'deploy/secret.yaml': sops('encrypted/partial-regex.yaml') });
    const refused = await k.run(encrypted, { targetNamespace: k.ns });
    expect(ready(refused)).toMatchObject({ status: 'False', reason: 'BuildFailed' });
    expect(ready(refused)?.message).toContain(`Secret/${k.ns}/partial`);
    expect(await get(`/api/v1/namespaces/${k.ns}/secrets/partial`)).toBeUndefined();

    await rm.apply([{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'sops-age', namespace: k.ns }, stringData: { 'identity.agekey': sops('keys/test.agekey') } }]);
    const r = await k.run(encrypted, { targetNamespace: k.ns, decryption: { provider: 'sops', secretRef: { name: 'sops-age' } } });
    expect(ready(r)?.status).toBe('True');
    const live = await get(`/api/v1/namespaces/${k.ns}/secrets/partial`);
    expect(live?.data).toEqual({ token: 'c2VjcmV0LXRva2Vu', api: Buffer.from('plain-in-metadata-but-encrypted-here').toString('base64') });
    expect(JSON.stringify(r.events)).not.toContain('plain-in-metadata-but-encrypted-here');
  });

  it('postBuild substitutes inline and in-cluster variables; targetNamespace and namePrefix apply', async () => {
    const k = await kustomization();
    await rm.apply([configMap(k.ns, 'vars', { color: 'blue' })]);
    const r = await k.run(
      artifact({ 'deploy/a.yaml': [configMap('ignored', 'cfg', { color: '${color}', size: '${size}', zone: '${zone:=eu}' })] }),
      { targetNamespace: k.ns, namePrefix: 'p-', postBuild: { substitute: { size: 'L' }, substituteFrom: [{ kind: 'ConfigMap', name: 'vars' }] } },
    );
    expect(ready(r)?.status).toBe('True');
    expect((await get(`/api/v1/namespaces/${k.ns}/configmaps/p-cfg`))?.data).toEqual({ color: 'blue', size: 'L', zone: 'eu' });
  });
});
