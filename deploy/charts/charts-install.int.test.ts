import {
  AppsV1Api,
  AuthorizationV1Api,
  CoreV1Api,
  PolicyV1Api,
  type V1ResourceAttributes,
} from '@kubernetes/client-node';
import { runHelm, startCluster, type TestCluster } from '@flotilla/testenv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chartDir, valueFlags } from './render-chart.js';

// Both charts installed by the real helm into a real kube-apiserver, where the controller-manager creates the
// pods, the scheduler binds them to kwok nodes and kwok runs them: the rollout the charts promise, in
// namespaces that enforce the "restricted" Pod Security Standard.
describe('helm install of the charts', () => {
  let cluster: TestCluster;
  let apps: AppsV1Api;
  let core: CoreV1Api;
  const helm = (args: string[]) => runHelm(args, { kubeconfig: cluster.kubeconfigPath });
  const available = async (namespace: string, name: string) =>
    (await apps.readNamespacedDeployment({ name, namespace })).status?.availableReplicas ?? 0;

  beforeAll(async () => {
    cluster = await startCluster({ nodes: 3 });
    apps = cluster.kubeConfig.makeApiClient(AppsV1Api);
    core = cluster.kubeConfig.makeApiClient(CoreV1Api);
    for (const name of ['flotilla', 'flotilla-system']) {
      await core.createNamespace({
        body: { metadata: { name, labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } } },
      });
    }
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('rolls out three hub replicas behind a PodDisruptionBudget, and an upgrade keeps the generated secret key', async () => {
    const values = { replicaCount: 3, database: { url: 'postgresql://flotilla@postgres.db:5432/flotilla' } };
    await helm([
      'install',
      'flotilla-hub',
      chartDir('flotilla-hub'),
      '--namespace',
      'flotilla',
      ...valueFlags(values),
    ]);
    await expect
      .poll(() => available('flotilla', 'flotilla-hub'), { timeout: 90_000, interval: 500 })
      .toBe(3);
    // With three pods ready and maxUnavailable 1, the disruption controller allows one eviction at a time.
    const policy = cluster.kubeConfig.makeApiClient(PolicyV1Api);
    const pdb = () =>
      policy.readNamespacedPodDisruptionBudget({ name: 'flotilla-hub', namespace: 'flotilla' });
    await expect
      .poll(async () => (await pdb()).status?.disruptionsAllowed, { timeout: 30_000, interval: 500 })
      .toBe(1);

    const keyOf = async () =>
      (await core.readNamespacedSecret({ name: 'flotilla-hub-secret-key', namespace: 'flotilla' })).data?.[
        'secret-key'
      ];
    const key = await keyOf();
    expect(key).toBeTruthy();
    await helm([
      'upgrade',
      'flotilla-hub',
      chartDir('flotilla-hub'),
      '--namespace',
      'flotilla',
      ...valueFlags({ ...values, logLevel: 'debug' }),
    ]);
    expect(await keyOf()).toBe(key);
    // Uninstalling leaves the key behind: credentials stored with it stay readable after a reinstall.
    await helm(['uninstall', 'flotilla-hub', '--namespace', 'flotilla', '--wait']);
    expect(await keyOf()).toBe(key);
  });

  it('rolls out the agent, whose service account gets the RBAC of the chart and nothing more in connect-only mode', async () => {
    const values = {
      hubUrl: 'http://flotilla-hub.flotilla.svc:8080',
      registration: { token: 'flr_install' },
      rbac: { clusterAdmin: false },
    };
    await helm([
      'install',
      'flotilla-agent',
      chartDir('flotilla-agent'),
      '--namespace',
      'flotilla-system',
      ...valueFlags(values),
    ]);
    await expect
      .poll(() => available('flotilla-system', 'flotilla-agent'), { timeout: 60_000, interval: 500 })
      .toBe(1);
    const authz = cluster.kubeConfig.makeApiClient(AuthorizationV1Api);
    const may = async (resourceAttributes: V1ResourceAttributes) =>
      (
        await authz.createSubjectAccessReview({
          body: {
            spec: { user: 'system:serviceaccount:flotilla-system:flotilla-agent', resourceAttributes },
          },
        })
      ).status?.allowed;
    expect(
      await may({
        group: 'apiextensions.k8s.io',
        resource: 'customresourcedefinitions',
        name: 'kustomizations.kustomize.toolkit.fluxcd.io',
        verb: 'patch',
      }),
    ).toBe(true);
    expect(
      await may({
        group: 'kustomize.toolkit.fluxcd.io',
        resource: 'kustomizations',
        subresource: 'status',
        verb: 'patch',
        namespace: 'apps',
      }),
    ).toBe(true);
    expect(
      await may({
        resource: 'secrets',
        name: 'flotilla-agent-credential',
        verb: 'update',
        namespace: 'flotilla-system',
      }),
    ).toBe(true);
    expect(await may({ resource: 'secrets', verb: 'list', namespace: 'flotilla-system' })).toBe(false);
    expect(
      await may({
        group: 'apiextensions.k8s.io',
        resource: 'customresourcedefinitions',
        name: 'widgets.example.com',
        verb: 'create',
      }),
    ).toBe(false);
    const events = await core.listNamespacedEvent({ namespace: 'flotilla-system' });
    expect(events.items.filter((e) => /violates PodSecurity/.test(e.message ?? ''))).toEqual([]);
  });
});
