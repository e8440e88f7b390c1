import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, stat, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { artifactKey, ArtifactStoreError, digestHex, type ArtifactStore, type ListedArtifact, type PutOptions, type StoredArtifact } from './artifact-store.js';

// Filesystem artifact store: `<root>/<key>`, the key `sha256/ab/<hex>.tar.gz` unless the caller lays
// files out otherwise (the agent keeps Flux's `gitrepository/<ns>/<name>/<hex>.tar.gz`). Writes go to
// `<root>/tmp/` first, are hashed on the way, fsynced, verified and then renamed into place, so a reader
// never sees a partial file and a crash leaves only temp files (swept by `sweepTemp`).

export interface FsArtifactStoreOptions {
  /** The storage key of a digest; it must end in `<hex>.tar.gz` for `list` to find the file. */
  keyOf?: (digest: string) => string;
}

/** Writes the body to an open file while hashing it: the digest and size of what was written. */
export async function writeHashed(fh: FileHandle, body: Buffer | Uint8Array | Readable): Promise<{ digest: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  const source = body instanceof Readable ? body : Readable.from([Buffer.from(body.buffer, body.byteOffset, body.byteLength)]);
  for await (const chunk of source) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    hash.update(buf);
    size += buf.length;
    await fh.write(buf);
  }
  return { digest: `sha256:${hash.digest('hex')}`, size };
}

export class FsArtifactStore implements ArtifactStore {
  private readonly keyOf: (digest: string) => string;

  constructor(
    private readonly root: string,
    opts: FsArtifactStoreOptions = {},
  ) {
    this.keyOf = opts.keyOf ?? artifactKey;
  }

  private pathOf(digest: string): string {
    digestHex(digest);
    return path.join(this.root, ...this.keyOf(digest).split('/'));
  }

  async put(body: Buffer | Uint8Array | Readable, options: PutOptions = {}): Promise<StoredArtifact> {
    if (options.expectedDigest) digestHex(options.expectedDigest);
    const tmpDir = path.join(this.root, 'tmp');
    await mkdir(tmpDir, { recursive: true });
    const tmp = path.join(tmpDir, `${Date.now()}-${randomBytes(6).toString('hex')}.part`);
    const fh = await open(tmp, 'wx', 0o640);
    let written: { digest: string; size: number };
    try {
      written = await writeHashed(fh, body);
      await fh.sync();
    } catch (err) {
      await fh.close().catch(() => undefined);
      await rm(tmp, { force: true });
      throw new ArtifactStoreError('STORAGE_FAILED', `writing artifact failed: ${(err as Error).message}`, { cause: err });
    }
    await fh.close();
    const { digest, size } = written;
    if (options.expectedDigest && options.expectedDigest !== digest) {
      await rm(tmp, { force: true });
      throw new ArtifactStoreError('DIGEST_MISMATCH', `artifact content hashes to ${digest}, expected ${options.expectedDigest}`);
    }
    const final = this.pathOf(digest);
    try {
      await mkdir(path.dirname(final), { recursive: true });
      // Same content, same name: replacing an existing file is harmless and keeps the write atomic.
      await rename(tmp, final);
    } catch (err) {
      await rm(tmp, { force: true });
      throw new ArtifactStoreError('STORAGE_FAILED', `storing artifact ${digest} failed: ${(err as Error).message}`, { cause: err });
    }
    return { digest, size, key: this.keyOf(digest) };
  }

  async get(digest: string): Promise<Readable> {
    const file = this.pathOf(digest);
    // Open first so a missing file is an ARTIFACT_NOT_FOUND now, not a stream error later.
    const fh = await open(file, 'r').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') throw new ArtifactStoreError('ARTIFACT_NOT_FOUND', `artifact ${digest} not found`);
      throw new ArtifactStoreError('STORAGE_FAILED', `reading artifact ${digest} failed: ${err.message}`, { cause: err });
    });
    return fh.createReadStream();
  }

  async has(digest: string): Promise<boolean> {
    return (await this.stat(digest)) !== undefined;
  }

  async stat(digest: string): Promise<StoredArtifact | undefined> {
    try {
      const s = await stat(this.pathOf(digest));
      return s.isFile() ? { digest, size: s.size, key: this.keyOf(digest) } : undefined;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  async delete(digest: string): Promise<boolean> {
    try {
      await unlink(this.pathOf(digest));
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw new ArtifactStoreError('STORAGE_FAILED', `deleting artifact ${digest} failed: ${(err as Error).message}`, { cause: err });
    }
  }

  /** Every artifact file under the root whose key this store would give its digest. */
  async list(): Promise<ListedArtifact[]> {
    const out: ListedArtifact[] = [];
    const walk = async (dir: string): Promise<void> => {
      const entries = await readdir(dir, { withFileTypes: true }).catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? [] : Promise.reject(err)));
      for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
        const file = path.join(dir, e.name);
        if (e.isDirectory()) {
          if (dir !== this.root || e.name !== 'tmp') await walk(file);
          continue;
        }
        const m = /^([0-9a-f]{64})\.tar\.gz$/.exec(e.name);
        if (!m || !e.isFile()) continue;
        const digest = `sha256:${m[1]}`;
        const key = this.keyOf(digest);
        if (path.join(this.root, ...key.split('/')) !== file) continue;
        const s = await stat(file);
        out.push({ digest, size: s.size, key, lastModified: s.mtime });
      }
    };
    await walk(this.root);
    return out;
  }

  /** Removes temp files older than `olderThanMs` (left by a crash mid-write). */
  async sweepTemp(now: Date, olderThanMs = 60 * 60_000): Promise<number> {
    const tmpDir = path.join(this.root, 'tmp');
    let removed = 0;
    for (const name of await readdir(tmpDir).catch(() => [] as string[])) {
      const file = path.join(tmpDir, name);
      const s = await stat(file).catch(() => undefined);
      if (s && now.getTime() - s.mtime.getTime() > olderThanMs) {
        await rm(file, { force: true });
        removed++;
      }
    }
    return removed;
  }

  /** Removes every temp file, whatever its age: only for a caller that knows no write is in flight. */
  async removeTemp(): Promise<void> {
    await rm(path.join(this.root, 'tmp'), { recursive: true, force: true });
  }
}
