import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTarball } from '../reconcile/testing/make-tarball.js';
import { ArtifactCache } from './artifact-cache.js';

// A plain HTTP server stands in for the hub's GET /artifacts/:digest (the real endpoint is exercised in
// gitops-real-hub.int.test.ts); here it serves chosen bytes and statuses and records what was asked.
let dir: string;
let server: http.Server;
let url: string;
let requests: Array<{ url: string; auth: string | undefined }>;
let serve: (digest: string) => { status: number; body?: Uint8Array };

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'artifact-cache-'));
  requests = [];
  server = http.createServer((req, res) => {
    requests.push({ url: req.url ?? '', auth: req.headers.authorization });
    const r = serve(decodeURIComponent((req.url ?? '').replace('/artifacts/', '')));
    res.writeHead(r.status).end(r.body ? Buffer.from(r.body) : undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  await new Promise((r) => server.close(r));
  await fs.rm(dir, { recursive: true, force: true });
});

const source = (digest: string) => ({ kind: 'GitRepository' as const, namespace: 'ns', name: 'repo', revision: 'main@sha1:abc', digest, size: 1, url: 'http://evil.example/steal' });

describe('ArtifactCache', () => {
  it('downloads from <hub>/artifacts/<digest> with the credential (never from the message’s url), verifies and caches', async () => {
    const t = makeTarball({ 'a.yaml': 'x: 1\n' });
    serve = () => ({ status: 200, body: t.bytes });
    const cache = new ArtifactCache({ dir, hubUrl: url, credential: 'flc_secret' });
    const first = await cache.get(source(t.digest));
    expect(first).toMatchObject({ ok: true, downloaded: true, artifact: { digest: t.digest, revision: 'main@sha1:abc' } });
    expect(requests).toEqual([{ url: `/artifacts/${t.digest}`, auth: 'Bearer flc_secret' }]);
    expect(await cache.get(source(t.digest))).toMatchObject({ ok: true, downloaded: false });
    expect(requests).toHaveLength(1);
  });

  it('bytes that do not match the digest are a mismatch and are not kept (flux.md: ArtifactFailed)', async () => {
    const t = makeTarball({ 'a.yaml': 'x: 1\n' });
    const other = makeTarball({ 'a.yaml': 'x: 2\n' });
    serve = () => ({ status: 200, body: other.bytes });
    const cache = new ArtifactCache({ dir, hubUrl: url, credential: 'flc_secret' });
    const r = await cache.get(source(t.digest));
    expect(r).toMatchObject({ ok: false, kind: 'mismatch' });
    expect(!r.ok && r.message).toContain(`expected ${t.digest}, got ${other.digest}`);
    expect(await fs.readdir(cache.dir)).toEqual([]);
  });

  it('a hub that refuses or is down is "unavailable" with the status in the message', async () => {
    serve = () => ({ status: 404 });
    const digest = `sha256:${'c'.repeat(64)}`;
    const cache = new ArtifactCache({ dir, hubUrl: url, credential: 'flc_secret' });
    expect(await cache.get(source(digest))).toMatchObject({ ok: false, kind: 'unavailable', message: expect.stringContaining('HTTP 404') });
    const down = new ArtifactCache({ dir, hubUrl: 'http://127.0.0.1:1', credential: 'flc_secret' });
    expect(await down.get(source(digest))).toMatchObject({ ok: false, kind: 'unavailable' });
  });

  it('a redirect is not followed, so the credential goes to the hub’s URL only: "unavailable" with the status', async () => {
    const t = makeTarball({ 'a.yaml': 'x: 1\n' });
    server.removeAllListeners('request');
    server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
      requests.push({ url: req.url ?? '', auth: req.headers.authorization });
      res.writeHead(302, { location: 'http://elsewhere.invalid/artifact' }).end();
    });
    const cache = new ArtifactCache({ dir, hubUrl: url, credential: 'flc_secret' });
    expect(await cache.get(source(t.digest))).toMatchObject({ ok: false, kind: 'unavailable', message: expect.stringContaining('HTTP 302') });
    expect(requests).toEqual([{ url: `/artifacts/${t.digest}`, auth: 'Bearer flc_secret' }]);
  });

  it('an artifact larger than maxBytes is not kept: "unavailable"', async () => {
    const t = makeTarball({ 'a.yaml': 'x'.repeat(4096) });
    serve = () => ({ status: 200, body: t.bytes });
    const cache = new ArtifactCache({ dir, hubUrl: url, credential: 'flc_secret', maxBytes: 16 });
    expect(await cache.get(source(t.digest))).toMatchObject({ ok: false, kind: 'unavailable', message: expect.stringContaining('larger than 16 bytes') });
    expect(await fs.readdir(cache.dir)).toEqual([]);
  });

  it('downloads without loading Node’s fetch (undici and its WebAssembly parser, about 8 MiB of memory)', async () => {
    const t = makeTarball({ 'a.yaml': 'x: 1\n' });
    serve = () => ({ status: 200, body: t.bytes });
    const module = fileURLToPath(new URL('./artifact-cache.ts', import.meta.url));
    const script = [
      `const { ArtifactCache } = await import(${JSON.stringify(module)});`,
      `const cache = new ArtifactCache({ dir: ${JSON.stringify(dir)}, hubUrl: ${JSON.stringify(url)}, credential: 'flc_secret' });`,
      `const r = await cache.get({ digest: ${JSON.stringify(t.digest)}, revision: 'main@sha1:abc' });`,
      "console.log(JSON.stringify({ ok: r.ok, fetchLoaded: process.moduleLoadList.some((m) => m.includes('undici')) }));",
    ].join('\n');
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script]);
    expect(JSON.parse(stdout)).toEqual({ ok: true, fetchLoaded: false });
  });

  it('a cached file damaged on disk is dropped and downloaded again; retain() deletes what the assignment no longer uses', async () => {
    const a = makeTarball({ 'a.yaml': 'a: 1\n' });
    const b = makeTarball({ 'b.yaml': 'b: 1\n' });
    serve = (d) => ({ status: 200, body: d === a.digest ? a.bytes : b.bytes });
    const cache = new ArtifactCache({ dir, hubUrl: url, credential: 'flc_secret' });
    await cache.get(source(a.digest));
    await cache.get(source(b.digest));
    const fileA = path.join(cache.dir, `${a.digest.slice(7)}.tar.gz`);
    await fs.writeFile(fileA, 'rotten');
    expect(await cache.get(source(a.digest))).toMatchObject({ ok: true, downloaded: true });
    await cache.retain(new Set([b.digest]));
    expect(await fs.readdir(cache.dir)).toEqual([`${b.digest.slice(7)}.tar.gz`]);
  });

  it('retain() keeps what another user names (in-cluster ExternalArtifacts), asked anew at each retain; get() takes just {digest, revision}', async () => {
    const a = makeTarball({ 'a.yaml': 'a: 1\n' });
    const b = makeTarball({ 'b.yaml': 'b: 1\n' });
    serve = (d) => ({ status: 200, body: d === a.digest ? a.bytes : b.bytes });
    const cache = new ArtifactCache({ dir, hubUrl: url, credential: 'flc_secret' });
    expect(await cache.get({ digest: a.digest, revision: 'latest@x' })).toMatchObject({ ok: true, artifact: { revision: 'latest@x', digest: a.digest } });
    await cache.get({ digest: b.digest, revision: 'latest@y' });
    let inCluster = [a.digest];
    cache.keepFor(() => inCluster);
    await cache.retain(new Set());
    expect(await fs.readdir(cache.dir)).toEqual([`${a.digest.slice(7)}.tar.gz`]);
    inCluster = [];
    await cache.retain(new Set());
    expect(await fs.readdir(cache.dir)).toEqual([]);
  });
});
