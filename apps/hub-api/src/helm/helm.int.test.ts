import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHelmRepository, startPostgres, type TestHelmRepository, type TestPostgres } from '@flotilla/testenv';
import type { Assignment, StatusBatch } from '@flotilla/protocol';
import { eventually, hello, next, TestHub, type Session, type TestUser } from '../../test/hub-harness.js';
import { helmOperations } from '../../test/helm-operations.js';

// Hub HelmRepositories and HelmReleases against a real Postgres and a real HTTP chart repository (charts built
// by the real `helm package`/`helm repo index`), up to the assignment documents agents receive and the chart
// archive they download.

const repoFields = 'id namespace name url ready message credentialsKind conditions { type status reason message } artifact { revision digest size } observedGeneration';
const relFields = 'id namespace name generation spec overlays { clusterSelector values } placement { clusterSelector clusterNames } chart { name version digest size failureReason failureMessage } clusterValues { clusterName values error }';
const { createRepo, getRepo, reconcileRepo, createRel, updateRel, getRel } = helmOperations(repoFields, relFields);

interface Repo {
  id: string;
  ready: string;
  message: string | null;
  credentialsKind: string | null;
  artifact: { revision: string; digest: string; size: number } | null;
}
interface Rel {
  id: string;
  generation: number;
  chart: { name: string | null; version: string | null; digest: string | null; failureReason: string | null; failureMessage: string | null };
  clusterValues: { clusterName: string; values: Record<string, unknown> | null; error: string | null }[];
}

const releaseSpec = (version: string, values: Record<string, unknown> = { replicaCount: 1, greeting: 'hello ${cluster_name}', tier: '${cluster_label_tier}' }) => ({
  interval: '5m',
  chart: { spec: { chart: 'podinfo', version, sourceRef: { kind: 'HelmRepository', name: 'charts' } } },
  values,
});

