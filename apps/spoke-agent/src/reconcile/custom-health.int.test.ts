import { startCluster, type TestCluster } from '@flotilla/testenv';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResourceManager, type KubeObject } from '../k8s/index.js';
import { configMap, crd, namespace, randomName } from '../k8s/testing/fixtures.js';
import type { Artifact } from '@flotilla/git-source';
import { kustomizeBuilder } from './build/kustomize-builder.js';
import type { KustomizationSpec } from './kustomization-spec.js';
import { reconcileKustomization, type ReconcileOutput } from './reconcile-kustomization.js';
import { makeTarball } from './testing/make-tarball.js';

// healthCheckExprs (Flux's custom health checks in CEL) on real custom resources in a real API server: the
// agent polls the live objects and judges the ones the expressions cover by them, the rest by kstatus.

let cluster: TestCluster;
let rm: ResourceManager;
const group = `${randomName('cel')}.example.com`;

beforeAll(async () => {
  cluster = await startCluster({ name: 'custom-health' });
  rm = await ResourceManager.fromKubeConfig(cluster.kubeConfig);
  expect((await rm.apply([crd(group, 'Widget', 'widgets')])).errors).toEqual([]);
});
afterAll(async () => {
  rm?.close();
  await cluster?.stop();
});

const healthCheckExprs = [
  {
    apiVersion: `${group}/v1`,
    kind: 'Widget',
    inProgress: "status.conditions.exists(c, c.type == 'Ready' && c.status == 'False' && c.reason == 'Progressing')",
    failed: "status.conditions.exists(c, c.type == 'Ready' && c.status == 'False' && c.reason != 'Progressing')",
    current: "status.conditions.exists(c, c.type == 'Ready' && c.status == 'True')",
  },
];

let commit = 0;
function artifact(objects: KubeObject[]): Artifact {
  const { bytes, digest } = makeTarball({ 'deploy/all.yaml': objects.map((o) => stringify(o)).join('---\n') });
  return { kind: 'tarball', revision: `main@sha1:${(++commit).toString(16).padStart(40, '0')}`, digest, bytes };
}

const widget = (ns: string, name: string): KubeObject => ({
  apiVersion: `${group}/v1`,
  kind: 'Widget',
  metadata: { name, namespace: ns },
  spec: { size: 1 },
});

/**
 * The widget as another controller left it, status included, before the Kustomization applies it. A manifest's
 * own `status` is dropped before the apply, as Flux drops it, so the status must come from someone else.
 */
async function existingWidget(ns: string, name: string, status: Record<string, unknown>): Promise<void> {
  const created = await rm.client.request({
    method: 'POST',
    path: `/apis/${group}/v1/namespaces/${ns}/widgets`,
    contentType: 'application/json',
    body: { ...widget(ns, name), status },
  });
  expect(created.status).toBe(201);
}

async function run(ns: string, objects: KubeObject[], spec: Partial<KustomizationSpec>): Promise<ReconcileOutput> {
  return reconcileKustomization(
    { ref: { name: 'apps', namespace: ns }, spec: { intervalMs: 60_000, timeoutMs: 20_000, prune: true, path: './deploy', wait: true, healthCheckExprs, ...spec }, artifact: artifact(objects), sourceKey: 'GitRepository/flux-system/app' },
    { resources: rm, builder: kustomizeBuilder },
  );
}

async function freshNamespace(): Promise<string> {
  const ns = randomName('cel');
  expect((await rm.apply([namespace(ns)])).errors).toEqual([]);
  return ns;
}

const condition = (out: ReconcileOutput, type: string) => out.status.conditions.find((c) => c.type === type);

describe('healthCheckExprs on a real API server (Flux custom health checks)', () => {
  it('waits while the current expression is false (or cannot be evaluated yet) and passes once the live object says Ready', async () => {
    const ns = await freshNamespace();
    const started = Date.now();
    const running = run(ns, [widget(ns, 'w'), configMap(ns, 'plain', { a: '1' })], {});
    // Another controller reports the widget's status a moment later.
    await new Promise((r) => setTimeout(r, 2_500));
    const patched = await rm.client.request({
      method: 'PATCH',
      path: `/apis/${group}/v1/namespaces/${ns}/widgets/w`,
      contentType: 'application/merge-patch+json',
      body: { status: { conditions: [{ type: 'Ready', status: 'True', reason: 'Done' }] } },
    });
    expect(patched.status).toBe(200);
    const out = await running;
    expect(condition(out, 'Ready')).toMatchObject({ status: 'True', reason: 'ReconciliationSucceeded' });
    expect(condition(out, 'Healthy')).toMatchObject({ status: 'True', reason: 'Succeeded' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_500);
  });

  it('the failed expression fails the health check at once (fail-fast), naming the object', async () => {
    const ns = await freshNamespace();
    const started = Date.now();
    await existingWidget(ns, 'broken', { conditions: [{ type: 'Ready', status: 'False', reason: 'OutOfStock' }] });
    const out = await run(ns, [widget(ns, 'broken')], {});
    expect(condition(out, 'Ready')).toMatchObject({ status: 'False', reason: 'HealthCheckFailed' });
    expect(condition(out, 'Healthy')).toMatchObject({ status: 'False', reason: 'HealthCheckFailed' });
    expect(condition(out, 'Ready')?.message).toContain(`Widget/${ns}/broken status: 'Failed'`);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('an inProgress expression that holds keeps the wait going until the timeout', async () => {
    const ns = await freshNamespace();
    await existingWidget(ns, 'busy', { conditions: [{ type: 'Ready', status: 'False', reason: 'Progressing' }] });
    const out = await run(ns, [widget(ns, 'busy')], { timeoutMs: 3_000 });
    expect(condition(out, 'Ready')).toMatchObject({ status: 'False', reason: 'HealthCheckFailed' });
    expect(condition(out, 'Ready')?.message).toMatch(new RegExp(`^health check timed out after .*Widget/${ns}/busy status: 'InProgress'`));
  });

  it('healthChecks naming one widget use the expressions too (wait off)', async () => {
    const ns = await freshNamespace();
    await existingWidget(ns, 'ok', { conditions: [{ type: 'Ready', status: 'True' }] });
    const out = await run(ns, [widget(ns, 'ok')], {
      wait: false,
      healthChecks: [{ apiVersion: `${group}/v1`, kind: 'Widget', name: 'ok', namespace: ns }],
    });
    expect(condition(out, 'Healthy')).toMatchObject({ status: 'True', reason: 'Succeeded' });
  });

  it('without healthCheckExprs the same Ready=False widget is judged by kstatus: InProgress, not Failed', async () => {
    const ns = await freshNamespace();
    await existingWidget(ns, 'generic', { conditions: [{ type: 'Ready', status: 'False', reason: 'OutOfStock' }] });
    const out = await run(ns, [widget(ns, 'generic')], { healthCheckExprs: undefined, timeoutMs: 3_000 });
    expect(condition(out, 'Ready')?.message).toMatch(new RegExp(`^health check timed out .*Widget/${ns}/generic status: 'InProgress'`));
  });
});
