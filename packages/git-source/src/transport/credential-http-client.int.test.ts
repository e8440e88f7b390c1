import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { makeClusterPki, makeTempDir, removeDir, startGitServer, type ClusterPki, type TestGitServer } from '@flotilla/testenv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GitTransportError, type RemoteOptions } from './git-transport.js';
import { IsomorphicGitTransport } from './isomorphic-git-transport.js';

// Flux's `ca.crt`: an https git server whose certificate a private CA signed is trusted with that CA added,
// and refused without it. The server is a TLS front for a real git http-backend.

let git: TestGitServer;
let front: https.Server;
let frontUrl: string;
let pki: ClusterPki;
let dir: string;

beforeAll(async () => {
  dir = await makeTempDir('git-tls-');
  [git, pki] = await Promise.all([startGitServer(), makeClusterPki(dir)]);
  const upstream = new URL(git.baseUrl);
  front = https.createServer({ cert: pki.servingCert, key: pki.servingKey }, (req, res) => {
    const out = http.request({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: { ...req.headers, host: upstream.host } }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    req.pipe(out);
  });
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', () => resolve()));
  frontUrl = `https://127.0.0.1:${(front.address() as AddressInfo).port}`;
});

afterAll(async () => {
  front?.closeAllConnections();
  await new Promise<void>((resolve) => (front ? front.close(() => resolve()) : resolve()));
  await git?.stop();
  if (dir) await removeDir(dir);
});

describe('https with a private CA (Flux secret key ca.crt)', () => {
  const transport = new IsomorphicGitTransport();
  const remote = (url: string, caCert?: string): RemoteOptions => ({ url, signal: AbortSignal.timeout(30_000), ...(caCert ? { caCert } : {}) });

  it('the CA added to the system pool: refs listed and the commit fetched', async () => {
    const repo = await git.createRepo('tls');
    const sha = await git.pushFiles(repo, { 'a.yaml': 'a\n' });
    const url = repo.replace(git.baseUrl, frontUrl);
    const refs = await transport.listRefs(remote(url, pki.caCert));
    expect(refs).toContainEqual({ ref: 'refs/heads/main', oid: sha });
    const fetched = await transport.fetchCommit(remote(url, pki.caCert), { kind: 'ref', ref: 'refs/heads/main' });
    try {
      expect(fetched.commit).toBe(sha);
    } finally {
      await fetched.dispose();
    }
  });

  it('without the CA the certificate is refused as a network failure, naming only the host', async () => {
    const url = (await git.createRepo('tls-refused')).replace(git.baseUrl, frontUrl);
    const err = await transport.listRefs(remote(url)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(GitTransportError);
    expect(err).toMatchObject({ kind: 'network', message: `unable to reach ${new URL(frontUrl).host}: UNABLE_TO_VERIFY_LEAF_SIGNATURE` });
  });
});
