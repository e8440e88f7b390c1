import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { startGitServer, type TestGitServer } from '@flotilla/testenv';
import tar from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FsArtifactStore } from '../storage/fs-artifact-store.js';
import { parseGitRepositorySpec, type HttpCredentials, type GitRepositorySpecInput } from '../spec/git-repository.spec.js';
import { readyCondition, type GitRepositoryReconcileResult } from '../status/git-repository.status.js';
import { IsomorphicGitTransport } from '../transport/isomorphic-git-transport.js';
import { reconcileGitRepository, type PreviousGitRepositoryStatus } from './reconcile-git-repository.js';

const clock = { now: () => new Date('2026-11-21T00:00:00Z') };
// No host guard: the test servers listen on loopback (the hub's guard is tested in the hub).
const transport = new IsomorphicGitTransport();
let root: string;
let store: FsArtifactStore;
let plain: TestGitServer;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'git-reconcile-'));
  store = new FsArtifactStore(path.join(root, 'artifacts'));
  plain = await startGitServer();
});
afterAll(async () => {
  await plain?.stop();
  await rm(root, { recursive: true, force: true });
});

function spec(input: Partial<GitRepositorySpecInput> & { url: string }) {
  const r = parseGitRepositorySpec({ interval: '1m', ...input });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
}

async function reconcile(input: Partial<GitRepositorySpecInput> & { url: string }, previous?: PreviousGitRepositoryStatus, secrets?: Record<string, HttpCredentials>) {
  return reconcileGitRepository({
    spec: spec(input),
    previous,
    store,
    artifactUrl: (stored) => `/artifacts/${stored.digest}`,
    clock,
    secrets: async (name) => (secrets?.[name] ? { credentials: secrets[name] } : undefined),
    random: () => 0.5,
    transport,
  });
}

async function files(result: GitRepositoryReconcileResult): Promise<Record<string, string>> {
  const digest = result.status.artifact?.digest;
  if (!digest) throw new Error('no artifact');
  const chunks: Buffer[] = [];
  for await (const c of await store.get(digest)) chunks.push(c as Buffer);
  const extract = tar.extract();
  const out: Record<string, string> = {};
  const done = new Promise<void>((resolve, reject) => {
    extract.on('entry', (h, stream, next) => {
      const parts: Buffer[] = [];
      stream.on('data', (d: unknown) => parts.push(d as Buffer));
      stream.on('end', () => {
        if (h.type === 'file') out[h.name] = Buffer.concat(parts).toString('utf8');
        if (h.type === 'symlink') out[h.name] = `-> ${h.linkname ?? ''}`;
        next();
      });
    });
    extract.on('finish', resolve);
    extract.on('error', reject);
  });
  extract.end(gunzipSync(Buffer.concat(chunks)));
  await done;
  return out;
}

function expectReady(result: GitRepositoryReconcileResult, revision: string) {
  expect(result.status.artifact?.revision).toBe(revision);
  expect(readyCondition(result.status)).toMatchObject({ status: 'True', reason: 'Succeeded', message: `stored artifact for revision '${revision}'` });
  expect(result.status.conditions.find((c) => c.type === 'ArtifactInStorage')).toMatchObject({ status: 'True', reason: 'Succeeded' });
  expect(result.status.conditions.map((c) => c.type).sort()).toEqual(['ArtifactInStorage', 'Ready']);
}

