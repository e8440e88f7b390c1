import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, runHelm, startPostgres, startRegistry, type TestPostgres, type TestRegistry } from '@flotilla/testenv';
import type { Assignment } from '@flotilla/protocol';
import { eventually, TestHub, type Session, type TestUser } from '../../test/hub-harness.js';
import { helmOperations } from '../../test/helm-operations.js';

// Hub HelmRepositories of type oci against a real Postgres and real registries (anonymous and basic auth),
// charts built by the real `helm package` and put there by the real `helm push`, up to the assignment
// documents agents receive and the chart archive they download.

const repoFields = 'id type url insecure ready message credentialsKind conditions { type status reason message } artifact { revision } observedGeneration';
const relFields = 'id generation chart { name version digest size failureReason failureMessage }';
const { createRepo, updateRepo, getRepo, reconcileRepo, createRel, updateRel, getRel } = helmOperations(repoFields, relFields);

interface Repo {
  id: string;
  type: string;
  insecure: boolean;
  ready: string;
  message: string | null;
  credentialsKind: string | null;
  conditions: { type: string; status: string; reason: string; message: string }[];
  artifact: { revision: string } | null;
  observedGeneration: number | null;
}
interface Rel {
  id: string;
  generation: number;
  chart: { name: string | null; version: string | null; digest: string | null; size: number | null; failureReason: string | null; failureMessage: string | null };
}

const releaseSpec = (repository: string, version: string) => ({ interval: '5m', chart: { spec: { chart: 'demo', version, sourceRef: { kind: 'HelmRepository', name: repository } } }, values: { replicaCount: 1 } });

