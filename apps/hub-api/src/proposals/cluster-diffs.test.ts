import { kustomizeBuilder } from '@flotilla/spoke-agent/reconcile';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { computeClusterDiffs } from './cluster-diffs.js';

// The per-cluster diff must show the objects exactly as the cluster's agent builds them; the agent's own
// builder, given the same revision and spec, is the reference here rather than hand-written expectations.

const deployment = (tag: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app
spec:
  selector:
    matchLabels: { app: app }
  template:
    metadata:
      labels: { app: app }
    spec:
      containers:
        - name: app
          image: registry.local/app:${tag}
        - name: sidecar
          image: registry.local/proxy:1.0
`;
const enc = (files: Record<string, string>) => new Map(Object.entries(files).map(([p, t]) => [p, new TextEncoder().encode(t)]));
const trees = {
  base: enc({ 'apps/app.yaml': deployment('1.0.0'), 'apps/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  a: "1"\n' }),
  head: enc({ 'apps/app.yaml': deployment('1.0.1'), 'apps/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  a: "1"\n' }),
};
const overlay = {
  path: './apps',
  targetNamespace: 'team-a',
  namePrefix: 'web-',
  images: [{ name: 'registry.local/proxy', newName: 'mirror.local/proxy', newTag: '2.0' }],
  commonMetadata: { labels: { owner: 'team-a' } },
};
const cluster = { id: 'c1', name: 'a', labels: {}, variables: {} };
const kustomization = { namespace: 'flux-system', name: 'apps', spec: { sourceRef: { kind: 'GitRepository', name: 'fleet' }, interval: '5m', prune: true, ...overlay }, placement: { clusterNames: ['a'] } };

describe('per-cluster diff with the Kustomization’s overlay fields (flux.md §1.6: targetNamespace, namePrefix, images, commonMetadata)', () => {
  it('shows the changed object under its namespaced, prefixed name with the overridden image, exactly as the agent builds each revision', async () => {
    const [diff] = computeClusterDiffs([kustomization], [cluster], trees);
    const agentBuild = async (tree: typeof trees.base) => {
      const out = await kustomizeBuilder.build(tree, { intervalMs: 300_000, prune: true, ...overlay });
      if (!out.ok) throw new Error(out.errors.map((e) => e.message).join('; '));
      return out.objects.find((o) => o.kind === 'Deployment');
    };
    expect(diff).toMatchObject({ kustomization: 'flux-system/apps', cluster: 'a', added: [], removed: [], error: null });
    expect(diff!.changed.map((c) => c.object)).toEqual(['Deployment/team-a/web-app']);
    expect(diff!.changed[0]!.fields).toEqual(['spec.template.spec.containers[0].image']);
    expect(parse(diff!.changed[0]!.before)).toEqual(await agentBuild(trees.base));
    expect(parse(diff!.changed[0]!.after)).toEqual(await agentBuild(trees.head));
    // What the agent's build did, so the comparison above cannot pass on two identical mistakes.
    expect(JSON.stringify(parse(diff!.changed[0]!.after))).toContain('"image":"mirror.local/proxy:2.0"');
  });

  it('substitutes only when the spec has postBuild, as Flux (no postBuild: ${var} stays as written)', () => {
    const withVar = { base: enc({ 'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  v: "1"\n  who: ${cluster_name}\n' }), head: enc({ 'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  v: "2"\n  who: ${cluster_name}\n' }) };
    const spec = (postBuild?: object) => ({ ...kustomization, spec: { sourceRef: { kind: 'GitRepository', name: 'fleet' }, interval: '5m', prune: true, ...(postBuild ? { postBuild } : {}) } });
    const [without] = computeClusterDiffs([spec()], [cluster], withVar);
    const [withPostBuild] = computeClusterDiffs([spec({ substitute: { extra: 'x' } })], [cluster], withVar);
    expect(without!.changed[0]!.after).toContain('who: ${cluster_name}');
    expect(withPostBuild!.changed[0]!.after).toContain('who: a');
  });
});
