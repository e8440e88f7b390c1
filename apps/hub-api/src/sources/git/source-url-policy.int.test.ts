import { GitTransportError, IsomorphicGitTransport, SshGitTransport, type HttpCredentials, type RemoteOptions } from '@flotilla/git-source';
import { proxyTo, redirectTo, startGitServer, startGitSshServer, startHttpRecorder, type TestGitServer } from '@flotilla/testenv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseHostRules, SourceUrlPolicy, sourceUrlPolicyFor } from './source-url-policy.js';

// The source URL policy as the hub's HostGuard, against a real git server (git http-backend) with node:http
// servers in front that record the Authorization header of every request they receive. That credentials go
// only to the configured origin is git-source's own test.

const remote = (url: string, credentials?: HttpCredentials): RemoteOptions => ({ url, signal: AbortSignal.timeout(20_000), ...(credentials ? { credentials } : {}) });

async function refusal(p: Promise<unknown>): Promise<GitTransportError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(GitTransportError);
  return err as GitTransportError;
}

let plain: TestGitServer;
beforeAll(async () => {
  plain = await startGitServer();
});
afterAll(async () => {
  await plain?.stop();
});

describe('the source URL policy', () => {
  it('refuses loopback by default with one message, before connecting: an open and a closed port answer alike', async () => {
    const strict = new IsomorphicGitTransport({ guard: new SourceUrlPolicy() });
    const url = await plain.createRepo('internal');
    await plain.pushFiles(url, { 'a.yaml': 'a\n' });
    const closed = await startHttpRecorder(() => undefined);
    const closedUrl = `${closed.baseUrl}/x.git`;
    await closed.stop();
    const before = plain.requests();
    const open = await refusal(strict.listRefs(remote(url)));
    const shut = await refusal(strict.listRefs(remote(closedUrl)));
    const fetch = await refusal(strict.fetchCommit(remote(url), { kind: 'ref', ref: 'refs/heads/main' }));
    const byName = await refusal(strict.listRefs(remote(url.replace('127.0.0.1', 'localhost'))));
    for (const e of [open, shut, fetch, byName]) expect({ kind: e.kind, message: e.message }).toEqual({ kind: 'refused', message: 'URL not allowed by the source policy' });
    expect(plain.requests()).toBe(before);
  });

  it('checks every redirect hop: an allowed host redirecting to a refused one never reaches it', async () => {
    const target = await startHttpRecorder(proxyTo(() => plain.baseUrl), '127.0.0.2');
    const front = await startHttpRecorder(redirectTo(() => target.baseUrl));
    const allow = parseHostRules('127.0.0.1');
    if (!allow.ok) throw new Error('bad rule');
    const onlyFront = new IsomorphicGitTransport({ guard: new SourceUrlPolicy({ allow: allow.rules }) });
    try {
      const err = await refusal(onlyFront.listRefs(remote(`${front.baseUrl}/r.git`, { bearerToken: 'never-sent' })));
      expect({ kind: err.kind, message: err.message }).toEqual({ kind: 'refused', message: 'URL not allowed by the source policy' });
      expect(front.auths).toEqual(['Bearer never-sent']);
      expect(target.auths).toEqual([]);
    } finally {
      await Promise.all([front.stop(), target.stop()]);
    }
  });

  it('an admin allow entry opens the host again', async () => {
    const url = await plain.createRepo('allowed');
    const sha = await plain.pushFiles(url, { 'a.yaml': 'a\n' });
    const allowed = new IsomorphicGitTransport({ guard: sourceUrlPolicyFor({ host: '0.0.0.0', publicUrl: undefined }, { allowHosts: ['127.0.0.0/8'] }) });
    expect((await allowed.listRefs(remote(url))).find((r) => r.ref === 'refs/heads/main')?.oid).toBe(sha);
  });

  it('guards ssh:// too: loopback refused before ssh runs (by address and by name), allowed again by an admin entry, known_hosts still matched against the URL’s host', async () => {
    const sshd = await startGitSshServer(plain);
    try {
      const url = await plain.createRepo('over-ssh');
      const sha = await plain.pushFiles(url, { 'a.yaml': 'a\n' });
      const ssh = { identity: sshd.clientKey.identity, knownHosts: sshd.knownHosts };
      const over = (u: string): RemoteOptions => ({ url: u, signal: AbortSignal.timeout(20_000), ssh });
      const strict = new SshGitTransport({ guard: new SourceUrlPolicy() });
      const before = await sshd.sessions();
      for (const u of [sshd.urlOf('over-ssh'), sshd.urlOf('over-ssh').replace('127.0.0.1', 'localhost')]) {
        const e = await refusal(strict.listRefs(over(u)));
        expect({ kind: e.kind, message: e.message }).toEqual({ kind: 'refused', message: 'URL not allowed by the source policy' });
      }
      expect(await sshd.sessions()).toBe(before);
      const allowed = new SshGitTransport({ guard: sourceUrlPolicyFor({ host: '0.0.0.0', publicUrl: undefined }, { allowHosts: ['127.0.0.0/8', 'localhost'] }) });
      expect((await allowed.listRefs(over(sshd.urlOf('over-ssh')))).find((r) => r.ref === 'refs/heads/main')?.oid).toBe(sha);
      // By name: ssh connects to the address the policy resolved, and the host key is looked up for the name,
      // which known_hosts (written for 127.0.0.1) does not hold.
      const byName = await refusal(allowed.listRefs(over(sshd.urlOf('over-ssh').replace('127.0.0.1', 'localhost'))));
      expect(byName.kind).toBe('host-key');
      const named = { ...ssh, knownHosts: sshd.knownHosts.replace('[127.0.0.1]', '[localhost]') };
      const viaName = await allowed.listRefs({ url: sshd.urlOf('over-ssh').replace('127.0.0.1', 'localhost'), signal: AbortSignal.timeout(20_000), ssh: named });
      expect(viaName.find((r) => r.ref === 'refs/heads/main')?.oid).toBe(sha);
    } finally {
      await sshd.stop();
    }
  });
});
