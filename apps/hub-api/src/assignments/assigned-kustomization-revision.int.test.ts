import { createHash } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArtifactStore } from '@flotilla/git-source';
import { startGitServer, startPostgres, type TestGitServer, type TestPostgres } from '@flotilla/testenv';
import { artifactAt, errorOf, filesOf, type ArtifactAtAnswer } from '../../test/artifact-at.js';
import { eventually, TestHub, type Session } from '../../test/hub-harness.js';
import { ARTIFACT_STORE } from './artifact-store.token.js';
import { AssignmentsService } from './assignments.service.js';

// POST /api/clusters/:cluster/kustomizations/:namespace/:name/artifact-at, the web UI's preview of another
// revision, against the real hub on real Postgres and a real git server with basic auth: the Kustomization's
// GitRepository fetched at a tag or a commit with the source's own settings and sealed credentials, and
// nothing about the source or the cluster's assignment changed by it.

describe('a preview of another revision of a Kustomization’s GitRepository (real Postgres, real git server, real hub)', () => {
  let pg: TestPostgres;
  let git: TestGitServer;
  let t: TestHub;
  let admin: Session;
  let vic: Session;
  let sourceId = '';
  let v1 = '';
  let head = '';
  // A git "server" that accepts connections and never answers: fetches from it hang until their timeout.
  let silent: Server;
  const held: Socket[] = [];

  const post = (path: string, body: unknown, auth: Session) =>
    fetch(`${t.url}${path}`, { method: 'POST', headers: { cookie: auth.cookie, 'x-csrf-token': auth.csrf, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const at = (ks: string, ref: unknown, auth: Session = admin): Promise<ArtifactAtAnswer> => artifactAt(t.url, ks, ref, auth);
  const sourceState = async () => ({
    row: await t.sql<{ status: unknown; generation: number; suspend: boolean }>(`SELECT status, generation, suspend FROM git_repositories ORDER BY id`),
    artifacts: await t.sql(`SELECT digest, revision FROM artifacts ORDER BY digest`),
    assigned: await (await fetch(`${t.url}/api/clusters/dev-1/kustomizations/apps/web`, { headers: { cookie: admin.cookie } })).json(),
    stored: (await t.hub.app.get<ArtifactStore>(ARTIFACT_STORE).list()).map((a) => a.digest).sort(),
  });

  beforeAll(async () => {
    [pg, git] = await Promise.all([startPostgres(), startGitServer({ auth: 'basic' })]);
    silent = createServer((socket) => held.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    t = await TestHub.start(await pg.createDatabase());
    admin = await t.login('admin');
    const url = await git.createRepo('fleet');
    v1 = await git.pushFiles(url, { 'apps/config.yaml': 'kind: ConfigMap\nversion: one\n', 'apps/notes.txt': 'ignored\n' }, { tag: 'v1.0.0' });
    head = await git.pushFiles(url, { 'apps/config.yaml': 'kind: ConfigMap\nversion: two\n' });
    const created = await t.gql<{ createGitRepository: { id: string } }>(admin, 'mutation($input: GitRepositoryInput!) { createGitRepository(input: $input) { id } }', {
      input: { namespace: 'apps', name: 'fleet', url, ref: { branch: 'main' }, interval: '10m', ignore: '*.txt\n', credentials: { username: git.credentials.username, password: git.credentials.password } },
    });
    if (!created.data) throw new Error(JSON.stringify(created.errors));
    sourceId = created.data.createGitRepository.id;
    await eventually(
      async () => (await t.sql<{ status: { artifact?: { revision: string } } | null }>(`SELECT status FROM git_repositories WHERE id = $1`, [sourceId]))[0]?.status?.artifact?.revision,
      (revision) => revision === `main@sha1:${head}`,
      30_000,
    );
    // Suspended, so the scheduler never fetches it: only previews reach the silent server.
    const port = (silent.address() as { port: number }).port;
    await t.sql(`INSERT INTO git_repositories (id, namespace, name, url, timeout, suspend) VALUES ('slow', 'apps', 'slow', $1, '3s', true)`, [`http://127.0.0.1:${port}/slow.git`]);
    await t.registeredCluster(admin, 'dev-1', [{ key: 'env', value: 'dev' }]);
    const kustomizations = [
      ['k-web', 'apps', 'web', { kind: 'GitRepository', name: 'fleet' }],
      ['k-slow', 'apps', 'slow', { kind: 'GitRepository', name: 'slow' }],
      ['k-bucket', 'apps', 'bucket', { kind: 'Bucket', name: 'bundle' }],
      ['k-db', 'infra', 'db', { kind: 'GitRepository', name: 'fleet', namespace: 'apps' }],
    ] as const;
    for (const [id, namespace, name, sourceRef] of kustomizations) {
      await t.sql(`INSERT INTO kustomizations (id, namespace, name, spec, placement) VALUES ($1, $2, $3, $4::jsonb, $5::jsonb)`, [
        id,
        namespace,
        name,
        JSON.stringify({ sourceRef, path: './apps', interval: '1m', prune: true }),
        JSON.stringify({ clusterSelector: 'env=dev', clusterNames: [] }),
      ]);
    }
    await t.hub.app.get(AssignmentsService).recompute();
    // vic: viewer on env=dev clusters, namespace apps only.
    vic = await t.scopedViewer({ clusterSelector: 'env=dev', namespaces: ['apps'] }, 'vic');
  }, 120_000);
  afterAll(async () => {
    for (const s of held) s.destroy();
    silent?.close();
    await t?.stop();
    await Promise.all([git?.stop(), pg?.stop()]);
  });

  it('a tag and a commit give that revision’s files under Flux’s revision strings (<tag>@sha1:<sha>, sha1:<sha> for a commit only, flux.md), with the source’s ignore rules; the source, its artifacts and the assignment stay as they were', async () => {
    const before = await sourceState();
    const tag = await at('apps/web', { tag: 'v1.0.0' }, vic);
    expect(tag.status).toBe(200);
    expect(tag.revision).toBe(`v1.0.0@sha1:${v1}`);
    expect(tag.digest).toBe(`sha256:${createHash('sha256').update(tag.bytes).digest('hex')}`);
    const tagFiles = filesOf(tag);
    expect(tagFiles.get('apps/config.yaml')).toBe('kind: ConfigMap\nversion: one\n');
    expect(tagFiles.has('apps/notes.txt')).toBe(false);

    const commit = await at('apps/web', { commit: v1 });
    expect(commit.status).toBe(200);
    expect(commit.revision).toBe(`sha1:${v1}`);
    expect(filesOf(commit).get('apps/config.yaml')).toBe('kind: ConfigMap\nversion: one\n');

    const branch = await at('apps/web', { branch: 'main' });
    expect(branch.revision).toBe(`main@sha1:${head}`);
    expect(filesOf(branch).get('apps/config.yaml')).toBe('kind: ConfigMap\nversion: two\n');

    expect(await sourceState()).toEqual(before);
    // The credentials went to the git server, and into no log line.
    const logged = JSON.stringify(t.logger.lines);
    expect(logged).toContain('revision fetched for a preview');
    expect(logged).not.toContain(git.credentials.password);
  });

  it('a viewer of another namespace: answered as missing, nothing fetched', async () => {
    const requests = git.requests();
    const other = await at('infra/db', { tag: 'v1.0.0' }, vic);
    expect(other.status).toBe(404);
    expect(errorOf(other).code).toBe('KUSTOMIZATION_NOT_FOUND');
    expect(git.requests()).toBe(requests);
    expect((await at('infra/db', { tag: 'v1.0.0' })).status).toBe(200);
  });

  it('a bad ref: 400 naming the field, by the GitRepository input’s own schema; no ref at all: 400', async () => {
    const dots = await at('apps/web', { tag: 'v1..0' });
    expect(dots.status).toBe(400);
    expect(errorOf(dots).code).toBe('BAD_USER_INPUT');
    expect(errorOf(dots).message).toMatch(/^ref\.tag: /);
    const short = await at('apps/web', { commit: 'abc123' });
    expect(short.status).toBe(400);
    expect(errorOf(short).message).toBe('ref.commit: must be a full 40-character lowercase SHA-1 commit id');
    const unknownField = await at('apps/web', { revision: 'v1' });
    expect(errorOf(unknownField)).toMatchObject({ code: 'BAD_USER_INPUT', message: 'ref: unknown field revision' });
    expect(errorOf(await at('apps/web', {}))).toMatchObject({ code: 'BAD_USER_INPUT', message: 'ref: give one of branch, tag, semver, name or commit' });
    const noBody = await post('/api/clusters/dev-1/kustomizations/apps/web/artifact-at', {}, admin);
    expect(noBody.status).toBe(400);
  });

  it('an unknown tag: 422 with the engine’s message (source-controller’s wording), no credentials in it', async () => {
    const missing = await at('apps/web', { tag: 'v9.9.9' });
    expect(missing.status).toBe(422);
    const error = errorOf(missing);
    expect(error.code).toBe('SOURCE_FETCH_FAILED');
    expect(error.message).toContain(`(tag 'v9.9.9'): couldn't find remote ref "refs/tags/v9.9.9"`);
    expect(error.message).toMatch(/^failed to checkout and determine revision: unable to clone /);
    expect(error.message).not.toContain(git.credentials.password);
  });

  it('a source that is neither a GitRepository nor an OCIRepository: 400 saying which kinds revision picking is for', async () => {
    const bucket = await at('apps/bucket', { tag: 'v1.0.0' });
    expect(bucket.status).toBe(400);
    expect(errorOf(bucket)).toEqual({ code: 'REVISION_PICKING_UNSUPPORTED', message: "revision picking is for GitRepository and OCIRepository sources; the source of Kustomization 'bucket' is a Bucket" });
  });

  it('at most 2 fetches at once per hub: a third is refused with 429 TOO_MANY_FETCHES while they run, and taken again once they end (a suspended source is fetched too)', async () => {
    const first = at('apps/slow', { branch: 'main' });
    const second = at('apps/slow', { branch: 'main' });
    await eventually(async () => held.length, (n) => n >= 2, 10_000);
    const third = await at('apps/web', { tag: 'v1.0.0' });
    expect(third.status).toBe(429);
    expect(errorOf(third).code).toBe('TOO_MANY_FETCHES');
    const [a, b] = await Promise.all([first, second]);
    for (const slow of [a, b]) {
      expect(slow.status).toBe(422);
      expect(errorOf(slow).message).toContain('timeout of 3s exceeded');
    }
    expect((await at('apps/web', { tag: 'v1.0.0' })).status).toBe(200);
  });
});
