import { describe, expect, it } from 'vitest';
import type { Artifact } from '@flotilla/git-source';
import { makeTarball } from '../testing/make-tarball.js';
import { openArtifactShared } from './shared-artifact-trees.js';

function tarball(files: Record<string, string>): Extract<Artifact, { kind: 'tarball' }> {
  const { bytes, digest } = makeTarball(files);
  return { kind: 'tarball', revision: 'main@sha1:0000000000000000000000000000000000000001', digest, bytes };
}

function opened(artifact: Artifact) {
  const result = openArtifactShared(artifact);
  if (!result.ok) throw new Error(result.message);
  return result.files;
}

describe('openArtifactShared', () => {
  it('hands builds of one digest the same unpacked tree while it is in use', () => {
    const a = tarball({ 'apps/a/cm.yaml': 'kind: ConfigMap\n' });
    const first = opened(a);
    const second = opened({ ...a, bytes: new Uint8Array(a.bytes) });
    expect(second).toBe(first);
    expect(new TextDecoder().decode(first.get('apps/a/cm.yaml'))).toBe('kind: ConfigMap\n');
  });

  it('opens another digest on its own', () => {
    const a = opened(tarball({ 'a.yaml': 'kind: A\n' }));
    const b = opened(tarball({ 'a.yaml': 'kind: B\n' }));
    expect(b).not.toBe(a);
    expect(new TextDecoder().decode(b.get('a.yaml'))).toBe('kind: B\n');
  });

  it('refuses bytes that do not hash to the digest, as openArtifact does, and caches nothing for them', () => {
    const good = tarball({ 'a.yaml': 'kind: Good\n' });
    const forged = tarball({ 'a.yaml': 'kind: Forged\n' });
    const refused = openArtifactShared({ ...forged, digest: good.digest });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.message).toMatch(/digest/i);
    // The digest's real content still opens: nothing from the refused bytes was kept.
    expect(new TextDecoder().decode(opened(good).get('a.yaml'))).toBe('kind: Good\n');
  });
});
