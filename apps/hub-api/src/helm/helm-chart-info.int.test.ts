import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHelmRepository, startPostgres, type TestHelmRepository, type TestPostgres } from '@flotilla/testenv';
import { eventually, TestHub, type Session, type TestUser } from '../../test/hub-harness.js';

// The chart's defaults and values.schema.json as the forms read them, and the schema enforced on save, against
// a real Postgres and a real HTTP chart repository (a chart packaged and indexed by the real helm binary).

const chartInfo = `query($repository: String!, $chart: String!, $version: String) { helmChartInfo(repository: $repository, chart: $chart, version: $version) { chart version digest defaultValues valuesSchema } }`;
const createRepo = `mutation($input: HelmRepositoryInput!) { createHelmRepository(input: $input) { id } }`;
const getRepo = `query($id: ID!) { helmRepository(id: $id) { ready } }`;
const createRel = `mutation($input: HelmReleaseInput!) { createHelmRelease(input: $input) { id generation chart { version failureReason } } }`;
const preview = `query($input: HelmValuesPreviewInput!) { helmValuesPreview(input: $input) { clusterName values error } }`;

const SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  required: ['replicaCount', 'image'],
  properties: {
    replicaCount: { type: 'integer', minimum: 1 },
    image: { type: 'object', required: ['tag'], properties: { tag: { type: 'string' } } },
  },
};

