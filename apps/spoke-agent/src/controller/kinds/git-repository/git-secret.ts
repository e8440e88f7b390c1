import type { GitSecret } from '@flotilla/git-source';
import { apiFailure } from '../../../k8s/api-error.js';
import type { KubeClient } from '../../../k8s/kube-client.js';
import { isRecord } from '../../../k8s/object-ref.js';

// A GitRepository's secretRef, read from the object's namespace with Flux's keys: for http(s) remotes
// `username`/`password` (basic auth), `bearerToken`, `ca.crt` (or the older `caFile`); for ssh remotes
// `identity`, `known_hosts` and `password` (the key's passphrase; `identity.pub` is not needed). git-source
// uses the keys of the URL's scheme, as Flux does. Values leave this file only as what the transport sends to
// the repository's origin.

/**
 * Throws with the API server's message when the Secret cannot be read, a missing one included, so the
 * condition reads as Flux's does: `failed to get secret 'ns/name': secrets "name" not found`.
 */
export async function readGitSecret(kube: KubeClient, namespace: string, name: string): Promise<GitSecret> {
  const res = await kube.request({ method: 'GET', path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/secrets/${encodeURIComponent(name)}` });
  if (res.status !== 200) throw new Error(apiFailure(res.status, res.body).message);
  return gitSecretFromData(isRecord(res.body) && isRecord(res.body.data) ? res.body.data : {});
}

/** Decodes a Secret's base64 `data` into what the transport needs. */
export function gitSecretFromData(data: Record<string, unknown>): GitSecret {
  const value = (key: string): string | undefined => (typeof data[key] === 'string' ? Buffer.from(data[key], 'base64').toString('utf8') : undefined);
  const username = value('username');
  const password = value('password');
  const bearerToken = value('bearerToken');
  // `ca.crt` wins over the older `caFile` key, and a bearer token over basic credentials, as in Flux.
  const caCert = value('ca.crt') || value('caFile');
  const credentials = bearerToken ? { bearerToken } : username ? { username, password: password ?? '' } : undefined;
  const identity = value('identity');
  const knownHosts = value('known_hosts');
  const ssh = identity || knownHosts ? { ...(identity ? { identity } : {}), ...(knownHosts ? { knownHosts } : {}), ...(password ? { password } : {}) } : undefined;
  return { ...(credentials ? { credentials } : {}), ...(caCert ? { caCert } : {}), ...(ssh ? { ssh } : {}) };
}
