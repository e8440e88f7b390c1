import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

// Where the agent keeps what HelmRepositories and HelmCharts produce, in Flux's `status.artifact.path` layout:
// `helmrepository/<ns>/<name>/index-<digest hex>.yaml` and `helmchart/<ns>/<name>/<chart>-<version>.tgz` (and
// `helmrelease/<ns>/<name>/<chart>-<version>.tgz`, the chart a release loads from an OCIRepository or an
// ExternalArtifact, packaged with its release version), under
// the same `<cache dir>/sources/` root as the GitRepository artifacts (a different kind directory each). Like
// those, `status.artifact.url` is the file's `file://` URL: the agent serves no HTTP, and its consumers open
// artifacts by object and digest here, never through the URL.

export type HelmArtifactKind = 'helmrepository' | 'helmchart' | 'helmrelease';

export interface HelmObjectKey {
  namespace: string;
  name: string;
}

export interface StoredHelmArtifact {
  /** Relative to the storage root, as Flux's `status.artifact.path`. */
  path: string;
  url: string;
  digest: string;
  size: number;
}

/** Flux keeps the newest two artifacts per object. */
export const HELM_ARTIFACTS_KEPT = 2;
const DNS_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._+-]*$/;

export const sha256Digest = (bytes: Uint8Array): string => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

export class HelmArtifactStorage {
  constructor(readonly root: string) {}

  static inCacheDir(cacheDir: string): HelmArtifactStorage {
    return new HelmArtifactStorage(path.join(cacheDir, 'sources'));
  }

  /** Writes the file whole (temporary name, then rename), so a reader never sees half of it. */
  async write(kind: HelmArtifactKind, obj: HelmObjectKey, fileName: string, bytes: Uint8Array): Promise<StoredHelmArtifact> {
    const rel = this.relPath(kind, obj, fileName);
    const file = path.join(this.root, rel);
    await mkdir(path.dirname(file), { recursive: true });
    const tmp = `${file}.tmp-${randomBytes(4).toString('hex')}`;
    await writeFile(tmp, bytes);
    await rename(tmp, file);
    return { path: rel, url: pathToFileURL(file).toString(), digest: sha256Digest(bytes), size: bytes.byteLength };
  }

  /** Reads an artifact and checks its digest; a missing or damaged file is an error, never returned. */
  async read(kind: HelmArtifactKind, obj: HelmObjectKey, relPath: string, digest: string): Promise<{ ok: true; bytes: Uint8Array; file: string } | { ok: false; message: string }> {
    const expected = path.join(this.root, this.relPath(kind, obj, path.posix.basename(relPath)));
    let bytes: Buffer;
    try {
      bytes = await readFile(expected);
    } catch (err) {
      const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'not in storage' : (err as Error).message;
      return { ok: false, message: `artifact ${relPath}: ${why}` };
    }
    const actual = sha256Digest(bytes);
    if (actual !== digest) return { ok: false, message: `artifact ${relPath} is damaged in storage: expected ${digest}, got ${actual}` };
    return { ok: true, bytes: new Uint8Array(bytes), file: expected };
  }

  urlOf(relPath: string): string {
    return pathToFileURL(path.join(this.root, relPath)).toString();
  }

  /** Deletes the object's files other than those named (by file name). */
  async retain(kind: HelmArtifactKind, obj: HelmObjectKey, keep: readonly string[]): Promise<void> {
    const dir = path.join(this.root, this.relPath(kind, obj, 'x'), '..');
    const names = new Set(keep.map((k) => path.posix.basename(k)));
    const present = await readdir(dir).catch(() => [] as string[]);
    await Promise.all(present.filter((n) => !names.has(n)).map((n) => rm(path.join(dir, n), { force: true })));
  }

  async removeAll(kind: HelmArtifactKind, obj: HelmObjectKey): Promise<void> {
    await rm(path.join(this.root, kind, obj.namespace, obj.name), { recursive: true, force: true });
  }

  private relPath(kind: HelmArtifactKind, obj: HelmObjectKey, fileName: string): string {
    if (!DNS_NAME.test(obj.namespace) || !DNS_NAME.test(obj.name)) throw new Error(`not a Kubernetes object name: ${JSON.stringify(`${obj.namespace}/${obj.name}`)}`);
    if (!FILE_NAME.test(fileName)) throw new Error(`not an artifact file name: ${JSON.stringify(fileName)}`);
    return `${kind}/${obj.namespace}/${obj.name}/${fileName}`;
  }
}
