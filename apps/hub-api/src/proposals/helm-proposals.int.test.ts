import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binaryPath, helmRenderPath, startGitServer, startPostgres, startRegistry, type TestGitServer, type TestPostgres, type TestRegistry } from '@flotilla/testenv';
import { eventually, TestHub, type Session, type TestUser } from '../../test/hub-harness.js';
import { pushTags } from '../images/image-test-fixtures.js';
import { HelmTemplate } from '../helm/helm-template.js';

// A hub HelmRelease whose chart is in the proposal's GitRepository: the hub packages the chart from the
// repository's artifact, and a proposal changing the chart's values.yaml shows, per targeted cluster, what the
// real `helm template` renders at base and head (real Postgres, registry, git server and helm binary).

const chartYaml = (name: string) => `apiVersion: v2\nname: ${name}\nversion: 0.1.0\n`;
const values = (image: string) => `image: ${image} # {"$imagepolicy": "flux-system:app"}\npassword: s3cr3t-value\n`;
const deploymentTemplate = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}
  namespace: {{ .Release.Namespace }}
spec:
  selector:
    matchLabels: { app: {{ .Release.Name }} }
  template:
    metadata:
      labels: { app: {{ .Release.Name }} }
    spec:
      containers:
        - name: app
          image: {{ .Values.image }}
          env:
            - name: CLUSTER
              value: {{ .Values.cluster | quote }}
`;
const secretTemplate = `apiVersion: v1
kind: Secret
metadata:
  name: {{ .Release.Name }}-auth
  namespace: {{ .Release.Namespace }}
stringData:
  password: {{ .Values.password }}
  image: {{ .Values.image }}
`;
const brokenTemplate = `apiVersion: v1
kind: ConfigMap
metadata:
  name: broken
data:
  v: {{ required "values.missing is required" .Values.missing }}
