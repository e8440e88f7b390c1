import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CoreV1Api, KubeConfig, RbacAuthorizationV1Api } from '@kubernetes/client-node';
import { startCluster, type TestCluster } from '@flotilla/testenv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKubeClusterInfo } from './cluster-info.js';
import { loadKubeEnvironment } from './kube-config.js';

describe('createKubeClusterInfo (real kube-apiserver with kwok nodes)', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startCluster({ nodes: 3 });
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('reads the server version and counts the nodes through --kubeconfig', async () => {
    const env = loadKubeEnvironment(cluster.kubeconfigPath, {});
    expect(env.inCluster).toBe(false);
    const { info, errors } = await createKubeClusterInfo(env.kubeConfig).read();
    expect(errors).toEqual([]);
    expect(info).toEqual({ kubernetesVersion: 'v1.35.4', nodeCount: 3 });
  });

  it('reports a 403 on nodes as an error and still returns the version (a token without node rights)', async () => {
    const token = await cluster.mintServiceAccountToken('default', 'default');
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(await cluster.kubeconfigForToken(token));
    const { info, errors } = await createKubeClusterInfo(kubeConfig).read();
    expect(info).toEqual({ kubernetesVersion: 'v1.35.4', nodeCount: null });
    expect(errors).toEqual(['cannot count nodes: HTTP 403']);
  });

  it('returns nulls with reasons when the API server is unreachable', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kc-'));
    const file = path.join(dir, 'kubeconfig');
    await fs.writeFile(
      file,
      'apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]\nusers: [{name: u, user: {token: x}}]\ncontexts: [{name: c, context: {cluster: c, user: u}}]\ncurrent-context: c\n',
    );
    const { info, errors } = await createKubeClusterInfo(loadKubeEnvironment(file, {}).kubeConfig).read();
    expect(info).toEqual({ kubernetesVersion: null, nodeCount: null });
    expect(errors).toHaveLength(2);
    await fs.rm(dir, { recursive: true });
  });

  it('in a pod (no --kubeconfig): uses the ServiceAccount token, CA and namespace files and the service env', async () => {
    const core = cluster.kubeConfig.makeApiClient(CoreV1Api);
    const rbac = cluster.kubeConfig.makeApiClient(RbacAuthorizationV1Api);
    await core.createNamespace({ body: { metadata: { name: 'pod-ns' } } });
    await core.createNamespacedServiceAccount({ namespace: 'pod-ns', body: { metadata: { name: 'agent' } } });
    await rbac.createClusterRole({ body: { metadata: { name: 'nodes-reader' }, rules: [{ apiGroups: [''], resources: ['nodes'], verbs: ['list'] }] } });
    await rbac.createClusterRoleBinding({
      body: {
        metadata: { name: 'nodes-reader' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'nodes-reader' },
        subjects: [{ kind: 'ServiceAccount', name: 'agent', namespace: 'pod-ns' }],
      },
    });
    // The files a kubelet mounts into the pod, under a prefix.
    const prefix = await fs.mkdtemp(path.join(os.tmpdir(), 'pod-'));
    const saDir = path.join(prefix, 'var/run/secrets/kubernetes.io/serviceaccount');
    await fs.mkdir(saDir, { recursive: true });
    await fs.writeFile(path.join(saDir, 'token'), await cluster.mintServiceAccountToken('pod-ns', 'agent'));
    await fs.writeFile(path.join(saDir, 'ca.crt'), Buffer.from(cluster.kubeConfig.getCurrentCluster()!.caData!, 'base64'));
    await fs.writeFile(path.join(saDir, 'namespace'), 'pod-ns\n');
    const server = new URL(cluster.server);
    const saved = { host: process.env.KUBERNETES_SERVICE_HOST, port: process.env.KUBERNETES_SERVICE_PORT };
    process.env.KUBERNETES_SERVICE_HOST = server.hostname;
    process.env.KUBERNETES_SERVICE_PORT = server.port;
    try {
      const env = loadKubeEnvironment(undefined, process.env, prefix);
      expect(env).toMatchObject({ inCluster: true, podNamespace: 'pod-ns' });
      expect(await createKubeClusterInfo(env.kubeConfig).read()).toEqual({ info: { kubernetesVersion: 'v1.35.4', nodeCount: 3 }, errors: [] });
      expect(loadKubeEnvironment(undefined, { ...process.env, POD_NAMESPACE: 'from-downward-api' }, prefix).podNamespace).toBe('from-downward-api');
    } finally {
      for (const [key, value] of [['KUBERNETES_SERVICE_HOST', saved.host], ['KUBERNETES_SERVICE_PORT', saved.port]] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
      await fs.rm(prefix, { recursive: true, force: true });
    }
  });

  it('refuses a --kubeconfig that does not exist', () => {
    expect(() => loadKubeEnvironment('/nonexistent/kubeconfig', {})).toThrow('kubeconfig /nonexistent/kubeconfig does not exist');
  });
});