describe('hub HelmRepositories and HelmReleases (real Postgres, real HTTP chart repository)', () => {
  let pg: TestPostgres;
  let charts: TestHelmRepository;
  let t: TestHub;
  const s = {} as Record<TestUser, Session>;
  const cl: Record<string, { clusterId: string; credential: string }> = {};
  let repoId = '';
  let relId = '';

  const doc = async (cluster: string): Promise<Assignment | undefined> =>
    (await t.sql<{ document: Assignment }>('SELECT document FROM cluster_assignments WHERE cluster_id = $1', [cl[cluster]!.clusterId]))[0]?.document;
  const release = async (): Promise<Rel> => (await t.gql<{ helmRelease: Rel }>(s.viewer, getRel, { id: relId })).data!.helmRelease;

  /** prod-eu's agent on protocol v6, the protocol errors it is sent, and the seq of its first report batch. */
  const v6Agent = async () => {
    const agent = t.agentSocket(cl['prod-eu']!.credential);
    const errors: { code: string }[] = [];
    agent.on('protocol.error', (e: { code: string }) => errors.push(e));
    await next(agent, 'connect');
    const initial = next<{ seq: number }>(agent, 'batch.ack');
    agent.emit('hello', hello({ protocolVersion: 6, supportedProtocolVersions: [6, 5, 4, 3, 2, 1] }));
    return { agent, errors, seq: (await initial).seq + 1 };
  };

  beforeAll(async () => {
    [pg, charts] = await Promise.all([startPostgres(), startHelmRepository({ auth: true })]);
    await charts.publishNewChart('podinfo', '1.0.0');
    t = await TestHub.start(await pg.createDatabase());
    for (const u of ['admin', 'operator', 'viewer'] as const) s[u] = await t.login(u);
    cl['prod-eu'] = await t.registeredCluster(s.operator, 'prod-eu', [{ key: 'env', value: 'prod' }, { key: 'region', value: 'eu' }, { key: 'tier', value: 'gold' }]);
    cl['prod-us'] = await t.registeredCluster(s.operator, 'prod-us', [{ key: 'env', value: 'prod' }, { key: 'region', value: 'us' }, { key: 'tier', value: 'silver' }]);
    cl['dev'] = await t.registeredCluster(s.operator, 'dev', [{ key: 'env', value: 'dev' }, { key: 'tier', value: 'bronze' }]);
  }, 120_000);
  afterAll(async () => {
    await t?.stop();
    await Promise.all([charts?.stop(), pg?.stop()]);
  });

  it('a HelmRepository is fetched once for the fleet: index stored with revision sha256 of index.yaml, Ready (flux.md HelmRepository status), credentials never shown', async () => {
    const before = charts.requests();
    const r = await t.gql<{ createHelmRepository: Repo }>(s.operator, createRepo, { input: { name: 'charts', url: charts.url, credentials: { username: charts.username, password: charts.password } } });
    expect(r.errors).toBeUndefined();
    repoId = r.data!.createHelmRepository.id;
    expect(r.data!.createHelmRepository.credentialsKind).toBe('basic');
    const ready = await eventually(async () => (await t.gql<{ helmRepository: Repo }>(s.viewer, getRepo, { id: repoId })).data!.helmRepository, (x) => x.ready === 'True', 30_000);
    expect(ready.artifact?.revision).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(ready.artifact?.revision).toBe(ready.artifact?.digest);
    expect(ready.message).toBe(`stored artifact: revision '${ready.artifact?.revision}'`);
    expect(charts.requests() - before).toBe(1);
    const everything = JSON.stringify(await t.sql('SELECT * FROM audit_entries')) + JSON.stringify(ready);
    expect(everything).not.toContain(charts.password!);
  });

  it('wrong credentials: Ready=False with AuthenticationFailed, no secret in the message (flux.md HelmRepository auth)', async () => {
    const r = await t.gql<{ createHelmRepository: Repo }>(s.operator, createRepo, { input: { name: 'wrong', url: charts.url, credentials: { username: 'flotilla', password: 'not-the-password' } } });
    const failed = await eventually(async () => (await t.gql<{ helmRepository: Repo & { conditions: { type: string; reason: string }[] } }>(s.viewer, getRepo, { id: r.data!.createHelmRepository.id })).data!.helmRepository, (x) => x.ready === 'False', 30_000);
    expect(failed.conditions.find((c) => c.type === 'Ready')?.reason).toBe('AuthenticationFailed');
    expect(failed.message).toContain('401');
    expect(failed.message).not.toContain('not-the-password');
    // Its retries would reach the same chart server, whose request count the next tests read.
    expect((await t.gql(s.admin, `mutation($id: ID!) { deleteHelmRepository(id: $id) }`, { id: r.data!.createHelmRepository.id })).errors).toBeUndefined();
  });

  it('a HelmRelease placed by labels: the chart is resolved once, both clusters get it as a HelmChart artifact, each with its own values (overlays merged in order, cluster variables substituted)', async () => {
    const before = charts.requests();
    const r = await t.gql<{ createHelmRelease: Rel }>(s.operator, createRel, {
      input: {
        name: 'podinfo',
        spec: releaseSpec('1.x'),
        overlays: [
          { clusterSelector: 'region=eu', values: { replicaCount: 2, ui: { color: 'blue' } } },
          { clusterSelector: 'env=prod', values: { ui: { message: 'prod ${cluster_name}' } } },
        ],
        placement: { clusterSelector: 'env=prod' },
      },
    });
    expect(r.errors).toBeUndefined();
    relId = r.data!.createHelmRelease.id;
    expect(r.data!.createHelmRelease.chart).toMatchObject({ name: 'podinfo', version: '1.0.0', failureReason: null });
    expect(charts.requests() - before).toBe(1);
    const eu = await eventually(() => doc('prod-eu'), (d) => (d?.helmReleases?.length ?? 0) === 1, 15_000);
    const us = await eventually(() => doc('prod-us'), (d) => (d?.helmReleases?.length ?? 0) === 1, 15_000);
    expect(eu!.helmReleases![0]!.spec.values).toEqual({ replicaCount: 2, greeting: 'hello prod-eu', tier: 'gold', ui: { color: 'blue', message: 'prod prod-eu' } });
    expect(us!.helmReleases![0]!.spec.values).toEqual({ replicaCount: 1, greeting: 'hello prod-us', tier: 'silver', ui: { message: 'prod prod-us' } });
    for (const d of [eu!, us!]) {
      expect(d.helmReleases![0]!.spec.chartRef).toEqual({ kind: 'ExternalArtifact', name: 'flotilla-system-podinfo', namespace: 'flotilla-system' });
      expect(d.helmReleases![0]!.spec.chart).toBeUndefined();
      expect(d.sources).toContainEqual(expect.objectContaining({ kind: 'HelmChart', namespace: 'flotilla-system', name: 'flotilla-system-podinfo', revision: '1.0.0', digest: r.data!.createHelmRelease.chart.digest }));
    }
    expect((await doc('dev'))?.helmReleases).toBeUndefined();
    const shown = await release();
    expect(shown.clusterValues.map((c) => [c.clusterName, c.values?.replicaCount])).toEqual([['prod-eu', 2], ['prod-us', 1]]);
  });

  it('an agent’s report of the release (protocol v6, origin hub) is stored for its cluster and shown as HelmRelease.clusters with Flux’s reason, counters and history; a report on a release not placed there is refused (OBJECT_NOT_ASSIGNED)', async () => {
    const { agent, errors, seq } = await v6Agent();
    try {
      const when = '2026-12-03T01:00:00Z';
      const item = (name: string) => ({
        kind: 'HelmRelease' as const,
        origin: 'hub' as const,
        namespace: 'flotilla-system',
        name,
        conditions: [{ type: 'Ready', status: 'False' as const, reason: 'InstallFailed', message: 'Helm install failed for release flotilla-system/podinfo with chart podinfo@1.0.0', lastTransitionTime: when }],
        observedGeneration: 1,
        revision: '1.0.0',
        lastAttemptedRevision: '1.0.0',
        helm: {
          history: [{ version: 1, status: 'failed', chartName: 'podinfo', chartVersion: '1.0.0', configDigest: `sha256:${'c'.repeat(64)}`, lastDeployed: when }],
          lastAttemptedReleaseAction: 'install',
          failures: 1,
          installFailures: 1,
        },
      });
      const batch: StatusBatch = { seq, items: [item('podinfo'), item('not-placed-here')] };
      const ack = next<{ seq: number }>(agent, 'batch.ack');
      agent.emit('status', batch);
      expect((await ack).seq).toBe(seq);
      await eventually(async () => errors, (e) => e.length > 0, 5_000);
      expect(errors.map((e) => e.code)).toEqual(['OBJECT_NOT_ASSIGNED']);
      expect(await t.sql('SELECT name FROM flux_objects WHERE cluster_id = $1 AND kind = $2', [cl['prod-eu']!.clusterId, 'HelmRelease'])).toEqual([{ name: 'podinfo' }]);

      const q = `query($id: ID!) { helmRelease(id: $id) { clusters { cluster { name } ready reason message revision failures installFailures upgradeFailures lastAttemptedReleaseAction stalled history { version status chartVersion configDigest lastDeployed } } } }`;
      type Row = { cluster: { name: string }; ready: string; reason: string | null; failures: number; history: unknown[] };
      const rows = (await t.gql<{ helmRelease: { clusters: Row[] } }>(s.viewer, q, { id: relId })).data!.helmRelease.clusters;
      expect(rows.map((r) => [r.cluster.name, r.ready, r.reason])).toEqual([
        ['prod-eu', 'False', 'InstallFailed'],
        ['prod-us', 'Unknown', 'Pending'],
      ]);
      expect(rows[0]).toMatchObject({
        revision: '1.0.0',
        failures: 1,
        installFailures: 1,
        upgradeFailures: 0,
        lastAttemptedReleaseAction: 'install',
        stalled: false,
        history: [{ version: 1, status: 'failed', chartVersion: '1.0.0', configDigest: `sha256:${'c'.repeat(64)}`, lastDeployed: when }],
      });
    } finally {
      agent.close();
    }
  });

  it('the objects of the release an agent reports as the placed HelmRelease’s inventory (origin hub) are its tree, as `flux tree` lists them, with each workload’s health; an inventory of a release not placed there is refused', async () => {
    const { agent, errors, seq } = await v6Agent();
    try {
      const entries = [
        { id: 'default_podinfo__ServiceAccount', v: 'v1' },
        { id: 'default_podinfo-auth__Secret', v: 'v1' },
        { id: '_default__podinfo_rbac.authorization.k8s.io_ClusterRole', v: 'v1' },
        { id: 'default_podinfo_apps_Deployment', v: 'v1', images: ['ghcr.io/stefanprodan/podinfo:6.5.4'], health: { status: 'InProgress' as const, message: 'Available: 0/1' } },
      ];
      const inv = (name: string) => ({ kind: 'HelmRelease' as const, origin: 'hub' as const, namespace: 'flotilla-system', name, entries });
      const ack = next<{ seq: number }>(agent, 'batch.ack');
      agent.emit('inventory', { seq, items: [inv('podinfo'), inv('not-placed-here')] });
      expect((await ack).seq).toBe(seq);
      await eventually(async () => errors, (e) => e.length > 0, 5_000);
      expect(errors.map((e) => e.code)).toEqual(['OBJECT_NOT_ASSIGNED']);

      type Tree = { fluxObjectTree: { root: { kind: string; name: string; origin: string }; nodes: { depth: number; kind: string; namespace: string | null; name: string; health: { status: string; message: string | null } | null }[] } };
      const q = `query($ref: FluxObjectRefInput!) { fluxObjectTree(ref: $ref) { root { kind name origin } nodes { depth kind namespace name health { status message } } } }`;
      const ref = { clusterId: cl['prod-eu']!.clusterId, kind: 'HelmRelease', namespace: 'flotilla-system', name: 'podinfo' };
      const r = await t.gql<Tree>(s.viewer, q, { ref });
      expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
      expect(r.data!.fluxObjectTree.root).toEqual({ kind: 'HelmRelease', name: 'podinfo', origin: 'HUB' });
      expect(r.data!.fluxObjectTree.nodes.map((n) => [n.depth, `${n.kind}/${n.namespace ?? ''}/${n.name}`, n.health?.status ?? null])).toEqual([
        [1, 'ServiceAccount/default/podinfo', null],
        [1, 'Secret/default/podinfo-auth', null],
        [1, 'ClusterRole//default:podinfo', null],
        [1, 'Deployment/default/podinfo', 'IN_PROGRESS'],
      ]);
      const other = await t.gql<Tree>(s.viewer, q, { ref: { ...ref, name: 'not-placed-here' } });
      expect(other.errors![0]!.extensions!.code).toBe('NOT_FOUND');
    } finally {
      agent.close();
    }
  });

  it('the chart archive is downloadable by the clusters it is placed on, and only by them', async () => {
    const digest = (await release()).chart.digest!;
    const ok = await fetch(`${t.url}/artifacts/${digest}`, { headers: { authorization: `Bearer ${cl['prod-us']!.credential}` } });
    expect(ok.status).toBe(200);
    const body = Buffer.from(await ok.arrayBuffer());
    expect(`sha256:${createHash('sha256').update(body).digest('hex')}`).toBe(digest);
    expect(body.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    const refused = await fetch(`${t.url}/artifacts/${digest}`, { headers: { authorization: `Bearer ${cl['dev']!.credential}` } });
    expect(refused.status).toBe(404);
  });

  it('a new chart version within the range: the index is refetched once and both clusters get the new chart (flux.md HelmChart version range)', async () => {
    const old = (await release()).chart.digest;
    await charts.publishNewChart('podinfo', '1.1.0');
    expect((await t.gql(s.operator, reconcileRepo, { id: repoId })).errors).toBeUndefined();
    const bumped = await eventually(release, (x) => x.chart.version === '1.1.0', 30_000);
    expect(bumped.chart.digest).not.toBe(old);
    for (const c of ['prod-eu', 'prod-us']) {
      const d = await eventually(() => doc(c), (x) => x?.sources.some((src) => src.kind === 'HelmChart' && src.revision === '1.1.0') ?? false, 15_000);
      expect(d!.sources.filter((src) => src.kind === 'HelmChart')).toHaveLength(1);
    }
  });

  it('a version range that matches nothing: ChartPullFailed with source-controller’s message, the last chart kept on every cluster', async () => {
    const r = await t.gql<{ updateHelmRelease: Rel }>(s.operator, updateRel, { id: relId, input: { name: 'podinfo', spec: releaseSpec('9.x'), placement: { clusterSelector: 'env=prod' } } });
    expect(r.errors).toBeUndefined();
    expect(r.data!.updateHelmRelease.generation).toBe(2);
    expect(r.data!.updateHelmRelease.chart).toMatchObject({ version: '1.1.0', failureReason: 'ChartPullFailed' });
    expect(r.data!.updateHelmRelease.chart.failureMessage).toBe("invalid chart reference: failed to get chart version for remote reference: no 'podinfo' chart with version matching '9.x' found");
    const d = await eventually(() => doc('prod-eu'), (x) => x?.helmReleases?.[0]?.generation === 2, 15_000);
    expect(d!.sources).toContainEqual(expect.objectContaining({ kind: 'HelmChart', revision: '1.1.0' }));
  });

  it('a variable no cluster defines: that release is left out of the assignment and the error is shown per cluster', async () => {
    const r = await t.gql<{ updateHelmRelease: Rel }>(s.operator, updateRel, { id: relId, input: { name: 'podinfo', spec: releaseSpec('1.x', { x: '${not_defined}' }), placement: { clusterSelector: 'env=prod' } } });
    expect(r.errors).toBeUndefined();
    expect(r.data!.updateHelmRelease.clusterValues[0]?.error).toContain('not_defined');
    await eventually(() => doc('prod-eu'), (x) => x?.helmReleases === undefined, 15_000);
  });

  describe('validation errors name the field (BAD_USER_INPUT, extensions.field)', () => {
    const cases: { name: string; query: string; input: Record<string, unknown>; field: string }[] = [
      { name: 'an oci:// URL with type default (set type oci for a registry)', query: createRepo, input: { name: 'o', url: 'oci://ghcr.io/x' }, field: 'url' },
      { name: 'a URL with credentials in it', query: createRepo, input: { name: 'u', url: 'https://user:pw@charts.example.com' }, field: 'url' },
      { name: 'an interval without units', query: createRepo, input: { name: 'i', url: 'https://charts.example.com', interval: '5' }, field: 'interval' },
      { name: 'a chartRef to a HelmChart (the hub has none)', query: createRel, input: { name: 'r', spec: { interval: '5m', chartRef: { kind: 'HelmChart', name: 'x' } }, placement: {} }, field: 'spec.chartRef.kind' },
      { name: 'both chart and chartRef (Flux CEL rule)', query: createRel, input: { name: 'r', spec: { ...releaseSpec('1.x'), chartRef: { kind: 'OCIRepository', name: 'x' } }, placement: {} }, field: 'spec' },
      { name: 'a version range that does not parse (reconcile-core’s Masterminds rule)', query: createRel, input: { name: 'r', spec: releaseSpec('>=1.0.0 <<2'), placement: {} }, field: 'spec.chart.spec.version' },
      { name: 'interval missing (Flux: required)', query: createRel, input: { name: 'r', spec: { chart: releaseSpec('1.x').chart }, placement: {} }, field: 'spec.interval' },
      { name: 'an overlay selector that does not parse', query: createRel, input: { name: 'r', spec: releaseSpec('1.x'), overlays: [{ clusterSelector: 'env in (prod', values: {} }], placement: {} }, field: 'overlays.0.clusterSelector' },
      { name: 'overlay values that are not a map', query: createRel, input: { name: 'r', spec: releaseSpec('1.x'), overlays: [{ clusterSelector: 'env=prod', values: 'replicaCount: 2' }], placement: {} }, field: 'overlays.0.values' },
      { name: 'a valuesFrom targetPath that is not a path (helm-controller InitFailed)', query: createRel, input: { name: 'r', spec: { ...releaseSpec('1.x'), valuesFrom: [{ kind: 'ConfigMap', name: 'v', targetPath: 'a..b' }] }, placement: {} }, field: 'spec.valuesFrom.0.targetPath' },
      { name: 'a drift ignore path that is not a JSON pointer', query: createRel, input: { name: 'r', spec: { ...releaseSpec('1.x'), driftDetection: { mode: 'enabled', ignore: [{ paths: ['spec/replicas'] }] } }, placement: {} }, field: 'spec.driftDetection.ignore.0' },
    ];
    for (const c of cases) {
      it(`${c.name} → ${c.field}`, async () => {
        const r = await t.gql(s.operator, c.query, { input: c.input });
        expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
        expect(r.errors?.[0]?.extensions?.field).toBe(c.field);
      });
    }
  });

  it('a HelmRepository used by a HelmRelease cannot be deleted (CONFLICT)', async () => {
    const r = await t.gql(s.admin, `mutation($id: ID!) { deleteHelmRepository(id: $id) }`, { id: repoId });
    expect(r.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });
});
