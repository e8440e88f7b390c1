import { describe, expect, it } from 'vitest';
import { isFleetFile, normalisePath, parseFleetFiles } from './fleet-files.parse.js';

const files = (record: Record<string, string>) => new Map(Object.entries(record).map(([k, v]) => [k, new TextEncoder().encode(v)]));

describe('parseFleetFiles', () => {
  it('reads Flux documents and Placements of every file, by file', () => {
    const r = parseFleetFiles(
      files({
        'hub/a.yaml': 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: app\nspec:\n  url: https://example.com/app.git\n',
        'hub/b.yaml': 'apiVersion: placement.flotilla.dev/v1alpha1\nkind: Placement\nmetadata:\n  name: p\nspec:\n  kustomizations: [web]\n  clusterSelector: env in (prod, staging)\n  clusters: [edge-2, edge-1]\n',
      }),
    );
    expect(r.problems).toEqual([]);
    expect(r.docs.map((d) => [d.file, d.doc.kind, d.doc.name])).toEqual([['hub/a.yaml', 'GitRepository', 'app']]);
    expect(r.placements).toEqual([
      { file: 'hub/b.yaml', placement: { line: 1, namespace: null, name: 'p', kustomizations: [{ name: 'web', line: 6 }], helmReleases: [], placement: { clusterSelector: 'env in (prod, staging)', clusterNames: ['edge-1', 'edge-2'] }, variables: { variables: {}, clusterVariables: {} } } },
    ]);
  });

  it('reads every kind the Flux YAML import accepts (an ImageRepository here); a kind it does not is reported by file and line', () => {
    const r = parseFleetFiles(
      files({
        'images.yaml': 'apiVersion: image.toolkit.fluxcd.io/v1\nkind: ImageRepository\nmetadata:\n  name: repo\nspec:\n  image: ghcr.io/a/b\n  interval: 5m\n',
        'other.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n',
      }),
    );
    expect(r.docs.map((d) => [d.file, d.doc.kind, d.doc.name])).toEqual([['images.yaml', 'ImageRepository', 'repo']]);
    expect(r.problems).toEqual([{ file: 'other.yaml', line: 2, kind: 'ConfigMap', name: 'cm', field: 'kind', message: expect.stringContaining('unknown kind "ConfigMap"') }]);
  });

  it('a Placement places HelmReleases (spec.helmReleases) beside Kustomizations; with variables (postBuild, which a HelmRelease has not) it places none', () => {
    const r = parseFleetFiles(
      files({
        'p.yaml': 'apiVersion: placement.flotilla.dev/v1alpha1\nkind: Placement\nmetadata:\n  name: p\nspec:\n  helmReleases: [podinfo]\n  clusters: [edge-1]\n---\napiVersion: placement.flotilla.dev/v1alpha1\nkind: Placement\nmetadata:\n  name: q\nspec:\n  kustomizations: [web]\n  helmReleases: [redis]\n  variables: { replicas: "2" }\n',
      }),
    );
    expect(r.placements.map((p) => [p.placement.name, p.placement.kustomizations, p.placement.helmReleases, p.placement.placement.clusterNames])).toEqual([['p', [], [{ name: 'podinfo', line: 6 }], ['edge-1']]]);
    expect(r.problems.map(({ line, field, name }) => ({ line, field, name }))).toEqual([{ line: 16, field: 'spec.variables', name: 'q' }]);
    expect(r.problems[0]!.message).toContain('helm.flotilla.dev/overlays');
  });

  it('names each Placement problem by file and line: wrong apiVersion, unknown field, empty list, bad selector', () => {
    const r = parseFleetFiles(
      files({
        'p.yaml': 'apiVersion: placement.flotilla.dev/v1\nkind: Placement\nmetadata:\n  name: p\nspec:\n  kustomizations: []\n  extra: 1\n---\napiVersion: placement.flotilla.dev/v1alpha1\nkind: Placement\nmetadata:\n  name: q\nspec:\n  kustomizations: [a]\n  clusterSelector: "env in prod"\n',
      }),
    );
    expect(r.problems.map(({ line, field, name }) => ({ line, field, name }))).toEqual([
      { line: 1, field: 'apiVersion', name: 'p' },
      { line: 7, field: 'spec.extra', name: 'p' },
      { line: 6, field: 'spec.kustomizations', name: 'p' },
      { line: 15, field: 'spec.clusterSelector', name: 'q' },
    ]);
    expect(r.placements).toEqual([]);
  });

  it('reads per-cluster variables: spec.variables for every placed cluster, and a cluster entry {name, variables} beside plain names', () => {
    const r = parseFleetFiles(
      files({
        'p.yaml': 'apiVersion: placement.flotilla.dev/v1alpha1\nkind: Placement\nmetadata:\n  name: p\nspec:\n  kustomizations: [web]\n  clusterSelector: env=prod\n  variables: { replicas: "2", __proto__: "kept" }\n  clusters:\n    - edge-1\n    - name: edge-2\n      variables:\n        replicas: "3"\n    - name: edge-3\n',
      }),
    );
    expect(r.problems).toEqual([]);
    const p = r.placements[0]!.placement;
    expect(p.placement).toEqual({ clusterSelector: 'env=prod', clusterNames: ['edge-1', 'edge-2', 'edge-3'] });
    expect(p.variables.clusterVariables).toEqual({ 'edge-2': { replicas: '3' } });
    expect(Object.entries(p.variables.variables)).toEqual([['replicas', '2'], ['__proto__', 'kept']]);
  });

  it('names each bad variable by field and line: a number value, a name Flux refuses, a cluster given twice, a list for a map', () => {
    const r = parseFleetFiles(
      files({
        'p.yaml': 'apiVersion: placement.flotilla.dev/v1alpha1\nkind: Placement\nmetadata:\n  name: p\nspec:\n  kustomizations: [web]\n  variables:\n    replicas: 3\n    my-var: "x"\n  clusters:\n    - name: edge-1\n      variables: [a]\n    - name: edge-1\n    - 7\n',
      }),
    );
    expect(r.problems.map(({ line, field }) => ({ line, field }))).toEqual([
      { line: 8, field: 'spec.variables.replicas' },
      { line: 9, field: 'spec.variables.my-var' },
      { line: 12, field: 'spec.clusters.0.variables' },
      { line: 13, field: 'spec.clusters.1.name' },
      { line: 14, field: 'spec.clusters.2' },
    ]);
    expect(r.problems[1]!.message).toBe('spec.variables.my-var: "my-var" is not a valid variable name (letters, digits, _; not starting with a digit)');
    expect(r.placements).toEqual([]);
  });

  it('refuses a file that is not UTF-8, and keeps reading the others', () => {
    const m = files({ 'ok.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n' });
    m.set('bad.yaml', new Uint8Array([0xff, 0xfe, 0x00]));
    const r = parseFleetFiles(m);
    expect(r.problems.map((p) => [p.file, p.line, p.message.slice(0, 20)])).toEqual([
      ['bad.yaml', 1, 'not UTF-8 text'],
      ['ok.yaml', 2, 'kind: unknown kind "'],
    ]);
  });
});

describe('fleet paths', () => {
  it.each([
    ['./clusters/hub', 'clusters/hub/'],
    ['clusters/hub/', 'clusters/hub/'],
    ['./', ''],
    ['.', ''],
    ['', ''],
  ])('normalisePath(%j) = %j', (input, expected) => expect(normalisePath(input)).toBe(expected));

  it('takes YAML files under the path and its subdirectories only', () => {
    expect(isFleetFile('clusters/hub/', 'clusters/hub/apps/web.yml')).toBe(true);
    expect(isFleetFile('clusters/hub/', 'clusters/hub2/web.yaml')).toBe(false);
    expect(isFleetFile('clusters/hub/', 'clusters/hub/README.md')).toBe(false);
    expect(isFleetFile('', 'web.YAML')).toBe(true);
  });
});
