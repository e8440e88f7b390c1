import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startGitServer, startGitSshServer, startSshAgent, type TestGitServer, type TestGitSshServer } from '@flotilla/testenv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SshCredentials } from '../spec/git-repository.spec.js';
import { GitTransportError, type RemoteOptions } from './git-transport.js';
import { SshGitPushTransport } from './ssh-git-push.js';

// Pushing over ssh against OpenSSH's sshd serving the git server's repositories, with the session fetching uses.

const run = promisify(execFile);
let root: string;
let git: TestGitServer;
let sshd: TestGitSshServer;
const transport = () => new SshGitPushTransport({ workDir: path.join(root, 'work') });
const remote = (url: string, ssh: SshCredentials): RemoteOptions => ({ url, ssh, signal: AbortSignal.timeout(60_000) });
const rw = (): SshCredentials => ({ identity: sshd.clientKey.identity, knownHosts: sshd.knownHosts });
const head = async (repo: string) => (await run('git', ['--git-dir', path.join(git.reposDir, `${repo}.git`), 'rev-parse', 'main'])).stdout.trim();
const failure = (p: Promise<unknown>) =>
  p.then(
    () => 'succeeded',
    (err: unknown) => (err instanceof GitTransportError ? `${err.kind}: ${err.message}` : String(err)),
  );

async function commitIn(dir: string, file: string, content: string): Promise<void> {
  await writeFile(path.join(dir, file), content);
  const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e', GIT_CONFIG_GLOBAL: '/dev/null' };
  await run('git', ['-C', dir, 'add', file], { env });
  await run('git', ['-C', dir, 'commit', '-q', '-m', `change ${file}`], { env });
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'git-ssh-push-'));
  git = await startGitServer();
  sshd = await startGitSshServer(git);
});
afterAll(async () => {
  await sshd?.stop();
  await git?.stop();
  await rm(root, { recursive: true, force: true });
});

