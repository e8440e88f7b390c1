import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import type { FileTree } from './file-tree.js';
import { readTar, TarError } from './tar.js';

/** What the agent received for a Kustomization's source: a tarball to verify, or files already in memory. */
export type Artifact =
  | { kind: 'tarball'; revision: string; digest: string; bytes: Uint8Array }
  | { kind: 'files'; revision: string; files: FileTree };

export type OpenedArtifact = { ok: true; files: FileTree } | { ok: false; message: string };

export interface ArtifactLimits {
  /** Largest tarball once decompressed, headers included. The agent holds it in memory. */
  maxUnpackedBytes: number;
  /** Most tar entries. */
  maxEntries: number;
  /**
   * Largest decompressed/compressed ratio, checked once the tarball is past `ratioFloorBytes`. Manifests
   * compress 5–60 times (many small files: mostly tar headers); a gzip bomb expands about 1,000 times.
   */
  maxRatio: number;
  ratioFloorBytes: number;
}

export const defaultArtifactLimits: ArtifactLimits = {
  maxUnpackedBytes: 256 * 1024 * 1024,
  maxEntries: 20_000,
  maxRatio: 200,
  ratioFloorBytes: 16 * 1024 * 1024,
};

/**
 * Verifies the digest (`sha256:<hex>`) before reading a byte of the tarball, then reads it whole into memory
 * within the limits: decompression stops at the first byte past them, so a bomb costs no more memory than
 * the limit.
 */
export function openArtifact(artifact: Artifact, limits: ArtifactLimits = defaultArtifactLimits): OpenedArtifact {
  if (artifact.kind === 'files') return { ok: true, files: artifact.files };
  const actual = `sha256:${createHash('sha256').update(artifact.bytes).digest('hex')}`;
  if (actual !== artifact.digest) {
    return { ok: false, message: `artifact digest mismatch for revision ${artifact.revision}: expected ${artifact.digest}, got ${actual}` };
  }
  const refused = (why: string): OpenedArtifact => ({ ok: false, message: `artifact for revision ${artifact.revision} refused: ${why}` });
  const byRatio = Math.max(limits.ratioFloorBytes, artifact.bytes.length * limits.maxRatio);
  const cap = Math.min(limits.maxUnpackedBytes, byRatio);
  let tar: Buffer;
  try {
    tar = gunzipSync(artifact.bytes, { maxOutputLength: cap });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      return refused(
        cap === limits.maxUnpackedBytes
          ? `it unpacks to more than ${limits.maxUnpackedBytes} bytes`
          : `it expands more than ${limits.maxRatio} times (${artifact.bytes.length} compressed bytes); refusing a possible decompression bomb`,
      );
    }
    return { ok: false, message: `artifact for revision ${artifact.revision} is not a readable tar.gz: ${(err as Error).message}` };
  }
  try {
    const entries = readTar(tar, { maxEntries: limits.maxEntries });
    return { ok: true, files: new Map(entries.map((e) => [e.path, e.data])) };
  } catch (err) {
    if (err instanceof TarError && err.unsafe) return refused(err.message);
    return { ok: false, message: `artifact for revision ${artifact.revision} is not a readable tar.gz: ${(err as Error).message}` };
  }
}
