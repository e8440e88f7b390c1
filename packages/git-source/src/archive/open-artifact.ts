import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { defaultArtifactLimits, digestMismatch, filesOfTar, tooLarge, unpackCap, unreadable, type Artifact, type ArtifactLimits, type OpenedArtifact } from './artifact-rules.js';

export { defaultArtifactLimits, type Artifact, type ArtifactLimits, type OpenedArtifact } from './artifact-rules.js';

/**
 * Verifies the digest (`sha256:<hex>`) before reading a byte of the tarball, then reads it whole into memory
 * within the limits: decompression stops at the first byte past them, so a bomb costs no more memory than
 * the limit.
 */
export function openArtifact(artifact: Artifact, limits: ArtifactLimits = defaultArtifactLimits): OpenedArtifact {
  if (artifact.kind === 'files') return { ok: true, files: artifact.files };
  const mismatch = digestMismatch(artifact, createHash('sha256').update(artifact.bytes).digest());
  if (mismatch) return mismatch;
  let tar: Buffer;
  try {
    tar = gunzipSync(artifact.bytes, { maxOutputLength: unpackCap(artifact.bytes.length, limits) });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') return tooLarge(artifact.revision, artifact.bytes.length, limits);
    return unreadable(artifact.revision, err);
  }
  return filesOfTar(artifact.revision, tar, limits);
}
