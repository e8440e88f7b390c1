import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../process/wait.js';
import { startCluster, type TestCluster } from './cluster.js';

const fieldManagerA = 'flotilla-test-a';
const fieldManagerB = 'flotilla-test-b';

function deployment(namespace: string, name: string, replicas: number, podLabels: Record<string, string> = {}): k8s.V1Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name, ...podLabels } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } },
    },
  };
}

describe('testenv cluster (real kube-apiserver, controller-manager, scheduler, kwok)', () => {
  let cluster: TestCluster;
  let objects: k8s.KubernetesObjectApi;
  let core: k8s.CoreV1Api;
  let apps: k8s.AppsV1Api;

  beforeAll(async () => {
    cluster = await startCluster();
    objects = k8s.KubernetesObjectApi.makeApiClient(cluster.kubeConfig);
    core = cluster.kubeConfig.makeApiClient(k8s.CoreV1Api);
    apps = cluster.kubeConfig.makeApiClient(k8s.AppsV1Api);
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('rolls out a 2-replica Deployment until it is Available with 2 Running pods', async () => {
    await core.createNamespace({ body: { metadata: { name: 'rollout' } } });
    await apps.createNamespacedDeployment({ namespace: 'rollout', body: deployment('rollout', 'web', 2) });
    const available = await waitFor(
      async () => {
        const d = await apps.readNamespacedDeployment({ namespace: 'rollout', name: 'web' });
        const cond = d.status?.conditions?.find((c) => c.type === 'Available');
        return cond?.status === 'True' && d.status?.availableReplicas === 2 ? d : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 250, what: 'Deployment rollout/web to be Available' },
    );
    expect(available.status?.readyReplicas).toBe(2);
    const pods = await core.listNamespacedPod({ namespace: 'rollout', labelSelector: 'app=web' });
    expect(pods.items).toHaveLength(2);
    for (const pod of pods.items) {
      expect(pod.status?.phase).toBe('Running');
      expect(pod.spec?.nodeName).toMatch(/^kwok-node-/);
    }
  });

  it('keeps a pod labelled flotilla.test/unready Running and never Ready, so its Deployment never becomes Available', async () => {
    await core.createNamespace({ body: { metadata: { name: 'unready' } } });
    await apps.createNamespacedDeployment({ namespace: 'unready', body: deployment('unready', 'stuck', 1, { 'flotilla.test/unready': 'true' }) });
    const pod = await waitFor(
      async () => (await core.listNamespacedPod({ namespace: 'unready', labelSelector: 'app=stuck' })).items.find((p) => p.status?.phase === 'Running'),
      { timeoutMs: 60_000, intervalMs: 250, what: 'the unready pod to be Running' },
    );
    expect(pod.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('False');
    expect(pod.status?.containerStatuses?.[0]).toMatchObject({ ready: false, started: true });
    const status = (await apps.readNamespacedDeployment({ namespace: 'unready', name: 'stuck' })).status;
    expect(status?.readyReplicas ?? 0).toBe(0);
    expect(status?.availableReplicas ?? 0).toBe(0);
  });

  it('server-side applies with a field manager and reports a conflict between two managers', async () => {
    await core.createNamespace({ body: { metadata: { name: 'ssa' } } });
    const cm = (data: Record<string, string>): k8s.V1ConfigMap => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'ssa' }, data });
    const applied = await objects.patch(cm({ color: 'blue' }), undefined, undefined, fieldManagerA, false, k8s.PatchStrategy.ServerSideApply);
    expect(applied.metadata?.managedFields?.map((f) => f.manager)).toContain(fieldManagerA);

    // Manager B wants the field A owns: without force the API server refuses with 409 Conflict.
    const conflict = await objects
      .patch(cm({ color: 'red' }), undefined, undefined, fieldManagerB, false, k8s.PatchStrategy.ServerSideApply)
      .then(() => undefined, (err: unknown) => err);
    expect(conflict).toBeInstanceOf(k8s.ApiException);
    expect((conflict as k8s.ApiException<string>).code).toBe(409);
    expect(String((conflict as k8s.ApiException<string>).body)).toContain(fieldManagerA);

    // With force B takes the field over.
    const forced = await objects.patch(cm({ color: 'red' }), undefined, undefined, fieldManagerB, true, k8s.PatchStrategy.ServerSideApply);
    expect((forced as k8s.V1ConfigMap).data?.color).toBe('red');
  });

  it('mints ServiceAccount tokens limited by RBAC', async () => {
    const ns = 'tenant';
    await core.createNamespace({ body: { metadata: { name: ns } } });
    await core.createNamespacedServiceAccount({ namespace: ns, body: { metadata: { name: 'reader' } } });
    const rbac = cluster.kubeConfig.makeApiClient(k8s.RbacAuthorizationV1Api);
    await rbac.createNamespacedRole({ namespace: ns, body: { metadata: { name: 'read-cm' }, rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list'] }] } });
    await rbac.createNamespacedRoleBinding({
      namespace: ns,
      body: { metadata: { name: 'reader' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'read-cm' }, subjects: [{ kind: 'ServiceAccount', name: 'reader', namespace: ns }] },
    });
    const token = await cluster.mintServiceAccountToken(ns, 'reader', { expirationSeconds: 600 });
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(await cluster.kubeconfigForToken(token));
    const limited = kc.makeApiClient(k8s.CoreV1Api);

    await expect(limited.listNamespacedConfigMap({ namespace: ns })).resolves.toBeDefined();
    const denied = await limited.listNode().then(() => undefined, (err: unknown) => err);
    expect((denied as k8s.ApiException<string>).code).toBe(403);
    const deniedSecrets = await limited.listNamespacedSecret({ namespace: ns }).then(() => undefined, (err: unknown) => err);
    expect((deniedSecrets as k8s.ApiException<string>).code).toBe(403);
  });

  it('reports /version as the Kubernetes release it was built from', async () => {
    const version = await cluster.kubeConfig.makeApiClient(k8s.VersionApi).getCode();
    expect(version.gitVersion).toMatch(/^v1\.(3[3-9]|[4-9]\d)\.\d+$/);
  });
});
