import { describe, expect, it } from 'vitest';
import { clusterVariables, computeAssignment, labelVariableName, type AssignmentKustomization, type AssignmentSource } from './assignment-document.js';
import { placementOf, placementTargets } from '../kustomizations/placement.js';
import { placedVariables } from '../kustomizations/placement-variables.js';

const placementSelects = (p: { clusterSelector: string | null; clusterNames: string[] }, c: { name: string; labels: Record<string, string> }) => placementTargets(placementOf(p), c);

const digest = (c: string) => `sha256:${c.repeat(64)}`;
const prod = { id: 'c-prod', name: 'prod-eu', labels: { env: 'prod', 'topology.kubernetes.io/region': 'eu-1' }, variables: { replicas: '3' } };
const dev = { id: 'c-dev', name: 'dev', labels: { env: 'dev' }, variables: {} };
const spec = (source = 'podinfo', extra: Record<string, unknown> = {}) => ({
  sourceRef: { kind: 'GitRepository', name: source },
  path: './clusters/my-cluster',
  interval: '1m',
  prune: true,
  ...extra,
});
const k = (name: string, placement: unknown, s: unknown = spec(), namespace = 'flotilla-system'): AssignmentKustomization => ({
  id: `id-${name}`,
  namespace,
  name,
  generation: 1,
  spec: s,
  placement,
});
const sources: AssignmentSource[] = [
  { kind: 'GitRepository', namespace: 'flotilla-system', name: 'podinfo', artifact: { revision: `main@sha1:${'b'.repeat(40)}`, digest: digest('a'), size: 10 } },
  { kind: 'GitRepository', namespace: 'flotilla-system', name: 'pending', artifact: undefined },
  { kind: 'GitRepository', namespace: 'team-a', name: 'podinfo', artifact: { revision: `main@sha1:${'c'.repeat(40)}`, digest: digest('c'), size: 20 } },
];

describe('placement', () => {
  it('selects by label selector, by name, or not at all', () => {
    expect(placementSelects({ clusterSelector: 'env=prod', clusterNames: [] }, prod)).toBe(true);
    expect(placementSelects({ clusterSelector: 'env=prod', clusterNames: [] }, dev)).toBe(false);
    expect(placementSelects({ clusterSelector: null, clusterNames: ['dev'] }, dev)).toBe(true);
    expect(placementSelects({ clusterSelector: 'env in (prod,staging),!legacy', clusterNames: [] }, prod)).toBe(true);
  });

  it('an empty selector places nothing (never the whole fleet by a blank form field); an invalid one neither', () => {
    expect(placementSelects({ clusterSelector: '', clusterNames: [] }, prod)).toBe(false);
    expect(placementSelects({ clusterSelector: '  ', clusterNames: [] }, prod)).toBe(false);
    expect(placementSelects({ clusterSelector: 'env in (prod', clusterNames: [] }, prod)).toBe(false);
  });
});

