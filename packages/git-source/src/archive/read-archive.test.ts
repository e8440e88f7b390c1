import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import tar from 'tar-stream';
import { ArchiveReadError, readArchive } from './read-archive.js';

async function tarball(entries: { name: string; body?: string; type?: 'file' | 'directory' | 'symlink'; linkname?: string }[]): Promise<Buffer> {
  const pack = tar.pack();
  for (const e of entries) pack.entry({ name: e.name, type: e.type ?? 'file', ...(e.linkname ? { linkname: e.linkname } : {}) }, e.body ?? '');
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const c of pack) chunks.push(c as Buffer);
  return gzipSync(Buffer.concat(chunks));
}

describe('readArchive', () => {
  it('keeps the regular files it is asked for, by path, and skips directories, links and the rest', async () => {
    const gz = await tarball([
      { name: 'clusters', type: 'directory' },
      { name: 'clusters/hub/a.yaml', body: 'a: 1\n' },
      { name: 'clusters/hub/link.yaml', type: 'symlink', linkname: 'a.yaml' },
      { name: 'README.md', body: '# readme\n' },
    ]);
    const files = await readArchive(Readable.from(gz), (p) => p.endsWith('.yaml'));
    expect([...files.keys()]).toEqual(['clusters/hub/a.yaml']);
    expect(new TextDecoder().decode(files.get('clusters/hub/a.yaml'))).toBe('a: 1\n');
  });

  it('stops past the byte limit of kept files, and refuses what is not gzip', async () => {
    const gz = await tarball([{ name: 'big.yaml', body: 'x'.repeat(2048) }]);
    await expect(readArchive(Readable.from(gz), () => true, { maxKeptBytes: 1024 })).rejects.toBeInstanceOf(ArchiveReadError);
    await expect(readArchive(Readable.from(Buffer.from('not gzip at all')), () => true)).rejects.toBeInstanceOf(ArchiveReadError);
  });
});
