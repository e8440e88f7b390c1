import { FsArtifactStore } from '@flotilla/git-source';
import { makeTempDir, removeDir } from '@flotilla/testenv';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collectGarbage } from './artifact-gc.js';
import { artifactUrlPath } from './artifact-url.js';

let root: string;
let sut: FsArtifactStore;
beforeEach(async () => {
  root = await makeTempDir('artifact-gc-');
  sut = new FsArtifactStore(root);
});
afterEach(() => removeDir(root));

describe(artifactUrlPath.name, () => {
  it('is the hub download path of a digest, and refuses anything else', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    expect(artifactUrlPath(digest)).toBe(`/artifacts/${digest}`);
    expect(() => artifactUrlPath('sha256:../../etc')).toThrow();
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
