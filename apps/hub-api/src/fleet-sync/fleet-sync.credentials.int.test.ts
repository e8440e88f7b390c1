import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGitServer, startHelmRepository, startPostgres, type TestGitServer, type TestHelmRepository, type TestPostgres } from '@flotilla/testenv';
import { eventually, TestHub, type Session } from '../../test/hub-harness.js';

// The hub-held secrets of git-managed objects: Flux YAML names Secrets the hub never reads, so the credentials,
// TLS material, cosign keys and Provider secrets are set at the hub, and the next FleetSync revision keeps them.

const RECONCILE_SOURCE = 'mutation($id: ID!) { requestReconcile(input: { kind: GitRepository, id: $id }) }';
const COSIGN_PUB = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();

const helmRepository = (name: string, url: string, interval: string) => `apiVersion: source.toolkit.fluxcd.io/v1
kind: HelmRepository
metadata:
  name: ${name}
spec:
  url: ${url}
  interval: ${interval}
`;

const others = (p: string, interval: string) => `apiVersion: image.toolkit.fluxcd.io/v1
kind: ImageRepository
metadata:
  name: app-${p}
spec:
  image: registry.example.com/team/app
  interval: ${interval}
---
apiVersion: source.toolkit.fluxcd.io/v1
kind: OCIRepository
metadata:
  name: manifests-${p}
spec:
  url: oci://registry.example.com/team/manifests
  interval: ${interval}
  ref:
    tag: latest
---
apiVersion: notification.toolkit.fluxcd.io/v1beta3
kind: Provider
metadata:
  name: hook-${p}
spec:
  type: generic
  address: https://webhook.example.com/flux
  timeout: ${interval === '1h' ? '10s' : '20s'}
  secretRef:
    name: hook-token
`;