describe('computeAssignment', () => {
  it('lists the Kustomizations placed on the cluster with their sources\' artifacts; a cluster left out gets none', () => {
    const ks = [k('apps', { clusterSelector: 'env=prod', clusterNames: [] }), k('dev-only', { clusterSelector: null, clusterNames: ['dev'] })];
    const { body } = computeAssignment(prod, ks, sources);
    expect(body.kustomizations.map((x) => x.name)).toEqual(['apps']);
    expect(body.sources).toEqual([
      { kind: 'GitRepository', namespace: 'flotilla-system', name: 'podinfo', revision: `main@sha1:${'b'.repeat(40)}`, digest: digest('a'), size: 10, url: `/artifacts/${digest('a')}` },
    ]);
    const left = computeAssignment({ ...prod, id: 'c-x', name: 'x', labels: { env: 'staging' } }, ks, sources).body;
    expect(left).toEqual({ sources: [], kustomizations: [] });
  });

  it('resolves sourceRef.namespace to the Kustomization\'s namespace by default (Flux cross-namespace refs)', () => {
    const ks = [k('a', { clusterSelector: 'env=prod', clusterNames: [] }, spec(), 'team-a')];
    expect(computeAssignment(prod, ks, sources).body.sources.map((s) => s.digest)).toEqual([digest('c')]);
    const explicit = [k('b', { clusterSelector: 'env=prod', clusterNames: [] }, spec('podinfo', { sourceRef: { kind: 'GitRepository', name: 'podinfo', namespace: 'flotilla-system' } }), 'team-a')];
    expect(computeAssignment(prod, explicit, sources).body.sources.map((s) => s.digest)).toEqual([digest('a')]);
  });

  it('a sourceRef names its source by kind: an OCIRepository’s artifact goes out as kind OCIRepository, never for a GitRepository of that name', () => {
    const oci: AssignmentSource = { kind: 'OCIRepository', namespace: 'flotilla-system', name: 'app', artifact: { revision: `v1@${digest('d')}`, digest: digest('e'), size: 30 } };
    const byOci = [k('from-oci', { clusterSelector: 'env=prod', clusterNames: [] }, spec('app', { sourceRef: { kind: 'OCIRepository', name: 'app' } }))];
    expect(computeAssignment(prod, byOci, [...sources, oci]).body.sources).toEqual([
      { kind: 'OCIRepository', namespace: 'flotilla-system', name: 'app', revision: `v1@${digest('d')}`, digest: digest('e'), size: 30, url: `/artifacts/${digest('e')}` },
    ]);
    expect(computeAssignment(prod, [k('from-git', { clusterSelector: 'env=prod', clusterNames: [] }, spec('app'))], [...sources, oci]).body.sources).toEqual([]);
  });

  it('keeps a Kustomization whose source has no artifact yet (the agent reports ArtifactFailed, it does not prune)', () => {
    const { body } = computeAssignment(prod, [k('waiting', { clusterSelector: 'env=prod', clusterNames: [] }, spec('pending'))], sources);
    expect(body.kustomizations.map((x) => x.name)).toEqual(['waiting']);
    expect(body.sources).toEqual([]);
  });

  it('lists a shared source once and sorts everything, so equal inputs give equal documents', () => {
    const ks = [k('b', { clusterSelector: 'env=prod', clusterNames: [] }), k('a', { clusterSelector: null, clusterNames: ['prod-eu'] })];
    const one = computeAssignment(prod, ks, sources).body;
    const two = computeAssignment(prod, [...ks].reverse(), [...sources].reverse()).body;
    expect(one.sources).toHaveLength(1);
    expect(one.kustomizations.map((x) => x.name)).toEqual(['a', 'b']);
    expect(JSON.stringify(one)).toBe(JSON.stringify(two));
  });

  it('skips a stored spec the wire schema rejects and says why, instead of sending agents a document they refuse', () => {
    const { body, skipped } = computeAssignment(prod, [k('bad', { clusterSelector: 'env=prod', clusterNames: [] }, { ...spec(), interval: 'often' })], sources);
    expect(body.kustomizations).toEqual([]);
    expect(skipped).toEqual([{ namespace: 'flotilla-system', name: 'bad', reason: expect.stringContaining('spec.interval') as unknown }]);
  });
});

describe('cluster variables', () => {
  it('adds cluster_name, cluster_id and cluster_label_<key> (non [A-Za-z0-9_] → _) to the cluster\'s variables', () => {
    expect(clusterVariables(prod)).toEqual({
      replicas: '3',
      cluster_name: 'prod-eu',
      cluster_id: 'c-prod',
      cluster_label_env: 'prod',
      cluster_label_topology_kubernetes_io_region: 'eu-1',
    });
    expect(labelVariableName('app.kubernetes.io/name')).toBe('cluster_label_app_kubernetes_io_name');
  });

  it('built-ins win over a cluster variable of the same name (a cluster cannot pose as another)', () => {
    expect(clusterVariables({ ...dev, variables: { cluster_name: 'prod-eu', cluster_label_env: 'prod' } })).toMatchObject({ cluster_name: 'dev', cluster_label_env: 'dev' });
  });
});

describe('a placement’s per-cluster variables', () => {
  const placed = { clusterSelector: 'env in (prod, dev)', clusterNames: [], variables: { replicas: '2', tier: 'web', cluster_id: 'other' }, clusterVariables: { 'prod-eu': { replicas: '5' } } };

  it('cluster variables < the placement’s variables < the cluster entry’s < built-ins, per Kustomization', () => {
    const { body } = computeAssignment(prod, [k('web', placed), k('plain', { clusterSelector: 'env=prod', clusterNames: [] })], sources);
    expect(body.kustomizations.find((a) => a.name === 'web')!.variables).toMatchObject({ replicas: '5', tier: 'web', cluster_id: 'c-prod', cluster_name: 'prod-eu' });
    expect(body.kustomizations.find((a) => a.name === 'plain')!.variables).toEqual(clusterVariables(prod));
    expect(computeAssignment(dev, [k('web', placed)], sources).body.kustomizations[0]!.variables).toMatchObject({ replicas: '2', tier: 'web', cluster_id: 'c-dev' });
  });

  it('placedVariables ignores what is not a string map (a stored placement from before variables reads as none)', () => {
    expect(placedVariables({ clusterSelector: null, clusterNames: [] }, 'prod-eu')).toEqual({});
    expect(placedVariables({ variables: { a: 1, b: 'x' }, clusterVariables: { 'prod-eu': 'no' } }, 'prod-eu')).toEqual({ b: 'x' });
    expect(placedVariables({ clusterVariables: { 'prod-eu': { a: 'y' } } }, 'constructor')).toEqual({});
  });
});
