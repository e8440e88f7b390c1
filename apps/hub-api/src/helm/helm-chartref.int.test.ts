import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readArchive, type ArtifactStore } from '@flotilla/git-source';
import { binaryPath, makeTempDir, makeTempTree, runFlux, runHelm, startPostgres, startRegistry, type TestPostgres, type TestRegistry } from '@flotilla/testenv';
import type { Assignment } from '@flotilla/protocol';
import { eventually, TestHub, type Session, type TestUser } from '../../test/hub-harness.js';
import { FleetEditDiffs } from '../proposals/fleet-edit-diffs.js';
import { ARTIFACT_STORE } from '../sources/sources.providers.js';
import { helmOperations } from '../../test/helm-operations.js';

// Hub HelmReleases whose `chartRef` names a hub OCIRepository (Flux's way for OCI charts) against a real
// Postgres and a real registry, charts built by the real `helm package` and put there by the real `helm push`:
// the OCIRepository's artifact becomes the chart every cluster's assignment carries, and follows its revision.

const HELM_LAYER = 'application/vnd.cncf.helm.chart.content.v1.tar+gzip';
const relFields = 'id generation chart { name version digest size failureReason failureMessage }';
const { createRel, updateRel, getRel } = helmOperations('id', relFields);
const ociFields = 'id ready artifact { revision digest size }';
const createOci = `mutation($input: OCIRepositoryInput!) { createOciRepository(input: $input) { ${ociFields} } }`;
const getOci = `query($id: ID!) { ociRepository(id: $id) { ${ociFields} } }`;
const reconcileOci = `mutation($id: ID!) { reconcileOciRepository(id: $id) }`;

interface Rel {
  id: string;
  generation: number;
  chart: { name: string | null; version: string | null; digest: string | null; size: number | null; failureReason: string | null; failureMessage: string | null };
}
interface Oci {
  id: string;
  ready: string;
  artifact: { revision: string; digest: string; size: number } | null;
}

const sha = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;
const refSpec = (name: string, extra: Record<string, unknown> = {}) => ({ interval: '5m', chartRef: { kind: 'OCIRepository', name, ...extra }, values: { replicaCount: 1 } });