`;

interface Diff {
  kustomization: string | null;
  helmRelease: string | null;
  cluster: string;
  added: string[];
  changed: { object: string; fields: string[]; before: string | null; after: string | null }[];
  removed: string[];
  error: string | null;
  note: string | null;
}
const diffFields = 'kustomization helmRelease cluster added changed { object fields before after } removed error note';

// Once with `helm template` per render, once with the render helper (helm's library in one process): the same
// proposals either way.
describe.each([
  ['helm template', false],
  ['the render helper', true],
])('proposals render hub HelmReleases whose chart is in the source (real helm at the hub: %s)', (_engine, withHelper) => {
  let pg: TestPostgres;
  let registry: TestRegistry;
  let git: TestGitServer;
  let t: TestHub;
  const s = {} as Record<TestUser, Session>;

  beforeAll(async () => {
    [pg, registry, git] = await Promise.all([startPostgres(), startRegistry(), startGitServer({ auth: 'basic' })]);
    t = await TestHub.start(await pg.createDatabase(), { helmBinary: await binaryPath('helm'), ...(withHelper ? { helmRenderBinary: await helmRenderPath() } : {}) });
    for (const u of ['admin', 'operator', 'viewer'] as const) s[u] = await t.login(u);
  }, 120_000);
  afterAll(async () => {
    await t?.stop();
    await Promise.all([registry?.stop(), git?.stop(), pg?.stop()]);
  });

  const gql = async <T>(who: TestUser, query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const r = await t.gql<T>(s[who], query, variables);
    if (!r.data || r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data;
  };

  it('a chart from a GitRepository is packaged for the fleet; a tag bump in its values.yaml shows Deployment/<ns>/<name> changed at spec.template.spec.containers[0].image per targeted cluster with its values overlay; Secret values are masked; a chart that fails to render is an error for that cluster only', async () => {
    const image = `${registry.host}/team/app`;
    await pushTags(registry.host, 'team/app', ['1.0.0']);
    const url = await git.createRepo('fleet');
    await git.pushFiles(url, {
      'charts/app/Chart.yaml': chartYaml('app'),
      'charts/app/values.yaml': values(`${image}:1.0.0`),
      'charts/app/templates/deployment.yaml': deploymentTemplate,
      'charts/app/templates/secret.yaml': secretTemplate,
      'charts/broken/Chart.yaml': chartYaml('broken'),
      'charts/broken/values.yaml': values(`${image}:1.0.0`),
      'charts/broken/templates/cm.yaml': brokenTemplate,
    });
    const { username, password } = git.credentials;
    await gql('operator', 'mutation($input: GitRepositoryInput!) { createGitRepository(input: $input) { id } }', { input: { namespace: 'flux-system', name: 'fleet', url, ref: { branch: 'main' }, interval: '1h', credentials: { username, password } } });
    for (const name of ['a', 'b', 'c']) await t.registeredCluster(s.admin, name, [{ key: 'tier', value: name === 'b' ? 'gold' : 'std' }]);

    const createRelease = (name: string, chart: string) =>
      gql<{ createHelmRelease: { id: string } }>('operator', 'mutation($input: HelmReleaseInput!) { createHelmRelease(input: $input) { id } }', {
        input: {
          namespace: 'flux-system',
          name,
          spec: { interval: '5m', targetNamespace: 'default', releaseName: name, chart: { spec: { chart, sourceRef: { kind: 'GitRepository', name: 'fleet' } } }, values: { cluster: '${cluster_name}' } },
          overlays: [{ clusterSelector: 'tier=gold', values: { cluster: 'gold-${cluster_name}' } }],
          placement: { clusterNames: ['a', 'b'] },
        },
      });
    const app = (await createRelease('app', './charts/app')).createHelmRelease.id;
    await createRelease('broken', './charts/broken');
    // The hub packages the chart out of the repository's artifact (Chart.yaml's name and version).
    const chart = await eventually(
      () => gql<{ helmRelease: { chart: { name: string | null; version: string | null; digest: string | null; failureReason: string | null } } }>('viewer', 'query($id: ID!) { helmRelease(id: $id) { chart { name version digest failureReason } } }', { id: app }),
      (r) => r.helmRelease.chart.digest !== null,
      60_000,
    );
    expect(chart.helmRelease.chart).toMatchObject({ name: 'app', version: '0.1.0', failureReason: null });

    {
      const repo = (await gql<{ createImageRepository: { id: string } }>('operator', 'mutation($input: ImageRepositoryInput!) { createImageRepository(input: $input) { id } }', { input: { namespace: 'flux-system', name: 'app', image, interval: '1h', insecure: true } })).createImageRepository.id;
      await eventually(() => gql<{ imageRepository: { ready: string } }>('viewer', 'query($id: ID!) { imageRepository(id: $id) { ready } }', { id: repo }), (r) => r.imageRepository.ready === 'True', 60_000);
      await gql('operator', 'mutation($input: ImagePolicyInput!) { createImagePolicy(input: $input) { id } }', { input: { namespace: 'flux-system', name: 'app', imageRepositoryRef: { name: 'app' }, policy: { semver: { range: '~1.0' } } } });
      await gql('operator', 'mutation($input: ImageUpdateAutomationInput!) { createImageUpdateAutomation(input: $input) { id } }', {
        input: { namespace: 'flux-system', name: 'charts', sourceName: 'fleet', authorName: 'Flotilla', authorEmail: 'bot@flotilla.dev', updatePath: './charts', messageTemplate: 'Update' },
      });
      await pushTags(registry.host, 'team/app', ['1.0.1']);
      await gql('operator', 'mutation($id: ID!) { scanImageRepository(id: $id) }', { id: repo });
    }

    const [proposal] = await eventually(
      async () => (await gql<{ updateProposals: { state: string; clusterDiffs: Diff[] }[] }>('viewer', `query { updateProposals(open: true) { state clusterDiffs { ${diffFields} } } }`)).updateProposals,
      (ps) => ps.length === 1,
      90_000,
    );
    expect(proposal!.state).toBe('open');
    const byRelease = (name: string) => proposal!.clusterDiffs.filter((d) => d.helmRelease === `flux-system/${name}`).sort((x, y) => x.cluster.localeCompare(y.cluster));
    const appDiffs = byRelease('app');
    // Cluster c is not targeted; a and b are, each rendered with its own values.
    expect(appDiffs.map((d) => d.cluster)).toEqual(['a', 'b']);
    for (const d of appDiffs) {
      expect(d).toMatchObject({ kustomization: null, added: [], removed: [], error: null, note: null });
      expect(d.changed.map((c) => [c.object, c.fields])).toEqual([
        ['Deployment/default/app', ['spec.template.spec.containers[0].image']],
        ['Secret/default/app-auth', ['stringData.image']],
      ]);
      const deployment = d.changed[0]!;
      expect(deployment.before).toContain(`image: ${image}:1.0.0`);
      expect(deployment.after).toContain(`image: ${image}:1.0.1`);
    }
    expect(appDiffs[0]!.changed[0]!.after).toContain('value: a');
    expect(appDiffs[1]!.changed[0]!.after).toContain('value: gold-b');
    // No Secret value reaches GraphQL, only placeholders naming what changed.
    const secretDiff = appDiffs[0]!.changed[1]!;
    expect(secretDiff.after).toContain('image: <secret-value:changed>');
    expect(secretDiff.after).toContain('password: <secret-value>');
    expect(JSON.stringify(proposal)).not.toContain('s3cr3t-value');

    // The broken chart fails for each of its clusters with helm's message; the proposal stays usable.
    const broken = byRelease('broken');
    expect(broken.map((d) => [d.cluster, d.changed.length, d.error])).toEqual([
      ['a', 0, expect.stringContaining('values.missing is required')],
      ['b', 0, expect.stringContaining('values.missing is required')],
    ]);
    // The engine this round names is the one that rendered.
    const helm = t.hub.app.get(HelmTemplate);
    if (withHelper) expect([helm.helperRenders, helm.processes]).toEqual([expect.any(Number) as unknown, 0]);
    else expect(helm.helperRenders).toBe(0);
    expect(helm.helperRenders + helm.processes).toBeGreaterThan(0);
  }, 300_000);
});
