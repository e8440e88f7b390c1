import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { binaryPath, startGitServer, startHelmRepository, startPostgres, type TestGitServer, type TestHelmRepository, type TestPostgres } from '@flotilla/testenv';
import { FLEET_EDIT_DIFF_PROPOSAL, type FleetEditDiffProposal as Proposal } from '../../test/fleet-edit-repo.js';
import { eventually, TestHub, type Session, type TestUser } from '../../test/hub-harness.js';

// The per-cluster diffs of a proposed edit or deletion of a git-managed HelmRelease: its chart rendered with the
// real helm at the hub, before and after, on every cluster it is placed on (real Postgres, git server, HTTP
// chart repository and helm).

interface Release {
  id: string;
  name: string;
  spec: Record<string, unknown>;
  placement: { clusterNames: string[]; clusterSelector: string | null };
  chart: { digest: string | null };
}

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}
  namespace: {{ .Release.Namespace }}
spec:
  replicas: {{ .Values.replicas }}
  selector:
    matchLabels: { app: {{ .Release.Name }} }
  template:
    metadata:
      labels: { app: {{ .Release.Name }} }
    spec:
      containers:
        - name: app
          image: nginx
`;
const settings = `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-settings
  namespace: {{ .Release.Namespace }}
data:
  cluster: {{ .Values.cluster | quote }}
`;
const service = `apiVersion: v1
kind: Service
metadata:
  name: {{ .Release.Name }}
  namespace: {{ .Release.Namespace }}
spec:
  selector: { app: {{ .Release.Name }} }
  ports: [{ port: 80 }]
`;

// web on eu (values name the cluster); frozen, suspended, on us.
const release = (name: string, cluster: string, extra = '') => `apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: ${name}
  annotations:
    placement.flotilla.dev/clusters: ${cluster}
spec:
  interval: 5m
  chart:
    spec:
      chart: web
      version: 0.1.0
      sourceRef:
        kind: HelmRepository
        name: charts
  values:
    replicas: 1
    cluster: \${cluster_name}