describe('hub HelmReleases with chartRef to a hub OCIRepository (real Postgres, real registry, real helm push)', () => {
  let pg: TestPostgres;
  let reg: TestRegistry;
  let dir: string;
  let t: TestHub;
  const s = {} as Record<TestUser, Session>;
  let cluster = { clusterId: '', credential: '' };
  const pushed: Record<string, Buffer> = {};

  /** `helm package` + `helm push` of a `helm create` chart at a version to `oci://<registry>/charts/demo`. */
  async function pushChart(version: string): Promise<void> {
    await runHelm(['package', './demo', '--version', version], { cwd: dir });
    await runHelm(['push', `demo-${version}.tgz`, `oci://${reg.host}/charts`, '--plain-http'], { cwd: dir });
    pushed[version] = await readFile(path.join(dir, `demo-${version}.tgz`));
  }
  const doc = async (): Promise<Assignment | undefined> => (await t.sql<{ document: Assignment }>('SELECT document FROM cluster_assignments WHERE cluster_id = $1', [cluster.clusterId]))[0]?.document;
  const release = async (id: string): Promise<Rel> => (await t.gql<{ helmRelease: Rel }>(s.viewer, getRel, { id })).data!.helmRelease;
  const oci = async (id: string): Promise<Oci> => (await t.gql<{ ociRepository: Oci }>(s.viewer, getOci, { id })).data!.ociRepository;
  async function ociRepository(name: string, spec: Record<string, unknown>): Promise<Oci> {
    const r = await t.gql<{ createOciRepository: Oci }>(s.operator, createOci, { input: { name, spec: { url: `oci://${reg.host}/charts/demo`, insecure: true, interval: '5m', ...spec } } });
    expect(r.errors).toBeUndefined();
    return eventually(() => oci(r.data!.createOciRepository.id), (x) => x.ready === 'True', 30_000);
  }

  beforeAll(async () => {
    [pg, reg, dir] = await Promise.all([startPostgres(), startRegistry(), makeTempDir('hub-chartref')]);
    await runHelm(['create', 'demo'], { cwd: dir });
    await pushChart('1.0.0');
    t = await TestHub.start(await pg.createDatabase(), { helmBinary: await binaryPath('helm') });
    for (const u of ['admin', 'operator', 'viewer'] as const) s[u] = await t.login(u);
    cluster = await t.registeredCluster(s.operator, 'edge-1', [{ key: 'env', value: 'prod' }]);
  }, 180_000);
  afterAll(async () => {
    await t?.stop();
    await Promise.all([reg?.stop(), pg?.stop()]);
  });

  let ociId = '';
  let relId = '';

  it('chartRef OCIRepository with the helm layer copied (Flux’s recommended layerSelector): the chart is the artifact byte for byte what helm pushed, served as the release’s chart', async () => {
    const source = await ociRepository('demo', { ref: { semver: '1.x' }, layerSelector: { mediaType: HELM_LAYER, operation: 'copy' } });
    ociId = source.id;
    expect(source.artifact!.digest).toBe(sha(pushed['1.0.0']!));
    const r = await t.gql<{ createHelmRelease: Rel }>(s.operator, createRel, { input: { name: 'demo', spec: refSpec('demo'), placement: { clusterSelector: 'env=prod' } } });
    expect(r.errors).toBeUndefined();
    relId = r.data!.createHelmRelease.id;
    expect(r.data!.createHelmRelease.chart).toMatchObject({ name: 'demo', version: '1.0.0', digest: sha(pushed['1.0.0']!), failureReason: null });
    const [row] = await t.sql<{ chart: { artifact: { indexRevision: string } } }>('SELECT chart FROM helm_releases WHERE id = $1', [relId]);
    expect(row!.chart.artifact.indexRevision).toBe(source.artifact!.revision);
    const d = await eventually(doc, (x) => (x?.helmReleases?.length ?? 0) === 1, 15_000);
    expect(d!.helmReleases![0]!.spec.chartRef).toEqual({ kind: 'ExternalArtifact', name: 'flotilla-system-demo', namespace: 'flotilla-system' });
    expect(d!.sources).toContainEqual(expect.objectContaining({ kind: 'HelmChart', name: 'flotilla-system-demo', revision: '1.0.0', digest: sha(pushed['1.0.0']!) }));
    const got = await fetch(`${t.url}/artifacts/${sha(pushed['1.0.0']!)}`, { headers: { authorization: `Bearer ${cluster.credential}` } });
    expect(got.status).toBe(200);
    expect(Buffer.from(await got.arrayBuffer()).equals(pushed['1.0.0']!)).toBe(true);
  });

  it('the OCIRepository moves to a new revision (a version pushed within its semver range): the release is re-resolved and the assignment carries the new chart', async () => {
    await pushChart('1.1.0');
    expect((await t.gql(s.operator, reconcileOci, { id: ociId })).errors).toBeUndefined();
    const moved = await eventually(() => release(relId), (x) => x.chart.version === '1.1.0', 30_000);
    expect(moved.chart).toMatchObject({ digest: sha(pushed['1.1.0']!), failureReason: null });
    await eventually(doc, (x) => x?.sources.some((src) => src.kind === 'HelmChart' && src.revision === '1.1.0' && src.digest === sha(pushed['1.1.0']!)) ?? false, 15_000);
  });

  it('the helm layer extracted (no operation: Flux’s default extract): the archived-again chart tree is served as it is, name and version from its Chart.yaml', async () => {
    const source = await ociRepository('demo-extracted', { ref: { tag: '1.0.0' }, layerSelector: { mediaType: HELM_LAYER } });
    const r = await t.gql<{ createHelmRelease: Rel }>(s.operator, createRel, { input: { name: 'demo-extracted', spec: refSpec('demo-extracted'), placement: { clusterSelector: 'env=prod' } } });
    expect(r.errors).toBeUndefined();
    expect(r.data!.createHelmRelease.chart).toMatchObject({ name: 'demo', version: '1.0.0', digest: source.artifact!.digest, failureReason: null });
    // A cluster downloads only what its assignment names.
    await eventually(doc, (x) => x?.sources.some((src) => src.name === 'flotilla-system-demo-extracted' && src.digest === source.artifact!.digest) ?? false, 15_000);
    const got = await fetch(`${t.url}/artifacts/${source.artifact!.digest}`, { headers: { authorization: `Bearer ${cluster.credential}` } });
    expect(got.status).toBe(200);
    const files = await readArchive(Readable.from(Buffer.from(await got.arrayBuffer())), () => true);
    expect(files.has('demo/Chart.yaml')).toBe(true);
  });

  it('chartRef to an OCIRepository the hub does not have: accepted as Flux accepts it, ArtifactFailed naming it and no chart; created later, the release takes its chart', async () => {
    const r = await t.gql<{ createHelmRelease: Rel }>(s.operator, createRel, { input: { name: 'late', spec: refSpec('late-source'), placement: { clusterSelector: 'env=none' } } });
    expect(r.errors).toBeUndefined();
    expect(r.data!.createHelmRelease.chart).toMatchObject({ digest: null, failureReason: 'ArtifactFailed', failureMessage: "could not get Source object: OCIRepository 'flotilla-system/late-source' not found" });
    await ociRepository('late-source', { ref: { tag: '1.1.0' }, layerSelector: { mediaType: HELM_LAYER, operation: 'copy' } });
    const resolved = await eventually(() => release(r.data!.createHelmRelease.id), (x) => x.chart.digest !== null, 30_000);
    expect(resolved.chart).toMatchObject({ version: '1.1.0', digest: sha(pushed['1.1.0']!), failureReason: null });
  });

  it('switching a release from chartRef back to chart.spec and again is an ordinary update (one of chart and chartRef at a time)', async () => {
    const r = await t.gql<{ updateHelmRelease: Rel }>(s.operator, updateRel, { id: relId, input: { name: 'demo', spec: refSpec('demo-extracted'), placement: { clusterSelector: 'env=prod' } } });
    expect(r.errors).toBeUndefined();
    expect(r.data!.updateHelmRelease).toMatchObject({ generation: 2, chart: { version: '1.0.0', failureReason: null } });
  });

  it('a proposed edit of the OCIRepository’s ref: each release whose chartRef names it is rendered with the chart of the edited source’s artifact on each of its clusters', async () => {
    const diffs = await t.hub.app.get(FleetEditDiffs).ociRepository({ namespace: 'flotilla-system', name: 'demo-extracted' }, { ref: { tag: '1.0.0' } }, { ref: { tag: '1.1.0' } });
    const releases = diffs.filter((d) => d.helmRelease !== null);
    expect(releases.map((d) => `${d.helmRelease} ${d.cluster}`).sort()).toEqual(['flotilla-system/demo edge-1', 'flotilla-system/demo-extracted edge-1']);
    for (const d of releases) {
      expect(d.error).toBeNull();
      // `helm create` charts label every object with their chart's version.
      expect(d.changed.length).toBeGreaterThan(0);
      expect(JSON.stringify(d.changed)).toContain('demo-1.1.0');
    }
  });

  it('a proposed edit of the release’s chartRef to another OCIRepository: the head renders the chart that one holds (1.1.0), the base the one served now (1.0.0)', async () => {
    const diffs = await t.hub.app.get(FleetEditDiffs).helmRelease(relId, { spec: refSpec('late-source'), overlays: [], placement: { clusterSelector: 'env=prod' } });
    expect(diffs.map((d) => [d.cluster, d.error])).toEqual([['edge-1', null]]);
    expect(diffs[0]!.changed.length).toBeGreaterThan(0);
    expect(JSON.stringify(diffs[0]!.changed)).toContain('demo-1.1.0');
    expect(JSON.stringify(diffs[0]!.changed)).toContain('demo-1.0.0');
  });

  it('deleting an OCIRepository a release’s chartRef names is refused (CONFLICT naming the release), as a HelmRepository a release uses is; the source and its releases stay', async () => {
    const [row] = await t.sql<{ id: string }>("SELECT id FROM oci_repositories WHERE name = 'late-source'");
    const r = await t.gql(s.admin, `mutation($id: ID!) { deleteOciRepository(id: $id) }`, { id: row!.id });
    expect(r.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(r.errors?.[0]?.message).toBe('OCIRepository flotilla-system/late-source is used by HelmRelease flotilla-system/late');
    expect(await t.sql("SELECT id FROM oci_repositories WHERE name = 'late-source'")).toHaveLength(1);
  });

  it('an OCIRepository artifact with Chart.yaml at its root (a chart directory pushed with flux push artifact) is packaged as a chart; one holding no chart is ArtifactFailed naming the source, no chart', async () => {
    // `flux push artifact` talks to the registry only; the flag still wants a kubeconfig file.
    const kubeconfig = path.join(dir, 'kubeconfig');
    await writeFile(kubeconfig, 'apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\n');
    const fluxPush = async (repo: string, files: Record<string, string>) => {
      const src = await makeTempTree('chartref-src', files);
      const out = await runFlux(['push', 'artifact', `oci://${reg.host}/${repo}:v1`, '--path', src, '--source', 'https://github.com/example/app', '--revision', 'main@sha1:0123456789abcdef0123456789abcdef01234567'], { kubeconfig });
      expect(out.exitCode, out.stderr).toBe(0);
    };
    await fluxPush('plain/chart', { 'Chart.yaml': 'apiVersion: v2\nname: plain\nversion: 0.3.0\n', 'templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: plain\n' });
    await fluxPush('plain/manifests', { 'deploy/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n' });
    const create = async (name: string, repo: string): Promise<Rel> => {
      const r = await t.gql<{ createOciRepository: Oci }>(s.operator, createOci, { input: { name, spec: { url: `oci://${reg.host}/${repo}`, insecure: true, interval: '5m', ref: { tag: 'v1' } } } });
      expect(r.errors).toBeUndefined();
      await eventually(() => oci(r.data!.createOciRepository.id), (x) => x.ready === 'True', 30_000);
      const rel = await t.gql<{ createHelmRelease: Rel }>(s.operator, createRel, { input: { name, spec: refSpec(name), placement: { clusterSelector: 'env=none' } } });
      expect(rel.errors).toBeUndefined();
      return rel.data!.createHelmRelease;
    };
    expect((await create('plain-chart', 'plain/chart')).chart).toMatchObject({ name: 'plain', version: '0.3.0', failureReason: null });
    const [stored] = await t.sql<{ chart: { artifact: { digest: string } } }>("SELECT chart FROM helm_releases WHERE name = 'plain-chart'");
    const files = await readArchive(await t.hub.app.get<symbol, ArtifactStore>(ARTIFACT_STORE).get(stored!.chart.artifact.digest), () => true);
    expect([...files.keys()].sort()).toEqual(['plain/Chart.yaml', 'plain/templates/cm.yaml']);
    expect((await create('no-chart', 'plain/manifests')).chart).toMatchObject({
      digest: null,
      failureReason: 'ArtifactFailed',
      failureMessage: "could not load chart from the artifact of OCIRepository 'flotilla-system/no-chart': no Chart.yaml at its root or in its one top directory (select the helm chart layer, application/vnd.cncf.helm.chart.content.v1.tar+gzip, with operation copy)",
    });
  });

  describe('refused with BAD_USER_INPUT naming the field, nothing stored', () => {
    const chartSpec = { spec: { chart: 'demo', version: '1.x', sourceRef: { kind: 'HelmRepository', name: 'charts' } } };
    const cases: { name: string; spec: Record<string, unknown>; field: string; message: RegExp }[] = [
      { name: 'chartRef to a HelmChart (the hub has no HelmChart objects)', spec: refSpec('demo', { kind: 'HelmChart' }), field: 'spec.chartRef.kind', message: /no HelmChart objects/ },
      { name: 'chartRef to an ExternalArtifact', spec: refSpec('demo', { kind: 'ExternalArtifact' }), field: 'spec.chartRef.kind', message: /names a hub OCIRepository, not ExternalArtifact/ },
      { name: 'both chart and chartRef (Flux’s CEL rule: set one of chart and chartRef)', spec: { ...refSpec('demo'), chart: chartSpec }, field: 'spec', message: /set one of chart and chartRef/ },
      { name: 'neither chart nor chartRef (the same rule)', spec: { interval: '5m' }, field: 'spec', message: /set one of chart and chartRef/ },
      { name: 'a chartRef name that is no object name', spec: refSpec('Not_A_Name'), field: 'spec.chartRef.name', message: /not a valid name/ },
    ];
    for (const c of cases) {
      it(`${c.name} → ${c.field}`, async () => {
        const r = await t.gql(s.operator, createRel, { input: { name: 'refused', spec: c.spec, placement: { clusterSelector: 'env=prod' } } });
        expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
        expect(r.errors?.[0]?.extensions?.field).toBe(c.field);
        expect(r.errors?.[0]?.message).toMatch(c.message);
        expect(await t.sql("SELECT id FROM helm_releases WHERE name = 'refused'")).toEqual([]);
      });
    }
  });
});
