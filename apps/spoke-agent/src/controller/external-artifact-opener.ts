import type { ArtifactCache } from '../artifacts/artifact-cache.js';
import { DEPENDENCY_REQUEUE_MS } from '../reconcile/index.js';
import type { ArtifactOpener } from './kind-reconciler.js';

/**
 * Opens an ExternalArtifact's artifact. The hub publishes its sources to the cluster as ExternalArtifacts whose
 * `status.artifact` is a hub artifact, so the bytes come from the agent's cache: `GET <hub>/artifacts/<digest>` with
 * the cluster credential, the digest checked. `status.artifact.url` is deliberately not followed: the credential
 * only ever goes to the hub. A hub that cannot serve the artifact right now is retried like a missing artifact
 * (Flux: 30s), not after a whole retryInterval; bytes that do not match their digest wait for the retryInterval.
 */
export function externalArtifactOpener(cache: ArtifactCache): ArtifactOpener {
  return async (_source, artifact) => {
    const got = await cache.get(artifact);
    if (got.ok) return { ok: true, artifact: got.artifact };
    return { ok: false, message: got.message, ...(got.kind === 'unavailable' ? { retryAfterMs: DEPENDENCY_REQUEUE_MS } : {}) };
  };
}
