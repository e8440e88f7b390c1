import { createHash, randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { defaultArtifactLimits, openArtifact } from '@flotilla/git-source';
import { openArtifactInBrowser } from '@flotilla/git-source/browser';
import { digestOf, fileHeader, makeTarball } from '../testing/make-tarball.js';

// The browser's opener (WebCrypto, DecompressionStream) against the agent's (node:crypto, node:zlib): the
// same files from the same tarball, the same refusals word for word.
const revision = 'main@sha1:4444444444444444444444444444444444444444';
const both = async (bytes: Uint8Array<ArrayBuffer>, digest = digestOf(bytes), limits = defaultArtifactLimits) => ({
  node: openArtifact({ kind: 'tarball', revision, digest, bytes }, limits),
  web: await openArtifactInBrowser({ revision, digest, bytes }, limits),
});

describe('openArtifactInBrowser opens what openArtifact opens, and refuses what it refuses', () => {
  it('the same files, byte for byte', async () => {
    const { bytes, digest } = makeTarball({ 'apps/cm.yaml': 'kind: ConfigMap\n', './README.md': '# hi\n', 'bin/x': new Uint8Array(randomBytes(4096)) });
    const { node, web } = await both(new Uint8Array(bytes), digest);
    expect(node.ok && web.ok).toBe(true);
    if (!node.ok || !web.ok) return;
    expect([...web.files.keys()].sort()).toEqual(['README.md', 'apps/cm.yaml', 'bin/x']);
    for (const [p, data] of node.files) expect(web.files.get(p) && Buffer.from(web.files.get(p)!).equals(Buffer.from(data)), p).toBe(true);
  });

  it('a wrong digest: refused before reading, with the same message', async () => {
    const { bytes } = makeTarball({ 'a.yaml': 'x: 1\n' });
    const { node, web } = await both(new Uint8Array(bytes), `sha256:${'b'.repeat(64)}`);
    expect(web).toEqual(node);
    expect(web).toEqual({ ok: false, message: expect.stringMatching(/^artifact digest mismatch for revision main@sha1:4{40}: expected sha256:b{64}, got sha256:[0-9a-f]{64}$/) });
  });

  it('a gzip bomb stops at the ratio limit with the same refusal', async () => {
    const zeros = gzipSync(Buffer.alloc(1024 * 1024), { level: 9 });
    const bytes = new Uint8Array(Buffer.concat([gzipSync(fileHeader('big.yaml', 300 * 1024 * 1024)), ...Array.from({ length: 300 }, () => zeros)]));
    const { node, web } = await both(bytes);
    expect(web).toEqual(node);
    expect(web.ok ? '' : web.message).toContain('refusing a possible decompression bomb');
  });

  it('a path leaving the root, and bytes that are not gzip at all, are refused', async () => {
    const escape = makeTarball({ '../escape.yaml': 'x: 1\n' });
    const r = await both(new Uint8Array(escape.bytes), escape.digest);
    expect(r.web).toEqual(r.node);
    expect(r.web).toEqual({ ok: false, message: expect.stringContaining('leaves the artifact root') });
    const text = new TextEncoder().encode('plain text, not gzip');
    const digest = `sha256:${createHash('sha256').update(text).digest('hex')}`;
    const web = await openArtifactInBrowser({ revision, digest, bytes: text });
    expect(web).toEqual({ ok: false, message: expect.stringMatching(/^artifact for revision main@sha1:4{40} is not a readable tar\.gz: /) });
  });
});
