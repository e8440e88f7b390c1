import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeClusterPki, makeTempDir, proxyTo, removeDir, startGitServer, startPostgres, type ClusterPki, type TestGitServer, type TestPostgres } from '@flotilla/testenv';
import { eventually, TestHub, type Session, type TestUser } from '../../test/hub-harness.js';

// Hub GitRepositories on an https git server whose certificate a private CA signed: the CA given as
// `credentials.caCert` (Flux's Secret key ca.crt) is trusted beside the system CAs for that source only. Real
// git servers (git http-backend) behind a real TLS front.

const fields = 'id generation credentialsKind ready conditions { type status reason message } artifact { revision }';
const create = `mutation($input: GitRepositoryInput!) { createGitRepository(input: $input) { ${fields} } }`;
const update = `mutation($id: ID!, $input: GitRepositoryInput!) { updateGitRepository(id: $id, input: $input) { ${fields} } }`;
const get = `query($id: ID!) { gitRepository(id: $id) { ${fields} } }`;

interface Repo {
  id: string;
  generation: number;
  credentialsKind: string | null;
  ready: string;
  conditions: { type: string; status: string; reason: string; message: string }[];
  artifact: { revision: string } | null;
}

async function tlsFront(pki: ClusterPki, target: TestGitServer): Promise<{ server: https.Server; url: string }> {
  const server = https.createServer({ cert: pki.servingCert, key: pki.servingKey }, proxyTo(() => target.baseUrl));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { server, url: `https://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('hub GitRepository over https with a private CA (Flux secret key ca.crt)', () => {
  let pg: TestPostgres;
  let basic: TestGitServer;
  let open: TestGitServer;
  let pki: ClusterPki;
  let dir = '';
  const fronts: https.Server[] = [];
  let basicFront = '';
  let openFront = '';
  let t: TestHub;
  const s = {} as Record<TestUser, Session>;

  beforeAll(async () => {
    dir = await makeTempDir('hub-git-ca-');
    [pg, basic, open, pki] = await Promise.all([startPostgres(), startGitServer({ auth: 'basic' }), startGitServer(), makeClusterPki(dir)]);
    const [b, o] = await Promise.all([tlsFront(pki, basic), tlsFront(pki, open)]);
    fronts.push(b.server, o.server);
    [basicFront, openFront] = [b.url, o.url];
    t = await TestHub.start(await pg.createDatabase());
    for (const u of ['admin', 'operator', 'viewer'] as const) s[u] = await t.login(u);
  }, 120_000);

  afterAll(async () => {
    await t?.stop();
    for (const f of fronts) {
      f.closeAllConnections();
      await new Promise<void>((resolve) => f.close(() => resolve()));
    }
    await Promise.all([basic?.stop(), open?.stop(), pg?.stop()]);
    if (dir) await removeDir(dir);
  });

  const fetchRepo = async (id: string): Promise<Repo> => {
    const r = await t.gql<{ gitRepository: Repo }>(s.viewer, get, { id });
    if (!r.data?.gitRepository) throw new Error(JSON.stringify(r.errors));
    return r.data.gitRepository;
  };

  it('basic auth with caCert → Ready with main@sha1:<commit>; stored as basic+ca, sealed, never returned', async () => {
    const repo = await basic.createRepo('ca-basic');
    const sha = await basic.pushFiles(repo, { 'a.yaml': 'a: 1\n' });
    const url = repo.replace(basic.baseUrl, basicFront);
    const r = await t.gql<{ createGitRepository: Repo }>(s.operator, create, {
      input: { name: 'ca-basic', url, ref: { branch: 'main' }, interval: '1h', credentials: { username: basic.credentials.username, password: basic.credentials.password, caCert: pki.caCert } },
    });
    expect(r.errors).toBeUndefined();
    expect(r.data!.createGitRepository.credentialsKind).toBe('basic+ca');
    const ready = await eventually(() => fetchRepo(r.data!.createGitRepository.id), (g) => g.ready === 'True', 20_000);
    expect(ready.artifact?.revision).toBe(`main@sha1:${sha}`);
    const caBody = pki.caCert.split('\n')[1]!;
    const row = JSON.stringify(await t.sql('SELECT * FROM git_repositories WHERE name = $1', ['ca-basic']));
    const answers = JSON.stringify(await t.gql(s.admin, 'query { gitRepositories { id credentialsKind } }'));
    for (const text of [row, answers, JSON.stringify(t.logger.lines)]) {
      expect(text).not.toContain(basic.credentials.password);
      expect(text).not.toContain(caBody);
    }
  });

  it('without the CA the fetch fails as Flux’s GitOperationFailed naming the certificate problem; giving caCert alone fixes it without a generation bump', async () => {
    const repo = await open.createRepo('ca-later');
    const sha = await open.pushFiles(repo, { 'b.yaml': 'b: 1\n' });
    const url = repo.replace(open.baseUrl, openFront);
    const created = (await t.gql<{ createGitRepository: Repo }>(s.operator, create, { input: { name: 'ca-later', url, ref: { branch: 'main' }, interval: '1h' } })).data!.createGitRepository;
    const failed = await eventually(() => fetchRepo(created.id), (g) => g.ready === 'False', 20_000);
    expect(failed.conditions.find((c) => c.type === 'FetchFailed')).toMatchObject({ reason: 'GitOperationFailed', message: expect.stringMatching(/UNABLE_TO_VERIFY_LEAF_SIGNATURE|certificate/i) });
    const fixed = await t.gql<{ updateGitRepository: Repo }>(s.operator, update, { id: created.id, input: { name: 'ca-later', url, ref: { branch: 'main' }, interval: '1h', credentials: { caCert: pki.caCert } } });
    expect(fixed.errors).toBeUndefined();
    expect(fixed.data!.updateGitRepository).toMatchObject({ credentialsKind: 'ca', generation: 1 });
    const ready = await eventually(() => fetchRepo(created.id), (g) => g.ready === 'True', 20_000);
    expect(ready.artifact?.revision).toBe(`main@sha1:${sha}`);
  });

  describe('a caCert that cannot serve is refused on its field, nothing stored', () => {
    const cases: { name: string; input: () => Record<string, unknown>; field: string; message: RegExp }[] = [
      { name: 'not PEM', input: () => ({ url: 'https://example.com/x.git', credentials: { caCert: 'not a certificate' } }), field: 'credentials.caCert', message: /expected PEM certificates/ },
      { name: 'a private key pasted as the CA', input: () => ({ url: 'https://example.com/x.git', credentials: { caCert: pki.caKey } }), field: 'credentials.caCert', message: /block 1 is a .*private key, not a certificate/ },
      { name: 'a truncated certificate', input: () => ({ url: 'https://example.com/x.git', credentials: { caCert: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n' } }), field: 'credentials.caCert', message: /block 1 is not a valid certificate/ },
      { name: 'a CA for an ssh:// URL', input: () => ({ url: 'ssh://git@example.com/x.git', credentials: { caCert: pki.caCert } }), field: 'credentials', message: /for https:\/\/ URLs/ },
      { name: 'a CA for a plain http:// URL', input: () => ({ url: 'http://example.com/x.git', credentials: { caCert: pki.caCert } }), field: 'credentials', message: /for https:\/\/ URLs/ },
    ];
    for (const [i, c] of cases.entries()) {
      it(`${c.name} → ${c.field}`, async () => {
        const name = `bad-ca-${i}`;
        const r = await t.gql(s.operator, create, { input: { name, ...c.input() } });
        expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: c.field });
        expect(r.errors?.[0]?.message).toMatch(c.message);
        expect(r.errors?.[0]?.message).not.toContain('PRIVATE KEY-----\n');
        expect(await t.sql('SELECT id FROM git_repositories WHERE name = $1', [name])).toHaveLength(0);
      });
    }
  });
});
