import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm, utimes, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collectGarbage } from './artifact-gc.js';
import { artifactKey, artifactUrlPath, ArtifactStoreError } from './artifact-store.js';
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
    expect(artifactUrlPath(stored.digest)).toBe(`/artifacts/${stored.digest}`);
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

  it('sweepTemp removes stale temp files only', async () => {
    await mkdir(path.join(root, 'tmp'), { recursive: true });
    await writeFile(path.join(root, 'tmp', 'old.part'), 'x');
    await writeFile(path.join(root, 'tmp', 'new.part'), 'y');
    const old = new Date(Date.now() - 2 * 3_600_000);
    await utimes(path.join(root, 'tmp', 'old.part'), old, old);
    expect(await sut.sweepTemp(new Date())).toBe(1);
    expect(await readdir(path.join(root, 'tmp'))).toEqual(['new.part']);
  });
});

describe(collectGarbage.name, () => {
  async function putN(n: number, prefix: string) {
    const out = [];
    for (let i = 0; i < n; i++) out.push(await sut.put(Buffer.from(`${prefix}-${i}`)));
    return out;
  }
  const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute));

  it('keeps the newest 3 per source by default and deletes the rest', async () => {
    const a = await putN(5, 'a');
    const result = await collectGarbage({
      store: sut,
      artifactsBySource: new Map([['src-a', a.map((s, i) => ({ digest: s.digest, createdAt: at(i) }))]]),
      inUse: new Set(),
    });
    expect(result.deleted.sort()).toEqual([a[0]?.digest, a[1]?.digest].sort());
    expect((await sut.list()).map((x) => x.digest).sort()).toEqual([a[2], a[3], a[4]].map((s) => s?.digest).sort());
  });

  it('keep is configurable, in-use artifacts survive, shared digests survive if any source keeps them', async () => {
    const a = await putN(4, 'a');
    const b = await putN(2, 'b');
    const shared = a[0]?.digest as string;
    const result = await collectGarbage({
      store: sut,
      keep: 1,
      artifactsBySource: new Map([
        ['src-a', a.map((s, i) => ({ digest: s.digest, createdAt: at(i) }))],
        ['src-b', [...b.map((s, i) => ({ digest: s.digest, createdAt: at(i) })), { digest: shared, createdAt: at(30) }]],
      ]),
      inUse: new Set([a[1]?.digest as string]),
    });
    const left = new Set((await sut.list()).map((x) => x.digest));
    expect(left).toEqual(new Set([a[3]?.digest, a[1]?.digest, shared]));
    expect(result.deleted.sort()).toEqual([a[2]?.digest, b[0]?.digest, b[1]?.digest].sort());
  });

  it('orphans (stored, never recorded) go only after the grace period', async () => {
    const [orphan] = await putN(1, 'orphan');
    const gc = (now: Date) => collectGarbage({ store: sut, artifactsBySource: new Map(), inUse: new Set(), orphanGraceMs: 60_000, now });
    expect((await gc(new Date())).deleted).toEqual([]);
    expect((await gc(new Date(Date.now() + 120_000))).deleted).toEqual([orphan?.digest]);
  });

  it('refuses keep < 1', async () => {
    await expect(collectGarbage({ store: sut, artifactsBySource: new Map(), inUse: new Set(), keep: 0 })).rejects.toThrow(RangeError);
  });
});
