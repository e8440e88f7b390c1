import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
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

  it('refuses a --kubeconfig that does not exist', () => {
    expect(() => loadKubeEnvironment('/nonexistent/kubeconfig', {})).toThrow('kubeconfig /nonexistent/kubeconfig does not exist');
  });
});
