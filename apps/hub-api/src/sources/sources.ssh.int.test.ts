import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGitServer, startGitSshServer, startPostgres, type TestGitServer, type TestGitSshServer, type TestPostgres } from '@flotilla/testenv';
import { eventually, TestHub, type Session, type TestUser } from '../../test/hub-harness.js';

// Hub GitRepositories over ssh, against OpenSSH's sshd serving the git server's repositories: the key and
// known_hosts are sealed like any credentials, never shown, and give the same revision and artifact as http.

const fields = 'id url credentialsKind ready generation conditions { type status reason message } artifact { revision digest }';
const create = `mutation($input: GitRepositoryInput!) { createGitRepository(input: $input) { ${fields} } }`;
const update = `mutation($id: ID!, $input: GitRepositoryInput!) { updateGitRepository(id: $id, input: $input) { ${fields} } }`;
const get = `query($id: ID!) { gitRepository(id: $id) { ${fields} } }`;

interface Repo {
  id: string;
  credentialsKind: string | null;
  ready: string;
  generation: number;
  conditions: { type: string; status: string; reason: string; message: string }[];
  artifact: { revision: string; digest: string } | null;
}

describe('GitRepository sources over ssh (real Postgres, real sshd)', () => {
  let pg: TestPostgres;
  let git: TestGitServer;
  let sshd: TestGitSshServer;
  let t: TestHub;
  const s = {} as Record<TestUser, Session>;

  beforeAll(async () => {
    [pg, git] = await Promise.all([startPostgres(), startGitServer()]);
    sshd = await startGitSshServer(git);
    t = await TestHub.start(await pg.createDatabase());
    for (const u of ['admin', 'operator', 'viewer'] as const) s[u] = await t.login(u);
  });
  afterAll(async () => {
    await t?.stop();
    await sshd?.stop();
    await Promise.all([git?.stop(), pg?.stop()]);
  });

  const fetchRepo = async (id: string): Promise<Repo> => {
    const r = await t.gql<{ gitRepository: Repo }>(s.viewer, get, { id });
    if (!r.data?.gitRepository) throw new Error(JSON.stringify(r.errors));
    return r.data.gitRepository;
  };
  const ssh = () => ({ identity: sshd.clientKey.identity, knownHosts: sshd.knownHosts });

  it('identity + knownHosts: Ready with the same revision and digest as the same repository over http; the key appears in no answer, log, audit entry or row', async () => {
    const http = await git.createRepo('fleet');
    const sha = await git.pushFiles(http, { 'clusters/prod/app.yaml': 'kind: ConfigMap\n' });
    const overSsh = await t.gql<{ createGitRepository: Repo }>(s.operator, create, { input: { name: 'fleet-ssh', url: sshd.urlOf('fleet'), ref: { branch: 'main' }, interval: '1h', credentials: ssh() } });
    expect(overSsh.errors).toBeUndefined();
    expect(overSsh.data!.createGitRepository.credentialsKind).toBe('ssh');
    const overHttp = (await t.gql<{ createGitRepository: Repo }>(s.operator, create, { input: { name: 'fleet-http', url: http, ref: { branch: 'main' }, interval: '1h' } })).data!.createGitRepository;
    const a = await eventually(() => fetchRepo(overSsh.data!.createGitRepository.id), (g) => g.ready !== 'Unknown', 20_000);
    const b = await eventually(() => fetchRepo(overHttp.id), (g) => g.ready === 'True', 20_000);
    expect(a.ready, JSON.stringify(a.conditions)).toBe('True');
    expect(a.artifact).toEqual({ revision: `main@sha1:${sha}`, digest: b.artifact!.digest });

    const keyBody = sshd.clientKey.identity.split('\n')[1]!;
    const everything = JSON.stringify(await t.gql(s.admin, `query { gitRepositories { ${fields} } }`)) + JSON.stringify(t.logger.lines) + JSON.stringify(await t.sql('SELECT * FROM audit_entries')) + JSON.stringify(await t.sql('SELECT * FROM git_repositories'));
    expect(everything).not.toContain(keyBody);
  });

  it('known_hosts without the server’s key → GitOperationFailed (knownhosts: key is unknown); the right known_hosts fixes it without a generation bump', async () => {
    await git.createRepo('strict');
    await git.pushFiles('strict', { 'a.yaml': 'a: 1\n' });
    const url = sshd.urlOf('strict');
    const other = (await sshd.newKey('not-the-host')).identityPub.trim().split(' ');
    const created = (await t.gql<{ createGitRepository: Repo }>(s.operator, create, {
      input: { name: 'strict', url, ref: { branch: 'main' }, interval: '1h', credentials: { identity: sshd.clientKey.identity, knownHosts: `other.example ${other[0]} ${other[1]}\n` } },
    })).data!.createGitRepository;
    const failed = await eventually(() => fetchRepo(created.id), (g) => g.ready === 'False', 20_000);
    expect(failed.conditions.find((c) => c.type === 'FetchFailed')).toMatchObject({ reason: 'GitOperationFailed', message: expect.stringContaining('knownhosts: key is unknown') });
    const fixed = await t.gql<{ updateGitRepository: Repo }>(s.operator, update, { id: created.id, input: { name: 'strict', url, ref: { branch: 'main' }, interval: '1h', credentials: ssh() } });
    expect(fixed.data?.updateGitRepository.generation).toBe(1);
    await eventually(() => fetchRepo(created.id), (g) => g.ready === 'True', 20_000);
  });

  it('refuses at the edge, naming the field and never echoing a value: credentials of the other protocol, an encrypted key without its passphrase, a bad known_hosts line, a password in the URL, the scp-like form', async () => {
    const url = sshd.urlOf('anything');
    const attempt = async (input: Record<string, unknown>) => {
      const r = await t.gql(s.operator, create, { input: { name: 'refused', interval: '1h', ...input } });
      return { field: r.errors?.[0]?.extensions?.field, code: r.errors?.[0]?.extensions?.code, message: r.errors?.[0]?.message ?? '' };
    };
    expect(await attempt({ url, credentials: { username: 'git', password: 'pw-Q7' } })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'credentials', message: expect.stringContaining('ssh:// URL takes identity and knownHosts') });
    expect(await attempt({ url: git.baseUrl + '/x.git', credentials: ssh() })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'credentials', message: expect.stringContaining('are for ssh:// URLs') });
    expect(await attempt({ url, credentials: { identity: sshd.encryptedKey.identity, knownHosts: sshd.knownHosts } })).toMatchObject({ field: 'credentials.password', message: expect.stringContaining('encrypted') });
    expect(await attempt({ url, credentials: { identity: sshd.clientKey.identity, knownHosts: 'just-a-host\n' } })).toMatchObject({ field: 'credentials.knownHosts' });
    expect(await attempt({ url, credentials: { identity: 'not a key Q7', knownHosts: sshd.knownHosts } })).toMatchObject({ field: 'credentials.identity' });
    expect(await attempt({ url: `ssh://git:pw-Q7@127.0.0.1:${sshd.port}/x.git`, credentials: ssh() })).toMatchObject({ field: 'url', message: expect.stringContaining('must not contain credentials') });
    expect(await attempt({ url: 'git@github.com:org/repo.git', credentials: ssh() })).toMatchObject({ field: 'url', message: expect.stringContaining('scp-like') });
    expect(JSON.stringify(t.logger.lines)).not.toContain('pw-Q7');
  });

  it('an encrypted key with its passphrase fetches; moving the URL to http with the ssh credentials kept is refused', async () => {
    const http = await git.createRepo('locked');
    await git.pushFiles('locked', { 'a.yaml': 'a: 1\n' });
    const key = sshd.encryptedKey;
    const created = (await t.gql<{ createGitRepository: Repo }>(s.operator, create, {
      input: { name: 'locked', url: sshd.urlOf('locked'), ref: { branch: 'main' }, interval: '1h', credentials: { identity: key.identity, knownHosts: sshd.knownHosts, password: key.password } },
    })).data!.createGitRepository;
    await eventually(() => fetchRepo(created.id), (g) => g.ready === 'True', 20_000);
    const moved = await t.gql(s.operator, update, { id: created.id, input: { name: 'locked', url: http, ref: { branch: 'main' }, interval: '1h' } });
    expect(moved.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'credentials' });
  });
});
