import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startGitServer, type TestGitServer } from '@flotilla/testenv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GitTransportError, IsomorphicGitTransport, type GitCredentials, type RemoteOptions } from '@flotilla/git-source';
import { parseHostRules, SourceUrlPolicy, sourceUrlPolicyFor } from './source-url-policy.js';

// Redirects and the source URL policy against real git servers (git http-backend) with node:http servers in
// front that record the Authorization header of every request they receive.

interface Recorder {
  baseUrl: string;
  /** The Authorization header of each request received, in order (undefined when absent). */
  auths: (string | undefined)[];
  stop(): Promise<void>;
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, self: Recorder) => void;

async function startRecorder(handle: Handler, host = '127.0.0.1'): Promise<Recorder> {
  const auths: (string | undefined)[] = [];
  const server = http.createServer((req, res) => {
    auths.push(req.headers.authorization);
    handle(req, res, self);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const self: Recorder = {
    baseUrl: `http://${host}:${(server.address() as AddressInfo).port}`,
    auths,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return self;
}

/** Answers every request with a redirect to the same path under `target` (another origin or a path prefix). */
const redirectTo =
  (target: () => string, status = 302): Handler =>
  (req, res) => {
    req.resume();
    res.writeHead(status, { location: `${target()}${req.url ?? '/'}` }).end();
  };

/** Forwards every request to a git server, so a redirect target can serve a real repository. */
const proxyTo =
  (git: () => string, stripPrefix = ''): Handler =>
  (req, res) => {
    const upstream = new URL(git());
    const path = (req.url ?? '/').replace(stripPrefix, '');
    const headers = { ...req.headers, host: upstream.host };
    const out = http.request({ host: upstream.hostname, port: upstream.port, path, method: req.method, headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    out.on('error', () => res.writeHead(502).end());
    req.pipe(out);
  };

const loopbackPolicy = sourceUrlPolicyFor({ host: '127.0.0.1', publicUrl: undefined }, {});
const remote = (url: string, credentials?: GitCredentials): RemoteOptions => ({ url, signal: AbortSignal.timeout(20_000), ...(credentials ? { credentials } : {}) });

async function refusal(p: Promise<unknown>): Promise<GitTransportError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(GitTransportError);
  return err as GitTransportError;
}

let plain: TestGitServer;
let bearer: TestGitServer;
let basic: TestGitServer;
beforeAll(async () => {
  [plain, bearer, basic] = await Promise.all([startGitServer(), startGitServer({ auth: 'bearer' }), startGitServer({ auth: 'basic' })]);
});
afterAll(async () => {
  await Promise.all([plain?.stop(), bearer?.stop(), basic?.stop()]);
});

describe('credentials go only to the origin of the configured URL', () => {
  const transport = new IsomorphicGitTransport({ guard: loopbackPolicy });

  it.each(['bearer', 'basic'] as const)('%s: a redirect to another port on the same host gets no Authorization header; the fetch still follows it', async (mode) => {
    const url = await plain.createRepo(`redirected-${mode}`);
    const sha = await plain.pushFiles(url, { 'a.yaml': 'a: 1\n' });
    // The attacker's port: serves the repository (through the real git server) and records what it gets.
    const other = await startRecorder(proxyTo(() => plain.baseUrl));
    const trusted = await startRecorder(redirectTo(() => other.baseUrl));
    try {
      const credentials: GitCredentials = mode === 'bearer' ? { bearerToken: 'tok-secret-Q7' } : { username: 'flotilla', password: 'pw-secret-Q7' };
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
    const front = await startRecorder((req, res, self) => {
      if (req.url?.startsWith('/old/')) redirectTo(() => `${self.baseUrl}/new`, 301)(Object.assign(req, { url: req.url.slice('/old'.length) }), res, self);
      else proxyTo(() => bearer.baseUrl, '/new')(req, res, self);
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
    const loop = await startRecorder((req, res, self) => redirectTo(() => self.baseUrl)(req, res, self));
    try {
      const err = await refusal(transport.listRefs(remote(`${loop.baseUrl}/loop.git`)));
      expect(err.message).toBe('too many redirects (more than 5)');
      expect(loop.auths).toHaveLength(6);
    } finally {
      await loop.stop();
    }
  });
});

describe('the source URL policy', () => {
  it('refuses loopback by default with one message, before connecting: an open and a closed port answer alike', async () => {
    const strict = new IsomorphicGitTransport({ guard: new SourceUrlPolicy() });
    const url = await plain.createRepo('internal');
    await plain.pushFiles(url, { 'a.yaml': 'a\n' });
    const closed = await startRecorder(() => undefined);
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
    const target = await startRecorder(proxyTo(() => plain.baseUrl), '127.0.0.2');
    const front = await startRecorder(redirectTo(() => target.baseUrl));
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
});
