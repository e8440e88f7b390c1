import { describe, expect, it } from 'vitest';
import { chartWithValuesFiles } from '../helm/git-chart.js';
import { helmReleasesTouched, maskSecrets } from './helm-cluster-diffs.js';

// Which hub HelmReleases a proposal's changed files touch, and on which clusters: pure, no helm needed.

const cluster = (name: string, labels: Record<string, string> = {}) => ({ id: `id-${name}`, name, labels, variables: {} });
const clusters = [cluster('a', { env: 'prod' }), cluster('b', { env: 'prod' }), cluster('c', { env: 'dev' })];
const release = (name: string, chart: Record<string, unknown>, placement: unknown = { clusterSelector: 'env=prod' }) => ({
  namespace: 'flux-system',
  name,
  spec: { interval: '5m', chart: { spec: { chart: './charts/app', sourceRef: { kind: 'GitRepository', name: 'fleet' }, ...chart } } },
  overlays: [],
  placement,
});
const source = { namespace: 'flux-system', name: 'fleet' };
const names = (touched: ReturnType<typeof helmReleasesTouched>) => touched.map((t) => [t.release.name, t.clusters.map((c) => c.name)]);

describe('helmReleasesTouched: a HelmRelease reads the source when its chart.spec.sourceRef is that GitRepository (Flux: chart is then a path in it)', () => {
  it('a changed file under the chart path touches the release on the clusters its placement targets', () => {
    expect(names(helmReleasesTouched([release('app', {})], source, ['charts/app/values.yaml'], clusters))).toEqual([['app', ['a', 'b']]]);
  });

  it('a file beside the chart (same prefix, other directory) or outside it does not', () => {
    expect(helmReleasesTouched([release('app', {})], source, ['charts/app-two/values.yaml', 'apps/app.yaml'], clusters)).toEqual([]);
  });

  it('a changed valuesFiles entry (a path from the repository root, as Flux reads it for a GitRepository chart) touches the release', () => {
    expect(names(helmReleasesTouched([release('app', { valuesFiles: ['./env/prod-values.yaml'] })], source, ['env/prod-values.yaml'], clusters))).toEqual([['app', ['a', 'b']]]);
  });

  it('a release reading another GitRepository, another namespace, or a HelmRepository of the same name is not touched', () => {
    const others = [
      release('other-repo', { sourceRef: { kind: 'GitRepository', name: 'other' } }),
      release('other-ns', { sourceRef: { kind: 'GitRepository', name: 'fleet', namespace: 'apps' } }),
      release('helm-repo', { chart: 'app', sourceRef: { kind: 'HelmRepository', name: 'fleet' } }),
    ];
    expect(helmReleasesTouched(others, source, ['charts/app/values.yaml', 'app/values.yaml'], clusters)).toEqual([]);
  });

  it('a release that targets no cluster is left out', () => {
    expect(helmReleasesTouched([release('app', {}, { clusterSelector: 'env=staging' })], source, ['charts/app/values.yaml'], clusters)).toEqual([]);
  });
});

describe('chartWithValuesFiles: valuesFiles merged over each other into values.yaml, as source-controller packages the chart', () => {
  const enc = (files: Record<string, string>) => new Map(Object.entries(files).map(([p, t]) => [p, new TextEncoder().encode(t)]));
  const tree = enc({ 'charts/app/Chart.yaml': 'name: app\nversion: 1.0.0\n', 'charts/app/values.yaml': 'a: 1\nb: 1\n', 'env/prod.yaml': 'b: 2\nc: 3\n' });

  it('later files override earlier ones key by key; the chart path is the root of the files', () => {
    const r = chartWithValuesFiles(tree, { chart: './charts/app', valuesFiles: ['charts/app/values.yaml', 'env/prod.yaml'] });
    expect(r.ok && [...r.files.keys()].sort()).toEqual(['Chart.yaml', 'values.yaml']);
    expect(r.ok && Buffer.from(r.files.get('values.yaml')!).toString()).toBe('a: 1\nb: 2\nc: 3\n');
  });

  it("a missing values file fails the chart with source-controller's message", () => {
    expect(chartWithValuesFiles(tree, { chart: './charts/app', valuesFiles: ['env/missing.yaml'] })).toEqual({ ok: false, message: "no values file found at path 'env/missing.yaml'" });
  });
});

describe('maskSecrets: no Secret value reaches the diff', () => {
  const secret = (data: Record<string, string>) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'default' }, data });

  it('every value becomes a placeholder; a value that changed gets another, so the key still shows as changed', () => {
    const { before, after } = maskSecrets([secret({ user: 'YQ==', password: 'cGFzcw==' })], [secret({ user: 'YQ==', password: 'bmV3', token: 'dA==' })]);
    expect(before).toEqual([secret({ user: '<secret-value>', password: '<secret-value>' })]);
    expect(after).toEqual([secret({ user: '<secret-value>', password: '<secret-value:changed>', token: '<secret-value:changed>' })]);
    expect(JSON.stringify([before, after])).not.toMatch(/cGFzcw|bmV3|YQ==|dA==/);
  });

  it('other kinds are left as rendered', () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '1' } };
    expect(maskSecrets([cm], [cm])).toEqual({ before: [cm], after: [cm] });
  });
});
