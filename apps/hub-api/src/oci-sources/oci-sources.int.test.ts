import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readArchive } from '@flotilla/git-source';
import { RegistrySession, resolveDigest } from '@flotilla/oci-client';
import type { Assignment } from '@flotilla/protocol';
import { cosignSign, generateCosignKeyPair, makeTempDir, makeTempTree, runFlux, startPostgres, startRegistry, type CosignKeyPair, type TestPostgres, type TestRegistry } from '@flotilla/testenv';
import { HubEvents, type HubEventMap } from '../common/hub-events.js';
import { eventually, TestHub, type Session, type TestUser } from '../../test/hub-harness.js';

// Hub OCIRepositories against a real Postgres and real registries (distribution 2.8, anonymous and htpasswd),
// artifacts pushed by the real `flux push artifact` and signed by the real `cosign`: pulled once for the fleet,
// stored in the hub's artifact store, served to the clusters whose Kustomizations name them.

const fields = 'id namespace name url spec suspend credentialsKind verifyPublicKeys { name } ready message conditions { type status reason message } artifact { revision digest size } generation observedGeneration';
const createOci = `mutation($input: OCIRepositoryInput!) { createOciRepository(input: $input) { ${fields} } }`;
const updateOci = `mutation($id: ID!, $input: OCIRepositoryInput!) { updateOciRepository(id: $id, input: $input) { ${fields} } }`;
const getOci = `query($id: ID!) { ociRepository(id: $id) { ${fields} } }`;
const createK = `mutation($input: KustomizationInput!) { createKustomization(input: $input) { id } }`;

interface Cond {
  type: string;
  status: string;
  reason: string;
  message: string;
}
interface Oci {
  id: string;
  ready: string;
  message: string | null;
  credentialsKind: string | null;
  conditions: Cond[];
  artifact: { revision: string; digest: string; size: number } | null;
  generation: number;
  observedGeneration: number | null;
}
const cond = (o: Oci, type: string): Cond | undefined => o.conditions.find((c) => c.type === type);