describe('reconcileGitRepository against the real git server', () => {
  it('branch ref: artifact with revision <branch>@sha1:<commit> (flux.md §2), digest, size, url, conditions', async () => {
    const url = await plain.createRepo('branch');
    const sha = await plain.pushFiles(url, { 'deploy/app.yaml': 'kind: ConfigMap\n', 'README.md': 'hi\n' });
    const r = await reconcile({ url, ref: { branch: 'main' } });
    expect(r.outcome).toBe('new-artifact');
    expectReady(r, `main@sha1:${sha}`);
    const a = r.status.artifact;
    expect(a?.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(a?.url).toBe(`/artifacts/${a?.digest}`);
    expect(a?.size).toBe((await store.stat(a?.digest ?? ''))?.size);
    expect(a?.lastUpdateTime).toBe('2026-11-21T00:00:00.000Z');
    expect(r.status.observedGeneration).toBe(1);
    expect(r.requeueAfterMs).toBe(60_000);
    expect(r.event).toMatchObject({ reason: 'NewArtifact', severity: 'info' });
    expect(await files(r)).toEqual({ 'deploy/app.yaml': 'kind: ConfigMap\n', 'README.md': 'hi\n' });
  });

  it('no ref: the default branch is master (flux.md §1.1), and a missing branch says which ref', async () => {
    const url = await plain.createRepo('default-master');
    await plain.pushFiles(url, { 'a.yaml': 'a: 1\n' });
    const missing = await reconcile({ url });
    expect(missing.outcome).toBe('failed');
    expect(readyCondition(missing.status)).toMatchObject({ status: 'False', reason: 'GitOperationFailed' });
    expect(readyCondition(missing.status)?.message).toContain(`couldn't find remote ref "refs/heads/master"`);
    expect(readyCondition(missing.status)?.message).toContain(url);
    const sha = await plain.pushFiles(url, { 'b.yaml': 'b: 1\n' }, { branch: 'master' });
    expectReady(await reconcile({ url }), `master@sha1:${sha}`);
  });

  it('tag ref: lightweight and annotated tags give <tag>@sha1:<peeled commit> (flux.md §2)', async () => {
    const url = await plain.createRepo('tags');
    const light = await plain.pushFiles(url, { 'v.yaml': 'v: 1\n' }, { tag: 'v1.0.0' });
    const annotated = await plain.pushFiles(url, { 'v.yaml': 'v: 2\n' }, { tag: 'v2.0.0', tagMessage: 'two' });
    expectReady(await reconcile({ url, ref: { tag: 'v1.0.0' } }), `v1.0.0@sha1:${light}`);
    const r = await reconcile({ url, ref: { tag: 'v2.0.0' } });
    expectReady(r, `v2.0.0@sha1:${annotated}`);
    expect(await files(r)).toEqual({ 'v.yaml': 'v: 2\n' });
  });

  it('semver ref: the highest tag satisfying the range, revision <tag>@sha1:<commit>', async () => {
    const url = await plain.createRepo('semver');
    await plain.pushFiles(url, { 'v.yaml': '1.0\n' }, { tag: 'v1.0.0' });
    const v12 = await plain.pushFiles(url, { 'v.yaml': '1.2\n' }, { tag: 'v1.2.0', tagMessage: 'annotated' });
    await plain.pushFiles(url, { 'v.yaml': '2.0\n' }, { tag: 'v2.0.0' });
    const r = await reconcile({ url, ref: { semver: '>=1.0.0 <2.0.0' } });
    expectReady(r, `v1.2.0@sha1:${v12}`);
    expect(await files(r)).toEqual({ 'v.yaml': '1.2\n' });
    const none = await reconcile({ url, ref: { semver: '>=3.0.0' } });
    expect(readyCondition(none.status)?.message).toContain('no match found for semver: >=3.0.0');
  });

  it('commit ref: bare sha1:<commit>; with branch <branch>@sha1:<commit>; a commit off the branch fails', async () => {
    const url = await plain.createRepo('commits');
    const first = await plain.pushFiles(url, { 'c.yaml': 'first\n' });
    await plain.pushFiles(url, { 'c.yaml': 'second\n' });
    const other = await plain.pushFiles(url, { 'o.yaml': 'other\n' }, { branch: 'other' });
    const bare = await reconcile({ url, ref: { commit: first } });
    expectReady(bare, `sha1:${first}`);
    expect(await files(bare)).toEqual({ 'c.yaml': 'first\n' });
    const onBranch = await reconcile({ url, ref: { branch: 'main', commit: first } });
    expectReady(onBranch, `main@sha1:${first}`);
    expect(onBranch.status.artifact?.digest).toBe(bare.status.artifact?.digest);
    const off = await reconcile({ url, ref: { branch: 'main', commit: other } });
    expect(readyCondition(off.status)).toMatchObject({ status: 'False', reason: 'GitOperationFailed' });
    expect(readyCondition(off.status)?.message).toContain(`commit '${other}' not found on branch 'main'`);
  });

  it('name ref: <full ref name>@sha1:<commit> (flux.md §2: refs/pull/1/head@sha1:…)', async () => {
    const url = await plain.createRepo('names');
    // isomorphic-git needs the remote HEAD to resolve (a repo whose default branch is missing cannot be fetched).
    await plain.pushFiles(url, { 'main.yaml': 'm\n' });
    const sha = await plain.pushFiles(url, { 'n.yaml': 'n\n' }, { branch: 'feature/x' });
    expectReady(await reconcile({ url, ref: { name: 'refs/heads/feature/x' } }), `refs/heads/feature/x@sha1:${sha}`);
    const tagged = await plain.pushFiles(url, { 'n.yaml': 'tagged\n' }, { tag: 'v9' });
    const r = await reconcile({ url, ref: { name: 'refs/tags/v9' } });
    expectReady(r, `refs/tags/v9@sha1:${tagged}`);
    expect(await files(r)).toEqual({ 'main.yaml': 'm\n', 'n.yaml': 'tagged\n' });
  });

  it('.sourceignore files and spec.ignore shape the artifact; default exclusions apply without them', async () => {
    const url = await plain.createRepo('ignores');
    await plain.pushFiles(url, { 'app.yaml': 'a\n', 'logo.png': 'png', '.github/ci.yml': 'ci', 'docs/guide.md': 'doc\n', '.sops.yaml': 'creation_rules: []\n' });
    const defaults = await reconcile({ url, ref: { branch: 'main' } });
    expect(Object.keys(await files(defaults)).sort()).toEqual(['app.yaml', 'docs/guide.md']);
    await plain.pushFiles(url, { '.sourceignore': 'docs/\n', 'apps/.sourceignore': '*.txt\n', 'apps/x.txt': 'x', 'apps/x.yaml': 'x', 'x.txt': 'x' });
    const withFile = await reconcile({ url, ref: { branch: 'main' } });
    // Any rule replaces the defaults (logo.png, .github and .sops.yaml come back); .gitignore-style scoping per directory.
    expect(Object.keys(await files(withFile)).sort()).toEqual(['.github/ci.yml', '.sops.yaml', '.sourceignore', 'app.yaml', 'apps/.sourceignore', 'apps/x.yaml', 'logo.png', 'x.txt']);
    const withSpec = await reconcile({ url, ref: { branch: 'main' }, ignore: '/*\n!/apps\n/apps/**/*.txt\n' });
    expect(Object.keys(await files(withSpec)).sort()).toEqual(['apps/.sourceignore', 'apps/x.yaml']);
    expect(withSpec.status.observedIgnore).toBe('/*\n!/apps\n/apps/**/*.txt\n');
  });

  it('unchanged revision → no fetch, no new artifact; a new push → new revision and digest', async () => {
    const url = await plain.createRepo('noop');
    await plain.pushFiles(url, { 'a.yaml': 'a: 1\n' });
    const first = await reconcile({ url, ref: { branch: 'main' } });
    const storedBefore = (await store.list()).length;
    const requestsBefore = plain.requests();
    const again = await reconcile({ url, ref: { branch: 'main' } }, first.status);
    expect(again.outcome).toBe('unchanged');
    expect(again.status.artifact).toEqual(first.status.artifact);
    expect(again.timings.fetchMs).toBe(0);
    // Only the ref listing went to the server (protocol v2 ls-refs: discovery + one POST).
    expect(plain.requests() - requestsBefore).toBeLessThanOrEqual(2);
    expect((await store.list()).length).toBe(storedBefore);
    expect(again.event).toMatchObject({ severity: 'trace', reason: 'GitOperationSucceeded' });

    // Changing spec.ignore rebuilds even at the same revision (Flux observedIgnore).
    const reignored = await reconcile({ url, ref: { branch: 'main' }, ignore: '*.md\n' }, first.status);
    expect(reignored.timings.fetchMs).toBeGreaterThan(0);

    const sha = await plain.pushFiles(url, { 'a.yaml': 'a: 2\n' });
    const next = await reconcile({ url, ref: { branch: 'main' } }, first.status);
    expect(next.outcome).toBe('new-artifact');
    expectReady(next, `main@sha1:${sha}`);
    expect(next.status.artifact?.digest).not.toBe(first.status.artifact?.digest);
  });

  it('the same tree gives the same digest (deterministic artifact), whatever the commit', async () => {
    const tree = { 'k/kustomization.yaml': 'resources: [a.yaml]\n', 'k/a.yaml': 'kind: ConfigMap\n', 'run.sh': '#!/bin/sh\n' };
    const a = await plain.createRepo('same-a');
    const b = await plain.createRepo('same-b');
    const shaA = await plain.pushFiles(a, tree, { message: 'one' });
    const shaB = await plain.pushFiles(b, tree, { message: 'two' });
    expect(shaA).not.toBe(shaB);
    const ra = await reconcile({ url: a, ref: { branch: 'main' } });
    const rb = await reconcile({ url: b, ref: { branch: 'main' } });
    expect(rb.status.artifact?.digest).toBe(ra.status.artifact?.digest);
    expect(rb.status.artifact?.revision).not.toBe(ra.status.artifact?.revision);
  });

  it('unreachable server → FetchFailed GitOperationFailed naming the URL; the last artifact stays in use', async () => {
    const url = await plain.createRepo('unreachable');
    await plain.pushFiles(url, { 'a.yaml': 'a\n' });
    const good = await reconcile({ url, ref: { branch: 'main' } });
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const dead = `http://127.0.0.1:${port}/gone.git`;
    const r = await reconcile({ url: dead, ref: { branch: 'main' } }, { ...good.status, failures: 2 });
    expect(r.outcome).toBe('failed');
    expect(readyCondition(r.status)).toMatchObject({ status: 'False', reason: 'GitOperationFailed' });
    expect(readyCondition(r.status)?.message).toMatch(new RegExp(`unable to clone '${dead}'.*ECONNREFUSED`));
    expect(r.status.conditions.find((c) => c.type === 'FetchFailed')).toMatchObject({ status: 'True', reason: 'GitOperationFailed' });
    expect(r.status.conditions.find((c) => c.type === 'Reconciling')).toMatchObject({ status: 'True', reason: 'ProgressingWithRetry' });
    expect(r.status.artifact).toEqual(good.status.artifact);
    expect(r.status.conditions.find((c) => c.type === 'ArtifactInStorage')).toMatchObject({ status: 'True' });
    expect(r.failures).toBe(3);
    expect(r.requeueAfterMs).toBe(3_000);
  });

  it('a repository that does not exist → GitOperationFailed saying so', async () => {
    const r = await reconcile({ url: `${plain.baseUrl}/no-such-repo.git`, ref: { branch: 'main' } });
    expect(readyCondition(r.status)).toMatchObject({ status: 'False', reason: 'GitOperationFailed', message: expect.stringContaining('repository not found (HTTP 404') });
  });

  it("ssh:// without a secret → AuthenticationFailed: 'identity' is required (fluxcd/pkg git NewAuthOptions)", async () => {
    const r = await reconcile({ url: 'ssh://git@127.0.0.1:1/org/repo.git' });
    expect(r.outcome).toBe('failed');
    expect(readyCondition(r.status)).toMatchObject({ status: 'False', reason: 'AuthenticationFailed', message: "failed to configure authentication options: invalid 'ssh' auth option: 'identity' is required" });
  });

  it('suspend: nothing is fetched and the status is left as it was', async () => {
    const url = await plain.createRepo('suspended');
    await plain.pushFiles(url, { 'a.yaml': 'a\n' });
    const before = plain.requests();
    const r = await reconcile({ url, suspend: true }, { observedGeneration: 3, conditions: [] });
    expect(r.outcome).toBe('suspended');
    expect(r.status.observedGeneration).toBe(3);
    expect(plain.requests()).toBe(before);
  });

  it('timeout: a server that never answers is cut off after spec.timeout (fake server: a hang cannot be caused with git-http-backend)', async () => {
    const sockets = new Set<Socket>();
    const hang = http.createServer(() => undefined);
    hang.on('connection', (s) => sockets.add(s));
    await new Promise<void>((resolve) => hang.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(hang.address() as AddressInfo).port}/slow.git`;
      const started = Date.now();
      const r = await reconcile({ url, timeout: '1s' });
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(readyCondition(r.status)).toMatchObject({ status: 'False', reason: 'GitOperationFailed' });
      expect(readyCondition(r.status)?.message).toContain('timeout of 1s exceeded');
    } finally {
      sockets.forEach((s) => s.destroy());
      await new Promise<void>((resolve) => hang.close(() => resolve()));
    }
  });

  it('a repo with 2,000 files: fetch and archive time', async () => {
    const url = await plain.createRepo('big');
    const many: Record<string, string> = {};
    for (let i = 0; i < 2_000; i++) many[`apps/app-${Math.floor(i / 50)}/cm-${i}.yaml`] = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${i}\ndata:\n  n: "${i}"\n`;
    await plain.pushFiles(url, many);
    const r = await reconcile({ url, ref: { branch: 'main' } });
    expect(r.outcome).toBe('new-artifact');
    expect(Object.keys(await files(r))).toHaveLength(2_000);
    const t = r.timings;
    console.log(`[sources] 2,000-file repo: resolve ${t.resolveMs.toFixed(0)} ms, fetch ${t.fetchMs.toFixed(0)} ms, archive+store ${t.archiveMs.toFixed(0)} ms, artifact ${r.status.artifact?.size} bytes`);
  });
});

describe('reconcileGitRepository auth (basic and bearer, flux.md §0 secret formats)', () => {
  let basic: TestGitServer;
  let bearer: TestGitServer;
  beforeAll(async () => {
    [basic, bearer] = await Promise.all([startGitServer({ auth: 'basic' }), startGitServer({ auth: 'bearer' })]);
  });
  afterAll(async () => {
    await Promise.all([basic?.stop(), bearer?.stop()]);
  });

  it('basic: the right username/password fetch; a wrong password is GitOperationFailed (source-controller: every clone failure) and appears nowhere', async () => {
    const url = await basic.createRepo('private');
    const sha = await basic.pushFiles(url, { 'a.yaml': 'a\n' });
    const { username, password } = basic.credentials;
    expectReady(await reconcile({ url, ref: { branch: 'main' }, secretRef: { name: 'git' } }, undefined, { git: { username, password } }), `main@sha1:${sha}`);
    const wrongPassword = `${password}-wrong-Zq9`;
    const r = await reconcile({ url, ref: { branch: 'main' }, secretRef: { name: 'git' } }, undefined, { git: { username, password: wrongPassword } });
    expect(r.outcome).toBe('failed');
    expect(readyCondition(r.status)).toMatchObject({ status: 'False', reason: 'GitOperationFailed' });
    expect(r.status.conditions.find((c) => c.type === 'FetchFailed')).toMatchObject({ status: 'True', reason: 'GitOperationFailed' });
    expect(readyCondition(r.status)?.message).toContain(url);
    expect(JSON.stringify(r)).not.toContain(wrongPassword);
    expect(JSON.stringify(r)).not.toContain(password);
  });

  it('basic: no credentials is GitOperationFailed (the server refuses the clone), a missing secret AuthenticationFailed', async () => {
    const url = await basic.createRepo('private2');
    await basic.pushFiles(url, { 'a.yaml': 'a\n' });
    expect(readyCondition((await reconcile({ url, ref: { branch: 'main' } })).status)).toMatchObject({ reason: 'GitOperationFailed' });
    const missing = await reconcile({ url, ref: { branch: 'main' }, secretRef: { name: 'nope' } });
    expect(readyCondition(missing.status)).toMatchObject({ reason: 'AuthenticationFailed', message: "failed to get secret 'nope': not found" });
  });

  it('bearer: Authorization: Bearer fetches; a wrong token is GitOperationFailed and appears nowhere', async () => {
    const url = await bearer.createRepo('tokened');
    const sha = await bearer.pushFiles(url, { 'a.yaml': 'a\n' });
    expectReady(await reconcile({ url, ref: { branch: 'main' }, secretRef: { name: 't' } }, undefined, { t: { bearerToken: bearer.credentials.token } }), `main@sha1:${sha}`);
    const badToken = 'bad-token-Xy7';
    const r = await reconcile({ url, ref: { branch: 'main' }, secretRef: { name: 't' } }, undefined, { t: { bearerToken: badToken } });
    expect(readyCondition(r.status)).toMatchObject({ status: 'False', reason: 'GitOperationFailed' });
    expect(JSON.stringify(r)).not.toContain(badToken);
  });
});
