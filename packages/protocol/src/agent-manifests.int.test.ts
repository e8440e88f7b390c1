import { KubernetesObjectApi, type KubernetesObject } from '@kubernetes/client-node';
import { startCluster, type TestCluster } from '@flotilla/testenv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { renderAgentManifests } from './agent-manifests.js';

describe('agent manifests against a real kube-apiserver', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startCluster({ nodes: 1 });
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('pass server-side dry-run validation (schema, defaults, RBAC escalation checks)', async () => {
    const yaml = renderAgentManifests({ hubUrl: 'https://hub.example.com', token: 'flr_dryrun', image: 'flotilla/agent:0.1.0' });
    const objects = parseAllDocuments(yaml).map((d) => d.toJS() as KubernetesObject);
    const api = KubernetesObjectApi.makeApiClient(cluster.kubeConfig);
    // A dry-run Namespace is not stored, so the namespaced objects need the real one.
    const [namespace, ...rest] = objects;
    expect(namespace!.kind).toBe('Namespace');
    await api.create(namespace!);
    const results = [];
    for (const object of rest) {
      const created = await api.create(object, undefined, 'All', 'flotilla-test');
      results.push(`${created.kind}/${created.metadata?.name}`);
    }
    expect(results).toHaveLength(8);
    // Nothing but the Namespace was stored.
    await expect(api.read({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'flotilla-agent', namespace: 'flotilla-system' } })).rejects.toMatchObject({ code: 404 });
  });
});
