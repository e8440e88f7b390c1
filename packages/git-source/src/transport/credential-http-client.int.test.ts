import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { makeClusterPki, makeTempDir, proxyTo, redirectTo, removeDir, startGitServer, startHttpRecorder, type ClusterPki, type TestGitServer } from '@flotilla/testenv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpCredentials } from '../spec/git-repository.spec.js';
import { GitTransportError, type RemoteOptions } from './git-transport.js';
import { IsomorphicGitTransport } from './isomorphic-git-transport.js';

// The HTTP client isomorphic-git talks through, against real git servers (git http-backend): node:http
// servers in front record the Authorization header of every request they receive, redirect, or serve TLS
// with a certificate a private CA signed (Flux's `ca.crt`).

const remote = (url: string, credentials?: HttpCredentials, caCert?: string): RemoteOptions => ({
  url,
  signal: AbortSignal.timeout(20_000),
  ...(credentials ? { credentials } : {}),
  ...(caCert ? { caCert } : {}),
});

let plain: TestGitServer;
let bearer: TestGitServer;
let front: https.Server;
let frontUrl: string;
let pki: ClusterPki;
let dir: string;

beforeAll(async () => {
  dir = await makeTempDir('git-tls-');
  [plain, bearer, pki] = await Promise.all([startGitServer(), startGitServer({ auth: 'bearer' }), makeClusterPki(dir)]);
  front = https.createServer({ cert: pki.servingCert, key: pki.servingKey }, proxyTo(() => plain.baseUrl));
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', () => resolve()));
  frontUrl = `https://127.0.0.1:${(front.address() as AddressInfo).port}`;
});

afterAll(async () => {
  front?.closeAllConnections();
  await new Promise<void>((resolve) => (front ? front.close(() => resolve()) : resolve()));
  await Promise.all([plain?.stop(), bearer?.stop()]);
  if (dir) await removeDir(dir);
});

describe('credentials go only to the origin of the configured URL', () => {
  // No host guard, as in the agent: the origin rule holds on its own.
  const transport = new IsomorphicGitTransport();

  it.each(['bearer', 'basic'] as const)('%s: a redirect to another port on the same host gets no Authorization header; the fetch still follows it', async (mode) => {
    const url = await plain.createRepo(`redirected-${mode}`);
    const sha = await plain.pushFiles(url, { 'a.yaml': 'a: 1\n' });
    // The attacker's port: serves the repository (through the real git server) and records what it gets.
    const other = await startHttpRecorder(proxyTo(() => plain.baseUrl));
    const trusted = await startHttpRecorder(redirectTo(() => other.baseUrl));
    try {
      const credentials: HttpCredentials = mode === 'bearer' ? { bearerToken: 'tok-secret-Q7' } : { username: 'flotilla', password: 'pw-secret-Q7' };
      const repoUrl = `${trusted.baseUrl}/redirected-${mode}.git`;
      const refs = await transport.listRefs(remote(repoUrl, credentials));
      expect(refs.find((r) => r.ref === 'refs/heads/main')?.oid).toBe(sha);
      const fetched = await transport.fetchCommit(remote(repoUrl, credentials), { kind: 'ref', ref: 'refs/heads/main' });
      expect(fetched.commit).toBe(sha);
      await fetched.dispose();

      const expected = mode === 'bearer' ? 'Bearer tok-secret-Q7' : `Basic ${Buffer.from('flotilla:pw-secret-Q7').toString('base64')}`;
      expect(trusted.auths.length).toBeGreaterThanOrEqual(2);
      expect(trusted.auths.every((a) => a === expected)).toBe(true);
      expect(other.auths.length).toBeGreaterThanOrEqual(2);
      expect(other.auths).toEqual(other.auths.map(() => undefined));
    } finally {
      await Promise.all([trusted.stop(), other.stop()]);
    }
  });

  it('a redirect within the same origin keeps the credentials (the real bearer-protected server answers)', async () => {
    const url = await bearer.createRepo('moved');
    const sha = await bearer.pushFiles(url, { 'a.yaml': 'a: 1\n' });
    // `/old/...` redirects to `/new/...` on the same origin, which forwards to the bearer-protected server.
    const front = await startHttpRecorder((req, res, self) => {
      if (req.url?.startsWith('/old/')) redirectTo(() => `${self.baseUrl}/new`, 301)(Object.assign(req, { url: req.url.slice('/old'.length) }), res, self);
      else proxyTo(() => bearer.baseUrl, '/new')(req, res);
    });
    try {
      const refs = await transport.listRefs(remote(`${front.baseUrl}/old/moved.git`, { bearerToken: bearer.credentials.token }));
      expect(refs.find((r) => r.ref === 'refs/heads/main')?.oid).toBe(sha);
      expect(front.auths).toEqual(front.auths.map(() => `Bearer ${bearer.credentials.token}`));
    } finally {
      await front.stop();
    }
  });

  it('a server that redirects for ever is cut off', async () => {
    const loop = await startHttpRecorder((req, res, self) => redirectTo(() => self.baseUrl)(req, res, self));
    try {
      await expect(transport.listRefs(remote(`${loop.baseUrl}/loop.git`))).rejects.toMatchObject({ name: 'GitTransportError', message: 'too many redirects (more than 5)' });
      expect(loop.auths).toHaveLength(6);
    } finally {
      await loop.stop();
    }
  });
});

describe('https with a private CA (Flux secret key ca.crt)', () => {
  const transport = new IsomorphicGitTransport();

  it('the CA added to the system pool: refs listed and the commit fetched', async () => {
    const repo = await plain.createRepo('tls');
    const sha = await plain.pushFiles(repo, { 'a.yaml': 'a\n' });
    const url = repo.replace(plain.baseUrl, frontUrl);
    const refs = await transport.listRefs(remote(url, undefined, pki.caCert));
    expect(refs).toContainEqual({ ref: 'refs/heads/main', oid: sha });
    const fetched = await transport.fetchCommit(remote(url, undefined, pki.caCert), { kind: 'ref', ref: 'refs/heads/main' });
    try {
      expect(fetched.commit).toBe(sha);
    } finally {
      await fetched.dispose();
    }
  });

  it('without the CA the certificate is refused as a network failure, naming only the host', async () => {
    const url = (await plain.createRepo('tls-refused')).replace(plain.baseUrl, frontUrl);
    const refused = transport.listRefs(remote(url));
    await expect(refused).rejects.toBeInstanceOf(GitTransportError);
    await expect(refused).rejects.toMatchObject({ kind: 'network', message: `unable to reach ${new URL(frontUrl).host}: UNABLE_TO_VERIFY_LEAF_SIGNATURE` });
  });
});
