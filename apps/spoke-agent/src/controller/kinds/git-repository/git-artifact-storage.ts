import { createHash } from 'node:crypto';
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { digestHex, FsArtifactStore, isDigest, type StoredArtifact } from '@flotilla/git-source';

// Where the agent keeps the artifacts of the sources it fetches itself (GitRepository, OCIRepository, Bucket):
// `<root>/<kind, lowercased>/<ns>/<name>/<hex>.tar.gz`, Flux's `status.artifact.path` layout. The file is named
// after the tarball's digest rather than the revision (Flux names it `<commit>.tar.gz`) so that a changed
// spec.ignore at the same revision is a different file. The root is its own directory beside the hub-artifact cache, whose retain() deletes
// every file it does not know.
//
// The agent serves no HTTP, so `status.artifact.url` is the file's `file://` URL: true inside the agent's
// pod and nowhere else. Consumers in the agent never follow it; they open the artifact by namespace, name
// and digest through the kind's ArtifactOpener.

/** Flux keeps the newest 2 artifacts per object (`--artifact-retention-records`). */
export const ARTIFACTS_KEPT_PER_OBJECT = 2;
const DNS_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

export interface GitObjectKey {
  namespace: string;
  name: string;
}

export type ReadArtifact = { ok: true; bytes: Uint8Array } | { ok: false; message: string };

/** Below the agent's cache directory, beside (never inside) the hub-artifact cache's `artifacts/`. */
const CACHE_SUBDIR = 'sources';

const leftoversRemoved = new Map<string, Promise<void>>();

export type StoredSourceKind = 'GitRepository' | 'OCIRepository' | 'Bucket';

export class GitArtifactStorage {
  constructor(
    readonly root: string,
    readonly kind: StoredSourceKind = 'GitRepository',
  ) {}

  /** The storage in the agent's `--cache-dir`: `<cache dir>/sources/`, one directory per kind below it. */
  static inCacheDir(cacheDir: string, kind: StoredSourceKind = 'GitRepository'): GitArtifactStorage {
    return new GitArtifactStorage(path.join(cacheDir, CACHE_SUBDIR), kind);
  }

  /** The store one object's reconcile writes to; names are checked so they can never leave the root. */
  storeFor(obj: GitObjectKey): FsArtifactStore {
    const dir = this.objectKey(obj);
    return new FsArtifactStore(this.root, { keyOf: (digest) => `${dir}/${digestHex(digest)}.tar.gz` });
  }

  /**
   * Where temporary clones go: inside the cache directory, the one writable place in the agent's pod (its
   * root filesystem, /tmp included, is read-only).
   */
  get cloneDir(): string {
    return path.join(this.root, 'clones');
  }

  urlOf(stored: Pick<StoredArtifact, 'key'>): string {
    return pathToFileURL(path.join(this.root, ...stored.key.split('/'))).toString();
  }

  /** Reads an artifact and checks it hashes to its digest; a missing or damaged file is never returned. */
  async read(obj: GitObjectKey, digest: string): Promise<ReadArtifact> {
    if (!isDigest(digest)) return { ok: false, message: `artifact digest "${digest}" is not sha256:<64 hex>` };
    const file = path.join(this.root, ...this.objectKey(obj).split('/'), `${digestHex(digest)}.tar.gz`);
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (err) {
      const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'not in storage' : (err as Error).message;
      return { ok: false, message: `artifact ${digest} of ${this.kind} ${obj.namespace}/${obj.name}: ${why}` };
    }
    const actual = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    if (actual !== digest) return { ok: false, message: `artifact of ${this.kind} ${obj.namespace}/${obj.name} is damaged in storage: expected ${digest}, got ${actual}` };
    return { ok: true, bytes: new Uint8Array(bytes) };
  }

  /** Deletes the object's artifacts other than `keep` (the digests its status names). */
  async retain(obj: GitObjectKey, keep: readonly string[]): Promise<void> {
    const dir = path.join(this.root, ...this.objectKey(obj).split('/'));
    const names = new Set(keep.filter(isDigest).map((d) => `${digestHex(d)}.tar.gz`));
    const present = await readdir(dir).catch(() => [] as string[]);
    await Promise.all(present.filter((n) => n.endsWith('.tar.gz') && !names.has(n)).map((n) => rm(path.join(dir, n), { force: true })));
  }

  /**
   * Removes what a process that died mid-fetch left behind: temporary clones and partly written artifacts.
   * Every kind's storage shares the root's temporary directory, so this runs once per root and process, and
   * each reconciler awaits it before its first write: none of this process's writes can be in flight yet.
   */
  removeLeftovers(): Promise<void> {
    let done = leftoversRemoved.get(this.root);
    if (!done) {
      done = (async () => {
        await rm(this.cloneDir, { recursive: true, force: true });
        await new FsArtifactStore(this.root).removeTemp();
      })();
      leftoversRemoved.set(this.root, done);
    }
    return done;
  }

  /** Removes every artifact of a deleted object, as Flux does when it finalizes one. */
  async removeAll(obj: GitObjectKey): Promise<void> {
    await rm(path.join(this.root, ...this.objectKey(obj).split('/')), { recursive: true, force: true });
  }

  private objectKey(obj: GitObjectKey): string {
    if (!DNS_NAME.test(obj.namespace) || !DNS_NAME.test(obj.name)) throw new Error(`not a Kubernetes object name: ${JSON.stringify(`${obj.namespace}/${obj.name}`)}`);
    return `${this.kind.toLowerCase()}/${obj.namespace}/${obj.name}`;
  }
}
