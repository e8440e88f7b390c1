import { describe, expect, it } from 'vitest';
import { validateHelmReleaseInput, validateHelmRepositoryInput } from '../helm/helm-validation.js';
import { validateGitRepositoryInput } from '../sources/git-repository.validation.js';
import { writeOf } from '../sources/git-repositories.service.js';
import { parseFleetFiles } from './fleet-files.parse.js';
import { planFleet, type FleetValidators } from './fleet-sync.plan.js';

// The planning of the kinds written through their services, with the validators the create mutations use (the
// HelmRepository and HelmRelease ones: this file declares no other service kind).

const files = (record: Record<string, string>) => new Map(Object.entries(record).map(([k, v]) => [k, new TextEncoder().encode(v)]));

const validators = (existing: readonly string[] = []): FleetValidators => ({
  git: validateGitRepositoryInput,
  gitUrl: () => undefined,
  gitWrite: writeOf,
  kustomization: () => {
    throw new Error('no Kustomization in these files');
  },
  document: (doc) => {
    if (doc.kind === 'HelmRelease') return validateHelmReleaseInput(doc.input);
    if (doc.kind === 'HelmRepository') return { ...validateHelmRepositoryInput(doc.input), placement: null };
    throw new Error(`no ${doc.kind} in these files`);
  },
  exists: (key) => existing.includes(key),
});

const repository = 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmRepository\nmetadata:\n  name: charts\nspec:\n  url: https://charts.example.com\n';
const release = (name: string, annotations = '') =>
  `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: ${name}\n${annotations}spec:\n  interval: 10m\n  chart:\n    spec:\n      chart: podinfo\n      sourceRef:\n        kind: HelmRepository\n        name: charts\n  values:\n    replicaCount: 2\n`;
const placing = (names: string[]) => `apiVersion: placement.flotilla.dev/v1alpha1\nkind: Placement\nmetadata:\n  name: prod\nspec:\n  helmReleases: [${names.join(', ')}]\n  clusterSelector: env=prod\n`;

describe('planFleet: the kinds written through their services', () => {
  it('a HelmRelease named by a Placement gets its placement, in the FleetSync’s namespace; the same document plans the same digest, a values change another', () => {
    const plan = (values: string) => planFleet(parseFleetFiles(files({ 'r.yaml': repository, 'h.yaml': release('web').replace('replicaCount: 2', values), 'p.yaml': placing(['web']) })), validators(), 'team-a');
    const first = plan('replicaCount: 2');
    expect(first.problems).toEqual([]);
    expect(first.desired.map((d) => [d.kind, d.namespace, d.name])).toEqual([
      ['HelmRelease', 'team-a', 'web'],
      ['HelmRepository', 'team-a', 'charts'],
    ]);
    const web = first.desired.find((d) => d.kind === 'HelmRelease')!;
    expect('doc' in web && web.doc.kind === 'HelmRelease' ? web.doc.input.placement : null).toEqual({ clusterSelector: 'env=prod', clusterNames: [] });
    const digest = (p: ReturnType<typeof plan>) => p.desired.map((d) => ('digest' in d ? d.digest : ''));
    expect(digest(plan('replicaCount: 2'))).toEqual(digest(first));
    expect(digest(plan('replicaCount: 3'))[0]).not.toBe(digest(first)[0]);
    expect(digest(plan('replicaCount: 3'))[1]).toBe(digest(first)[1]);
  });

  it('the placement annotations the import reads place a HelmRelease too; with a Placement as well, the file and line of the annotations are named', () => {
    const annotated = '  annotations:\n    placement.flotilla.dev/clusters: edge-1\n';
    const alone = planFleet(parseFleetFiles(files({ 'r.yaml': repository, 'h.yaml': release('web', annotated) })), validators(), 'team-a');
    expect(alone.problems).toEqual([]);
    const web = alone.desired.find((d) => d.kind === 'HelmRelease')!;
    expect('doc' in web && web.doc.kind === 'HelmRelease' ? web.doc.input.placement : null).toEqual({ clusterSelector: null, clusterNames: ['edge-1'] });

    const both = planFleet(parseFleetFiles(files({ 'r.yaml': repository, 'h.yaml': release('web', annotated), 'p.yaml': placing(['web']) })), validators(), 'team-a');
    expect(both.problems.map(({ file, line, field }) => ({ file, line, field }))).toEqual([{ file: 'h.yaml', line: 5, field: 'metadata.annotations' }]);
    expect(both.problems[0]!.message).toContain('placed by Placement prod (p.yaml)');
  });

  it('a Placement naming a HelmRelease the path does not declare, or one another Placement places, is named by file and line', () => {
    const r = planFleet(
      parseFleetFiles(files({ 'r.yaml': repository, 'h.yaml': release('web'), 'p.yaml': placing(['web', 'ghost']), 'q.yaml': placing(['web']).replace('name: prod', 'name: again') })),
      validators(),
      'team-a',
    );
    expect(r.problems.map(({ file, line, field, message }) => ({ file, line, field, message }))).toEqual([
      { file: 'p.yaml', line: 6, field: 'spec.helmReleases', message: 'spec.helmReleases: no HelmRelease team-a/ghost under the path' },
      { file: 'q.yaml', line: 6, field: 'spec.helmReleases', message: expect.stringContaining('HelmRelease team-a/web is placed by Placement prod (p.yaml) already') },
    ]);
  });

  it('a bad field of a HelmRelease is a problem at its file and line, in the document’s terms', () => {
    const r = planFleet(parseFleetFiles(files({ 'r.yaml': repository, 'h.yaml': release('web').replace('interval: 10m', 'interval: soon') })), validators(), 'team-a');
    expect(r.problems.map(({ file, line, kind, field }) => ({ file, line, kind, field }))).toEqual([{ file: 'h.yaml', line: 6, kind: 'HelmRelease', field: 'spec.interval' }]);
  });
});
