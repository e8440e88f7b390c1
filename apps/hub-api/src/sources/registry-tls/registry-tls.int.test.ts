import { execFile } from 'node:child_process';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fluxConfigMediaType, fluxContentMediaType, pushArtifact } from '@flotilla/oci-client';
import {
  makeServingCertificate,
  makeTempDir,
  makeTempTree,
  runHelm,
  startHelmRepository,
  startPostgres,
  startRegistry,
  type ServingCertificate,
  type TestHelmRepository,
  type TestPostgres,
  type TestRegistry,
} from '@flotilla/testenv';
import { eventually, TestHub, type Session, type TestUser } from '../../../test/hub-harness.js';
import { helmOperations } from '../../../test/helm-operations.js';

// A custom CA and a client certificate (Flux's certSecretRef: ca.crt, tls.crt, tls.key) for hub OCIRepositories
// and HelmRepositories, against a real Postgres, a real registry serving TLS with basic auth (distribution
// 2.8), real https chart repositories (one asking for a client certificate), charts put there by the real
// `helm package` and `helm push`.

const execFileAsync = promisify(execFile);

const ociFields = 'id spec credentialsKind hasCaCertificate hasClientCertificate ready message conditions { type status reason message } artifact { revision digest }';
const createOci = `mutation($input: OCIRepositoryInput!) { createOciRepository(input: $input) { ${ociFields} } }`;
const updateOci = `mutation($id: ID!, $input: OCIRepositoryInput!) { updateOciRepository(id: $id, input: $input) { ${ociFields} } }`;
const getOci = `query($id: ID!) { ociRepository(id: $id) { ${ociFields} } }`;
const repoFields = 'id type url credentialsKind hasCaCertificate hasClientCertificate ready message conditions { type status reason message } artifact { revision }';
const relFields = 'id chart { name version digest failureReason failureMessage }';
const { createRepo, updateRepo, getRepo, createRel, getRel } = helmOperations(repoFields, relFields);

interface Cond {
  type: string;
  status: string;
  reason: string;
  message: string;
}
interface Source {
  id: string;
  credentialsKind: string | null;
  hasCaCertificate: boolean;
  hasClientCertificate: boolean;
  ready: string;
  message: string | null;
  conditions: Cond[];
  artifact: { revision: string; digest?: string } | null;
}
interface Rel {
  id: string;
  chart: { name: string | null; version: string | null; digest: string | null; failureReason: string | null; failureMessage: string | null };
}
const cond = (o: Source, type: string): Cond | undefined => o.conditions.find((c) => c.type === type);
/** A slice from the middle of a PEM body: found anywhere, the PEM leaked. */
const bodyOf = (pem: string): string => pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '').slice(20, 80);
/** A key no test certificate belongs to. */
const otherKey = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

