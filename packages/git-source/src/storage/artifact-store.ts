import type { Readable } from 'node:stream';

// Content-addressed artifact storage, shaped so an S3-compatible store can implement it (put/get/head/
// delete/list by key, no rename or directory semantics leak through). Digests are `sha256:<64 hex>`,
// the form Flux uses in `status.artifact.digest`.

export type ArtifactStoreErrorCode = 'ARTIFACT_NOT_FOUND' | 'DIGEST_MISMATCH' | 'INVALID_DIGEST' | 'STORAGE_FAILED';

export class ArtifactStoreError extends Error {
  constructor(
    readonly code: ArtifactStoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ArtifactStoreError';
  }
}

export interface StoredArtifact {
  digest: string;
  size: number;
  /** Storage key (a relative path on disk, an object key in S3). */
  key: string;
}

export interface ListedArtifact extends StoredArtifact {
  lastModified: Date;
}

export interface PutOptions {
  /** When given, the write fails with DIGEST_MISMATCH unless the content hashes to it. */
  expectedDigest?: string;
}

export interface ArtifactStore {
  /** Stores the bytes; the digest is computed while writing. Storing existing content is a no-op. */
  put(body: Buffer | Uint8Array | Readable, options?: PutOptions): Promise<StoredArtifact>;
  /** Streams the artifact; ARTIFACT_NOT_FOUND when absent. */
  get(digest: string): Promise<Readable>;
  has(digest: string): Promise<boolean>;
  stat(digest: string): Promise<StoredArtifact | undefined>;
  /** true when something was deleted. */
  delete(digest: string): Promise<boolean>;
  list(): Promise<ListedArtifact[]>;
}

const digestPattern = /^sha256:([0-9a-f]{64})$/;

export function isDigest(value: string): boolean {
  return digestPattern.test(value);
}

/** The hex part of a digest, after validation (digests come from URLs, so never trust them as paths). */
export function digestHex(digest: string): string {
  const m = digestPattern.exec(digest);
  if (!m) throw new ArtifactStoreError('INVALID_DIGEST', `not a sha256 digest: ${JSON.stringify(digest.slice(0, 80))}`);
  return m[1] as string;
}

/** `sha256/ab/abcdef….tar.gz`: fan-out by the first byte keeps directories (and S3 prefixes) small. */
export function artifactKey(digest: string): string {
  const hex = digestHex(digest);
  return `sha256/${hex.slice(0, 2)}/${hex}.tar.gz`;
}
