import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationsDir } from '@flotilla/prisma';
import { startGitServer, startPostgres, type TestGitServer, type TestPostgres } from '@flotilla/testenv';
import { createPrismaClient } from '@flotilla/prisma/client';
import { HubEvents } from '../common/hub-events.js';
import { eventually, TestHub, type Session, type TestUser } from '../../test/hub-harness.js';
import { ArtifactGc } from './artifact-gc.service.js';
import { GitRepositoriesRepository } from './git-repositories.repository.js';
import { ARTIFACT_STORE } from './sources.providers.js';

const fields = 'id namespace name url ref { branch tag semver commit name } interval timeout ignore suspend credentialsKind ready message generation observedGeneration lastHandledReconcileAt conditions { type status reason message lastTransitionTime } artifact { revision digest size lastUpdateTime } kustomizations { id name } createdAt updatedAt';
const create = `mutation($input: GitRepositoryInput!) { createGitRepository(input: $input) { ${fields} } }`;
const update = `mutation($id: ID!, $input: GitRepositoryInput!) { updateGitRepository(id: $id, input: $input) { ${fields} } }`;
const get = `query($id: ID!) { gitRepository(id: $id) { ${fields} } }`;
const reconcile = `mutation($id: ID!) { requestReconcile(input: { kind: GitRepository, id: $id }) }`;
const del = `mutation($id: ID!) { deleteGitRepository(id: $id) }`;
const suspend = `mutation($id: ID!) { suspend(kind: GitRepository, id: $id) }`;
const resume = `mutation($id: ID!) { resume(kind: GitRepository, id: $id) }`;

interface Repo {
  id: string;
  ready: string;
  message: string | null;
  suspend: boolean;
  generation: number;
  credentialsKind: string | null;
  conditions: { type: string; status: string; reason: string; message: string }[];
  artifact: { revision: string; digest: string; size: number } | null;
}

