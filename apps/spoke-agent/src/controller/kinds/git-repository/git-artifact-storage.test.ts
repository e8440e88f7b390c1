import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { makeTempDir } from '@flotilla/testenv';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ArtifactCache } from '../../../artifacts/artifact-cache.js';
import { GitArtifactStorage } from './git-artifact-storage.js';

let dir: string;
let sut: GitArtifactStorage;
beforeEach(async () => {
  dir = await makeTempDir('git-storage-');
  sut = GitArtifactStorage.inCacheDir(dir);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const app = { namespace: 'flux-system', name: 'app' };

describe(GitArtifactStorage.name, () => {
  it("lays artifacts out as Flux's status.artifact.path and reads them back by digest", async () => {
    const stored = await sut.storeFor(app).put(Buffer.from('tarball'));
    expect(stored.key).toBe(`gitrepository/flux-system/app/${stored.digest.slice('sha256:'.length)}.tar.gz`);
    expect(sut.urlOf(stored)).toBe(`file://${path.join(sut.root, stored.key)}`);
    const read = await sut.read(app, stored.digest);
    expect(read.ok && Buffer.from(read.bytes).toString()).toBe('tarball');
    expect(await sut.read({ ...app, name: 'other' }, stored.digest)).toMatchObject({ ok: false, message: expect.stringContaining('not in storage') });
  });

  it('retain keeps only the digests named; removeAll removes the object', async () => {
    const store = sut.storeFor(app);
    const [a, b, c] = [await store.put(Buffer.from('a')), await store.put(Buffer.from('b')), await store.put(Buffer.from('c'))];
    await sut.retain(app, [c.digest, b.digest]);
    expect(await store.has(a.digest)).toBe(false);
    expect(await store.has(b.digest)).toBe(true);
    expect(await store.has(c.digest)).toBe(true);
    await sut.removeAll(app);
    await expect(stat(path.join(sut.root, 'gitrepository', 'flux-system', 'app'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('removeLeftovers clears temporary clones and partly written artifacts, not artifacts', async () => {
    const stored = await sut.storeFor(app).put(Buffer.from('kept'));
    await mkdir(path.join(sut.cloneDir, 'flotilla-git-dead'), { recursive: true });
    await mkdir(path.join(sut.root, 'tmp'), { recursive: true });
    await writeFile(path.join(sut.root, 'tmp', 'half.part'), 'half');
    await sut.removeLeftovers();
    await expect(stat(sut.cloneDir)).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(readdir(path.join(sut.root, 'tmp'))).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await sut.storeFor(app).has(stored.digest)).toBe(true);
  });

  it("names that could leave the root are refused", () => {
    expect(() => sut.storeFor({ namespace: '..', name: 'x' })).toThrow(/not a Kubernetes object name/);
    expect(() => sut.storeFor({ namespace: 'ns', name: 'a/b' })).toThrow(/not a Kubernetes object name/);
  });

  it("the hub-artifact cache's retain, which deletes what the assignment does not use, leaves them alone", async () => {
    const stored = await sut.storeFor(app).put(Buffer.from('kept'));
    const cache = new ArtifactCache({ dir, hubUrl: 'http://127.0.0.1:1', credential: 'flc_unused' });
    await cache.retain(new Set());
    expect(await sut.storeFor(app).has(stored.digest)).toBe(true);
    expect(path.relative(cache.dir, sut.root).startsWith('..')).toBe(true);
    expect(await readdir(dir)).toContain('sources');
  });
});
