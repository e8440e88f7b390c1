import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CoreV1Api, KubeConfig, KubernetesObjectApi, type KubernetesObject } from '@kubernetes/client-node';
import { startCluster, type TestCluster } from '@flotilla/testenv';
import { AGENT_MANIFEST_TEMPLATE_URL } from '@flotilla/protocol/agent-manifests';
import { parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ASSIGNMENT_CONFIGMAP_NAME, AssignmentStoreError, createConfigMapAssignmentStore, createFileAssignmentStore, type AgentState } from './assignment-store.js';

const state: AgentState = {
  assignment: {
    generation: 7,
    sources: [{ kind: 'GitRepository', namespace: 'flotilla-system', name: 'repo', revision: `main@sha1:${'a'.repeat(40)}`, digest: `sha256:${'b'.repeat(64)}`, size: 10, url: `/artifacts/sha256:${'b'.repeat(64)}` }],
    kustomizations: [{ namespace: 'flotilla-system', name: 'apps', generation: 2, spec: { sourceRef: { kind: 'GitRepository', name: 'repo' }, interval: '1m', prune: true, force: false }, variables: { cluster_name: 'edge' } }],
  },
};

describe('assignment stores', () => {
  let cluster: TestCluster;
  let agentKubeConfig: KubeConfig;
  beforeAll(async () => {
    cluster = await startCluster({ nodes: 1 });
    // Exactly the namespace, ServiceAccount and Role/RoleBinding of deploy/agent: the agent's own identity.
    const docs = parseAllDocuments(await fs.readFile(AGENT_MANIFEST_TEMPLATE_URL, 'utf8')).map((d) => d.toJS() as KubernetesObject);
    const api = KubernetesObjectApi.makeApiClient(cluster.kubeConfig);
    for (const o of docs.filter((d) => ['Namespace', 'ServiceAccount', 'Role', 'RoleBinding'].includes(d.kind ?? ''))) await api.create(o);
    agentKubeConfig = new KubeConfig();
    agentKubeConfig.loadFromFile(await cluster.kubeconfigForToken(await cluster.mintServiceAccountToken('flotilla-system', 'flotilla-agent')));
  }, 120_000);
  afterAll(async () => {
    await cluster?.stop();
  });

  it('ConfigMap flotilla-agent-assignment: nothing → save → load round trip → update, with only the RBAC of deploy/agent', async () => {
    const store = createConfigMapAssignmentStore(agentKubeConfig, 'flotilla-system');
    expect(store.location).toBe(`ConfigMap flotilla-system/${ASSIGNMENT_CONFIGMAP_NAME}`);
    expect(await store.load()).toBeNull();
    await store.save(state);
    expect(await store.load()).toEqual(state);
    const next = { ...state, assignment: { ...state.assignment, generation: 8 } };
    await store.save(next);
    expect((await store.load())?.assignment.generation).toBe(8);
  });

  it('a damaged ConfigMap is a clear error, not a crash or a silent empty assignment', async () => {
    const core = cluster.kubeConfig.makeApiClient(CoreV1Api);
    await core.createNamespace({ body: { metadata: { name: 'damaged' } } });
    await core.createNamespacedConfigMap({ namespace: 'damaged', body: { metadata: { name: ASSIGNMENT_CONFIGMAP_NAME }, data: { 'state.json': '{"assignment": 1}' } } });
    const store = createConfigMapAssignmentStore(cluster.kubeConfig, 'damaged');
    await expect(store.load()).rejects.toThrow(AssignmentStoreError);
    await expect(store.load()).rejects.toThrow(`ConfigMap damaged/${ASSIGNMENT_CONFIGMAP_NAME} is damaged`);
  });

  it('the agent identity may not write other ConfigMaps (the Role names only its own)', async () => {
    const store = createConfigMapAssignmentStore(agentKubeConfig, 'flotilla-system', 'someone-elses');
    await expect(store.save(state)).rejects.toThrow('cannot update ConfigMap flotilla-system/someone-elses: HTTP 403');
  });

  it('file store: round trip, mode 0600, damaged file named', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'assignment-file-'));
    try {
      const file = path.join(dir, 'agent.assignment.json');
      const store = createFileAssignmentStore(file);
      expect(await store.load()).toBeNull();
      await store.save(state);
      expect(await store.load()).toEqual(state);
      expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
      await fs.writeFile(file, 'not json');
      await expect(store.load()).rejects.toThrow(`assignment file ${file} is not valid JSON`);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
