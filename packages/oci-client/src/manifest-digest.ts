import { errorFromResponse, OciClientError } from './errors.js';
import { dockerManifestListMediaType, dockerManifestMediaType, ociIndexMediaType, ociManifestMediaType } from './media-types.js';
import { isDigest } from './digest.js';
import { RegistrySession, type RegistryAuth } from './session.js';

export interface ManifestDigestInput {
  registry: string;
  repository: string;
  tag: string;
  auth?: RegistryAuth;
  signal?: AbortSignal;
}

/**
 * The digest a tag points at, from a `HEAD /v2/<name>/manifests/<tag>` (the registry's Docker-Content-Digest),
 * accepting indexes as well as single manifests: an image's digest is the one `docker pull` resolves.
 */
export async function manifestDigest(input: ManifestDigestInput): Promise<string> {
  const session = new RegistrySession(input.registry, input.repository, input.auth);
  const what = `resolving ${input.repository}:${input.tag}`;
  const res = await session.fetch(
    session.url(`manifests/${encodeURIComponent(input.tag)}`),
    {
      method: 'HEAD',
      headers: { Accept: [ociIndexMediaType, dockerManifestListMediaType, ociManifestMediaType, dockerManifestMediaType].join(', ') },
      ...(input.signal ? { signal: input.signal } : {}),
    },
    what,
  );
  if (!res.ok) throw await errorFromResponse(res, what);
  const digest = res.headers.get('docker-content-digest');
  if (!digest || !isDigest(digest)) throw new OciClientError(`${what}: the registry sent no digest`, 'DIGEST_MISSING', res.status);
  return digest;
}
