import { isNamespaceName, isObjectName } from '@flotilla/reconcile-core';
import { badInput } from '../common/domain-error.js';
import type { GitRepositoryRow } from './git-repositories.repository.js';
import { parseGitCredentials, parseGitRepositorySpec, type GitCredentials, type GitRepositorySpec } from '@flotilla/git-source';
import type { GitCredentialsInput, GitRepositoryInput } from './dto/git-repository.inputs.js';

export const defaultNamespace = 'flotilla-system';
export const defaultSourceInterval = '1m';
const credentialsSecretName = 'credentials';


export function validObjectName(name: string, field: string): string {
  if (!isObjectName(name)) throw badInput(field, `"${name.slice(0, 80)}" is not a valid name: lowercase letters, digits, "-" or ".", starting and ending with a letter or digit, at most 253 characters`);
  return name;
}

export function validNamespace(namespace: string | null | undefined, field: string): string {
  const ns = namespace ?? defaultNamespace;
  if (!isNamespaceName(ns)) throw badInput(field, `"${ns.slice(0, 80)}" is not a valid namespace: 1-63 lowercase letters, digits or "-"`);
  return ns;
}

const compact = <T extends object>(o: T | null | undefined): Partial<T> | undefined => {
  if (!o) return undefined;
  const out = Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined && v !== '')) as Partial<T>;
  return Object.keys(out).length ? out : undefined;
};

export interface ValidGitRepositoryInput {
  namespace: string;
  name: string;
  spec: GitRepositorySpec;
  credentials: GitCredentials | undefined;
}

/**
 * Whether a URL carries a secret in its user-info: any user-info over http(s) (a token is often the user
 * name there), a password over ssh (`ssh://git@host` names the account and stays allowed).
 */
function embedsCredentials(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'ssh:' ? u.password !== '' : u.username !== '' || u.password !== '';
  } catch {
    return false;
  }
}

/** The URL without the secret part of its user-info (the same rule as embedsCredentials). */
export function redactUrlCredentials(url: string): string {
  if (!embedsCredentials(url)) return url;
  const u = new URL(url);
  if (u.protocol !== 'ssh:') u.username = '';
  u.password = '';
  return u.toString();
}

/** Validates a GitRepositoryInput with the engine's Flux schema; errors name the input field (`url`, `ref.semver`). */
export function validateGitRepositoryInput(input: GitRepositoryInput): ValidGitRepositoryInput {
  const namespace = validNamespace(input.namespace, 'namespace');
  const name = validObjectName(input.name, 'name');
  // Before the schema, whose message speaks of Flux's secretRef: here the place for them is the input's
  // credentials, which are sealed; a URL is stored and shown as it is. The message never echoes the URL.
  if (embedsCredentials(input.url)) {
    throw badInput('url', 'url: must not contain credentials; put them in the credentials fields (username and password, or bearerToken), where they are stored encrypted');
  }
  const ref = compact(input.ref);
  const parsed = parseGitRepositorySpec({
    url: input.url,
    ...(ref ? { ref } : {}),
    interval: input.interval ?? defaultSourceInterval,
    ...(input.timeout ? { timeout: input.timeout } : {}),
    ...(input.ignore !== null && input.ignore !== undefined ? { ignore: input.ignore } : {}),
    suspend: input.suspend ?? false,
  });
  if (!parsed.ok) {
    const first = parsed.errors[0]!;
    throw badInput(first.path, `${first.path}: ${first.message}`);
  }
  const credentials = validCredentials(input.credentials);
  if (credentials && input.clearCredentials) throw badInput('clearCredentials', 'give credentials or clearCredentials, not both');
  return { namespace, name, spec: parsed.value, credentials };
}

function validCredentials(input: GitCredentialsInput | null | undefined): GitCredentials | undefined {
  const c = compact(input);
  if (!c) return undefined;
  const r = parseGitCredentials(c);
  if (!r.ok) {
    // Never echo the values: name the fields only.
    if (c.bearerToken && (c.username || c.password)) throw badInput('credentials', 'give either username + password (basic auth) or bearerToken, not both');
    if (c.username && !c.password) throw badInput('credentials.password', 'basic auth needs a password');
    if (c.password && !c.username) throw badInput('credentials.username', 'basic auth needs a username');
    throw badInput('credentials', 'expected either username + password (basic auth) or bearerToken');
  }
  return r.value;
}

export const credentialsKindOf = (c: GitCredentials): 'basic' | 'bearer' => ('bearerToken' in c ? 'bearer' : 'basic');

/** The engine's spec for a stored row (validated when written; secretRef points at the sealed credentials). */
export function specOfRow(row: GitRepositoryRow): GitRepositorySpec {
  const ref = compact((row.ref ?? null) as Record<string, string> | null);
  const parsed = parseGitRepositorySpec({
    url: row.url,
    ...(ref ? { ref } : {}),
    interval: row.interval,
    timeout: row.timeout,
    ...(row.ignore !== null ? { ignore: row.ignore } : {}),
    suspend: row.suspend,
    ...(row.credentialsSealed ? { secretRef: { name: credentialsSecretName } } : {}),
  });
  if (!parsed.ok) throw new Error(`stored GitRepository ${row.namespace}/${row.name} no longer validates: ${parsed.errors[0]?.path}: ${parsed.errors[0]?.message}`);
  return parsed.value;
}
