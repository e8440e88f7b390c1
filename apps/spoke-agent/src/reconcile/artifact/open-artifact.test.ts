import { gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { makeTarball } from '../testing/make-tarball.js';
import { openArtifact } from './open-artifact.js';

const revision = 'main@sha1:3333333333333333333333333333333333333333';

describe('openArtifact', () => {
  it('reads the files of a tarball whose digest matches', () => {
    const { bytes, digest } = makeTarball({ 'deploy/app.yaml': 'kind: ConfigMap\n', './README.md': '# hi\n' });
    const opened = openArtifact({ kind: 'tarball', revision, digest, bytes });
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    expect([...opened.files.keys()].sort()).toEqual(['README.md', 'deploy/app.yaml']);
    expect(new TextDecoder().decode(opened.files.get('deploy/app.yaml'))).toBe('kind: ConfigMap\n');
  });

  it('refuses a tarball whose digest does not match, naming both digests', () => {
    const { bytes } = makeTarball({ 'a.yaml': 'x: 1\n' });
    const opened = openArtifact({ kind: 'tarball', revision, digest: `sha256:${'a'.repeat(64)}`, bytes });
    expect(opened).toEqual({ ok: false, message: expect.stringMatching(/^artifact digest mismatch for revision main@sha1:3{40}: expected sha256:a{64}, got sha256:[0-9a-f]{64}$/) });
  });

  it('refuses paths that leave the artifact root', () => {
    const { bytes, digest } = makeTarball({ '../escape.yaml': 'x: 1\n' });
    expect(openArtifact({ kind: 'tarball', revision, digest, bytes })).toEqual({ ok: false, message: expect.stringContaining('leaves the artifact root') });
  });

  it('refuses bytes that are not a tar.gz', () => {
    const bytes = new Uint8Array(gzipSync(Buffer.from('not a tarball at all, just text that is long enough'.repeat(20))));
    const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    expect(openArtifact({ kind: 'tarball', revision, digest, bytes }).ok).toBe(false);
  });
});
