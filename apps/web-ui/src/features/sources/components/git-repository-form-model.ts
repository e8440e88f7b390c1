import { semverRangeProblem } from '@flotilla/reconcile-core/semver';
import { durationError } from '../../../lib/flux/duration';
import { caCertificateError } from '../../../lib/forms/registry-credentials';
import { gitUrlError, isSshUrl } from '../../../lib/flux/git-url';
import { objectNameError } from '../../../lib/flux/names';
import type { GitRepositoryInput } from '../../../lib/graphql/operation-types.gen';
import { filledRows, type KeyValueRow } from '../../../lib/kubernetes/label-validation';
import type { GitRepositoryDetail } from '../api/source-types';

// The GitRepository form as plain data: state ⇄ the hub's input, and validation, with no React in it.
export type RefKind = 'branch' | 'tag' | 'semver' | 'commit' | 'name';
/** `keep` = leave the stored credentials alone (edit only); `clear` = remove them. */
export type CredentialsMode = 'keep' | 'none' | 'basic' | 'bearer' | 'ssh' | 'clear';

export interface GitRepositoryFormState {
  name: string;
  url: string;
  refKind: RefKind;
  refValue: string;
  interval: string;
  timeout: string;
  ignore: string;
  suspend: boolean;
  /** metadata.labels, which Receivers’ matchLabels select. */
  labels: KeyValueRow[];
  credentialsMode: CredentialsMode;
  username: string;
  /** Basic auth's password, or an encrypted SSH key's passphrase (Flux's `password` key serves both). */
  password: string;
  bearerToken: string;
  identity: string;
  knownHosts: string;
  /** https: CA certificates (PEM) trusted beside the system CAs, Flux's `ca.crt`; sealed with the credentials. */
  caCert: string;
}

export type GitRepositoryFormField =
  | 'name'
  | 'url'
  | 'refValue'
  | 'interval'
  | 'timeout'
  | 'ignore'
  | 'username'
  | 'password'
  | 'bearerToken'
  | 'identity'
  | 'knownHosts'
  | 'caCert';
export type GitRepositoryFormErrors = Partial<Record<GitRepositoryFormField, string>>;

export const REF_KINDS: readonly { kind: RefKind; label: string; placeholder: string }[] = [
  { kind: 'branch', label: 'Branch', placeholder: 'main' },
  { kind: 'tag', label: 'Tag', placeholder: 'v1.2.3' },
  { kind: 'semver', label: 'SemVer range', placeholder: '>=1.0.0 <2.0.0' },
  { kind: 'commit', label: 'Commit', placeholder: '40 hex digits' },
  { kind: 'name', label: 'Reference name', placeholder: 'refs/pull/42/head' },
];

export function emptyGitRepositoryForm(): GitRepositoryFormState {
  return {
    name: '',
    url: '',
    refKind: 'branch',
    refValue: 'main',
    interval: '1m',
    timeout: '60s',
    ignore: '',
    suspend: false,
    labels: [],
    credentialsMode: 'none',
    username: '',
    password: '',
    bearerToken: '',
    identity: '',
    knownHosts: '',
    caCert: '',
  };
}

/** The edit form starts from what the hub returned; secrets are never returned, so they start empty. */
export function formFromGitRepository(repo: GitRepositoryDetail): GitRepositoryFormState {
  const ref = repo.ref;
  const kind: RefKind = ref?.commit
    ? 'commit'
    : ref?.name
      ? 'name'
      : ref?.semver
        ? 'semver'
        : ref?.tag
          ? 'tag'
          : 'branch';
  return {
    ...emptyGitRepositoryForm(),
    name: repo.name,
    url: repo.url,
    refKind: kind,
    refValue: ref?.[kind] ?? '',
    interval: repo.interval,
    timeout: repo.timeout,
    ignore: repo.ignore ?? '',
    suspend: repo.suspend,
    labels: repo.labels.map((l) => ({ key: l.key, value: l.value })),
    credentialsMode: repo.credentialsKind ? 'keep' : 'none',
  };
}

const COMMIT = /^([0-9a-f]{40}|[0-9a-f]{64})$/;

/** What is wrong with a typed git reference of this kind, or null. */
export function gitRefValueError(kind: RefKind, value: string): string | null {
  const ref = value.trim();
  if (ref === '') return 'Enter the reference to check out.';
  if (kind === 'commit' && !COMMIT.test(ref)) return 'A commit is a full SHA-1 (40 hex digits) or SHA-256 (64).';
  const range = kind === 'semver' ? semverRangeProblem(ref) : null;
  if (range) return `Not a SemVer range the hub can use (${range}). E.g. >=1.0.0 <2.0.0, ~1.2 or 1.x.`;
  return null;
}