${extra}`;

/** A chart named web at charts/<dir> of a git repository. */
const gitChartFiles = (dir: string, templates: Record<string, string>): Record<string, string> => ({
  [`charts/${dir}/Chart.yaml`]: 'apiVersion: v2\nname: web\nversion: 0.1.0\n',
  [`charts/${dir}/values.yaml`]: 'replicas: 1\ncluster: none\n',
  ...Object.fromEntries(Object.entries(templates).map(([f, text]) => [`charts/${dir}/templates/${f}`, text])),
});

describe('per-cluster diffs of proposed FleetSync edits of HelmReleases (real helm at the hub)', () => {
  let pg: TestPostgres;
  let git: TestGitServer;
  let charts: TestHelmRepository;
  let t: TestHub;
  let work: string;
  const s = {} as Record<TestUser, Session>;

  beforeAll(async () => {
    [pg, git, charts] = await Promise.all([startPostgres(), startGitServer(), startHelmRepository()]);
    t = await TestHub.start(await pg.createDatabase(), { helmBinary: await binaryPath('helm') });
    for (const u of ['admin', 'operator', 'viewer'] as const) s[u] = await t.login(u);
    for (const name of ['eu', 'us', 'lab']) await t.registeredCluster(s.admin, name);
    // web 0.1.0: a Deployment and a ConfigMap; 0.2.0 adds a Service.
    work = await mkdtemp(path.join(tmpdir(), 'fleet-helm-'));
    for (const [version, templates] of [['0.1.0', { 'deployment.yaml': deployment, 'settings.yaml': settings }], ['0.2.0', { 'deployment.yaml': deployment, 'settings.yaml': settings, 'service.yaml': service }]] as const) {
      const dir = path.join(work, version, 'web');
      await mkdir(path.join(dir, 'templates'), { recursive: true });
      await writeFile(path.join(dir, 'Chart.yaml'), `apiVersion: v2\nname: web\nversion: ${version}\n`);
      await writeFile(path.join(dir, 'values.yaml'), 'replicas: 1\ncluster: none\n');
      for (const [file, text] of Object.entries(templates)) await writeFile(path.join(dir, 'templates', file), text);
      await charts.publishChart(dir);
    }
    const fleet = await git.createRepo('fleet');
    // A repository of charts whose main holds web 0.1.0 and whose next adds the Service: a git-managed
    // GitRepository reads it, and the release srcweb (on eu and us) takes its chart from there.
    const chartsRepo = await git.createRepo('chart-source');
    await git.pushFiles(chartsRepo, gitChartFiles('web', { 'deployment.yaml': deployment, 'settings.yaml': settings }));
    await git.pushFiles(chartsRepo, gitChartFiles('web', { 'deployment.yaml': deployment, 'settings.yaml': settings, 'service.yaml': service }), { branch: 'next' });
    // The same two charts kept in the fleet repository, outside the FleetSync's path: gitweb reads them there.
    const gitChart = gitChartFiles;
    await git.pushFiles(fleet, {
      ...gitChart('web', { 'deployment.yaml': deployment, 'settings.yaml': settings }),
      ...gitChart('web2', { 'deployment.yaml': deployment, 'settings.yaml': settings, 'service.yaml': service }),
      'clusters/hub/gitweb.yaml': release('gitweb', 'eu').replace('chart: web\n      version: 0.1.0\n      sourceRef:\n        kind: HelmRepository\n        name: charts', 'chart: ./charts/web\n      sourceRef:\n        kind: GitRepository\n        name: fleet'),
      'clusters/hub/charts.yaml': `apiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmRepository\nmetadata:\n  name: charts\nspec:\n  url: ${charts.url}\n  interval: 1h\n`,
      'clusters/hub/web.yaml': release('web', 'eu'),
      'clusters/hub/frozen.yaml': release('frozen', 'us', '  suspend: true\n'),
      'clusters/hub/chart-source.yaml': `apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: chart-source\nspec:\n  url: ${chartsRepo}\n  ref:\n    branch: main\n  interval: 1h\n`,
      'clusters/hub/srcweb.yaml': release('srcweb', 'eu, us').replace('chart: web\n      version: 0.1.0\n      sourceRef:\n        kind: HelmRepository\n        name: charts', 'chart: ./charts/web\n      sourceRef:\n        kind: GitRepository\n        name: chart-source'),
    });
    await t.gqlData(s.admin, 'mutation($input: GitRepositoryInput!) { createGitRepository(input: $input) { id } }', { input: { name: 'fleet', url: fleet, ref: { branch: 'main' }, interval: '1h' } });
    await t.gqlData(s.admin, 'mutation($input: FleetSyncInput!) { createFleetSync(input: $input) { id } }', { input: { name: 'hub', sourceName: 'fleet', path: './clusters/hub' } });
    // The hub resolves each release's chart (0.1.0) from the repository's index once it has fetched it.
    await eventually(releases, (rs) => rs.length === 4 && rs.every((r) => r.chart.digest !== null), 60_000);
  }, 180_000);
  afterAll(async () => {
    await t?.stop();
    await Promise.all([git?.stop(), charts?.stop(), pg?.stop(), work ? rm(work, { recursive: true, force: true }) : undefined]);
  });

  const gql = <T>(who: TestUser, query: string, variables: Record<string, unknown> = {}): Promise<T> => t.gqlData<T>(s[who], query, variables);
  async function releases(): Promise<Release[]> {
    return (await gql<{ helmReleases: Release[] }>('viewer', '{ helmReleases { id name spec placement { clusterNames clusterSelector } chart { digest } } }')).helmReleases;
  }
  const byName = async (name: string) => (await releases()).find((r) => r.name === name)!;
  const proposeEdit = async (name: string, spec: (s: Record<string, unknown>) => Record<string, unknown>, placement?: { clusterNames: string[] }): Promise<Proposal> => {
    const r = await byName(name);
    const input = { name, spec: spec(r.spec), placement: placement ?? { clusterNames: r.placement.clusterNames, clusterSelector: r.placement.clusterSelector } };
    return (await gql<{ proposeHelmReleaseEdit: Proposal }>('admin', `mutation($id: ID!, $input: HelmReleaseInput!) { proposeHelmReleaseEdit(id: $id, input: $input) { ${FLEET_EDIT_DIFF_PROPOSAL} } }`, { id: r.id, input })).proposeHelmReleaseEdit;
  };
  const proposeDelete = async (name: string): Promise<Proposal> =>
    (await gql<{ proposeFleetDelete: Proposal }>('admin', `mutation($id: ID!) { proposeFleetDelete(kind: "HelmRelease", id: $id) { ${FLEET_EDIT_DIFF_PROPOSAL} } }`, { id: (await byName(name)).id })).proposeFleetDelete;
  const stored = async (id: string): Promise<Proposal> => (await gql<{ updateProposal: Proposal }>('viewer', `query($id: ID!) { updateProposal(id: $id) { ${FLEET_EDIT_DIFF_PROPOSAL} } }`, { id })).updateProposal;
  const withChart = (version: string) => (spec: Record<string, unknown>) => {
    const chart = spec.chart as { spec: Record<string, unknown> };
    return { ...spec, chart: { ...chart, spec: { ...chart.spec, version } } };
  };
  const proposeSource = async (input: Record<string, unknown>): Promise<Proposal> => {
    const sources = (await gql<{ gitRepositories: { id: string; name: string; url: string }[] }>('viewer', '{ gitRepositories { id name url } }')).gitRepositories;
    const source = sources.find((r) => r.name === 'chart-source')!;
    return (await gql<{ proposeGitRepositoryEdit: Proposal }>('operator', `mutation($id: ID!, $input: GitRepositoryInput!) { proposeGitRepositoryEdit(id: $id, input: $input) { ${FLEET_EDIT_DIFF_PROPOSAL} } }`, { id: source.id, input: { name: 'chart-source', url: source.url, interval: '1h', ...input } })).proposeGitRepositoryEdit;
  };
  const summary = (p: Proposal) => p.clusterDiffs.map((d) => [d.helmRelease, d.cluster, d.added, d.changed.map((c) => [c.object, c.fields]), d.removed, d.error]);

  it('a changed value: on the one cluster the release is placed on, exactly the object rendered from it changes (helm template with that cluster’s values); stored with the proposal', async () => {
    const p = await proposeEdit('web', (spec) => ({ ...spec, values: { ...(spec.values as object), replicas: 3 } }));
    expect(p.fleetEdit).toEqual({ kind: 'HelmRelease', name: 'web', action: 'edit' });
    expect(summary(p)).toEqual([['flotilla-system/web', 'eu', [], [['Deployment/flotilla-system/web', ['spec.replicas']]], [], null]]);
    expect(p.clusterDiffs[0]!.note).toBeNull();
    const change = p.clusterDiffs[0]!.changed[0]!;
    expect([(parse(change.before) as { spec: { replicas: number } }).spec.replicas, (parse(change.after) as { spec: { replicas: number } }).spec.replicas]).toEqual([1, 3]);
    expect((await stored(p.id)).clusterDiffs).toEqual(p.clusterDiffs);
  }, 90_000);

  it('a new chart version and a cluster added to the placement (the version the range selects in the HelmRepository’s index, as source-controller picks it): eu gains the Service, us gains every object', async () => {
    const p = await proposeEdit('web', withChart('0.2.0'), { clusterNames: ['eu', 'us'] });
    expect(summary(p)).toEqual([
      ['flotilla-system/web', 'eu', ['Service/flotilla-system/web'], [], [], null],
      ['flotilla-system/web', 'us', ['ConfigMap/flotilla-system/web-settings', 'Deployment/flotilla-system/web', 'Service/flotilla-system/web'], [], [], null],
    ]);
  }, 90_000);

  it('a chart version the repository does not have: the proposal is made, each cluster’s diff carrying a note that names the chart and why, never an error', async () => {
    const p = await proposeEdit('web', withChart('9.x'), { clusterNames: ['eu', 'us'] });
    expect(p.state).toBe('open');
    expect(p.clusterDiffs.map((d) => [d.cluster, d.added, d.changed, d.removed, d.error])).toEqual([
      ['eu', [], [], [], null],
      ['us', [], [], [], null],
    ]);
    for (const d of p.clusterDiffs) expect(d.note).toMatch(/^not rendered: chart web 9\.x from HelmRepository flotilla-system\/charts: .*9\.x/);
  }, 90_000);

  it('a chart kept in a GitRepository (chart.spec.chart the path, as source-controller builds a HelmChart from git): a new path renders the chart packaged from the hub’s artifact', async () => {
    const p = await proposeEdit('gitweb', (spec) => {
      const chart = spec.chart as { spec: Record<string, unknown> };
      return { ...spec, chart: { ...chart, spec: { ...chart.spec, chart: './charts/web2' } } };
    });
    expect(summary(p)).toEqual([['flotilla-system/gitweb', 'eu', ['Service/flotilla-system/gitweb'], [], [], null]]);
    expect(p.clusterDiffs[0]!.note).toBeNull();
  }, 90_000);

  it('a HelmRepository the hub does not hold: the proposal is made, the cluster’s diff a note naming the source', async () => {
    const p = await proposeEdit('web', (spec) => {
      const chart = spec.chart as { spec: Record<string, unknown> };
      return { ...spec, chart: { ...chart, spec: { ...chart.spec, sourceRef: { kind: 'HelmRepository', name: 'elsewhere' } } } };
    });
    expect(p.state).toBe('open');
    expect(summary(p)).toEqual([['flotilla-system/web', 'eu', [], [], [], null]]);
    expect(p.clusterDiffs[0]!.note).toMatch(/^not rendered: chart web 0\.1\.0 from HelmRepository flotilla-system\/elsewhere: .*no HelmRepository flotilla-system\/elsewhere/);
  }, 90_000);

  it('a changed ref of the GitRepository that holds a release’s chart (source-controller builds the HelmChart from the new revision’s artifact): on each cluster the release is placed on, the chart from the hub’s artifact against the one from the new ref', async () => {
    const p = await proposeSource({ ref: { branch: 'next' } });
    expect(p.fleetEdit).toEqual({ kind: 'GitRepository', name: 'chart-source', action: 'edit' });
    expect(summary(p)).toEqual([
      ['flotilla-system/srcweb', 'eu', ['Service/flotilla-system/srcweb'], [], [], null],
      ['flotilla-system/srcweb', 'us', ['Service/flotilla-system/srcweb'], [], [], null],
    ]);
    for (const d of p.clusterDiffs) expect([d.kustomization, d.note]).toEqual([null, null]);
    // The same revision with other ignore rules: the chart is the same, each cluster says so with an empty diff.
    expect(summary(await proposeSource({ ref: { branch: 'main' }, ignore: '/README.md\n' }))).toEqual([
      ['flotilla-system/srcweb', 'eu', [], [], [], null],
      ['flotilla-system/srcweb', 'us', [], [], [], null],
    ]);
  }, 90_000);

  it('ignore rules that leave out the chart’s templates (source-controller applies them when it makes the artifact): the object of the template left out listed as removed on each cluster (helm’s upgrade deletes what leaves the release’s manifest)', async () => {
    const p = await proposeSource({ ref: { branch: 'main' }, ignore: '/charts/web/templates/settings.yaml\n' });
    expect(summary(p)).toEqual([
      ['flotilla-system/srcweb', 'eu', [], [], ['ConfigMap/flotilla-system/srcweb-settings'], null],
      ['flotilla-system/srcweb', 'us', [], [], ['ConfigMap/flotilla-system/srcweb-settings'], null],
    ]);
  }, 90_000);

  it('a ref the repository does not have: the proposal is made, each cluster the release is placed on carrying a note that the new ref could not be fetched, never an error', async () => {
    const p = await proposeSource({ ref: { branch: 'nowhere' } });
    expect(p.state).toBe('open');
    expect(summary(p)).toEqual([
      ['flotilla-system/srcweb', 'eu', [], [], [], null],
      ['flotilla-system/srcweb', 'us', [], [], [], null],
    ]);
    for (const d of p.clusterDiffs) expect(d.note).toMatch(/^not rendered: fetching the new ref: .*nowhere/);
  }, 90_000);

  it('a proposed deletion: every object listed as removed on its cluster, the note saying Flux uninstalls the release (helm-controller uninstalls a deleted HelmRelease)', async () => {
    const p = await proposeDelete('web');
    expect(p.fleetEdit).toEqual({ kind: 'HelmRelease', name: 'web', action: 'delete' });
    expect(summary(p)).toEqual([['flotilla-system/web', 'eu', [], [], ['ConfigMap/flotilla-system/web-settings', 'Deployment/flotilla-system/web'], null]]);
    expect(p.clusterDiffs[0]!.note).toMatch(/^Flux uninstalls the release: helm deletes the objects listed as removed/);
  }, 90_000);

  it('a proposed deletion of a suspended release: the objects listed as removed, the note saying Flux skips the uninstall so they stay (helm-controller leaves a suspended release installed)', async () => {
    const p = await proposeDelete('frozen');
    expect(summary(p)).toEqual([['flotilla-system/frozen', 'us', [], [], ['ConfigMap/flotilla-system/frozen-settings', 'Deployment/flotilla-system/frozen'], null]]);
    expect(p.clusterDiffs[0]!.note).toMatch(/^suspend is true: Flux skips the uninstall/);
  }, 90_000);
});
