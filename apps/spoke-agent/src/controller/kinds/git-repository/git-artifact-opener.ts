import type { ArtifactOpener } from '../../kind-reconciler.js';
import type { GitArtifactStorage } from './git-artifact-storage.js';

/**
 * Opens the artifact a GitRepository's or OCIRepository's status names from the agent's own storage, by the
 * object's namespace and name and the digest, which the bytes must hash to. A missing or damaged file is
 * refused here; the source's next reconcile notices the same and rebuilds it.
 */
export function storedArtifactOpener(storage: GitArtifactStorage): ArtifactOpener {
  return async (source, artifact) => {
    const namespace = source.metadata?.namespace ?? 'default';
    const name = source.metadata?.name;
    if (!name) return { ok: false, message: `the ${storage.kind} has no name` };
    const read = await storage.read({ namespace, name }, artifact.digest).catch((err: unknown) => ({ ok: false as const, message: (err as Error).message }));
    if (!read.ok) return read;
    return { ok: true, artifact: { kind: 'tarball', revision: artifact.revision, digest: artifact.digest, bytes: read.bytes } };
  };
}
