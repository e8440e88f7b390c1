import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { ArtifactStoreError, type ArtifactStore, type StoredArtifact } from '@flotilla/git-source';

/** The most a captured artifact may hold: a preview keeps it in memory until it is sent. */
export const capturedArtifactMaxBytes = 64 * 1024 * 1024;

/**
 * An ArtifactStore that keeps the one artifact the engine writes in memory instead of storing it: a preview of
 * another revision is answered with these bytes and leaves nothing in the hub's store for the GC to find.
 * Nothing was stored before, so `has` answers false and the engine always builds the artifact afresh.
 */
export class CapturedArtifactStore implements Pick<ArtifactStore, 'put' | 'get' | 'has' | 'delete'> {
  private captured: { stored: StoredArtifact; bytes: Buffer } | undefined;

  /** The artifact written, once the engine has written it. */
  get artifact(): { digest: string; size: number; bytes: Buffer } | undefined {
    return this.captured ? { digest: this.captured.stored.digest, size: this.captured.stored.size, bytes: this.captured.bytes } : undefined;
  }

  async put(body: Buffer | Uint8Array | Readable): Promise<StoredArtifact> {
    const hash = createHash('sha256');
    const chunks: Buffer[] = [];
    let size = 0;
    const source = body instanceof Readable ? body : Readable.from([Buffer.from(body.buffer, body.byteOffset, body.byteLength)]);
    for await (const chunk of source) {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
      size += buf.length;
      if (size > capturedArtifactMaxBytes) {
        source.destroy();
        throw new ArtifactStoreError('STORAGE_FAILED', `the artifact is larger than a preview holds (${capturedArtifactMaxBytes / 1024 / 1024} MiB)`);
      }
      hash.update(buf);
      chunks.push(buf);
    }
    const digest = `sha256:${hash.digest('hex')}`;
    const stored = { digest, size, key: digest };
    this.captured = { stored, bytes: Buffer.concat(chunks, size) };
    return stored;
  }

  async get(digest: string): Promise<Readable> {
    if (this.captured?.stored.digest !== digest) throw new ArtifactStoreError('ARTIFACT_NOT_FOUND', `artifact ${digest} not captured`);
    return Readable.from([this.captured.bytes]);
  }

  async has(digest: string): Promise<boolean> {
    return this.captured?.stored.digest === digest;
  }

  async delete(digest: string): Promise<boolean> {
    if (this.captured?.stored.digest !== digest) return false;
    this.captured = undefined;
    return true;
  }
}
