import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import type { FileTree } from './file-tree.js';
import { readTar, TarError } from './tar.js';

/** What the agent received for a Kustomization's source: a tarball to verify, or files already in memory. */
export type Artifact =
  | { kind: 'tarball'; revision: string; digest: string; bytes: Uint8Array }
  | { kind: 'files'; revision: string; files: FileTree };

export type OpenedArtifact = { ok: true; files: FileTree } | { ok: false; message: string };

/** Verifies the digest (`sha256:<hex>`) before reading a byte of the tarball. */
export function openArtifact(artifact: Artifact): OpenedArtifact {
  if (artifact.kind === 'files') return { ok: true, files: artifact.files };
  const actual = `sha256:${createHash('sha256').update(artifact.bytes).digest('hex')}`;
  if (actual !== artifact.digest) {
    return { ok: false, message: `artifact digest mismatch for revision ${artifact.revision}: expected ${artifact.digest}, got ${actual}` };
  }
  try {
    const entries = readTar(gunzipSync(artifact.bytes, { maxOutputLength: 512 * 1024 * 1024 }));
    return { ok: true, files: new Map(entries.map((e) => [e.path, e.data])) };
  } catch (err) {
    const reason = err instanceof TarError || err instanceof Error ? err.message : String(err);
    return { ok: false, message: `artifact for revision ${artifact.revision} is not a readable tar.gz: ${reason}` };
  }
}