describe('GitRepository sources (real Postgres, real git server)', () => {
  let pg: TestPostgres;
  let git: TestGitServer;
  let open: TestGitServer;
  let t: TestHub;
  const s = {} as Record<TestUser, Session>;

  beforeAll(async () => {
    [pg, git, open] = await Promise.all([startPostgres(), startGitServer({ auth: 'basic' }), startGitServer()]);
    t = await TestHub.start(await pg.createDatabase());
    for (const u of ['admin', 'operator', 'viewer'] as const) s[u] = await t.login(u);
  });
  afterAll(async () => {
    await t?.stop();
    await Promise.all([git?.stop(), open?.stop(), pg?.stop()]);
  });

  const fetchRepo = async (id: string): Promise<Repo> => {
    const r = await t.gql<{ gitRepository: Repo }>(s.viewer, get, { id });
    if (!r.data?.gitRepository) throw new Error(JSON.stringify(r.errors));
    return r.data.gitRepository;
  };

  it('basic auth: the scheduler fetches on its own → Ready with main@sha1:<commit> (flux.md §1.1) and an Artifact row; the credentials appear in no output, log or audit entry', async () => {
    const url = await git.createRepo('podinfo');
    const sha = await git.pushFiles(url, { 'clusters/my-cluster/nginx-deployment.yaml': 'kind: Deployment\n' });
    const { username, password } = git.credentials;
    const r = await t.gql<{ createGitRepository: Repo }>(s.operator, create, {
      input: { name: 'podinfo', url, ref: { branch: 'main' }, interval: '1m', credentials: { username, password } },
    });
    expect(r.errors).toBeUndefined();
    const created = r.data!.createGitRepository;
    expect(created).toMatchObject({ credentialsKind: 'basic', ready: 'Unknown', generation: 1, suspend: false });

    const ready = await eventually(() => fetchRepo(created.id), (g) => g.ready === 'True', 15_000);
    expect(ready.artifact?.revision).toBe(`main@sha1:${sha}`);
    expect(ready.artifact?.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(ready.conditions.find((c) => c.type === 'ArtifactInStorage')?.status).toBe('True');
    const rows = await t.sql<{ digest: string; revision: string; source_id: string }>('SELECT digest, revision, source_id FROM artifacts');
    expect(rows).toEqual([{ digest: ready.artifact!.digest, revision: `main@sha1:${sha}`, source_id: created.id }]);

    // Nowhere in plain text: GraphQL answers, hub logs, audit rows, or the row itself (sealed).
    const everything = JSON.stringify(await t.gql(s.admin, `query { gitRepositories { ${fields} } }`));
    const logs = JSON.stringify(t.logger.lines);
    const audit = JSON.stringify(await t.sql('SELECT * FROM audit_entries'));
    const row = JSON.stringify(await t.sql('SELECT * FROM git_repositories'));
    for (const text of [everything, logs, audit, row]) expect(text).not.toContain(password);
    expect(row).toContain('v1:');
    expect(audit).toContain('gitRepository.create');
    expect(await t.metrics()).toMatch(/flotilla_source_reconciles_total\{outcome="new-artifact"\} [1-9]/);
  });

  it('a new commit becomes the new revision after requestReconcile, and source.artifactChanged is emitted', async () => {
    const url = await git.createRepo('push-flow');
    await git.pushFiles(url, { 'a.yaml': 'a: 1\n' });
    const { username, password } = git.credentials;
    const created = (await t.gql<{ createGitRepository: Repo }>(s.operator, create, { input: { name: 'push-flow', url, ref: { branch: 'main' }, interval: '1h', credentials: { username, password } } }))
      .data!.createGitRepository;
    const first = await eventually(() => fetchRepo(created.id), (g) => g.ready === 'True', 15_000);
    const changed: string[] = [];
    const off = t.hub.app.get(HubEvents).on('source.artifactChanged', ({ sourceId }) => changed.push(sourceId));
    try {
      const sha2 = await git.pushFiles(url, { 'a.yaml': 'a: 2\n' });
      const ok = await t.gql<{ requestReconcile: boolean }>(s.operator, reconcile, { id: created.id });
      expect(ok.data?.requestReconcile).toBe(true);
      const second = await eventually(() => fetchRepo(created.id), (g) => g.artifact?.revision === `main@sha1:${sha2}`, 15_000);
      expect(second.artifact!.digest).not.toBe(first.artifact!.digest);
      expect(changed).toContain(created.id);
    } finally {
      off();
    }
  });

  it('wrong password → Ready=False FetchFailed/GitOperationFailed (source-controller: every clone failure); new credentials fix it without a generation bump', async () => {
    const url = await git.createRepo('wrong-pass');
    await git.pushFiles(url, { 'a.yaml': 'a: 1\n' });
    const created = (await t.gql<{ createGitRepository: Repo }>(s.operator, create, {
      input: { name: 'wrong-pass', url, ref: { branch: 'main' }, credentials: { username: git.credentials.username, password: 'not-the-password-xyz' } },
    })).data!.createGitRepository;
    const failed = await eventually(() => fetchRepo(created.id), (g) => g.ready === 'False', 15_000);
    expect(failed.conditions.find((c) => c.type === 'FetchFailed')?.reason).toBe('GitOperationFailed');
    expect(JSON.stringify(failed)).not.toContain('not-the-password-xyz');
    const fixed = await t.gql<{ updateGitRepository: Repo }>(s.operator, update, {
      id: created.id,
      input: { name: 'wrong-pass', url, ref: { branch: 'main' }, credentials: { username: git.credentials.username, password: git.credentials.password } },
    });
    expect(fixed.data?.updateGitRepository.generation).toBe(1);
    await eventually(() => fetchRepo(created.id), (g) => g.ready === 'True', 15_000);
    expect(JSON.stringify(t.logger.lines)).not.toContain(git.credentials.password);
  });

  it('bearer token (flux.md §0 bearerToken) fetches; clearCredentials removes them and the next fetch is GitOperationFailed', async () => {
    const bearer = await startGitServer({ auth: 'bearer' });
    try {
      const url = await bearer.createRepo('bearer');
      const sha = await bearer.pushFiles(url, { 'bearer.yaml': 'b: 1\n' });
      const created = (await t.gql<{ createGitRepository: Repo }>(s.operator, create, {
        input: { name: 'bearer', url, ref: { branch: 'main' }, interval: '1h', credentials: { bearerToken: bearer.credentials.token } },
      })).data!.createGitRepository;
      expect(created.credentialsKind).toBe('bearer');
      await eventually(() => fetchRepo(created.id), (g) => g.artifact?.revision === `main@sha1:${sha}`, 15_000);
      const cleared = await t.gql<{ updateGitRepository: Repo }>(s.operator, update, { id: created.id, input: { name: 'bearer', url, ref: { branch: 'main' }, interval: '1h', clearCredentials: true } });
      expect(cleared.data?.updateGitRepository.credentialsKind).toBeNull();
      const failed = await eventually(() => fetchRepo(created.id), (g) => g.ready === 'False', 15_000);
      expect(failed.conditions.find((c) => c.type === 'FetchFailed')?.reason).toBe('GitOperationFailed');
      // Flux keeps serving the last good artifact after a failed fetch.
      expect(failed.artifact?.revision).toBe(`main@sha1:${sha}`);
      expect(JSON.stringify(await t.sql('SELECT * FROM audit_entries')) + JSON.stringify(t.logger.lines)).not.toContain(bearer.credentials.token);
    } finally {
      await bearer.stop();
    }
  });

  it("ssh:// without credentials → FetchFailed/AuthenticationFailed: 'identity' is required (fluxcd/pkg git NewAuthOptions)", async () => {
    const created = (await t.gql<{ createGitRepository: Repo }>(s.operator, create, { input: { name: 'over-ssh', url: 'ssh://git@127.0.0.1/repo.git' } })).data!.createGitRepository;
    const failed = await eventually(() => fetchRepo(created.id), (g) => g.ready === 'False', 15_000);
    expect(failed.conditions.find((c) => c.type === 'FetchFailed')).toMatchObject({ reason: 'AuthenticationFailed', message: "failed to configure authentication options: invalid 'ssh' auth option: 'identity' is required" });
  });

  describe('validation errors name the field (BAD_USER_INPUT, extensions.field)', () => {
    const cases: { name: string; input: Record<string, unknown>; field: string }[] = [
      { name: 'a scheme Flux refuses', input: { name: 'bad-url', url: 'ftp://example.com/x.git' }, field: 'url' },
      { name: 'scp-like url', input: { name: 'bad-scp', url: 'git@github.com:org/repo.git' }, field: 'url' },
      { name: 'credentials in the url', input: { name: 'bad-userinfo', url: 'https://u:p@example.com/x.git' }, field: 'url' },
      { name: 'a token as the url user name', input: { name: 'bad-token-user', url: 'https://ghp_tokenvalue@example.com/x.git' }, field: 'url' },
      { name: 'a password in an ssh url', input: { name: 'bad-ssh-password', url: 'ssh://git:hunter2@example.com/x.git' }, field: 'url' },
      { name: 'a semver range that does not parse', input: { name: 'bad-semver', url: 'https://example.com/x.git', ref: { semver: '>=1.0 <<2' } }, field: 'ref.semver' },
      { name: 'a short commit', input: { name: 'bad-commit', url: 'https://example.com/x.git', ref: { commit: 'abc123' } }, field: 'ref.commit' },
      { name: 'a duration without units', input: { name: 'bad-interval', url: 'https://example.com/x.git', interval: '10' }, field: 'interval' },
      { name: 'a zero timeout', input: { name: 'bad-timeout', url: 'https://example.com/x.git', timeout: '0s' }, field: 'timeout' },
      { name: 'an upper-case name', input: { name: 'Podinfo', url: 'https://example.com/x.git' }, field: 'name' },
      { name: 'a namespace with dots', input: { namespace: 'a.b', name: 'ns', url: 'https://example.com/x.git' }, field: 'namespace' },
      { name: 'a username without password', input: { name: 'half-creds', url: 'https://example.com/x.git', credentials: { username: 'u' } }, field: 'credentials.password' },
      { name: 'basic and bearer at once', input: { name: 'both-creds', url: 'https://example.com/x.git', credentials: { username: 'u', password: 'p', bearerToken: 't' } }, field: 'credentials' },
    ];
    for (const c of cases) {
      it(`${c.name} → field ${c.field}, nothing stored`, async () => {
        const r = await t.gql(s.operator, create, { input: c.input });
        expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
        expect(r.errors?.[0]?.extensions?.field).toBe(c.field);
        expect(await t.sql('SELECT id FROM git_repositories WHERE name = $1', [c.input.name])).toHaveLength(0);
      });
    }

    it('the same namespace/name twice → CONFLICT', async () => {
      await t.gql(s.operator, create, { input: { name: 'twice', url: 'https://127.0.0.1:1/x.git', suspend: true } });
      const r = await t.gql(s.operator, create, { input: { name: 'twice', url: 'https://127.0.0.1:1/y.git' } });
      expect(r.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    });
  });

  it('credentials inside a URL are refused with a message pointing to the credentials fields, and appear nowhere', async () => {
    const secret = 'Pa55-in-url-Zk4';
    for (const url of [`ssh://git:${secret}@example.com/org/repo.git`, `https://deploy:${secret}@example.com/org/repo.git`, `https://${secret}@example.com/org/repo.git`]) {
      const r = await t.gql(s.operator, create, { input: { name: 'url-secret', url } });
      expect(r.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'url' }, message: expect.stringContaining('put them in the credentials fields') });
      expect(JSON.stringify(r)).not.toContain(secret);
    }
    const existing = (await t.gql<{ createGitRepository: Repo }>(s.operator, create, { input: { name: 'url-secret-update', url: 'https://example.com/org/repo.git', suspend: true } })).data!.createGitRepository;
    const u = await t.gql(s.operator, update, { id: existing.id, input: { name: 'url-secret-update', url: `https://x:${secret}@example.com/org/repo.git`, suspend: true } });
    expect(u.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'url' });
    expect(await t.sql('SELECT id FROM git_repositories WHERE name = $1', ['url-secret'])).toHaveLength(0);
    expect(JSON.stringify(await t.sql('SELECT url FROM git_repositories'))).not.toContain(secret);
    expect(JSON.stringify(await t.sql('SELECT details FROM audit_entries'))).not.toContain(secret);
    expect(JSON.stringify(t.logger.lines)).not.toContain(secret);
  });

  it('credentials stored in URLs before they were refused: never shown, and the migration removes them from rows and audit entries', async () => {
    const secret = 'legacy-Secret-9Qx';
    await t.sql(
      `INSERT INTO git_repositories (id, namespace, name, url, suspend) VALUES ('legacy-ssh', 'flotilla-system', 'legacy-ssh', $1, true), ('legacy-https', 'flotilla-system', 'legacy-https', $2, true), ('legacy-clean', 'flotilla-system', 'legacy-clean', $3, true)`,
      [`ssh://git:${secret}@example.com/org/repo.git`, `https://${secret}@example.com/org/repo.git`, 'ssh://git@example.com:2222/org/repo.git'],
    );
    await t.sql(`INSERT INTO audit_entries (id, actor_name, actor_kind, action, target_type, target_id, details) VALUES ('legacy-audit', 'admin', 'user', 'gitRepository.create', 'gitRepository', 'legacy-ssh', $1)`, [
      { namespace: 'flotilla-system', name: 'legacy-ssh', url: `ssh://git:${secret}@example.com/org/repo.git` },
    ]);
    const shown = await t.gql<{ gitRepositories: { name: string; url: string }[] }>(s.admin, `query { gitRepositories { name url } }`);
    expect(JSON.stringify(shown)).not.toContain(secret);
    expect(shown.data?.gitRepositories.filter((g) => g.name.startsWith('legacy-'))).toEqual(
      expect.arrayContaining([
        { name: 'legacy-ssh', url: 'ssh://git@example.com/org/repo.git' },
        { name: 'legacy-https', url: 'https://example.com/org/repo.git' },
      ]),
    );

    await t.sql(await readFile(path.join(migrationsDir, '20261202220000_redact_url_credentials/migration.sql'), 'utf8'));
    expect(await t.sql("SELECT id, url FROM git_repositories WHERE id LIKE 'legacy-%' ORDER BY id")).toEqual([
      { id: 'legacy-clean', url: 'ssh://git@example.com:2222/org/repo.git' },
      { id: 'legacy-https', url: 'https://example.com/org/repo.git' },
      { id: 'legacy-ssh', url: 'ssh://git@example.com/org/repo.git' },
    ]);
    expect(await t.sql("SELECT details->>'url' AS url FROM audit_entries WHERE id = 'legacy-audit'")).toEqual([{ url: 'ssh://git@example.com/org/repo.git' }]);
  });

  it('a hub that refuses internal addresses: an address is refused at the edge, a name at fetch time, both with one message and nothing sent', async () => {
    // Listening on loopback, loopback would be allowed; this hub's admin denies it, as any other hub does by default.
    const strict = await TestHub.start(await pg.createDatabase(), { sources: { denyHosts: ['127.0.0.0/8', '::1'], pollIntervalMs: 100 } });
    try {
      const op = await strict.login('operator');
      const url = await open.createRepo('internal-only');
      await open.pushFiles(url, { 'a.yaml': 'a\n' });
      const before = open.requests();
      for (const target of [url, 'http://127.0.0.1:1/closed.git', 'http://169.254.169.254/latest/meta-data.git', 'http://[::1]:9/x.git']) {
        const r = await strict.gql(op, create, { input: { name: 'aimed-inside', url: target } });
        expect(r.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'url' }, message: expect.stringContaining('URL not allowed by the source policy') });
      }
      expect(await strict.sql("SELECT id FROM git_repositories WHERE name = 'aimed-inside'")).toHaveLength(0);

      // A name that resolves to loopback passes the edge (no DNS there) and is refused when fetched, open
      // port or closed port alike.
      const messages: string[] = [];
      for (const [name, target] of [['by-name-open', url.replace('127.0.0.1', 'localhost')], ['by-name-closed', 'http://localhost:1/closed.git']] as const) {
        const created = (await strict.gql<{ createGitRepository: Repo }>(op, create, { input: { name, url: target } })).data!.createGitRepository;
        const failed = await eventually(
          async () => {
            const r = await strict.gql<{ gitRepository: Repo }>(op, get, { id: created.id });
            return r.data!.gitRepository;
          },
          (g) => g.ready === 'False',
          15_000,
        );
        expect(failed.conditions.find((c) => c.type === 'FetchFailed')).toMatchObject({ status: 'True', reason: 'GitOperationFailed' });
        messages.push((failed.message ?? '').replace(target, '<url>'));
      }
      expect(messages[0]).toBe("failed to checkout and determine revision: unable to clone '<url>' (branch 'master'): URL not allowed by the source policy");
      expect(messages[1]).toBe(messages[0]);
      expect(open.requests()).toBe(before);
    } finally {
      await strict.stop();
    }
  });

  it('roles: a viewer cannot create (nothing stored) or reconcile; an operator cannot delete; anonymous is UNAUTHENTICATED', async () => {
    const v = await t.gql(s.viewer, create, { input: { name: 'viewer-made', url: 'https://example.com/x.git' } });
    expect(v.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await t.sql("SELECT id FROM git_repositories WHERE name = 'viewer-made'")).toHaveLength(0);
    const anon = await t.gql(null, `query { gitRepositories { id } }`);
    expect(anon.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const target = (await t.gql<{ createGitRepository: Repo }>(s.operator, create, { input: { name: 'roles-target', url: 'https://127.0.0.1:1/x.git', suspend: true } })).data!.createGitRepository;
    expect((await t.gql(s.viewer, reconcile, { id: target.id })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await t.gql(s.viewer, suspend, { id: target.id })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await t.gql(s.operator, del, { id: target.id })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await t.gql<{ deleteGitRepository: boolean }>(s.admin, del, { id: target.id })).data?.deleteGitRepository).toBe(true);
    expect((await t.gql(s.admin, del, { id: target.id })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('deleting a source a Kustomization uses → CONFLICT naming it; after the Kustomization goes, delete works', async () => {
    const src = (await t.gql<{ createGitRepository: Repo }>(s.operator, create, { input: { name: 'in-use', url: 'https://127.0.0.1:1/x.git', suspend: true } })).data!.createGitRepository;
    const k = await t.gql<{ createKustomization: { id: string } }>(
      s.operator,
      `mutation($input: KustomizationInput!) { createKustomization(input: $input) { id } }`,
      { input: { name: 'uses-it', spec: { sourceRef: { kind: 'GitRepository', name: 'in-use' }, interval: '5m', prune: true }, placement: {} } },
    );
    expect(k.errors).toBeUndefined();
    const refused = await t.gql(s.admin, del, { id: src.id });
    expect(refused.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(refused.errors?.[0]?.message).toContain('flotilla-system/uses-it');
    const users = await t.gql<{ gitRepository: { kustomizations: { name: string }[] } }>(s.viewer, `query($id: ID!) { gitRepository(id: $id) { kustomizations { name } } }`, { id: src.id });
    expect(users.data?.gitRepository.kustomizations).toEqual([{ name: 'uses-it' }]);
    await t.gql(s.admin, `mutation($id: ID!) { deleteKustomization(id: $id) }`, { id: k.data!.createKustomization.id });
    expect((await t.gql<{ deleteGitRepository: boolean }>(s.admin, del, { id: src.id })).data?.deleteGitRepository).toBe(true);
  });

  it('suspend stops fetching (requestReconcile refused while suspended); resume fetches at once', async () => {
    const url = await open.createRepo('suspended');
    const sha1 = await open.pushFiles(url, { 'a.yaml': 'a: 1\n' });
    const created = (await t.gql<{ createGitRepository: Repo }>(s.operator, create, { input: { name: 'suspendable', url, ref: { branch: 'main' }, interval: '1h' } })).data!.createGitRepository;
    await eventually(() => fetchRepo(created.id), (g) => g.artifact?.revision === `main@sha1:${sha1}`, 15_000);
    expect((await t.gql<{ suspend: boolean }>(s.operator, suspend, { id: created.id })).data?.suspend).toBe(true);
    expect((await fetchRepo(created.id)).suspend).toBe(true);
    const sha2 = await open.pushFiles(url, { 'a.yaml': 'a: 2\n' });
    const refused = await t.gql(s.operator, reconcile, { id: created.id });
    expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    await new Promise((r) => setTimeout(r, 500));
    expect((await fetchRepo(created.id)).artifact?.revision).toBe(`main@sha1:${sha1}`);
    await t.gql(s.operator, resume, { id: created.id });
    await eventually(() => fetchRepo(created.id), (g) => g.artifact?.revision === `main@sha1:${sha2}`, 15_000);
    const actions = await t.sql<{ action: string }>("SELECT action FROM audit_entries WHERE target_id = $1 ORDER BY created_at", [created.id]);
    expect(actions.map((a) => a.action)).toEqual(['gitRepository.create', 'gitRepository.suspend', 'gitRepository.resume']);
  });

  it('a spec change raises the generation and is fetched at once (flux.md §1.1: generation change handled immediately)', async () => {
    const url = await open.createRepo('retarget');
    await open.pushFiles(url, { 'a.yaml': 'a: 1\n' });
    const tagSha = await open.pushFiles(url, { 'b.yaml': 'b: 1\n' }, { branch: 'release' });
    const created = (await t.gql<{ createGitRepository: Repo }>(s.operator, create, { input: { name: 'retarget', url, ref: { branch: 'main' }, interval: '1h' } })).data!.createGitRepository;
    await eventually(() => fetchRepo(created.id), (g) => g.ready === 'True', 15_000);
    const u = await t.gql<{ updateGitRepository: Repo }>(s.operator, update, { id: created.id, input: { name: 'retarget', url, ref: { branch: 'release' }, interval: '1h' } });
    expect(u.data?.updateGitRepository.generation).toBe(2);
    await eventually(() => fetchRepo(created.id), (g) => g.artifact?.revision === `release@sha1:${tagSha}`, 15_000);
    const renamed = await t.gql(s.operator, update, { id: created.id, input: { name: 'other-name', url } });
    expect(renamed.errors?.[0]?.extensions?.field).toBe('name');
  });

  it('GC runs by itself after new artifacts and keeps the newest 3 per source (flux.md §4 keeps 2; we keep 3)', async () => {
    const url = await open.createRepo('gc');
    const created = (await t.gql<{ createGitRepository: Repo }>(s.operator, create, { input: { name: 'gc', url, ref: { branch: 'main' }, interval: '1h' } })).data!.createGitRepository;
    const digests: string[] = [];
    for (let i = 1; i <= 5; i++) {
      // Content unlike other tests' repos: artifacts are content-addressed, and a digest's row belongs to the
      // first source that stored it.
      const sha = await open.pushFiles(url, { 'gc.yaml': `gc: ${i}\n` });
      if (i > 1) await t.gql(s.operator, reconcile, { id: created.id });
      const g = await eventually(() => fetchRepo(created.id), (x) => x.artifact?.revision === `main@sha1:${sha}`, 15_000);
      digests.push(g.artifact!.digest);
    }
    const rows = () => t.sql<{ digest: string }>('SELECT digest FROM artifacts WHERE source_id = $1', [created.id]);
    const kept = await eventually(rows, (r) => r.length === 3, 10_000);
    expect(kept.map((r) => r.digest).sort()).toEqual(digests.slice(2).sort());
    const store = t.hub.app.get<symbol, { has(d: string): Promise<boolean> }>(ARTIFACT_STORE);
    expect(await store.has(digests[0]!)).toBe(false);
    expect(await store.has(digests[4]!)).toBe(true);
  });

  it('GC never deletes an artifact a current or previous assignment or a source status names', async () => {
    const src = (await t.gql<{ createGitRepository: Repo }>(s.operator, create, { input: { name: 'gc-pins', url: 'https://127.0.0.1:1/x.git', suspend: true } })).data!.createGitRepository;
    const store = t.hub.app.get<symbol, { put(b: Buffer): Promise<{ digest: string; key: string; size: number }>; has(d: string): Promise<boolean> }>(ARTIFACT_STORE);
    const digests: string[] = [];
    for (let i = 0; i < 7; i++) {
      const a = await store.put(Buffer.from(`gc-pins artifact ${i}`));
      digests.push(a.digest);
      await t.sql('INSERT INTO artifacts (digest, source_id, revision, size, storage_key, created_at) VALUES ($1, $2, $3, $4, $5, $6)', [
        a.digest,
        src.id,
        `main@sha1:${String(i).repeat(40)}`,
        a.size,
        a.key,
        new Date(Date.UTC(2026, 0, 1, 0, i)),
      ]);
    }
    // Rows written directly (no hub events), so nothing recomputes these documents under the test.
    await t.sql("INSERT INTO clusters (id, name) VALUES ('gc-pin-cluster', 'gc-pin-cluster')");
    await t.sql("INSERT INTO cluster_assignments (cluster_id, generation, document, previous_document) VALUES ('gc-pin-cluster', 2, $1, $2)", [
      JSON.stringify({ sources: [{ digest: digests[0] }] }),
      JSON.stringify({ sources: [{ digest: digests[1] }] }),
    ]);
    await t.sql('UPDATE git_repositories SET status = $2 WHERE id = $1', [src.id, JSON.stringify({ artifact: { digest: digests[2] } })]);
    await t.hub.app.get(ArtifactGc).run();
    const kept = (await t.sql<{ digest: string }>('SELECT digest FROM artifacts WHERE source_id = $1', [src.id])).map((r) => r.digest).sort();
    expect(kept).toEqual([digests[0], digests[1], digests[2], digests[4], digests[5], digests[6]].sort());
    expect(await store.has(digests[3]!)).toBe(false);
    for (const d of kept) expect(await store.has(d)).toBe(true);
  });

  it('two hub replicas claiming due sources at once never take the same one (FOR UPDATE SKIP LOCKED)', async () => {
    const db = await pg.createDatabase();
    const [a, b] = [createPrismaClient(db), createPrismaClient(db)];
    try {
      for (let i = 0; i < 20; i++) await a.gitRepository.create({ data: { id: `r${i}`, name: `r${i}`, url: 'https://example.com/x.git' } });
      const [ra, rb] = [new GitRepositoriesRepository(a), new GitRepositoriesRepository(b)];
      const [ca, cb] = await Promise.all([ra.claimDue(12, 60_000), rb.claimDue(12, 60_000)]);
      const ids = [...ca, ...cb].map((r) => r.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.length).toBe(20);
      // Leased rows are not claimed again until released.
      expect(await ra.claimDue(20, 60_000)).toHaveLength(0);
      await ra.finishReconcile('r0', { status: {}, requeueAfterMs: 0, claimedAt: new Date(), claimedGeneration: 1 });
      expect((await rb.claimDue(20, 60_000)).map((r) => r.id)).toEqual(['r0']);
      // A replica that stops renewing (it died) loses its claims once the lease runs out; a live one keeps them.
      await ra.renewClaims(['r1'], 60_000);
      await a.$executeRaw`UPDATE git_repositories SET claimed_until = now() - interval '1 second' WHERE id = 'r2'`;
      expect((await rb.claimDue(20, 60_000)).map((r) => r.id)).toEqual(['r2']);
    } finally {
      await Promise.all([a.$disconnect(), b.$disconnect()]);
    }
  });
});
