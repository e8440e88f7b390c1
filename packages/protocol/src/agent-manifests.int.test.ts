import { AppsV1Api, CoreV1Api, KubernetesObjectApi, type KubernetesObject } from '@kubernetes/client-node';
import { startCluster, type TestCluster } from '@flotilla/testenv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { renderAgentManifests } from './agent-manifests.js';

const objectsOf = (yaml: string): KubernetesObject[] => parseAllDocuments(yaml).map((d) => d.toJS() as KubernetesObject);

describe('agent manifests against a real kube-apiserver', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startCluster({ nodes: 1 });
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('pass server-side dry-run validation (schema, defaults, RBAC escalation checks), then apply and roll out under the restricted Pod Security Standard', async () => {
    const objects = objectsOf(renderAgentManifests({ hubUrl: 'https://hub.example.com', token: 'flr_dryrun', image: 'flotilla/agent:0.1.0' }));
    const api = KubernetesObjectApi.makeApiClient(cluster.kubeConfig);
    // A dry-run Namespace is not stored, so the namespaced objects need the real one.
    const [namespace, ...rest] = objects;
    expect(namespace!.kind).toBe('Namespace');
    await api.create(namespace!);
    const dryRun = [];
    for (const object of rest) {
      const created = await api.create(object, undefined, 'All', 'flotilla-test');
      dryRun.push(`${created.kind}/${created.metadata?.name}`);
    }
    expect(dryRun).toHaveLength(8);
    // Nothing but the Namespace was stored.
    await expect(api.read({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'flotilla-agent', namespace: 'flotilla-system' } })).rejects.toMatchObject({
      code: 404,
    });

    // For real: the controller-manager makes the pod, Pod Security admission ("restricted", enforced by the
    // Namespace label) admits it, the scheduler binds it to the kwok node, and the Deployment becomes Available.
    for (const object of rest) await api.create(object);
    const apps = cluster.kubeConfig.makeApiClient(AppsV1Api);
    await expect
      .poll(async () => (await apps.readNamespacedDeployment({ name: 'flotilla-agent', namespace: 'flotilla-system' })).status?.availableReplicas ?? 0, {
        timeout: 60_000,
        interval: 500,
      })
      .toBe(1);
    const events = await cluster.kubeConfig.makeApiClient(CoreV1Api).listNamespacedEvent({ namespace: 'flotilla-system' });
    expect(events.items.filter((e) => /violates PodSecurity/.test(e.message ?? ''))).toEqual([]);
  });

  it('the restricted Pod Security Standard would reject a weaker agent pod (the label is enforced, not decorative)', async () => {
    const core = cluster.kubeConfig.makeApiClient(CoreV1Api);
    await expect(
      core.createNamespacedPod({
        namespace: 'flotilla-system',
        body: { metadata: { name: 'weak' }, spec: { containers: [{ name: 'c', image: 'flotilla/agent:0.1.0' }] } },
      }),
    ).rejects.toMatchObject({ code: 403 });
  });
});
