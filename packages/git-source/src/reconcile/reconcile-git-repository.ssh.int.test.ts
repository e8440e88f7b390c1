import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startGitServer, startGitSshServer, type TestGitServer, type TestGitSshServer } from '@flotilla/testenv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseGitRepositorySpec, type GitRepositorySpecInput } from '../spec/git-repository.spec.js';
import { readyCondition } from '../status/git-repository.status.js';
import { FsArtifactStore } from '../storage/fs-artifact-store.js';
import { createGitTransport } from '../transport/git-transports.js';
import { reconcileGitRepository, type GitSecret } from './reconcile-git-repository.js';

// git over ssh against OpenSSH's sshd serving the git server's repositories: the same commit gives the same
// revision and the same artifact as over http, and the secret's key and known_hosts behave as in Flux.

const clock = { now: () => new Date('2026-12-01T00:00:00Z') };
let root: string;
let workDir: string;
let store: FsArtifactStore;
let git: TestGitServer;
let sshd: TestGitSshServer;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'git-ssh-reconcile-'));
  workDir = path.join(root, 'work');
  store = new FsArtifactStore(path.join(root, 'artifacts'));
  git = await startGitServer();
  sshd = await startGitSshServer(git);
});
afterAll(async () => {
  await sshd?.stop();
  await git?.stop();
  await rm(root, { recursive: true, force: true });
});

async function reconcile(input: Partial<GitRepositorySpecInput> & { url: string }, secret?: GitSecret) {
  const spec = parseGitRepositorySpec({ interval: '1m', ...(secret ? { secretRef: { name: 'ssh-auth' } } : {}), ...input });
  if (!spec.ok) throw new Error(JSON.stringify(spec.errors));
  return reconcileGitRepository({
    spec: spec.value,
    store,
    artifactUrl: (stored) => `/artifacts/${stored.digest}`,
    clock,
    namespace: 'flux-system',
    secrets: async (name) => (name === 'ssh-auth' ? secret : undefined),
    transport: createGitTransport({ workDir }),
    random: () => 0.5,
  });
}

const good = (): GitSecret => ({ ssh: { identity: sshd.clientKey.identity, knownHosts: sshd.knownHosts } });

