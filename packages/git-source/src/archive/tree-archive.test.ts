import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import tar from 'tar-stream';
import { describe, expect, it } from 'vitest';
import type { TreeEntry } from '../transport/git-transport.js';
import { archiveStream, planArchive } from './tree-archive.js';

// An in-memory tree: path → content (string) with optional mode.
function tree(files: Record<string, string | { content: string; mode: TreeEntry['mode'] }>) {
  const blobs = new Map<string, Uint8Array>();
  const entries: TreeEntry[] = Object.entries(files).map(([p, v]) => {
    const { content, mode } = typeof v === 'string' ? { content: v, mode: 'file' as const } : v;
    const oid = createHash('sha1').update(`${p}\0${content}`).digest('hex');
    blobs.set(oid, new TextEncoder().encode(content));
    return { path: p, mode, oid };
  });
  return { entries, readBlob: async (oid: string) => blobs.get(oid) as Uint8Array };
}

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

async function untar(gz: Buffer): Promise<tar.Header[]> {
  const extract = tar.extract();
  const headers: tar.Header[] = [];
  const done = new Promise<void>((resolve, reject) => {
    extract.on('entry', (h, stream, next) => {
      headers.push(h);
      stream.on('end', next);
      stream.resume();
    });
    extract.on('finish', resolve);
    extract.on('error', reject);
  });
  extract.end(gunzipSync(gz));
  await done;
  return headers;
}

async function build(files: Parameters<typeof tree>[0], specIgnore?: string) {
  const t = tree(files);
  const plan = await planArchive({ ...t, specIgnore });
  const gz = await collect(archiveStream(plan, t.readBlob));
  return { gz, digest: createHash('sha256').update(gz).digest('hex'), headers: await untar(gz) };
}

describe('tree archive (Flux storage.Archive rules)', () => {
  it('is deterministic: same tree twice → same bytes, regardless of entry order', async () => {
    const files = { 'b/x.yaml': 'x', 'a.yaml': 'a', 'b/a/y.yaml': 'y' };
    const one = await build(files);
    const reversed = Object.fromEntries(Object.entries(files).reverse());
    const two = await build(reversed);
    expect(two.digest).toBe(one.digest);
    expect(one.headers.map((h) => h.name)).toEqual(['a.yaml', 'b/', 'b/a/', 'b/a/y.yaml', 'b/x.yaml']);
  });

  it('zeroes mtime, uid, gid and names; normalises modes to 0600/0700/0750', async () => {
    const { headers } = await build({ 'run.sh': { content: '#!/bin/sh', mode: 'executable' }, 'd/f.yaml': 'f' });
    for (const h of headers) {
      expect(h.mtime?.getTime()).toBe(0);
      expect([h.uid, h.gid, h.uname, h.gname]).toEqual([0, 0, '', '']);
    }
    const mode = Object.fromEntries(headers.map((h) => [h.name, h.mode]));
    expect(mode).toEqual({ 'd/': 0o750, 'd/f.yaml': 0o600, 'run.sh': 0o700 });
  });

  it('applies default exclusions and spec.ignore; skips submodules', async () => {
    const files = { 'app.yaml': 'a', 'logo.png': 'p', '.github/ci.yml': 'c', vendor: { content: 'x', mode: 'submodule' as const } };
    expect((await build(files)).headers.map((h) => h.name)).toEqual(['app.yaml']);
    // spec.ignore replaces the defaults entirely, so CI configs and images come back.
    expect((await build(files, '*.yaml\n')).headers.map((h) => h.name)).toEqual(['.github/', '.github/ci.yml', 'logo.png']);
  });

  it('keeps symlinks inside the tree; refuses ones that leave it, before writing anything', async () => {
    const { headers } = await build({ 'base/k.yaml': 'k', 'overlay/base': { content: '../base', mode: 'symlink' } });
    expect(headers.find((h) => h.name === 'overlay/base')).toMatchObject({ type: 'symlink', linkname: '../base' });
    const bad = tree({ 'a/up': { content: '../../etc/passwd', mode: 'symlink' } });
    await expect(planArchive(bad)).rejects.toMatchObject({ code: 'SYMLINK_ESCAPES_ROOT', message: expect.stringContaining("symlink 'a/up' points outside the repository") });
    const abs = tree({ 'x': { content: '/etc/passwd', mode: 'symlink' } });
    await expect(planArchive(abs)).rejects.toMatchObject({ code: 'SYMLINK_ESCAPES_ROOT' });
    // An ignored escaping link is not archived, so it is not an error.
    await expect(planArchive({ ...bad, specIgnore: 'a/\n' })).resolves.toMatchObject({ fileCount: 0 });
  });
});

describe('tree archive paths', () => {
  it('long paths survive the round trip (over tar’s 100-byte name field)', async () => {
    const long = `${'deep/'.repeat(30)}file.yaml`;
    const { headers } = await build({ [long]: 'x' });
    expect(headers.map((h) => h.name)).toContain(long);
  });

  it('refuses unsafe tree paths a hostile server could send', async () => {
    for (const p of ['../escape.yaml', 'a/../../b', '.git/hooks/post-checkout', 'a/.GIT/config', 'a//b', 'a\\b']) {
      await expect(planArchive(tree({ [p]: 'x' })), p).rejects.toMatchObject({ code: 'UNSAFE_PATH' });
    }
  });
});