async function schemaChart(dir: string): Promise<string> {
  const chart = path.join(dir, 'guarded');
  await mkdir(path.join(chart, 'templates'), { recursive: true });
  await writeFile(path.join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: guarded\nversion: 0.1.0\n');
  await writeFile(path.join(chart, 'values.yaml'), '# defaults of the guarded chart\nreplicaCount: 1\nimage:\n  tag: "1.0"\n');
  await writeFile(path.join(chart, 'values.schema.json'), JSON.stringify(SCHEMA, null, 2));
  await writeFile(path.join(chart, 'templates', 'configmap.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\ndata:\n  replicas: "{{ .Values.replicaCount }}"\n');
  return chart;
}

const spec = (values: Record<string, unknown>, version = '0.x') => ({
  interval: '5m',
  chart: { spec: { chart: 'guarded', version, sourceRef: { kind: 'HelmRepository', name: 'charts' } } },
  values,
});

describe('helmChartInfo and values.schema.json on save (real Postgres, real HTTP chart repository)', () => {
  let pg: TestPostgres;
  let charts: TestHelmRepository;
  let t: TestHub;
  let work: string;
  const s = {} as Record<TestUser, Session>;
  let clusterId = '';

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'flotilla-chart-info-'));
    [pg, charts] = await Promise.all([startPostgres(), startHelmRepository()]);
    await charts.publishChart(await schemaChart(work));
    t = await TestHub.start(await pg.createDatabase());
    for (const u of ['admin', 'operator', 'viewer'] as const) s[u] = await t.login(u);
    clusterId = (await t.registeredCluster(s.operator, 'prod-eu', [{ key: 'env', value: 'prod' }, { key: 'region', value: 'eu' }])).clusterId;
    const r = await t.gql<{ createHelmRepository: { id: string } }>(s.operator, createRepo, { input: { name: 'charts', url: charts.url } });
    expect(r.errors).toBeUndefined();
    await eventually(async () => (await t.gql<{ helmRepository: { ready: string } }>(s.viewer, getRepo, { id: r.data!.createHelmRepository.id })).data!.helmRepository, (x) => x.ready === 'True', 30_000);
  }, 180_000);
  afterAll(async () => {
    await t?.stop();
    await Promise.all([charts?.stop(), pg?.stop()]);
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('answers the chart version the range selects, its values.yaml as written and its values.schema.json', async () => {
    const r = await t.gql<{ helmChartInfo: { chart: string; version: string; digest: string; defaultValues: string; valuesSchema: string | null } }>(s.operator, chartInfo, { repository: 'charts', chart: 'guarded', version: '0.x' });
    expect(r.errors).toBeUndefined();
    const info = r.data!.helmChartInfo;
    expect(info).toMatchObject({ chart: 'guarded', version: '0.1.0' });
    expect(info.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(info.defaultValues).toBe('# defaults of the guarded chart\nreplicaCount: 1\nimage:\n  tag: "1.0"\n');
    expect(JSON.parse(info.valuesSchema!)).toEqual(SCHEMA);
  });

  it('a second read is served from the stored archive: the chart repository is not asked again', async () => {
    const before = charts.requests();
    expect((await t.gql(s.operator, chartInfo, { repository: 'charts', chart: 'guarded', version: '0.1.0' })).errors).toBeUndefined();
    expect(charts.requests()).toBe(before);
  });

  it('a chart the index does not list, a range nothing matches, an unknown repository: BAD_USER_INPUT on that field', async () => {
    const cases = [
      { vars: { repository: 'charts', chart: 'nope', version: '*' }, field: 'chart', text: 'no chart name found: nope' },
      { vars: { repository: 'charts', chart: 'guarded', version: '9.x' }, field: 'version', text: "no 'guarded' chart with version matching '9.x' found" },
      { vars: { repository: 'missing', chart: 'guarded', version: '*' }, field: 'repository', text: 'no HelmRepository flotilla-system/missing' },
    ];
    for (const c of cases) {
      const r = await t.gql(s.operator, chartInfo, c.vars);
      expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(r.errors?.[0]?.extensions?.field).toBe(c.field);
      expect(r.errors?.[0]?.message).toContain(c.text);
    }
  });

  it('a viewer may not read a chart (the repository may be private): FORBIDDEN', async () => {
    const r = await t.gql(s.viewer, chartInfo, { repository: 'charts', chart: 'guarded', version: '*' });
    expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('values that break the chart’s schema are refused on spec.values, an overlay that breaks it on its own values; nothing is stored', async () => {
    const bad = await t.gql(s.operator, createRel, { input: { name: 'guarded', spec: spec({ replicaCount: 'two' }), placement: { clusterSelector: 'env=prod' } } });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'spec.values' });
    expect(bad.errors?.[0]?.message).toContain('replicaCount: must be integer');
    const overlay = await t.gql(s.operator, createRel, {
      input: { name: 'guarded', spec: spec({ replicaCount: 2 }), overlays: [{ clusterSelector: 'region=eu', values: { image: { tag: 7 } } }], placement: { clusterSelector: 'env=prod' } },
    });
    expect(overlay.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'overlays.0.values' });
    expect(overlay.errors?.[0]?.message).toContain('image.tag: must be string');
    expect(await t.sql('SELECT id FROM helm_releases')).toHaveLength(0);
  });

  it('the chart’s defaults count (helm coalesces them first): values that only override valid keys are accepted', async () => {
    const r = await t.gql<{ createHelmRelease: { id: string; chart: { version: string | null } } }>(s.operator, createRel, {
      input: { name: 'guarded', spec: spec({ replicaCount: 3 }), overlays: [{ clusterSelector: 'region=eu', values: { image: { tag: '${cluster_name}' } } }], placement: { clusterSelector: 'env=prod' } },
    });
    expect(r.errors).toBeUndefined();
    expect(r.data!.createHelmRelease.chart.version).toBe('0.1.0');
  });

  it('helmValuesPreview: the values a cluster would get from unsaved values and overlays (merged in order, variables substituted)', async () => {
    const r = await t.gql<{ helmValuesPreview: { clusterName: string; values: unknown; error: string | null } }>(s.operator, preview, {
      input: { clusterId, values: { replicaCount: 2, who: '${cluster_name}' }, overlays: [{ clusterSelector: 'region=eu', values: { replicaCount: 4 } }, { clusterSelector: 'region=us', values: { replicaCount: 9 } }] },
    });
    expect(r.errors).toBeUndefined();
    expect(r.data!.helmValuesPreview).toEqual({ clusterName: 'prod-eu', values: { replicaCount: 4, who: 'prod-eu' }, error: null });
    const undefinedVar = await t.gql<{ helmValuesPreview: { error: string | null } }>(s.operator, preview, { input: { clusterId, values: { x: '${nope}' } } });
    expect(undefinedVar.data!.helmValuesPreview.error).toContain('nope');
    const badSelector = await t.gql(s.operator, preview, { input: { clusterId, values: {}, overlays: [{ clusterSelector: 'env in (', values: {} }] } });
    expect(badSelector.errors?.[0]?.extensions?.field).toBe('overlays.0.clusterSelector');
  });
});
