import { kustomizeBuilder } from '@flotilla/spoke-agent/reconcile';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { computeClusterDiffs, computeEditClusterDiffs } from './cluster-diffs.js';

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

describe('per-cluster diff of an edit of the Kustomization itself (computeEditClusterDiffs)', () => {
  const cm = (name: string, value: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  region: ${value}\n`;
  // One tree: the edit moves the Kustomization from ./v1 to ./v2, which differ in one ConfigMap and add a Secret-free one.
  const tree = enc({ 'v1/settings.yaml': cm('settings', '${region}'), 'v1/old.yaml': cm('old', 'x'), 'v2/settings.yaml': cm('settings', '${region}-v2'), 'v2/new.yaml': cm('new', 'y') });
  const clusters = [
    { id: 'c1', name: 'eu', labels: { env: 'prod' }, variables: { region: 'eu-west' } },
    { id: 'c2', name: 'us', labels: { env: 'prod' }, variables: { region: 'us-east' } },
    { id: 'c3', name: 'lab', labels: { env: 'dev' }, variables: { region: 'lab' } },
  ];
  const k = (spec: Record<string, unknown>, placement: Record<string, unknown> = { clusterSelector: 'env=prod' }) => ({
    namespace: 'flux-system',
    name: 'apps',
    spec: { sourceRef: { kind: 'GitRepository', name: 'fleet' }, interval: '5m', prune: true, postBuild: {}, ...spec },
    placement,
  });
  const side = (kustomization: ReturnType<typeof k>) => ({ kustomization, tree });

  it('a changed spec.path: on each placed cluster exactly the objects that differ, with that cluster’s variables (flux.md postBuild substitution); an unplaced cluster gets no entry', () => {
    const diffs = computeEditClusterDiffs(side(k({ path: './v1' })), side(k({ path: './v2' })), clusters);
    expect(diffs.map((d) => d.cluster)).toEqual(['eu', 'us']);
    for (const [d, region] of [[diffs[0]!, 'eu-west'], [diffs[1]!, 'us-east']] as const) {
      expect(d).toMatchObject({ kustomization: 'flux-system/apps', added: ['ConfigMap/new'], removed: ['ConfigMap/old'], error: null, note: null });
      expect(d.changed.map((c) => [c.object, c.fields])).toEqual([['ConfigMap/settings', ['data.region']]]);
      expect(parse(d.changed[0]!.before)).toMatchObject({ data: { region } });
      expect(parse(d.changed[0]!.after)).toMatchObject({ data: { region: `${region}-v2` } });
    }
  });

  it('a changed postBuild.substitute value changes only the objects that use it, per cluster', () => {
    const diffs = computeEditClusterDiffs(side(k({ path: './v1', postBuild: { substitute: { region: 'pinned-a' } } })), side(k({ path: './v1', postBuild: { substitute: { region: 'pinned-b' } } })), clusters);
    expect(diffs.map((d) => [d.cluster, d.added, d.removed, d.changed.map((c) => c.object)])).toEqual([
      ['eu', [], [], ['ConfigMap/settings']],
      ['us', [], [], ['ConfigMap/settings']],
    ]);
    expect(parse(diffs[0]!.changed[0]!.after)).toMatchObject({ data: { region: 'pinned-b' } });
  });

  it('a changed placement: a cluster added gets every object added, a cluster removed every object removed (Flux prunes them: prune true)', () => {
    const diffs = computeEditClusterDiffs(side(k({ path: './v1' }, { clusterNames: ['eu', 'lab'] })), side(k({ path: './v1' }, { clusterNames: ['eu', 'us'] })), clusters);
    expect(diffs.map((d) => [d.cluster, d.added, d.changed.length, d.removed, d.note])).toEqual([
      ['eu', [], 0, [], null],
      ['us', ['ConfigMap/old', 'ConfigMap/settings'], 0, [], null],
      ['lab', [], 0, ['ConfigMap/old', 'ConfigMap/settings'], null],
    ]);
  });

  it('a deletion: every object removed on each cluster; with prune false (deletionPolicy MirrorPrune, Flux’s default) or deletionPolicy Orphan the note says Flux deletes nothing', () => {
    const [pruned] = computeEditClusterDiffs(side(k({ path: './v1' }, { clusterNames: ['eu'] })), null, clusters);
    expect(pruned).toMatchObject({ cluster: 'eu', added: [], changed: [], removed: ['ConfigMap/old', 'ConfigMap/settings'], error: null, note: null });
    const [kept] = computeEditClusterDiffs(side(k({ path: './v1', prune: false }, { clusterNames: ['eu'] })), null, clusters);
    expect(kept!.removed).toEqual(['ConfigMap/old', 'ConfigMap/settings']);
    expect(kept!.note).toContain('prune is false: Flux deletes nothing');
    const [orphan] = computeEditClusterDiffs(side(k({ path: './v1', deletionPolicy: 'Orphan' }, { clusterNames: ['eu'] })), null, clusters);
    expect(orphan!.note).toContain('deletionPolicy is Orphan');
    const [deleted] = computeEditClusterDiffs(side(k({ path: './v1', prune: false, deletionPolicy: 'Delete' }, { clusterNames: ['eu'] })), null, clusters);
    expect(deleted!.note).toBeNull();
  });

  it('an edit to prune false: objects that leave the build are listed, and the note says they stay (flux.md: with prune false nothing is ever deleted)', () => {
    const [d] = computeEditClusterDiffs(side(k({ path: './v1' }, { clusterNames: ['eu'] })), side(k({ path: './v2', prune: false }, { clusterNames: ['eu'] })), clusters);
    expect(d!.removed).toEqual(['ConfigMap/old']);
    expect(d!.note).toContain('stay on the cluster');
  });

  it('a head that does not build is the cluster’s error, nothing listed', () => {
    const [d] = computeEditClusterDiffs(side(k({ path: './v1' }, { clusterNames: ['eu'] })), side(k({ path: './missing' }, { clusterNames: ['eu'] })), clusters);
    expect(d).toMatchObject({ cluster: 'eu', added: [], changed: [], removed: [] });
    expect(d!.error).toMatch(/missing/);
  });
});