describe('hub registries and chart repositories behind a private CA (certSecretRef at the hub; real Postgres, registry, helm)', () => {
  let pg: TestPostgres;
  let registry: TestRegistry;
  let charts: TestHelmRepository;
  let mtls: TestHelmRepository;
  let other: ServingCertificate;
  let dir: string;
  let t: TestHub;
  const s = {} as Record<TestUser, Session>;
  const answers: string[] = [];
  /** The manifests layer (a tar.gz), pushed to each registry. */
  let layer: Buffer;

  const gql = async <T,>(who: Session, query: string, variables: Record<string, unknown>) => {
    const r = await t.gql<T>(who, query, variables);
    answers.push(JSON.stringify(r));
    return r;
  };
  const oci = async (id: string): Promise<Source> => (await gql<{ ociRepository: Source }>(s.viewer, getOci, { id })).data!.ociRepository;
  const repo = async (id: string): Promise<Source> => (await gql<{ helmRepository: Source }>(s.viewer, getRepo, { id })).data!.helmRepository;
  const release = async (id: string): Promise<Rel> => (await gql<{ helmRelease: Rel }>(s.viewer, getRel, { id })).data!.helmRelease;
  const sealedTls = async (table: 'oci_repositories' | 'helm_repositories', id: string) => (await t.sql<{ tls_sealed: string | null }>(`SELECT tls_sealed FROM ${table} WHERE id = $1`, [id]))[0]?.tls_sealed;
  const dockerConfig = () => JSON.stringify({ auths: { [registry.host]: { username: registry.username, password: registry.password } } });
  const registryUrl = (repository: string) => `oci://${registry.host}/${repository}`;

  beforeAll(async () => {
    [pg, registry, charts, mtls, dir] = await Promise.all([
      startPostgres(),
      startRegistry({ tls: true, auth: 'basic' }),
      startHelmRepository({ tls: true }),
      startHelmRepository({ tls: { clientCertificate: true } }),
      makeTempDir('hub-registry-tls'),
    ]);
    await mkdir(path.join(dir, 'other'));
    other = await makeServingCertificate(path.join(dir, 'other'));
    const ca = path.join(dir, 'registry-ca.crt');
    await writeFile(ca, registry.caCert ?? '');
    // A manifests artifact as `flux push artifact` lays it out, and a chart as `helm push` does, both over TLS.
    const tree = await makeTempTree('registry-tls-src', { 'deploy/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: tls\n' });
    layer = (await execFileAsync('tar', ['-czf', '-', '-C', tree, '.'], { encoding: 'buffer', maxBuffer: 1 << 20 })).stdout;
    await pushArtifact({
      registry: registry.host,
      repository: 'app/manifests',
      tag: 'v1',
      config: { mediaType: fluxConfigMediaType, data: '{}' },
      layers: [{ mediaType: fluxContentMediaType, data: layer }],
      auth: { username: registry.username ?? '', password: registry.password ?? '' },
      options: { tls: { ca: registry.caCert ?? '' } },
    });
    await runHelm(['create', 'demo'], { cwd: dir });
    await runHelm(['package', './demo', '--version', '1.0.0'], { cwd: dir });
    await runHelm(['registry', 'login', registry.host, '--username', registry.username ?? '', '--password-stdin', '--ca-file', ca], { input: registry.password ?? '' });
    await runHelm(['push', 'demo-1.0.0.tgz', `oci://${registry.host}/charts`, '--ca-file', ca], { cwd: dir });
    await Promise.all([charts.publishChart(path.join(dir, 'demo'), { version: '1.0.0' }), mtls.publishChart(path.join(dir, 'demo'), { version: '1.0.0' })]);
    t = await TestHub.start(await pg.createDatabase());
    for (const u of ['admin', 'operator', 'viewer'] as const) s[u] = await t.login(u);
    await t.registeredCluster(s.operator, 'edge-1', [{ key: 'env', value: 'prod' }]);
  }, 240_000);
  afterAll(async () => {
    await t?.stop();
    await Promise.all([registry?.stop(), charts?.stop(), mtls?.stop(), pg?.stop()]);
  });

  let ociId = '';

  it('OCIRepository with the registry’s CA and basic credentials: pulled over TLS, Ready with Flux’s revision <tag>@sha256:<digest>; only hasCaCertificate is answered', async () => {
    const r = await gql<{ createOciRepository: Source }>(s.operator, createOci, {
      input: { name: 'app', spec: { url: registryUrl('app/manifests'), ref: { tag: 'v1' } }, credentials: { username: registry.username, password: registry.password }, tls: { caCertificate: registry.caCert } },
    });
    expect(r.errors).toBeUndefined();
    ociId = r.data!.createOciRepository.id;
    expect(r.data!.createOciRepository).toMatchObject({ credentialsKind: 'basic', hasCaCertificate: true, hasClientCertificate: false });
    const ready = await eventually(() => oci(ociId), (x) => x.ready === 'True', 30_000);
    expect(ready.artifact?.revision).toMatch(/^v1@sha256:[0-9a-f]{64}$/);
    expect(ready.message).toBe(`stored artifact for digest '${ready.artifact?.revision}'`);
  });

  it('OCIRepository whose CA did not sign the registry’s certificate: Ready=False with OCIArtifactPullFailed (Flux’s reason) and Go’s x509 wording; the last artifact kept', async () => {
    const before = (await oci(ociId)).artifact;
    const r = await gql(s.operator, updateOci, { id: ociId, input: { name: 'app', spec: { url: registryUrl('app/manifests'), ref: { tag: 'v1' } }, tls: { caCertificate: other.pem } } });
    expect(r.errors).toBeUndefined();
    const failed = await eventually(() => oci(ociId), (x) => x.ready === 'False', 30_000);
    expect(cond(failed, 'Ready')?.reason).toBe('OCIArtifactPullFailed');
    expect(failed.message).toMatch(/^failed to determine artifact digest: request to https:\/\/127\.0\.0\.1:\d+\/v2\/app\/manifests\/manifests\/v1 failed: tls: failed to verify certificate: x509: certificate signed by unknown authority/);
    expect(failed.artifact).toEqual(before);
    expect(cond(failed, 'ArtifactInStorage')?.status).toBe('True');
    // The credentials were not touched by giving a certificate.
    expect(failed.credentialsKind).toBe('basic');
  });

  it('a bad PEM is refused on its field (BAD_USER_INPUT, tls.caCertificate) and the stored certificate stays; the right CA again → Ready; an edit without tls keeps it', async () => {
    const stored = await sealedTls('oci_repositories', ociId);
    const bad = await gql(s.operator, updateOci, { id: ociId, input: { name: 'app', spec: { url: registryUrl('app/manifests'), ref: { tag: 'v1' } }, tls: { caCertificate: '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n' } } });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'tls.caCertificate' });
    expect(await sealedTls('oci_repositories', ociId)).toBe(stored);
    const fixed = await gql(s.operator, updateOci, { id: ociId, input: { name: 'app', spec: { url: registryUrl('app/manifests'), ref: { tag: 'v1' } }, tls: { caCertificate: registry.caCert } } });
    expect(fixed.errors).toBeUndefined();
    await eventually(() => oci(ociId), (x) => x.ready === 'True', 30_000);
    const edit = await gql<{ updateOciRepository: Source }>(s.operator, updateOci, { id: ociId, input: { name: 'app', spec: { url: registryUrl('app/manifests'), ref: { tag: 'v1' }, interval: '7m' } } });
    expect(edit.errors).toBeUndefined();
    expect(edit.data!.updateOciRepository.hasCaCertificate).toBe(true);
    await eventually(() => oci(ociId), (x) => x.ready === 'True' && (x as unknown as { spec: { interval?: string } }).spec.interval === '7m', 30_000);
  });

  it('clearTls removes the certificate (hasCaCertificate false); tls with clearTls together is refused on clearTls', async () => {
    const both = await gql(s.operator, updateOci, { id: ociId, input: { name: 'app', spec: { url: registryUrl('app/manifests'), ref: { tag: 'v1' } }, tls: { caCertificate: registry.caCert }, clearTls: true } });
    expect(both.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'clearTls' });
    const cleared = await gql<{ updateOciRepository: Source }>(s.operator, updateOci, { id: ociId, input: { name: 'app', spec: { url: registryUrl('app/manifests'), ref: { tag: 'v1' } }, clearTls: true } });
    expect(cleared.errors).toBeUndefined();
    expect(cleared.data!.updateOciRepository).toMatchObject({ hasCaCertificate: false, hasClientCertificate: false, credentialsKind: 'basic' });
    expect(await sealedTls('oci_repositories', ociId)).toBeNull();
  });

  it('a registry whose token endpoint (the Bearer realm) is behind the same private CA: the token request trusts the CA too, and the artifact is pulled', async () => {
    const tokens = await startRegistry({ tls: true, auth: 'token' });
    try {
      expect(tokens.tokenRealm).toMatch(/^https:/);
      const auth = { username: tokens.username ?? '', password: tokens.password ?? '' };
      await pushArtifact({ registry: tokens.host, repository: 'app/token', tag: 'v1', config: { mediaType: fluxConfigMediaType, data: '{}' }, layers: [{ mediaType: fluxContentMediaType, data: layer }], auth, options: { tls: { ca: tokens.caCert ?? '' } } });
      const before = tokens.tokenRequests!();
      const r = await gql<{ createOciRepository: Source }>(s.operator, createOci, {
        input: { name: 'token-app', spec: { url: `oci://${tokens.host}/app/token`, ref: { tag: 'v1' } }, credentials: auth, tls: { caCertificate: tokens.caCert } },
      });
      expect(r.errors).toBeUndefined();
      const ready = await eventually(() => oci(r.data!.createOciRepository.id), (x) => x.ready !== 'Unknown', 30_000);
      expect(ready.message).toMatch(/^stored artifact for digest 'v1@sha256:/);
      expect(tokens.tokenRequests!()).toBeGreaterThan(before);
    } finally {
      await tokens.stop();
    }
  });

  let httpsId = '';

  it('HelmRepository of type default over https with its CA: index fetched, Ready; a HelmRelease’s chart downloaded with the same CA', async () => {
    const r = await gql<{ createHelmRepository: Source }>(s.operator, createRepo, { input: { name: 'https-charts', url: charts.url, tls: { caCertificate: charts.caCert } } });
    expect(r.errors).toBeUndefined();
    httpsId = r.data!.createHelmRepository.id;
    expect(r.data!.createHelmRepository).toMatchObject({ hasCaCertificate: true, hasClientCertificate: false, credentialsKind: null });
    const ready = await eventually(() => repo(httpsId), (x) => x.ready === 'True', 30_000);
    expect(ready.artifact?.revision).toMatch(/^sha256:[0-9a-f]{64}$/);
    const rel = await gql<{ createHelmRelease: Rel }>(s.operator, createRel, {
      input: { name: 'from-https', spec: { interval: '5m', chart: { spec: { chart: 'demo', version: '1.x', sourceRef: { kind: 'HelmRepository', name: 'https-charts' } } } }, placement: { clusterSelector: 'env=prod' } },
    });
    expect(rel.errors).toBeUndefined();
    const resolved = await eventually(() => release(rel.data!.createHelmRelease.id), (x) => x.chart.version !== null || x.chart.failureReason !== null, 30_000);
    expect(resolved.chart).toMatchObject({ name: 'demo', version: '1.0.0', failureReason: null });
  });

  it('HelmRepository of type default over https without the CA: Ready=False with the hub’s IndexationFailed and the x509 message; no artifact', async () => {
    const r = await gql<{ createHelmRepository: Source }>(s.operator, createRepo, { input: { name: 'https-untrusted', url: charts.url } });
    expect(r.errors).toBeUndefined();
    const failed = await eventually(() => repo(r.data!.createHelmRepository.id), (x) => x.ready === 'False', 30_000);
    expect(cond(failed, 'Ready')?.reason).toBe('IndexationFailed');
    expect(failed.message).toMatch(/^failed to fetch Helm repository index: failed to cache index to temporary file: Get "https:\/\/127\.0\.0\.1:\d+\/index\.yaml": tls: failed to verify certificate: x509: certificate signed by unknown authority/);
    expect(failed.artifact).toBeNull();
  });

  it('mutual TLS (tls.crt, tls.key): with the client certificate the index is fetched; without it the server ends the handshake (Ready=False); a new CA alone keeps the stored client certificate', async () => {
    const client = mtls.clientCertificate!;
    const r = await gql<{ createHelmRepository: Source }>(s.operator, createRepo, { input: { name: 'mtls', url: mtls.url, tls: { caCertificate: mtls.caCert, clientCertificate: client.cert, clientKey: client.key } } });
    expect(r.errors).toBeUndefined();
    const id = r.data!.createHelmRepository.id;
    expect(r.data!.createHelmRepository).toMatchObject({ hasCaCertificate: true, hasClientCertificate: true });
    await eventually(() => repo(id), (x) => x.ready === 'True', 30_000);
    const again = await gql<{ updateHelmRepository: Source }>(s.operator, updateRepo, { id, input: { name: 'mtls', url: mtls.url, interval: '3m', tls: { caCertificate: mtls.caCert } } });
    expect(again.errors).toBeUndefined();
    expect(again.data!.updateHelmRepository).toMatchObject({ hasCaCertificate: true, hasClientCertificate: true });
    const without = await gql<{ createHelmRepository: Source }>(s.operator, createRepo, { input: { name: 'mtls-no-client', url: mtls.url, tls: { caCertificate: mtls.caCert } } });
    expect(without.errors).toBeUndefined();
    const refused = await eventually(() => repo(without.data!.createHelmRepository.id), (x) => x.ready === 'False', 30_000);
    expect(cond(refused, 'Ready')?.reason).toBe('IndexationFailed');
    expect(refused.message).toMatch(/^failed to fetch Helm repository index: /);
  });

  it('HelmRepository of type oci with a .dockerconfigjson and the registry’s CA: the chart is pulled (credentialsKind dockerconfigjson); another CA → ChartPullFailed with the x509 message', async () => {
    const r = await gql<{ createHelmRepository: Source }>(s.operator, createRepo, { input: { name: 'oci-charts', type: 'oci', url: registryUrl('charts'), credentials: { dockerConfigJson: dockerConfig() }, tls: { caCertificate: registry.caCert } } });
    expect(r.errors).toBeUndefined();
    const id = r.data!.createHelmRepository.id;
    expect(r.data!.createHelmRepository).toMatchObject({ type: 'oci', credentialsKind: 'dockerconfigjson', hasCaCertificate: true });
    const rel = await gql<{ createHelmRelease: Rel }>(s.operator, createRel, {
      input: { name: 'from-oci', spec: { interval: '5m', chart: { spec: { chart: 'demo', version: '1.x', sourceRef: { kind: 'HelmRepository', name: 'oci-charts' } } } }, placement: { clusterSelector: 'env=prod' } },
    });
    expect(rel.errors).toBeUndefined();
    const relId = rel.data!.createHelmRelease.id;
    const pulled = await eventually(() => release(relId), (x) => x.chart.version !== null || x.chart.failureReason !== null, 30_000);
    expect(pulled.chart).toMatchObject({ name: 'demo', version: '1.0.0', failureReason: null });
    const pushed = await readFile(path.join(dir, 'demo-1.0.0.tgz'));
    expect(pulled.chart.digest).toBe(`sha256:${createHash('sha256').update(pushed).digest('hex')}`);

    const wrong = await gql(s.operator, updateRepo, { id, input: { name: 'oci-charts', url: registryUrl('charts'), tls: { caCertificate: other.pem } } });
    expect(wrong.errors).toBeUndefined();
    await gql(s.operator, `mutation($id: ID!) { reconcileHelmRepository(id: $id) }`, { id });
    const failed = await eventually(() => release(relId), (x) => x.chart.failureReason !== null, 30_000);
    expect(failed.chart.failureReason).toBe('ChartPullFailed');
    expect(failed.chart.failureMessage).toMatch(/tls: failed to verify certificate: x509: certificate signed by unknown authority/);
    // The last good chart is kept, as source-controller keeps a HelmChart's artifact.
    expect(failed.chart.digest).toBe(pulled.chart.digest);
  });

  describe('bad input is refused on its field (BAD_USER_INPUT, extensions.field), nothing stored', () => {
    const notPem = 'MIIB-not-a-certificate';
    const cases: { name: string; query: () => string; input: () => Record<string, unknown>; field: string }[] = [
      { name: 'a CA that is not PEM', query: () => createRepo, input: () => ({ name: 'v1', url: 'https://charts.example.com', tls: { caCertificate: notPem } }), field: 'tls.caCertificate' },
      { name: 'a client certificate without its key (Flux: tls.crt with tls.key)', query: () => createRepo, input: () => ({ name: 'v2', url: 'https://charts.example.com', tls: { clientCertificate: mtls.clientCertificate!.cert } }), field: 'tls.clientKey' },
      { name: 'a key that is not the client certificate’s', query: () => createRepo, input: () => ({ name: 'v3', url: 'https://charts.example.com', tls: { clientCertificate: mtls.clientCertificate!.cert, clientKey: otherKey } }), field: 'tls.clientKey' },
      { name: 'a CA for an http:// chart repository', query: () => createRepo, input: () => ({ name: 'v4', url: 'http://charts.example.com', tls: { caCertificate: registry.caCert } }), field: 'tls' },
      { name: 'a .dockerconfigjson for type default (Flux: a registry’s credentials)', query: () => createRepo, input: () => ({ name: 'v5', url: 'https://charts.example.com', credentials: { dockerConfigJson: dockerConfig() } }), field: 'credentials.dockerConfigJson' },
      { name: 'a .dockerconfigjson that is not JSON, type oci', query: () => createRepo, input: () => ({ name: 'v6', type: 'oci', url: registryUrl('charts'), credentials: { dockerConfigJson: '{not json' } }), field: 'credentials.dockerConfigJson' },
      { name: 'an OCIRepository spec.certSecretRef (the hub holds no Secrets)', query: () => createOci, input: () => ({ name: 'v7', spec: { url: registryUrl('x'), certSecretRef: { name: 'ca' } } }), field: 'spec.certSecretRef' },
      { name: 'an OCIRepository CA with spec.insecure (plain HTTP)', query: () => createOci, input: () => ({ name: 'v8', spec: { url: registryUrl('x'), insecure: true }, tls: { caCertificate: registry.caCert } }), field: 'tls' },
    ];
    for (const c of cases) {
      it(`${c.name} → ${c.field}`, async () => {
        const r = await gql(s.operator, c.query(), { input: c.input() });
        expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: c.field });
        // The message names the field, never the value.
        expect(r.errors?.[0]?.message).not.toContain(notPem);
        const name = c.input().name as string;
        expect(await t.sql('SELECT 1 FROM helm_repositories WHERE name = $1 UNION ALL SELECT 1 FROM oci_repositories WHERE name = $1', [name])).toEqual([]);
      });
    }
  });

  it('no certificate or key in any GraphQL answer, log line, audit entry or event; stored only sealed', async () => {
    const secrets = [registry.caCert!, charts.caCert!, mtls.caCert!, mtls.clientCertificate!.cert, mtls.clientCertificate!.key].map(bodyOf);
    const tables = await t.sql<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`);
    let database = '';
    for (const { table_name } of tables) database += JSON.stringify(await t.sql(`SELECT * FROM "${table_name}"`));
    const logs = JSON.stringify(t.logger.lines);
    const graphql = answers.join('\n');
    expect(graphql).toContain('hasCaCertificate');
    for (const body of secrets) {
      expect(graphql).not.toContain(body);
      expect(logs).not.toContain(body);
      expect(database).not.toContain(body);
    }
    expect(database).not.toContain(registry.password!);
  });
});
