import type { ArtifactCache } from '../artifacts/artifact-cache.js';
import type { ArtifactOpener } from './kind-reconciler.js';

/**
 * Opens an ExternalArtifact's artifact. The hub publishes its sources to the cluster as ExternalArtifacts whose
 * `status.artifact` is a hub artifact, so the bytes come from the agent's cache: `GET <hub>/artifacts/<digest>` with
 * the cluster credential, the digest checked. `status.artifact.url` is deliberately not followed: the credential
 * only ever goes to the hub.
 */
export function externalArtifactOpener(cache: ArtifactCache): ArtifactOpener {
  return async (_source, artifact) => {
    const got = await cache.get(artifact);
    return got.ok ? { ok: true, artifact: got.artifact } : { ok: false, message: got.message };
  };
}
