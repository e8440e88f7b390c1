import type { FileTree } from './file-tree.js';
import { readTar, TarError } from './tar.js';

// What opening an artifact means, whatever does the hashing and the gunzip: the agent and the CLI with
// node:crypto and node:zlib (open-artifact.ts), the browser with WebCrypto and DecompressionStream
// (open-artifact-web.ts). Both check the digest first, stop decompressing at the same cap and refuse with the
// same messages.

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

const hex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/** undefined when `sha256` (the raw hash of the tarball) is the artifact's digest; the refusal otherwise. */
export function digestMismatch(artifact: { revision: string; digest: string }, sha256: Uint8Array): OpenedArtifact | undefined {
  const actual = `sha256:${hex(sha256)}`;
  if (actual === artifact.digest) return undefined;
  return { ok: false, message: `artifact digest mismatch for revision ${artifact.revision}: expected ${artifact.digest}, got ${actual}` };
}

/** How many decompressed bytes the tarball may expand to before it is refused. */
export function unpackCap(compressedBytes: number, limits: ArtifactLimits): number {
  return Math.min(limits.maxUnpackedBytes, Math.max(limits.ratioFloorBytes, compressedBytes * limits.maxRatio));
}

export const refused = (revision: string, why: string): OpenedArtifact => ({ ok: false, message: `artifact for revision ${revision} refused: ${why}` });

/** The refusal of a tarball that expands past `unpackCap`. */
export function tooLarge(revision: string, compressedBytes: number, limits: ArtifactLimits): OpenedArtifact {
  return refused(
    revision,
    unpackCap(compressedBytes, limits) === limits.maxUnpackedBytes
      ? `it unpacks to more than ${limits.maxUnpackedBytes} bytes`
      : `it expands more than ${limits.maxRatio} times (${compressedBytes} compressed bytes); refusing a possible decompression bomb`,
  );
}

export const unreadable = (revision: string, err: unknown): OpenedArtifact => ({
  ok: false,
  message: `artifact for revision ${revision} is not a readable tar.gz: ${err instanceof Error ? err.message : String(err)}`,
});

/** The files of the decompressed tarball, or why it is refused. */
export function filesOfTar(revision: string, tar: Uint8Array, limits: ArtifactLimits): OpenedArtifact {
  try {
    const entries = readTar(tar, { maxEntries: limits.maxEntries });
    return { ok: true, files: new Map(entries.map((e) => [e.path, e.data])) };
  } catch (err) {
    if (err instanceof TarError && err.unsafe) return refused(revision, err.message);
    return unreadable(revision, err);
  }
}