describe('reconcileGitRepository over ssh (OpenSSH sshd)', () => {
  it('branch, annotated tag, commit and commit-on-branch: the same revisions and artifact digests as over http (flux.md §2 revisions)', async () => {
    const http = await git.createRepo('same-artifact');
    const first = await git.pushFiles(http, { 'deploy/app.yaml': 'kind: ConfigMap\n', 'README.md': 'hi\n', '.sourceignore': 'README.md\n' });
    const tagged = await git.pushFiles(http, { 'deploy/app.yaml': 'kind: Secret\n' }, { tag: 'v1.0.0', tagMessage: 'one' });
    const ssh = sshd.urlOf('same-artifact');
    for (const ref of [{ branch: 'main' }, { tag: 'v1.0.0' }, { commit: first }, { branch: 'main', commit: first }]) {
      const overHttp = await reconcile({ url: http, ref });
      const overSsh = await reconcile({ url: ssh, ref }, good());
      expect(overSsh.outcome, JSON.stringify({ ref, status: overSsh.status })).toBe('new-artifact');
      expect(readyCondition(overSsh.status)).toMatchObject({ status: 'True', reason: 'Succeeded' });
      expect(overSsh.status.artifact?.revision).toBe(overHttp.status.artifact?.revision);
      expect(overSsh.status.artifact?.digest).toBe(overHttp.status.artifact?.digest);
    }
    const tag = await reconcile({ url: ssh, ref: { tag: 'v1.0.0' } }, good());
    expect(tag.status.artifact?.revision).toBe(`v1.0.0@sha1:${tagged}`);
    // Nothing of the key material or the clones is left behind.
    expect(await readdir(workDir)).toEqual([]);
  });

  it('a passphrase-protected key fetches with its `password`; without it → AuthenticationFailed with Flux\'s message (source-controller getAuthOpts)', async () => {
    await git.createRepo('encrypted-key');
    const url = sshd.urlOf('encrypted-key');
    await git.pushFiles('encrypted-key', { 'a.yaml': 'a: 1\n' });
    const key = sshd.encryptedKey;
    const ok = await reconcile({ url, ref: { branch: 'main' } }, { ssh: { identity: key.identity, knownHosts: sshd.knownHosts, password: key.password } });
    expect(readyCondition(ok.status)).toMatchObject({ status: 'True', reason: 'Succeeded' });
    const missing = await reconcile({ url, ref: { branch: 'main' } }, { ssh: { identity: key.identity, knownHosts: sshd.knownHosts } });
    expect(readyCondition(missing.status)).toMatchObject({
      status: 'False',
      reason: 'AuthenticationFailed',
      message: "SSH identity key is encrypted but no 'password' field was provided in the secret 'flux-system/ssh-auth'",
    });
    const wrong = await reconcile({ url, ref: { branch: 'main' } }, { ssh: { identity: key.identity, knownHosts: sshd.knownHosts, password: 'not-the-passphrase' } });
    // A wrong passphrase shows when the key is used, at the clone: GitOperationFailed, as in source-controller.
    expect(readyCondition(wrong.status)).toMatchObject({ status: 'False', reason: 'GitOperationFailed' });
    expect(JSON.stringify(wrong)).not.toContain('not-the-passphrase');
  });

  it('a key the server does not authorize → FetchFailed/GitOperationFailed (source-controller: every clone failure); the key appears nowhere', async () => {
    await git.createRepo('wrong-key');
    await git.pushFiles('wrong-key', { 'a.yaml': 'a: 1\n' });
    const stranger = await sshd.newKey();
    const r = await reconcile({ url: sshd.urlOf('wrong-key'), ref: { branch: 'main' } }, { ssh: { identity: stranger.identity, knownHosts: sshd.knownHosts } });
    expect(r.outcome).toBe('failed');
    expect(readyCondition(r.status)).toMatchObject({ status: 'False', reason: 'GitOperationFailed', message: expect.stringContaining('unable to authenticate') });
    expect(r.status.conditions.find((c) => c.type === 'FetchFailed')).toMatchObject({ status: 'True', reason: 'GitOperationFailed' });
    const body = stranger.identity.split('\n')[1] ?? '';
    expect(JSON.stringify(r)).not.toContain(body);
  });

  it('a host key not in known_hosts is refused before authenticating (GitOperationFailed, knownhosts: key is unknown); a different key for the host is a mismatch', async () => {
    await git.createRepo('host-key');
    await git.pushFiles('host-key', { 'a.yaml': 'a: 1\n' });
    const url = sshd.urlOf('host-key');
    const sessions = await sshd.sessions();
    const otherHost = `other.example ${sshd.knownHosts.trim().split(' ').slice(1).join(' ')}\n`;
    const unknown = await reconcile({ url, ref: { branch: 'main' } }, { ssh: { identity: sshd.clientKey.identity, knownHosts: otherHost } });
    expect(readyCondition(unknown.status)).toMatchObject({ status: 'False', reason: 'GitOperationFailed', message: expect.stringContaining('knownhosts: key is unknown') });
    const imposter = (await sshd.newKey('imposter')).identityPub.trim().split(' ');
    const mismatch = await reconcile({ url, ref: { branch: 'main' } }, { ssh: { identity: sshd.clientKey.identity, knownHosts: `[127.0.0.1]:${sshd.port} ${imposter[0]} ${imposter[1]}\n` } });
    expect(readyCondition(mismatch.status)).toMatchObject({ status: 'False', reason: 'GitOperationFailed', message: expect.stringMatching(/knownhosts: key (mismatch|is unknown)/) });
    expect(await sshd.sessions()).toBe(sessions);
  });

  it("a secret without known_hosts or identity → AuthenticationFailed, '<key>' is required (fluxcd/pkg git AuthOptions.Validate)", async () => {
    const url = sshd.urlOf('anything');
    const noHosts = await reconcile({ url }, { ssh: { identity: sshd.clientKey.identity } });
    expect(readyCondition(noHosts.status)).toMatchObject({ reason: 'AuthenticationFailed', message: "failed to configure authentication options: invalid 'ssh' auth option: 'known_hosts' is required" });
    const noKey = await reconcile({ url }, { ssh: { knownHosts: sshd.knownHosts } });
    expect(readyCondition(noKey.status)).toMatchObject({ reason: 'AuthenticationFailed', message: "failed to configure authentication options: invalid 'ssh' auth option: 'identity' is required" });
    // An http secret means nothing to an ssh remote.
    const httpOnly = await reconcile({ url }, { credentials: { username: 'u', password: 'p' } });
    expect(readyCondition(httpOnly.status)).toMatchObject({ reason: 'AuthenticationFailed', message: expect.stringContaining("'identity' is required") });
  });

  it('a missing branch and a missing repository → GitOperationFailed naming them', async () => {
    await git.createRepo('missing-ref');
    await git.pushFiles('missing-ref', { 'a.yaml': 'a: 1\n' });
    const noBranch = await reconcile({ url: sshd.urlOf('missing-ref'), ref: { branch: 'nope' } }, good());
    expect(readyCondition(noBranch.status)).toMatchObject({ reason: 'GitOperationFailed', message: expect.stringContaining("couldn't find remote ref \"refs/heads/nope\"") });
    const noRepo = await reconcile({ url: sshd.urlOf('no-such-repo'), ref: { branch: 'main' } }, good());
    expect(readyCondition(noRepo.status)).toMatchObject({ reason: 'GitOperationFailed', message: expect.stringContaining('repository not found') });
  });
});
