import type { RegistryAuth } from './session.js';

// A `kubernetes.io/dockerconfigjson` Secret's `.dockerconfigjson` (the format of `~/.docker/config.json`):
// `{"auths": {"<registry>": {"username", "password"} | {"auth": base64("user:pass")}}}`. Keys may be a bare
// host, a host with a path, or a URL (`https://index.docker.io/v1/`), so they are matched by host.

export class DockerConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DockerConfigError';
  }
}

interface AuthEntry {
  username?: unknown;
  password?: unknown;
  auth?: unknown;
  identitytoken?: unknown;
  registrytoken?: unknown;
}

function hostOf(key: string): string {
  const withoutScheme = key.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  return withoutScheme.split('/')[0]!.toLowerCase();
}

function entryAuth(entry: AuthEntry, key: string): RegistryAuth {
  if (typeof entry.registrytoken === 'string' && entry.registrytoken) return { token: entry.registrytoken };
  if (typeof entry.username === 'string' && typeof entry.password === 'string') {
    return { username: entry.username, password: entry.password };
  }
  if (typeof entry.auth === 'string' && entry.auth) {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  // Never echo the entry: it holds the credentials.
  throw new DockerConfigError(`the docker config entry for ${JSON.stringify(key)} has no username and password`);
}

/**
 * The credentials a docker config holds for `registry` (a host with an optional port), or undefined when it
 * names none. Throws DockerConfigError, without any secret in the message, when the config is not valid.
 */
export function authFromDockerConfig(configJson: string, registry: string): RegistryAuth | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(configJson);
  } catch {
    throw new DockerConfigError('the docker config is not valid JSON');
  }
  const auths = typeof parsed === 'object' && parsed !== null ? (parsed as { auths?: unknown }).auths : undefined;
  if (typeof auths !== 'object' || auths === null) throw new DockerConfigError('the docker config has no "auths" object');
  const wanted = hostOf(registry);
  for (const [key, value] of Object.entries(auths as Record<string, unknown>)) {
    if (hostOf(key) !== wanted) continue;
    if (typeof value !== 'object' || value === null) throw new DockerConfigError(`the docker config entry for ${JSON.stringify(key)} is not an object`);
    return entryAuth(value as AuthEntry, key);
  }
  return undefined;
}