describe('hub HelmRepositories of type oci (real Postgres, real registries, real helm push)', () => {
  let pg: TestPostgres;
  let open: TestRegistry;
  let basic: TestRegistry;
  let dir: string;
  let t: TestHub;
  const s = {} as Record<TestUser, Session>;
  let cluster = { clusterId: '', credential: '' };
  const pushed: Record<string, Buffer> = {};

  /** `helm package` + `helm push` of a `helm create` chart at a version to `oci://<registry>/charts` (helm adds `/demo`). */
  async function pushChart(reg: TestRegistry, version: string): Promise<void> {
    await runHelm(['package', './demo', '--version', version], { cwd: dir });
    await runHelm(['push', `demo-${version}.tgz`, `oci://${reg.host}/charts`, '--plain-http'], { cwd: dir });
    pushed[`${reg.host}/${version}`] = await readFile(path.join(dir, `demo-${version}.tgz`));
  }
  const doc = async (): Promise<Assignment | undefined> => (await t.sql<{ document: Assignment }>('SELECT document FROM cluster_assignments WHERE cluster_id = $1', [cluster.clusterId]))[0]?.document;
  const repo = async (id: string): Promise<Repo> => (await t.gql<{ helmRepository: Repo }>(s.viewer, getRepo, { id })).data!.helmRepository;
  const release = async (id: string): Promise<Rel> => (await t.gql<{ helmRelease: Rel }>(s.viewer, getRel, { id })).data!.helmRelease;

  beforeAll(async () => {
    [pg, open, basic, dir] = await Promise.all([startPostgres(), startRegistry(), startRegistry({ auth: 'basic' }), makeTempDir('hub-oci-helm')]);
    await runHelm(['create', 'demo'], { cwd: dir });
    await runHelm(['registry', 'login', basic.host, '--username', basic.username ?? '', '--password-stdin', '--plain-http'], { input: basic.password ?? '' });
    await Promise.all([pushChart(open, '1.0.0'), pushChart(basic, '2.0.0')]);
    t = await TestHub.start(await pg.createDatabase());
    for (const u of ['admin', 'operator', 'viewer'] as const) s[u] = await t.login(u);
    cluster = await t.registeredCluster(s.operator, 'edge-1', [{ key: 'env', value: 'prod' }]);
  }, 180_000);
  afterAll(async () => {
    await t?.stop();
    await Promise.all([open?.stop(), basic?.stop(), pg?.stop()]);
  });

  let repoId = '';
  let relId = '';

  it('a HelmRepository of type oci is a static object with no artifact (flux.md HelmRepository type oci), shown Ready with reason Succeeded (a hub difference: source-controller writes no conditions)', async () => {
    const r = await t.gql<{ createHelmRepository: Repo }>(s.operator, createRepo, { input: { name: 'registry', type: 'oci', url: `oci://${open.host}/charts`, insecure: true } });
    expect(r.errors).toBeUndefined();
    repoId = r.data!.createHelmRepository.id;
    const ready = await eventually(() => repo(repoId), (x) => x.ready === 'True', 30_000);
    expect(ready).toMatchObject({ type: 'oci', artifact: null, observedGeneration: 1, message: 'Helm repository is ready' });
    expect(ready.conditions).toEqual([{ type: 'Ready', status: 'True', reason: 'Succeeded', message: 'Helm repository is ready' }]);
  });

  it('a HelmRelease from it: the version is chosen among the registry tags, the chart pulled once for the fleet and served as a HelmChart artifact byte for byte what helm pushed', async () => {
    const r = await t.gql<{ createHelmRelease: Rel }>(s.operator, createRel, { input: { name: 'demo', spec: releaseSpec('registry', '1.x'), placement: { clusterSelector: 'env=prod' } } });
    expect(r.errors).toBeUndefined();
    relId = r.data!.createHelmRelease.id;
    expect(r.data!.createHelmRelease.chart).toMatchObject({ name: 'demo', version: '1.0.0', failureReason: null });
    const digest = r.data!.createHelmRelease.chart.digest!;
    expect(digest).toBe(`sha256:${createHash('sha256').update(pushed[`${open.host}/1.0.0`]!).digest('hex')}`);
    const d = await eventually(doc, (x) => (x?.helmReleases?.length ?? 0) === 1, 15_000);
    expect(d!.sources).toContainEqual(expect.objectContaining({ kind: 'HelmChart', name: 'flotilla-system-demo', revision: '1.0.0', digest }));
    const got = await fetch(`${t.url}/artifacts/${digest}`, { headers: { authorization: `Bearer ${cluster.credential}` } });
    expect(got.status).toBe(200);
    expect(Buffer.from(await got.arrayBuffer()).equals(pushed[`${open.host}/1.0.0`]!)).toBe(true);
  });

  it('a new version pushed within the range: picked up on the repository’s next reconcile (flux.md HelmChart version range)', async () => {
    await pushChart(open, '1.2.0');
    expect((await t.gql(s.operator, reconcileRepo, { id: repoId })).errors).toBeUndefined();
    const bumped = await eventually(() => release(relId), (x) => x.chart.version === '1.2.0', 30_000);
    expect(bumped.chart.digest).toBe(`sha256:${createHash('sha256').update(pushed[`${open.host}/1.2.0`]!).digest('hex')}`);
    await eventually(doc, (x) => x?.sources.some((src) => src.kind === 'HelmChart' && src.revision === '1.2.0') ?? false, 15_000);
  });

  it('a range no tag matches: ChartPullFailed with source-controller’s message, the last chart kept', async () => {
    const r = await t.gql<{ updateHelmRelease: Rel }>(s.operator, updateRel, { id: relId, input: { name: 'demo', spec: releaseSpec('registry', '9.x'), placement: { clusterSelector: 'env=prod' } } });
    expect(r.errors).toBeUndefined();
    expect(r.data!.updateHelmRelease.chart).toMatchObject({ version: '1.2.0', failureReason: 'ChartPullFailed' });
    expect(r.data!.updateHelmRelease.chart.failureMessage).toContain("no 'demo' chart with version matching '9.x' found");
  });

  it('basic credentials: the chart is pulled with them; credentialsKind basic and the password in no answer or audit row', async () => {
    const r = await t.gql<{ createHelmRepository: Repo }>(s.operator, createRepo, { input: { name: 'private', type: 'oci', url: `oci://${basic.host}/charts`, insecure: true, credentials: { username: basic.username, password: basic.password } } });
    expect(r.errors).toBeUndefined();
    expect(r.data!.createHelmRepository.credentialsKind).toBe('basic');
    const rel = await t.gql<{ createHelmRelease: Rel }>(s.operator, createRel, { input: { name: 'private-demo', spec: releaseSpec('private', '2.x'), placement: { clusterSelector: 'env=dev' } } });
    expect(rel.errors).toBeUndefined();
    expect(rel.data!.createHelmRelease.chart).toMatchObject({ version: '2.0.0', failureReason: null });
    const everything = JSON.stringify(await t.sql('SELECT * FROM audit_entries')) + JSON.stringify(r.data) + JSON.stringify(rel.data);
    expect(everything).not.toContain(basic.password!);
  });

  it('no credentials for a registry that wants them: ChartPullFailed saying so, no chart', async () => {
    const r = await t.gql<{ createHelmRepository: Repo }>(s.operator, createRepo, { input: { name: 'anonymous', type: 'oci', url: `oci://${basic.host}/charts`, insecure: true } });
    expect(r.errors).toBeUndefined();
    const rel = await t.gql<{ createHelmRelease: Rel }>(s.operator, createRel, { input: { name: 'anonymous-demo', spec: releaseSpec('anonymous', '2.x'), placement: { clusterSelector: 'env=dev' } } });
    expect(rel.errors).toBeUndefined();
    expect(rel.data!.createHelmRelease.chart).toMatchObject({ digest: null, failureReason: 'ChartPullFailed' });
    expect(rel.data!.createHelmRelease.chart.failureMessage).toBe('chart pull error: failed to get chart version for remote reference: listing tags: the registry requires credentials');
  });

  it('an update that does not name the type (the UI’s form) keeps type oci and insecure', async () => {
    const r = await t.gql<{ updateHelmRepository: Repo }>(s.operator, updateRepo, { id: repoId, input: { name: 'registry', url: `oci://${open.host}/charts`, interval: '5m' } });
    expect(r.errors).toBeUndefined();
    expect(r.data!.updateHelmRepository).toMatchObject({ type: 'oci', insecure: true });
  });

  describe('validation errors name the field (BAD_USER_INPUT, extensions.field)', () => {
    const cases: { name: string; input: Record<string, unknown>; field: string }[] = [
      { name: 'type oci with an https:// URL (Flux: oci:// for type oci)', input: { name: 'a', type: 'oci', url: 'https://charts.example.com' }, field: 'url' },
      { name: 'an oci:// URL with type default', input: { name: 'b', url: 'oci://ghcr.io/x' }, field: 'url' },
      { name: 'an unknown type', input: { name: 'c', type: 'git', url: 'oci://ghcr.io/x' }, field: 'type' },
      { name: 'insecure on type default (Flux: oci only)', input: { name: 'd', url: 'https://charts.example.com', insecure: true }, field: 'insecure' },
    ];
    for (const c of cases) {
      it(`${c.name} → ${c.field}`, async () => {
        const r = await t.gql(s.operator, createRepo, { input: c.input });
        expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
        expect(r.errors?.[0]?.extensions?.field).toBe(c.field);
      });
    }
  });
});