describe('hub-held secrets of git-managed objects (real Postgres, real git server, real chart repository with basic auth)', () => {
  let pg: TestPostgres;
  let git: TestGitServer;
  let charts: TestHelmRepository;
  let t: TestHub;
  let admin: Session;
  let operator: Session;
  let viewer: Session;

  beforeAll(async () => {
    [pg, git, charts] = await Promise.all([startPostgres(), startGitServer(), startHelmRepository({ auth: true })]);
    t = await TestHub.start(await pg.createDatabase());
    [admin, operator, viewer] = [await t.login('admin'), await t.login('operator'), await t.login('viewer')];
  }, 120_000);
  afterAll(async () => {
    await t?.stop();
    await Promise.all([git?.stop(), charts?.stop(), pg?.stop()]);
  });

  const gql = async <T>(query: string, variables: Record<string, unknown> = {}, as: Session = admin): Promise<T> => {
    const r = await t.gql<T>(as, query, variables);
    if (!r.data) throw new Error(JSON.stringify(r.errors));
    return r.data;
  };

  /** A fleet repository with `files`, the hub GitRepository reading it and a FleetSync of `clusters/hub`; waits for its first apply. */
  async function fleet(files: Record<string, string>): Promise<{ url: string; sourceId: string; syncId: string }> {
    const prefix = randomUUID().slice(0, 6);
    const url = await git.createRepo(`fleet-${prefix}`);
    await git.pushFiles(url, files);
    const source = await gql<{ createGitRepository: { id: string } }>('mutation($input: GitRepositoryInput!) { createGitRepository(input: $input) { id } }', {
      input: { name: `fleet-${prefix}`, url, ref: { branch: 'main' }, interval: '1h' },
    });
    const created = await gql<{ createFleetSync: { id: string } }>('mutation($input: FleetSyncInput!) { createFleetSync(input: $input) { id } }', {
      input: { name: `hub-${prefix}`, sourceName: `fleet-${prefix}`, path: './clusters/hub' },
    });
    const syncId = created.createFleetSync.id;
    await eventually(async () => (await gql<{ fleetSync: { ready: string; message: string } }>('query($id: ID!) { fleetSync(id: $id) { ready message } }', { id: syncId })).fleetSync, (s) => s.ready === 'True', 30_000);
    return { url, sourceId: source.createGitRepository.id, syncId };
  }

  /** Pushes `files` and has the source fetch them at once (its interval is an hour). */
  async function push(f: { url: string; sourceId: string }, files: Record<string, string>): Promise<void> {
    await git.pushFiles(f.url, files);
    await gql(RECONCILE_SOURCE, { id: f.sourceId });
  }

  it('a git-managed HelmRepository of a chart repository with basic auth (Flux secretRef username/password) fetches once its credentials are set at the hub, and keeps them when git changes the object', async () => {
    type H = { id: string; name: string; ready: string; interval: string; credentialsKind: string | null; message: string | null; managedBy: { file: string } | null };
    const f = await fleet({ 'clusters/hub/charts.yaml': helmRepository('private-charts', charts.url, '1h') });
    const repo = async (): Promise<H> => (await gql<{ helmRepositories: H[] }>('{ helmRepositories { id name ready interval credentialsKind message managedBy { file } } }')).helmRepositories.find((r) => r.name === 'private-charts')!;
    const before = await eventually(repo, (r) => r.ready === 'False', 30_000);
    expect(before.managedBy).toEqual({ file: 'clusters/hub/charts.yaml' });

    // The update mutation stays refused; the credentials mutation is open to an operator.
    const refused = await t.gql(operator, 'mutation($id: ID!, $input: HelmRepositoryInput!) { updateHelmRepository(id: $id, input: $input) { id } }', {
      id: before.id,
      input: { name: 'private-charts', url: charts.url, credentials: { username: charts.username, password: charts.password } },
    });
    expect(refused.errors?.[0]?.message).toContain('managed by git');
    const set = await t.gql<{ setHelmRepositoryCredentials: { credentialsKind: string; interval: string } }>(
      operator,
      'mutation($id: ID!, $input: HelmRepositorySecretsInput!) { setHelmRepositoryCredentials(id: $id, input: $input) { credentialsKind interval } }',
      { id: before.id, input: { credentials: { username: charts.username, password: charts.password } } },
    );
    expect(set.errors).toBeUndefined();
    expect(set.data!.setHelmRepositoryCredentials).toEqual({ credentialsKind: 'basic', interval: '1h' });
    await eventually(repo, (r) => r.ready === 'True', 30_000);

    // git changes the object: the sync applies it, the credentials stay and are still used.
    await push(f, { 'clusters/hub/charts.yaml': helmRepository('private-charts', charts.url, '30m') });
    await eventually(repo, (r) => r.interval === '30m', 30_000);
    await gql('mutation($id: ID!) { reconcileHelmRepository(id: $id) }', { id: before.id });
    const after = await eventually(repo, (r) => r.ready === 'True', 30_000);
    expect(after.credentialsKind).toBe('basic');

    // A viewer is refused; nothing to set is refused naming the field; git's fields are not in the input at all.
    const denied = await t.gql(viewer, 'mutation($id: ID!) { setHelmRepositoryCredentials(id: $id, input: { clearCredentials: true }) { id } }', { id: before.id });
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const empty = await t.gql(operator, 'mutation($id: ID!) { setHelmRepositoryCredentials(id: $id, input: {}) { id } }', { id: before.id });
    expect(empty.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'credentials' });
    const spec = await t.gql(operator, 'mutation($id: ID!) { setHelmRepositoryCredentials(id: $id, input: { url: "https://elsewhere.example.com" }) { id } }', { id: before.id });
    expect(spec.errors?.[0]?.message).toContain('url');
    const bad = await t.gql(operator, 'mutation($id: ID!) { setHelmRepositoryCredentials(id: $id, input: { tls: { caCertificate: "not a pem" } }) { id } }', { id: before.id });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await repo()).credentialsKind).toBe('basic');

    const audit = await t.sql<{ action: string; details: Record<string, unknown> }>(`SELECT action, details FROM audit_entries WHERE target_id = $1 AND details->>'credentialsOnly' = 'true'`, [before.id]);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'helmrepository.update', details: { credentialsKind: 'basic', name: 'private-charts' } });
    expect(JSON.stringify(await t.sql('SELECT * FROM audit_entries')) + JSON.stringify(t.logger.lines)).not.toContain(charts.password!);
  }, 120_000);

  it('a git-managed ImageRepository, OCIRepository and Provider take their credentials, cosign keys and secret at the hub; the next revision keeps them; the secret never comes back', async () => {
    const p = randomUUID().slice(0, 6);
    const f = await fleet({ 'clusters/hub/others.yaml': others(p, '1h') });
    type Ids = { imageRepositories: { id: string; name: string }[]; ociRepositories: { id: string; name: string }[]; notificationProviders: { id: string; name: string }[] };
    const ids = await gql<Ids>('{ imageRepositories { id name } ociRepositories { id name } notificationProviders { id name } }');
    const image = ids.imageRepositories.find((o) => o.name === `app-${p}`)!.id;
    const oci = ids.ociRepositories.find((o) => o.name === `manifests-${p}`)!.id;
    const provider = ids.notificationProviders.find((o) => o.name === `hook-${p}`)!.id;

    const img = await t.gql<{ setImageRepositoryCredentials: { credentialsKind: string } }>(
      operator,
      'mutation($id: ID!, $input: ImageRepositorySecretsInput!) { setImageRepositoryCredentials(id: $id, input: $input) { credentialsKind } }',
      { id: image, input: { credentials: { username: 'robot', password: 'image-pass-1' } } },
    );
    expect(img.errors).toBeUndefined();
    expect(img.data!.setImageRepositoryCredentials.credentialsKind).toBe('basic');

    // Cosign keys before git turns spec.verify on (a Flux Secret exists before the object names it).
    const keys = await t.gql<{ setOciRepositoryCredentials: { credentialsKind: string; verifyPublicKeys: { name: string }[] } }>(
      operator,
      'mutation($id: ID!, $input: OCIRepositorySecretsInput!) { setOciRepositoryCredentials(id: $id, input: $input) { credentialsKind verifyPublicKeys { name } } }',
      { id: oci, input: { credentials: { username: 'robot', password: 'oci-pass-1' }, verifyPublicKeys: [{ name: 'cosign.pub', pem: COSIGN_PUB }] } },
    );
    expect(keys.errors).toBeUndefined();
    expect(keys.data!.setOciRepositoryCredentials).toEqual({ credentialsKind: 'basic', verifyPublicKeys: [{ name: 'cosign.pub' }] });

    // A Provider's secret is for admins of the whole fleet, as its update is.
    const asOperator = await t.gql(operator, 'mutation($id: ID!) { setNotificationProviderSecret(id: $id, input: { secret: { token: "t" } }) { id } }', { id: provider });
    expect(asOperator.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const badHeader = await t.gql(admin, 'mutation($id: ID!) { setNotificationProviderSecret(id: $id, input: { certificate: "not a pem" }) { id } }', { id: provider });
    expect(badHeader.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'certificate' });
    const secret = await t.gql<{ setNotificationProviderSecret: { secretKeys: string[]; secretRefName: string | null; timeout: string | null } }>(
      admin,
      'mutation($id: ID!, $input: NotificationProviderSecretsInput!) { setNotificationProviderSecret(id: $id, input: $input) { secretKeys secretRefName timeout } }',
      { id: provider, input: { secret: { token: 'provider-token-1', headers: [{ key: 'X-Team', value: 'ops' }] } } },
    );
    expect(secret.errors).toBeUndefined();
    expect({ ...secret.data!.setNotificationProviderSecret, secretKeys: [...secret.data!.setNotificationProviderSecret.secretKeys].sort() }).toEqual({ secretKeys: ['headers', 'token'], secretRefName: 'hook-token', timeout: '10s' });

    // git changes every object and turns verify on: the sync applies it and keeps what the hub holds.
    await push(f, { 'clusters/hub/others.yaml': others(p, '30m').replace('    tag: latest\n', '    tag: latest\n  verify:\n    provider: cosign\n') });
    type After = {
      imageRepository: { interval: string; credentialsKind: string | null };
      ociRepository: { spec: { interval: string; verify?: { provider: string } }; credentialsKind: string | null; verifyPublicKeys: { name: string }[] };
      notificationProvider: { timeout: string | null; secretKeys: string[] };
    };
    const after = await eventually(
      () =>
        gql<After>(
          'query($i: ID!, $o: ID!, $p: ID!) { imageRepository(id: $i) { interval credentialsKind } ociRepository(id: $o) { spec credentialsKind verifyPublicKeys { name } } notificationProvider(id: $p) { timeout secretKeys } }',
          { i: image, o: oci, p: provider },
        ),
      (a) => a.imageRepository.interval === '30m' && a.ociRepository.spec.interval === '30m' && a.notificationProvider.timeout === '20s',
      30_000,
    );
    expect(after.imageRepository.credentialsKind).toBe('basic');
    expect(after.ociRepository).toMatchObject({ credentialsKind: 'basic', verifyPublicKeys: [{ name: 'cosign.pub' }], spec: { verify: { provider: 'cosign' } } });
    expect([...after.notificationProvider.secretKeys].sort()).toEqual(['headers', 'token']);

    // Clearing is its own choice and leaves git's spec alone.
    const cleared = await t.gql<{ setImageRepositoryCredentials: { credentialsKind: string | null; interval: string } }>(
      operator,
      'mutation($id: ID!) { setImageRepositoryCredentials(id: $id, input: { clearCredentials: true }) { credentialsKind interval } }',
      { id: image },
    );
    expect(cleared.data!.setImageRepositoryCredentials).toEqual({ credentialsKind: null, interval: '30m' });
    const providerAudit = await t.sql<{ action: string; details: Record<string, unknown> }>(`SELECT action, details FROM audit_entries WHERE target_id = $1 AND details->>'credentialsOnly' = 'true'`, [provider]);
    expect(providerAudit).toHaveLength(1);
    expect(providerAudit[0]!.action).toBe('notificationProvider.update');
    expect([...(providerAudit[0]!.details.secretKeys as string[])].sort()).toEqual(['headers', 'token']);
    const everything = JSON.stringify(await t.sql('SELECT * FROM audit_entries')) + JSON.stringify(t.logger.lines);
    for (const s of ['image-pass-1', 'oci-pass-1', 'provider-token-1']) expect(everything).not.toContain(s);
  }, 120_000);
});
