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
      { file: 'hub/b.yaml', placement: { line: 1, namespace: null, name: 'p', kustomizations: [{ name: 'web', line: 6 }], placement: { clusterSelector: 'env in (prod, staging)', clusterNames: ['edge-1', 'edge-2'] } } },
    ]);
  });

  it('an OCI or image kind in a fleet path is reported by file and line, not planned: the path declares GitRepositories and Kustomizations', () => {
    const r = parseFleetFiles(files({ 'images.yaml': 'apiVersion: image.toolkit.fluxcd.io/v1\nkind: ImageRepository\nmetadata:\n  name: repo\nspec:\n  image: ghcr.io/a/b\n  interval: 5m\n' }));
    expect(r.docs).toEqual([]);
    expect(r.problems).toEqual([{ file: 'images.yaml', line: 2, kind: 'ImageRepository', name: 'repo', field: 'kind', message: expect.stringContaining('flotilla import') }]);
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