describe('hub OCIRepositories (real Postgres, real registries, real flux and cosign)', () => {
  let pg: TestPostgres;
  let open: TestRegistry;
  let basic: TestRegistry;
  let closed: Server;
  let closedPort = 0;
  let t: TestHub;
  let kubeconfig = '';
  let keys: CosignKeyPair;
  const s = {} as Record<TestUser, Session>;
  let cluster: { clusterId: string; credential: string };
  let appId = '';

  const get = async (id: string): Promise<Oci> => (await t.gql<{ ociRepository: Oci }>(s.viewer, getOci, { id })).data!.ociRepository;
  const doc = async (): Promise<Assignment | undefined> => (await t.sql<{ document: Assignment }>('SELECT document FROM cluster_assignments WHERE cluster_id = $1', [cluster.clusterId]))[0]?.document;

  /** `flux push artifact` of `files`; returns the manifest digest the tag names now. */
  async function fluxPush(reg: TestRegistry, repo: string, tag: string, files: Record<string, string>): Promise<string> {
    const src = await makeTempTree('oci-src', files);
    const args = ['push', 'artifact', `oci://${reg.host}/${repo}:${tag}`, '--path', src, '--source', 'https://github.com/example/app', '--revision', 'main@sha1:0123456789abcdef0123456789abcdef01234567'];
    if (reg.username) args.push('--creds', `${reg.username}:${reg.password}`);
    const out = await runFlux(args, { kubeconfig });
    expect(out.exitCode, out.stderr).toBe(0);
    return resolveDigest(new RegistrySession(reg.host, repo, reg.username ? { username: reg.username, password: reg.password ?? '' } : undefined), tag);
  }

  beforeAll(async () => {
    let dir: string;
    [pg, open, basic, keys, dir] = await Promise.all([startPostgres(), startRegistry(), startRegistry({ auth: 'basic' }), generateCosignKeyPair(), makeTempDir('oci-hub-flux')]);
    // `flux push artifact` talks to the registry only; the flag still wants a kubeconfig file.
    kubeconfig = path.join(dir, 'kubeconfig');
    await writeFile(kubeconfig, 'apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\n');
    // A port nothing answers on: the registry is unreachable.
    closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    closedPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    t = await TestHub.start(await pg.createDatabase());
    for (const u of ['admin', 'operator', 'viewer'] as const) s[u] = await t.login(u);
    cluster = await t.registeredCluster(s.operator, 'edge-1', [{ key: 'env', value: 'prod' }]);
  }, 180_000);
  afterAll(async () => {
    await t?.stop();
    await Promise.all([open?.stop(), basic?.stop(), pg?.stop()]);
  });

  it('pulled once for the fleet with basic credentials: revision <tag>@sha256:<digest> (flux.md OCIRepository revision), Ready, the artifact the pushed files archived again, no secret anywhere', async () => {
    const digest = await fluxPush(basic, 'app/manifests', 'v1', { 'deploy/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: hello\ndata:\n  a: "1"\n', 'README.md': 'ignored\n' });
    const r = await t.gql<{ createOciRepository: Oci }>(s.operator, createOci, {
      input: { name: 'app', spec: { url: `oci://${basic.host}/app/manifests`, ref: { tag: 'v1' }, ignore: '*.md' }, credentials: { username: basic.username, password: basic.password } },
    });
    expect(r.errors).toBeUndefined();
    appId = r.data!.createOciRepository.id;
    expect(r.data!.createOciRepository.credentialsKind).toBe('basic');
    const ready = await eventually(() => get(appId), (x) => x.ready === 'True', 30_000);
    expect(ready.artifact?.revision).toBe(`v1@${digest}`);
    expect(ready.message).toBe(`stored artifact for digest 'v1@${digest}'`);
    expect(cond(ready, 'ArtifactInStorage')).toMatchObject({ status: 'True', reason: 'Succeeded' });
    expect(ready.observedGeneration).toBe(1);
    const [row] = await t.sql<{ status: { artifact: { metadata?: Record<string, string> } } }>('SELECT status FROM oci_repositories WHERE id = $1', [appId]);
    expect(row!.status.artifact.metadata?.['org.opencontainers.image.revision']).toBe('main@sha1:0123456789abcdef0123456789abcdef01234567');
    const everything = JSON.stringify(await t.sql('SELECT * FROM audit_entries')) + JSON.stringify(await t.sql('SELECT status, spec, credentials_sealed FROM oci_repositories')) + JSON.stringify(t.logger.lines);
    expect(everything).not.toContain(basic.password!);
  });

  it('a Kustomization whose sourceRef is the OCIRepository: the cluster gets the artifact in its assignment and may download it', async () => {
    const r = await t.gql(s.operator, createK, { input: { name: 'app', spec: { sourceRef: { kind: 'OCIRepository', name: 'app' }, path: './deploy', interval: '5m', prune: true }, placement: { clusterSelector: 'env=prod' } } });
    expect(r.errors).toBeUndefined();
    const artifact = (await get(appId)).artifact!;
    const d = await eventually(doc, (x) => (x?.sources.length ?? 0) === 1, 15_000);
    expect(d!.sources[0]).toEqual({ kind: 'OCIRepository', namespace: 'flotilla-system', name: 'app', revision: artifact.revision, digest: artifact.digest, size: artifact.size, url: `/artifacts/${artifact.digest}` });
    expect(d!.kustomizations[0]!.spec.sourceRef).toEqual({ kind: 'OCIRepository', name: 'app' });
    const res = await fetch(`${t.url}/artifacts/${artifact.digest}`, { headers: { authorization: `Bearer ${cluster.credential}` } });
    expect(res.status).toBe(200);
    const body = Buffer.from(await res.arrayBuffer());
    expect(`sha256:${createHash('sha256').update(body).digest('hex')}`).toBe(artifact.digest);
    const files = await readArchive(Readable.from(body), () => true);
    expect([...files.keys()]).toEqual(['deploy/cm.yaml']);
    // The OCIRepository names its users, and only Kustomizations whose sourceRef is of its kind.
    const git = await t.gql(s.operator, createK, { input: { name: 'git-app', spec: { sourceRef: { kind: 'GitRepository', name: 'app' }, path: './deploy', interval: '5m', prune: true }, placement: { clusterSelector: 'env=none' } } });
    expect(git.errors).toBeUndefined();
    const users = await t.gql<{ ociRepository: { kustomizations: { name: string; clusters: { cluster: { name: string } }[] }[] } }>(s.viewer, `query($id: ID!) { ociRepository(id: $id) { kustomizations { name clusters { cluster { name } } } } }`, { id: appId });
    expect(users.errors).toBeUndefined();
    expect(users.data!.ociRepository.kustomizations).toEqual([{ name: 'app', clusters: [{ cluster: { name: 'edge-1' } }] }]);
  });

  it('flux reconcile ks --with-source of a Kustomization on the OCIRepository: the tag pushed again is pulled before the request is sent, and in the assignment', async () => {
    const [k] = await t.sql<{ id: string }>("SELECT id FROM kustomizations WHERE name = 'app'");
    const digest = await fluxPush(basic, 'app/manifests', 'v1', { 'deploy/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: hello\ndata:\n  a: "2"\n' });
    expect((await get(appId)).artifact?.revision).not.toBe(`v1@${digest}`);
    const seen: HubEventMap['kustomization.reconcileRequested'][] = [];
    const off = t.hub.app.get(HubEvents).on('kustomization.reconcileRequested', (e) => seen.push(e));
    try {
      const r = await t.gql(s.operator, `mutation($input: RequestReconcileInput!) { requestReconcile(input: $input) }`, { input: { kind: 'Kustomization', id: k!.id, withSource: true } });
      expect(r.errors).toBeUndefined();
      // The mutation returns once the OCIRepository pulled the new digest (the interval is 10m: only the request did it).
      expect((await get(appId)).artifact?.revision).toBe(`v1@${digest}`);
      expect(seen.at(-1)).toMatchObject({ kustomizationId: k!.id, withSource: true });
      expect((await eventually(doc, (d) => d?.sources[0]?.revision === `v1@${digest}`, 15_000))!.sources[0]?.revision).toBe(`v1@${digest}`);
      const audit = await t.sql<{ action: string }>("SELECT action FROM audit_entries WHERE target_id = $1 AND action = 'ocirepository.reconcile'", [appId]);
      expect(audit).toHaveLength(1);
    } finally {
      off();
    }
  });

  it('wrong credentials (401): Ready=False with OCIArtifactPullFailed, the last good artifact kept and still assigned, no secret in the message', async () => {
    const before = (await get(appId)).artifact;
    const r = await t.gql(s.operator, updateOci, { id: appId, input: { name: 'app', spec: { url: `oci://${basic.host}/app/manifests`, ref: { tag: 'v1' }, ignore: '*.md' }, credentials: { username: basic.username, password: 'not-the-password' } } });
    expect(r.errors).toBeUndefined();
    const failed = await eventually(() => get(appId), (x) => x.ready === 'False', 30_000);
    expect(cond(failed, 'Ready')?.reason).toBe('OCIArtifactPullFailed');
    expect(cond(failed, 'FetchFailed')).toMatchObject({ status: 'True', reason: 'OCIArtifactPullFailed' });
    expect(failed.message).toMatch(/^failed to determine artifact digest: .*(401|UNAUTHORIZED)/i);
    expect(failed.message).not.toContain('not-the-password');
    expect(JSON.stringify(t.logger.lines)).not.toContain('not-the-password');
    expect(failed.artifact).toEqual(before);
    expect(cond(failed, 'ArtifactInStorage')?.status).toBe('True');
    expect((await doc())!.sources[0]?.digest).toBe(before!.digest);
  });

  it('an unreachable registry: Ready=False with OCIArtifactPullFailed and no artifact', async () => {
    const r = await t.gql<{ createOciRepository: Oci }>(s.operator, createOci, { input: { name: 'gone', spec: { url: `oci://127.0.0.1:${closedPort}/app/manifests`, ref: { tag: 'v1' }, timeout: '5s' } } });
    expect(r.errors).toBeUndefined();
    const failed = await eventually(() => get(r.data!.createOciRepository.id), (x) => x.ready === 'False', 30_000);
    expect(cond(failed, 'Ready')).toMatchObject({ reason: 'OCIArtifactPullFailed', message: expect.stringMatching(/^failed to determine artifact digest: /) });
    expect(failed.artifact).toBeNull();
  });

  it('cosign: a signed artifact is accepted (SourceVerified=True); an unsigned one is refused with VerificationError and no artifact (flux.md OCIRepository verify)', async () => {
    const signed = await fluxPush(open, 'app/signed', 'v1', { 'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: signed\n' });
    await cosignSign(`${open.host}/app/signed@${signed}`, keys);
    await fluxPush(open, 'app/unsigned', 'v1', { 'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: unsigned\n' });
    const pem = await readFile(keys.publicKeyPath, 'utf8');
    const make = async (name: string, repo: string) => {
      const r = await t.gql<{ createOciRepository: Oci }>(s.operator, createOci, { input: { name, spec: { url: `oci://${open.host}/${repo}`, ref: { tag: 'v1' }, verify: { provider: 'cosign' } }, verifyPublicKeys: [{ name: 'cosign.pub', pem }] } });
      expect(r.errors).toBeUndefined();
      return r.data!.createOciRepository.id;
    };
    const [good, bad] = [await make('signed', 'app/signed'), await make('unsigned', 'app/unsigned')];
    const ok = await eventually(() => get(good), (x) => x.ready === 'True', 30_000);
    expect(cond(ok, 'SourceVerified')).toMatchObject({ status: 'True', reason: 'Succeeded', message: `verified signature of revision v1@${signed}` });
    const refused = await eventually(() => get(bad), (x) => x.ready === 'False', 30_000);
    expect(cond(refused, 'Ready')).toMatchObject({ reason: 'VerificationError', message: expect.stringMatching(new RegExp(`^failed to verify the signature using provider 'cosign': no matching signatures were found for '${open.host}/app/unsigned@sha256:`)) });
    expect(cond(refused, 'SourceVerified')).toMatchObject({ status: 'False', reason: 'VerificationError' });
    expect(refused.artifact).toBeNull();
  });

  describe('validation errors name the field (BAD_USER_INPUT, extensions.field)', () => {
    const url = 'oci://ghcr.io/example/app';
    const cases: { name: string; input: Record<string, unknown>; field: string }[] = [
      { name: 'a URL that is not oci://', input: { name: 'x', spec: { url: 'https://ghcr.io/example/app' } }, field: 'spec.url' },
      { name: 'a URL with a tag in it', input: { name: 'x', spec: { url: `${url}:v1` } }, field: 'spec.url' },
      { name: 'a semver range that does not parse', input: { name: 'x', spec: { url, ref: { semver: '>=1.0.0 <' } } }, field: 'spec.ref.semver' },
      { name: 'a digest that is not sha256', input: { name: 'x', spec: { url, ref: { digest: 'md5:abc' } } }, field: 'spec.ref.digest' },
      { name: 'a secretRef (the hub keeps credentials itself)', input: { name: 'x', spec: { url, secretRef: { name: 'creds' } } }, field: 'spec.secretRef' },
      { name: 'verify without keys (keyless is not supported)', input: { name: 'x', spec: { url, verify: { provider: 'cosign' } } }, field: 'verifyPublicKeys' },
      { name: 'notation', input: { name: 'x', spec: { url, verify: { provider: 'notation' } } }, field: 'spec.verify.provider' },
      { name: 'a key that is not a PEM public key', input: { name: 'x', spec: { url, verify: { provider: 'cosign' } }, verifyPublicKeys: [{ name: 'cosign.pub', pem: 'nope' }] }, field: 'verifyPublicKeys.0.pem' },
      { name: 'a docker config that is not JSON', input: { name: 'x', spec: { url }, credentials: { dockerConfigJson: '{' } }, field: 'credentials.dockerConfigJson' },
      { name: 'an interval without units', input: { name: 'x', spec: { url, interval: '5' } }, field: 'spec.interval' },
    ];
    for (const c of cases) {
      it(`${c.name} → ${c.field}`, async () => {
        const r = await t.gql(s.operator, createOci, { input: c.input });
        expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
        expect(r.errors?.[0]?.extensions?.field).toBe(c.field);
      });
    }
  });

  it('an OCIRepository a Kustomization uses cannot be deleted (CONFLICT); a viewer cannot create one', async () => {
    const r = await t.gql(s.admin, `mutation($id: ID!) { deleteOciRepository(id: $id) }`, { id: appId });
    expect(r.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const v = await t.gql(s.viewer, createOci, { input: { name: 'v', spec: { url: 'oci://ghcr.io/example/app' } } });
    expect(v.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