describe('SshGitPushTransport (OpenSSH sshd)', () => {
  it('the receive-pack advertisement lists the branches to a key with write access', async () => {
    await git.createRepo('advertise');
    const oid = await git.pushFiles('advertise', { 'README.md': 'hi\n' });
    const refs = await transport().listPushRefs(remote(sshd.urlOf('advertise'), rw()));
    expect(refs).toContainEqual({ ref: 'refs/heads/main', oid });
  });

  it('a read-only key may fetch but is refused the receive-pack advertisement, with the server’s message', async () => {
    const key = { identity: sshd.readOnlyKey.identity, knownHosts: sshd.knownHosts };
    expect(await transport().listRefs(remote(sshd.urlOf('advertise'), key))).toHaveLength(1);
    expect(await failure(transport().listPushRefs(remote(sshd.urlOf('advertise'), key)))).toBe('protocol: git error: ERROR: The key you are authenticating with has been marked as read only.');
  });

  it('an unauthorized key, a wrong host key and a missing repository are told apart, as fetching does', async () => {
    const stranger = await sshd.newKey();
    expect(await failure(transport().listPushRefs(remote(sshd.urlOf('advertise'), { identity: stranger.identity, knownHosts: sshd.knownHosts })))).toMatch(/^auth: /);
    const otherHost = await sshd.newKey('host');
    const wrongHosts = `[127.0.0.1]:${sshd.port} ${otherHost.identityPub.split(' ').slice(0, 2).join(' ')}\n`;
    expect(await failure(transport().listPushRefs(remote(sshd.urlOf('advertise'), { ...rw(), knownHosts: wrongHosts })))).toMatch(/^host-key: .*key mismatch/);
    expect(await failure(transport().listPushRefs(remote(sshd.urlOf('nothing-here'), rw())))).toBe('not-found: repository not found');
  });

  it('clones the branch tip, pushes a commit on it without force, and refuses to overwrite a branch that moved', async () => {
    await git.createRepo('push');
    await git.pushFiles('push', { 'README.md': 'one\n' });
    const dir = path.join(root, 'push-clone');
    const t = transport();
    await t.cloneBranch(remote(sshd.urlOf('push'), rw()), 'main', dir);
    await commitIn(dir, 'a.txt', 'a\n');
    await t.pushHead(remote(sshd.urlOf('push'), rw()), dir, 'main');
    const pushed = (await run('git', ['-C', dir, 'rev-parse', 'HEAD'])).stdout.trim();
    expect(await head('push')).toBe(pushed);
    // Someone else pushes meanwhile: the next push from the stale clone is refused, the branch keeps their commit.
    const theirs = await git.pushFiles('push', { 'b.txt': 'b\n' });
    await commitIn(dir, 'c.txt', 'c\n');
    expect(await failure(t.pushHead(remote(sshd.urlOf('push'), rw()), dir, 'main'))).toBe('rejected: the server refused the update: the branch moved (not a fast-forward)');
    expect(await head('push')).toBe(theirs);
  });

  it('an encrypted key pushes with its passphrase, given through askpass', async () => {
    await git.createRepo('encrypted');
    await git.pushFiles('encrypted', { 'README.md': 'one\n' });
    const key = { identity: sshd.encryptedKey.identity, knownHosts: sshd.knownHosts, password: sshd.encryptedKey.password };
    const dir = path.join(root, 'encrypted-clone');
    await transport().cloneBranch(remote(sshd.urlOf('encrypted'), key), 'main', dir);
    await commitIn(dir, 'a.txt', 'a\n');
    await transport().pushHead(remote(sshd.urlOf('encrypted'), key), dir, 'main');
    expect(await head('encrypted')).toBe((await run('git', ['-C', dir, 'rev-parse', 'HEAD'])).stdout.trim());
    expect(await failure(transport().listPushRefs(remote(sshd.urlOf('encrypted'), { ...key, password: 'wrong' })))).toMatch(/^auth: /);
  });

  it('through an ssh-agent (flux bootstrap without --private-key-file): the agent’s key pushes, the key of remote.ssh is not offered, the host key is still checked', async () => {
    await git.createRepo('agent');
    await git.pushFiles('agent', { 'README.md': 'one\n' });
    const agent = await startSshAgent();
    const refused = await startSshAgent();
    try {
      await agent.add(sshd.clientKey.identity);
      await refused.add((await sshd.newKey()).identity);
      const via = (socket: string) => new SshGitPushTransport({ workDir: path.join(root, 'work'), agentSocket: socket });
      // The key of remote.ssh may only read: the push succeeds with the agent’s key alone.
      const readOnly = { identity: sshd.readOnlyKey.identity, knownHosts: sshd.knownHosts };
      const dir = path.join(root, 'agent-clone');
      await via(agent.socket).cloneBranch(remote(sshd.urlOf('agent'), readOnly), 'main', dir);
      await commitIn(dir, 'a.txt', 'a\n');
      await via(agent.socket).pushHead(remote(sshd.urlOf('agent'), readOnly), dir, 'main');
      expect(await head('agent')).toBe((await run('git', ['-C', dir, 'rev-parse', 'HEAD'])).stdout.trim());
      // An agent whose keys the server does not know is refused even though remote.ssh holds a key allowed to push.
      expect(await failure(via(refused.socket).listPushRefs(remote(sshd.urlOf('agent'), rw())))).toMatch(/^auth: /);
      const otherHost = await sshd.newKey('host');
      const wrongHosts = `[127.0.0.1]:${sshd.port} ${otherHost.identityPub.split(' ').slice(0, 2).join(' ')}\n`;
      expect(await failure(via(agent.socket).listPushRefs(remote(sshd.urlOf('agent'), { ...rw(), knownHosts: wrongHosts })))).toMatch(/^host-key: .*key mismatch/);
    } finally {
      await Promise.all([agent.stop(), refused.stop()]);
    }
  });
});
