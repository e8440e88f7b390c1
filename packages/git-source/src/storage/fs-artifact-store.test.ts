import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm, utimes, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { artifactKey, ArtifactStoreError } from './artifact-store.js';
import { FsArtifactStore } from './fs-artifact-store.js';

const sha = (b: Buffer | string) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

let root: string;
let sut: FsArtifactStore;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'artifacts-'));
  sut = new FsArtifactStore(root);
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe(FsArtifactStore.name, () => {
  it('puts a buffer under its content address and reads it back', async () => {
    const body = Buffer.from('hello artifact');
    const stored = await sut.put(body);
    expect(stored).toEqual({ digest: sha(body), size: body.length, key: artifactKey(sha(body)) });
    expect(stored.key).toMatch(/^sha256\/[0-9a-f]{2}\/[0-9a-f]{64}\.tar\.gz$/);
    expect(await sut.has(stored.digest)).toBe(true);
    expect(await readAll(await sut.get(stored.digest))).toEqual(body);
  });

  it('puts a stream, and storing the same content twice is a no-op', async () => {
    const parts = ['a'.repeat(100_000), 'b'.repeat(100_000)];
    const first = await sut.put(Readable.from(parts.map((p) => Buffer.from(p))));
    const second = await sut.put(Buffer.from(parts.join('')));
    expect(second).toEqual(first);
    expect((await sut.list()).map((a) => a.digest)).toEqual([first.digest]);
  });

  it('verifies the expected digest on write and leaves nothing behind on mismatch', async () => {
    const wrong = sha('something else');
    await expect(sut.put(Buffer.from('data'), { expectedDigest: wrong })).rejects.toMatchObject({ code: 'DIGEST_MISMATCH' });
    expect(await sut.list()).toEqual([]);
    expect(await readdir(path.join(root, 'tmp'))).toEqual([]);
    await expect(sut.put(Buffer.from('data'), { expectedDigest: sha('data') })).resolves.toMatchObject({ digest: sha('data') });
  });

  it('a failing source stream leaves no partial file', async () => {
    const failing = new Readable({
      read() {
        this.push(Buffer.from('partial'));
        this.destroy(new Error('connection reset'));
      },
    });
    await expect(sut.put(failing)).rejects.toMatchObject({ code: 'STORAGE_FAILED' });
    expect(await readdir(path.join(root, 'tmp'))).toEqual([]);
    expect(await sut.list()).toEqual([]);
  });

  it('get of a missing digest is ARTIFACT_NOT_FOUND; malformed digests never touch the disk', async () => {
    await expect(sut.get(sha('nope'))).rejects.toMatchObject({ code: 'ARTIFACT_NOT_FOUND' });
    await expect(sut.get('sha256:../../etc/passwd')).rejects.toBeInstanceOf(ArtifactStoreError);
    await expect(sut.has('md5:abc')).rejects.toMatchObject({ code: 'INVALID_DIGEST' });
    expect(await sut.delete(sha('nope'))).toBe(false);
  });

  it('sweepTemp removes stale temp files only; removeTemp all of them', async () => {
    await mkdir(path.join(root, 'tmp'), { recursive: true });
    await writeFile(path.join(root, 'tmp', 'old.part'), 'x');
    await writeFile(path.join(root, 'tmp', 'new.part'), 'y');
    const old = new Date(Date.now() - 2 * 3_600_000);
    await utimes(path.join(root, 'tmp', 'old.part'), old, old);
    expect(await sut.sweepTemp(new Date())).toBe(1);
    expect(await readdir(path.join(root, 'tmp'))).toEqual(['new.part']);
    await sut.removeTemp();
    await expect(readdir(path.join(root, 'tmp'))).rejects.toMatchObject({ code: 'ENOENT' });
    expect((await sut.put(Buffer.from('after'))).size).toBe(5);
  });

  it('keyOf lays files out per object; list finds only files at the key their digest maps to', async () => {
    const perObject = new FsArtifactStore(root, { keyOf: (d) => `gitrepository/ns/app/${d.slice('sha256:'.length)}.tar.gz` });
    const stored = await perObject.put(Buffer.from('one'));
    expect(stored.key).toBe(`gitrepository/ns/app/${stored.digest.slice('sha256:'.length)}.tar.gz`);
    await writeFile(path.join(root, 'gitrepository', 'ns', 'app', `${'0'.repeat(64)}.tar.gz`), 'stray');
    expect((await perObject.list()).map((a) => a.key)).toEqual([stored.key, `gitrepository/ns/app/${'0'.repeat(64)}.tar.gz`].sort());
    expect(await sut.list()).toEqual([]);
    expect(await perObject.delete(stored.digest)).toBe(true);
  });
});
