import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import git from 'isomorphic-git';
import http from 'isomorphic-git/http/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeDir } from '../process/temp-dir.js';
import { startGitServer, type TestGitServer } from './server.js';

const dirs: string[] = [];
async function scratch(): Promise<string> {
  const dir = await makeTempDir('git-client');
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

async function clone(url: string, extra: Partial<Parameters<typeof git.clone>[0]> = {}): Promise<string> {
  const dir = await scratch();
  await git.clone({ fs, http, dir, url, singleBranch: true, depth: 1, ...extra });
  return dir;
}

describe('startGitServer (auth none)', () => {
  let server: TestGitServer;
  beforeAll(async () => {
    server = await startGitServer();
  });
  afterAll(() => server.stop());

  it('serves a pushed commit to an isomorphic-git clone, at the sha pushFiles returned', async () => {
    const url = await server.createRepo('apps');
    const sha = await server.pushFiles(
      'apps',
      { 'deploy/app.yaml': 'kind: ConfigMap\n', 'README.md': 'hi\n' },
      { message: 'first' },
    );
    expect(sha).toMatch(/^[0-9a-f]{40}$/);
    const dir = await clone(url, { ref: 'main' });
    expect(await git.resolveRef({ fs, dir, ref: 'HEAD' })).toBe(sha);
    expect(await readFile(path.join(dir, 'deploy/app.yaml'), 'utf8')).toBe('kind: ConfigMap\n');
    const [commit] = await git.log({ fs, dir, depth: 1 });
    expect(commit?.commit.message.trim()).toBe('first');
  });

  it('a pushed deletion is gone in a fresh clone, other files stay', async () => {
    const url = await server.createRepo('deletions');
    await server.pushFiles(url, { 'a.yaml': 'a: 1\n', 'b/c.yaml': 'c: 1\n' });
    const second = await server.pushFiles(url, { 'a.yaml': null });
    const dir = await clone(url);
    expect(await git.resolveRef({ fs, dir, ref: 'HEAD' })).toBe(second);
    expect(fs.existsSync(path.join(dir, 'a.yaml'))).toBe(false);
    expect(await readFile(path.join(dir, 'b/c.yaml'), 'utf8')).toBe('c: 1\n');
  });

  it('replaceAll makes the tree exactly the given files, on top of the previous commit', async () => {
    const url = await server.createRepo('replace');
    const first = await server.pushFiles(url, { 'old.yaml': 'x\n', 'keep/me.yaml': 'y\n' });
    const second = await server.pushFiles(url, { 'new.yaml': 'z\n' }, { replaceAll: true });
    const dir = await clone(url, { depth: 2 });
    expect((await readdir(dir)).filter((f) => f !== '.git')).toEqual(['new.yaml']);
    const log = await git.log({ fs, dir });
    expect(log.map((c) => c.oid)).toEqual([second, first]);
  });

  it('pushes branches and lightweight and annotated tags', async () => {
    const url = await server.createRepo('org/tags');
    const main = await server.pushFiles(url, { 'v.txt': '1\n' }, { tag: 'v1.0.0' });
    const feature = await server.pushFiles(
      url,
      { 'f.txt': 'f\n' },
      { branch: 'feature', tag: 'v1.1.0', tagMessage: 'release 1.1.0' },
    );
    const refs = await git.listServerRefs({ http, url, prefix: 'refs/', peelTags: true });
    const byRef = new Map(refs.map((r) => [r.ref, r]));
    expect(byRef.get('refs/heads/main')?.oid).toBe(main);
    expect(byRef.get('refs/heads/feature')?.oid).toBe(feature);
    expect(byRef.get('refs/tags/v1.0.0')?.oid).toBe(main);
    // An annotated tag is its own object that peels to the commit.
    expect(byRef.get('refs/tags/v1.1.0')?.oid).not.toBe(feature);
    expect(byRef.get('refs/tags/v1.1.0')?.peeled).toBe(feature);
    // The new branch started from main, so it holds both files.
    const dir = await clone(url, { ref: 'feature' });
    expect((await readdir(dir)).sort()).toEqual(['.git', 'f.txt', 'v.txt']);
  });

  it('concurrent pushFiles to one branch all land (a push that loses the race is redone on the new head)', async () => {
    const url = await server.createRepo('race');
    await server.pushFiles(url, { 'base.txt': 'base\n' });
    await Promise.all([1, 2, 3, 4].map((n) => server.pushFiles(url, { [`f${n}.txt`]: `${n}\n` })));
    const dir = await clone(url, { depth: undefined });
    expect((await readdir(dir)).sort()).toEqual(['.git', 'base.txt', 'f1.txt', 'f2.txt', 'f3.txt', 'f4.txt']);
    expect(await git.log({ fs, dir })).toHaveLength(5);
  });

  it('accepts pushes from isomorphic-git too', async () => {
    const url = await server.createRepo('client-push');
    await server.pushFiles(url, { 'a.txt': 'a\n' });
    const dir = await clone(url, { depth: undefined });
    fs.writeFileSync(path.join(dir, 'b.txt'), 'b\n');
    await git.add({ fs, dir, filepath: 'b.txt' });
    const oid = await git.commit({
      fs,
      dir,
      message: 'from client',
      author: { name: 't', email: 't@example.invalid' },
    });
    const result = await git.push({ fs, http, dir, remote: 'origin', ref: 'main' });
    expect(result.ok).toBe(true);
    const again = await clone(url);
    expect(await git.resolveRef({ fs, dir: again, ref: 'HEAD' })).toBe(oid);
  });

  it('rejects bad repository names and paths outside the repository', async () => {
    await expect(server.createRepo('../escape')).rejects.toThrow(/invalid git repository name/);
    await server.createRepo('paths');
    await expect(server.pushFiles('paths', { '../x': 'y' })).rejects.toThrow(
      /not a path inside the repository/,
    );
    await expect(server.pushFiles('paths', { '.git/config': 'y' })).rejects.toThrow(
      /not a path inside the repository/,
    );
    await expect(server.pushFiles('paths', { a: 'a' }, { branch: '--upload-pack=x' })).rejects.toThrow(
      /invalid branch name/,
    );
    await expect(server.pushFiles('paths', { a: 'a' }, { tag: 'v1..2' })).rejects.toThrow(/invalid tag name/);
    await expect(
      server.pushFiles('paths', { a: 'a' }, { branch: 'feature/ok', tag: 'v1.2.3-rc.1' }),
    ).resolves.toMatch(/^[0-9a-f]{40}$/);
  });

  it('speaks protocol v2 when the client asks with the Git-Protocol header', async () => {
    const url = await server.createRepo('v2');
    const v2 = await fetch(`${url}/info/refs?service=git-upload-pack`, {
      headers: { 'Git-Protocol': 'version=2' },
    });
    expect(await v2.text()).toContain('version 2');
    const v0 = await fetch(`${url}/info/refs?service=git-upload-pack`);
    expect(v0.headers.get('content-type')).toBe('application/x-git-upload-pack-advertisement');
    expect(await v0.text()).not.toContain('version 2');
  });

  it("streams a push larger than git's post buffer (chunked request body, no Content-Length)", async () => {
    const url = await server.createRepo('big');
    const big = randomBytes(1536 * 1024).toString('base64');
    const sha = await server.pushFiles(url, { 'big.txt': big });
    const dir = await clone(url);
    expect(await git.resolveRef({ fs, dir, ref: 'HEAD' })).toBe(sha);
    expect(await readFile(path.join(dir, 'big.txt'), 'utf8')).toBe(big);
  });

  it('hands a gzip request body to http-backend, which inflates it', async () => {
    const url = await server.createRepo('gzip');
    const sha = await server.pushFiles(url, { 'a.txt': 'a\n' });
    const pkt = (line: string) => `${(line.length + 4).toString(16).padStart(4, '0')}${line}`;
    const body = gzipSync(Buffer.from(`${pkt(`want ${sha} ofs-delta\n`)}0000${pkt('done\n')}`));
    const res = await fetch(`${url}/git-upload-pack`, {
      method: 'POST',
      body,
      headers: { 'Content-Type': 'application/x-git-upload-pack-request', 'Content-Encoding': 'gzip' },
    });
    expect(res.status).toBe(200);
    const reply = Buffer.from(await res.arrayBuffer());
    expect(reply.subarray(0, 8).toString()).toBe('0008NAK\n');
    expect(reply.includes(Buffer.from('PACK'))).toBe(true);
  });

  it('answers 400 to malformed or traversing paths without dying', async () => {
    expect((await fetch(`${server.baseUrl}/%E0%A4%A/info/refs`)).status).toBe(400);
    expect((await fetch(`${server.baseUrl}/a/%2F..%2F..%2Fetc/info/refs`)).status).toBe(400);
    expect((await fetch(`${server.baseUrl}/missing.git/info/refs?service=git-upload-pack`)).status).toBe(404);
  });

  it('answers 404 for a repository that does not exist', async () => {
    const res = await fetch(`${server.baseUrl}/missing.git/info/refs?service=git-upload-pack`);
    expect(res.status).toBe(404);
  });
});

describe('startGitServer (auth basic)', () => {
  let server: TestGitServer;
  beforeAll(async () => {
    server = await startGitServer({ auth: 'basic' });
  });
  afterAll(() => server.stop());

  it('clones with the right username and password, pushFiles passes auth itself', async () => {
    const url = await server.createRepo('private');
    const sha = await server.pushFiles(url, { 'x.yaml': 'x\n' });
    const { username, password } = server.credentials;
    const dir = await clone(url, { onAuth: () => ({ username, password }) });
    expect(await git.resolveRef({ fs, dir, ref: 'HEAD' })).toBe(sha);
  });

  it('answers 401 with a Basic challenge without credentials or with a wrong password', async () => {
    const url = await server.createRepo('private2');
    const res = await fetch(`${url}/info/refs?service=git-upload-pack`);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
    const wrong = `Basic ${Buffer.from(`${server.credentials.username}:nope`).toString('base64')}`;
    expect(
      (await fetch(`${url}/info/refs?service=git-upload-pack`, { headers: { Authorization: wrong } })).status,
    ).toBe(401);
    await expect(
      clone(url, { onAuth: () => ({ username: server.credentials.username, password: 'wrong' }) }),
    ).rejects.toMatchObject({ code: 'HttpError', data: { statusCode: 401 } });
  });

  it('counts every request, rejected ones included', async () => {
    const before = server.requests();
    await fetch(`${server.baseUrl}/private.git/info/refs?service=git-upload-pack`);
    expect(server.requests()).toBe(before + 1);
  });
});

describe('startGitServer (auth bearer)', () => {
  let server: TestGitServer;
  beforeAll(async () => {
    server = await startGitServer({ auth: 'bearer' });
  });
  afterAll(() => server.stop());

  it('clones with the bearer token and rejects a wrong one or basic auth', async () => {
    const url = await server.createRepo('tokened');
    const sha = await server.pushFiles(url, { 'x.yaml': 'x\n' });
    const dir = await clone(url, { headers: { Authorization: `Bearer ${server.credentials.token}` } });
    expect(await git.resolveRef({ fs, dir, ref: 'HEAD' })).toBe(sha);

    const wrong = await fetch(`${url}/info/refs?service=git-upload-pack`, {
      headers: { Authorization: 'Bearer nope' },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toMatch(/^Bearer realm=/);
    const basic = `Basic ${Buffer.from(`x:${server.credentials.token}`).toString('base64')}`;
    expect(
      (await fetch(`${url}/info/refs?service=git-upload-pack`, { headers: { Authorization: basic } })).status,
    ).toBe(401);
  });
});

describe('startGitServer without git', () => {
  it('names the Debian package when git-http-backend is missing', async () => {
    const saved = process.env.FLOTILLA_GIT_HTTP_BACKEND;
    process.env.FLOTILLA_GIT_HTTP_BACKEND = '/nonexistent/git-http-backend';
    try {
      await expect(startGitServer()).rejects.toThrow(/apt-get install git/);
    } finally {
      if (saved === undefined) delete process.env.FLOTILLA_GIT_HTTP_BACKEND;
      else process.env.FLOTILLA_GIT_HTTP_BACKEND = saved;
    }
  });
});
