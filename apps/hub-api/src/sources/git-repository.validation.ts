import { isNamespaceName, isObjectName } from '@flotilla/reconcile-core';
import { validLabels } from '../clusters/cluster-input.validation.js';
import { badInput } from '../common/domain-error.js';
import { pemCertificatesProblem } from '../common/pem-certificates.js';
import type { GitRepositoryRow } from './git-repositories.repository.js';
import type { StoredGitSecret } from './git/git-credentials.sealed.js';
import { isEncryptedPrivateKey, isSshCredentials, parseGitCredentials, parseGitRepositorySpec, type GitCredentials, type GitRepositorySpec } from '@flotilla/git-source';
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
  /** Undefined: none given. */
  credentials: StoredGitSecret | undefined;
  /** Undefined: not given (an update keeps the stored labels). */
  labels: Record<string, string> | undefined;
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
    throw badInput('url', 'url: must not contain credentials; put them in the credentials fields (username and password, bearerToken, or identity and knownHosts for ssh), where they are stored encrypted');
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
  if (credentials) {
    const problem = credentialsSchemeProblem(parsed.value.url, credentialsKindOf(credentials));
    if (problem) throw badInput('credentials', problem);
  }
  const labels = input.labels ? validLabels(input.labels, 'labels') : undefined;
  return { namespace, name, spec: parsed.value, credentials, labels };
}

/**
 * Why credentials of this kind (credentialsKindOf) cannot serve this URL: Flux picks the secret's keys by the
 * URL's scheme, and `ca.crt` serves https only.
 */
export function credentialsSchemeProblem(url: string, kind: string): string | undefined {
  const ssh = url.startsWith('ssh://');
  const parts = kind.split('+');
  if (ssh && parts.includes('ca')) return 'a CA certificate (caCert) is for https:// URLs; an ssh:// URL trusts the host keys in knownHosts';
  if (ssh && kind !== 'ssh') return 'an ssh:// URL takes identity and knownHosts (and password for an encrypted key)';
  if (!ssh && parts[0] === 'ssh') return 'identity and knownHosts are for ssh:// URLs; an http(s) URL takes username + password or bearerToken';
  if (url.startsWith('http://') && parts.includes('ca')) return 'a CA certificate (caCert) is for https:// URLs';
  return undefined;
}

const PRIVATE_KEY = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]+-----END [A-Z0-9 ]*PRIVATE KEY-----/;

function validSshCredentials(c: Partial<Omit<GitCredentialsInput, 'caCert'>>): GitCredentials {
  // Never echo the values: name the fields only.
  if (c.username || c.bearerToken) throw badInput('credentials', 'give either identity + knownHosts (ssh) or username + password / bearerToken (http), not both');
  if (!c.identity) throw badInput('credentials.identity', 'an ssh key needs its identity (the private key)');
  if (!c.knownHosts) throw badInput('credentials.knownHosts', 'an ssh key needs knownHosts: the host keys to trust (ssh-keyscan prints them)');
  if (!PRIVATE_KEY.test(c.identity)) throw badInput('credentials.identity', 'is not a private key in OpenSSH or PEM format (-----BEGIN … PRIVATE KEY-----)');
  if (!c.password && isEncryptedPrivateKey(c.identity)) throw badInput('credentials.password', 'the key is encrypted: give its passphrase as password');
  const badLine = c.knownHosts.split('\n').findIndex((l) => l.trim() !== '' && !l.trim().startsWith('#') && l.trim().split(/\s+/).length < 3);
  if (badLine >= 0) throw badInput('credentials.knownHosts', `line ${badLine + 1} is not "<host> <key type> <base64 key>"`);
  const r = parseGitCredentials({ identity: c.identity, knownHosts: c.knownHosts, ...(c.password ? { password: c.password } : {}) });
  if (!r.ok) throw badInput('credentials', 'expected identity + knownHosts, and password for an encrypted key');
  return r.value;
}

function validCredentials(input: GitCredentialsInput | null | undefined): StoredGitSecret | undefined {
  const { caCert: givenCa, ...rest } = compact(input) ?? {};
  const caCert = givenCa ?? undefined;
  if (caCert !== undefined) {
    const problem = pemCertificatesProblem(caCert);
    if (problem) throw badInput('credentials.caCert', `caCert: ${problem}`);
  }
  const auth = validAuth(compact(rest));
  if (!auth && caCert === undefined) return undefined;
  return { ...(auth ? { auth } : {}), ...(caCert !== undefined ? { caCert } : {}) };
}

function validAuth(c: Partial<Omit<GitCredentialsInput, 'caCert'>> | undefined): GitCredentials | undefined {
  if (!c) return undefined;
  if (c.identity || c.knownHosts) return validSshCredentials(c);
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

const authKindOf = (c: GitCredentials): 'basic' | 'bearer' | 'ssh' => (isSshCredentials(c) ? 'ssh' : 'bearerToken' in c ? 'bearer' : 'basic');

/** What is stored, never the values: `basic`, `bearer` or `ssh`, with `+ca` when a CA is kept too; `ca` for a CA alone. */
export const credentialsKindOf = (s: StoredGitSecret): string => (s.auth ? `${authKindOf(s.auth)}${s.caCert ? '+ca' : ''}` : 'ca');

/** The engine's fields of a stored row, with its ref or another one in its place. */
function rowSpecInput(row: GitRepositoryRow, ref: unknown): Record<string, unknown> {
  return {
    url: row.url,
    ...(ref ? { ref } : {}),
    interval: row.interval,
    timeout: row.timeout,
    ...(row.ignore !== null ? { ignore: row.ignore } : {}),
    suspend: row.suspend,
    ...(row.credentialsSealed ? { secretRef: { name: credentialsSecretName } } : {}),
  };
}

/** The engine's spec for a stored row (validated when written; secretRef points at the sealed credentials). */
export function specOfRow(row: GitRepositoryRow): GitRepositorySpec {
  const parsed = parseGitRepositorySpec(rowSpecInput(row, compact((row.ref ?? null) as Record<string, string> | null)));
  if (!parsed.ok) throw new Error(`stored GitRepository ${row.namespace}/${row.name} no longer validates: ${parsed.errors[0]?.path}: ${parsed.errors[0]?.message}`);
  return parsed.value;
}

/**
 * A stored row's spec with a caller's ref in place of its own (a preview of another revision), checked by the
 * same Flux schema as the GitRepository input; errors name the field (`ref.tag`). Never suspended: fetching
 * one revision for a look changes nothing the suspension protects.
 */
export function specOfRowAtRef(row: GitRepositoryRow, ref: unknown): GitRepositorySpec {
  if (typeof ref !== 'object' || ref === null || Array.isArray(ref)) throw badInput('ref', 'ref: expected an object with one of branch, tag, semver, name or commit');
  const given = compact(ref as Record<string, unknown>);
  if (!given) throw badInput('ref', 'ref: give one of branch, tag, semver, name or commit');
  const parsed = parseGitRepositorySpec({ ...rowSpecInput(row, given), suspend: false });
  if (!parsed.ok) {
    const first = parsed.errors[0]!;
    throw badInput(first.path, `${first.path}: ${first.message}`);
  }
  return parsed.value;
}