export function validateGitRepositoryForm(s: GitRepositoryFormState): GitRepositoryFormErrors {
  const errors: GitRepositoryFormErrors = {};
  const set = (field: GitRepositoryFormField, message: string | null) => {
    if (message) errors[field] = message;
  };
  set('name', objectNameError(s.name));
  set('url', gitUrlError(s.url));
  set('refValue', gitRefValueError(s.refKind, s.refValue));
  set('interval', durationError(s.interval));
  set('timeout', durationError(s.timeout, { required: false, format: 'sourceTimeout' }));
  if (s.credentialsMode === 'basic') {
    if (s.username.trim() === '') set('username', 'Username is required for basic auth.');
    if (s.password === '') set('password', 'Password is required for basic auth.');
  }
  if (s.credentialsMode === 'bearer' && s.bearerToken === '') set('bearerToken', 'Token is required.');
  if (s.credentialsMode === 'ssh') {
    if (s.identity.trim() === '') set('identity', 'The private key is required.');
    if (s.knownHosts.trim() === '')
      set('knownHosts', 'known_hosts is required: no other host key is trusted.');
  }
  // Flux picks the secret's keys by the URL's scheme.
  const ssh = isSshUrl(s.url);
  if (!errors.url && s.credentialsMode === 'ssh' && !ssh)
    set('url', 'An SSH key is used with an ssh:// URL.');
  if (!errors.url && (s.credentialsMode === 'basic' || s.credentialsMode === 'bearer') && ssh)
    set('url', 'An ssh:// URL takes an SSH key (Authentication: SSH key).');
  const ca = caCertSent(s);
  if (ca !== undefined && caCertificateError(ca)) set('caCert', caCertificateError(ca));
  else if (ca !== undefined && !s.url.trim().startsWith('https://'))
    set('caCert', 'A CA certificate is for https:// URLs.');
  return errors;
}

/** The CA the form sends: typed, and in a mode whose credentials carry one (not ssh, not keep or clear). */
function caCertSent(s: GitRepositoryFormState): string | undefined {
  const carries = s.credentialsMode === 'none' || s.credentialsMode === 'basic' || s.credentialsMode === 'bearer';
  return carries && s.caCert.trim() !== '' ? s.caCert : undefined;
}

export function toGitRepositoryInput(s: GitRepositoryFormState): GitRepositoryInput {
  const input: GitRepositoryInput = {
    name: s.name.trim(),
    url: s.url.trim(),
    ref: { [s.refKind]: s.refValue.trim() },
    interval: s.interval.trim(),
    timeout: s.timeout.trim() === '' ? null : s.timeout.trim(),
    ignore: s.ignore.trim() === '' ? null : s.ignore,
    suspend: s.suspend,
    labels: filledRows(s.labels),
  };
  // Write-only: credentials travel only when the user typed new ones; `keep` sends nothing at all.
  const ca = caCertSent(s);
  const caCert = ca !== undefined ? { caCert: ca } : {};
  if (s.credentialsMode === 'none' && ca !== undefined) input.credentials = caCert;
  if (s.credentialsMode === 'basic')
    input.credentials = { username: s.username.trim(), password: s.password, ...caCert };
  if (s.credentialsMode === 'bearer') input.credentials = { bearerToken: s.bearerToken, ...caCert };
  if (s.credentialsMode === 'ssh')
    input.credentials = {
      identity: s.identity,
      knownHosts: s.knownHosts,
      ...(s.password ? { password: s.password } : {}),
    };
  if (s.credentialsMode === 'clear') input.clearCredentials = true;
  return input;
}

/** Places a hub BAD_USER_INPUT `extensions.field` (`url`, `input.spec.interval`, `ref.tag`…) on a field. */
export function fieldFromServer(field: string | undefined): GitRepositoryFormField | null {
  if (!field) return null;
  const parts = field.split('.');
  if (parts.some((p) => p === 'ref')) return 'refValue';
  if (parts.some((p) => p === 'credentials')) {
    const last = parts.at(-1);
    return last === 'username' ||
      last === 'password' ||
      last === 'bearerToken' ||
      last === 'identity' ||
      last === 'knownHosts' ||
      last === 'caCert'
      ? last
      : 'password';
  }
  const last = parts.at(-1);
  return last === 'name' || last === 'url' || last === 'interval' || last === 'timeout' || last === 'ignore'
    ? last
    : null;
}
