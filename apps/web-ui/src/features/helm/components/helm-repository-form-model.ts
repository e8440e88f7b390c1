import { durationError } from '../../../lib/flux/duration';
import { objectNameError } from '../../../lib/flux/names';
import type { HelmRepositoryInput } from '../../../lib/graphql/operation-types.gen';
import type { HubHelmRepository } from '../api/list-hub-helm';

// The HelmRepository form as plain data: state ⇄ the hub's input, validation every problem at once with the
// hub's rules (reconcile-core's durations; http(s) URLs without credentials in them, type default), and where
// a hub refusal belongs.

/** `keep` = leave the stored credentials alone (edit only); `clear` = remove them. */
export type HelmCredentialsMode = 'keep' | 'none' | 'basic' | 'clear';

export interface HelmRepositoryFormState {
  namespace: string | null;
  name: string;
  url: string;
  interval: string;
  timeout: string;
  passCredentials: boolean;
  suspend: boolean;
  credentialsMode: HelmCredentialsMode;
  username: string;
  password: string;
}

export type HelmRepositoryFormField = 'name' | 'url' | 'interval' | 'timeout' | 'username' | 'password';
export type HelmRepositoryFormErrors = Partial<Record<HelmRepositoryFormField, string>>;

export function emptyHelmRepositoryForm(): HelmRepositoryFormState {
  return { namespace: null, name: '', url: '', interval: '10m', timeout: '60s', passCredentials: false, suspend: false, credentialsMode: 'none', username: '', password: '' };
}

/** Secrets are never returned: the edit form starts with them empty, the stored ones kept. */
export function formFromHelmRepository(r: HubHelmRepository): HelmRepositoryFormState {
  return {
    ...emptyHelmRepositoryForm(),
    namespace: r.namespace,
    name: r.name,
    url: r.url,
    interval: r.interval,
    timeout: r.timeout,
    passCredentials: r.passCredentials,
    suspend: r.suspend,
    credentialsMode: r.credentialsKind ? 'keep' : 'none',
  };
}

function urlError(value: string): string | null {
  const v = value.trim();
  if (v === '') return 'The repository URL is required.';
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    return 'Enter a full URL, e.g. https://charts.example.com.';
  }
  if (url.protocol === 'oci:') return 'The hub fetches HTTP chart repositories (type default); oci:// is not supported at the hub yet.';
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'Use an http:// or https:// URL.';
  if (url.username || url.password) return 'Put credentials in the credentials fields, not in the URL.';
  return null;
}

export function validateHelmRepositoryForm(s: HelmRepositoryFormState): HelmRepositoryFormErrors {
  const errors: HelmRepositoryFormErrors = {};
  const set = (f: HelmRepositoryFormField, m: string | null) => {
    if (m) errors[f] = m;
  };
  set('name', objectNameError(s.name));
  set('url', urlError(s.url));
  set('interval', durationError(s.interval, { required: false }));
  set('timeout', durationError(s.timeout, { required: false, format: 'sourceTimeout' }));
  if (s.credentialsMode === 'basic') {
    if (s.username.trim() === '') set('username', 'Username is required for basic auth.');
    if (s.password === '') set('password', 'Password is required for basic auth.');
  }
  return errors;
}

export function toHelmRepositoryInput(s: HelmRepositoryFormState): HelmRepositoryInput {
  return {
    ...(s.namespace ? { namespace: s.namespace } : {}),
    name: s.name.trim(),
    url: s.url.trim(),
    interval: s.interval.trim() || null,
    timeout: s.timeout.trim() || null,
    passCredentials: s.passCredentials,
    suspend: s.suspend,
    // Write-only: credentials travel only when typed; `keep` sends nothing.
    ...(s.credentialsMode === 'basic' ? { credentials: { username: s.username.trim(), password: s.password } } : {}),
    ...(s.credentialsMode === 'clear' ? { clearCredentials: true } : {}),
  };
}

/** The hub names `url`, `interval`, `timeout`, `name`, `credentials`. */
export function helmRepositoryFieldFromServer(field: string | undefined): HelmRepositoryFormField | null {
  if (!field) return null;
  if (field.startsWith('credentials')) return field.endsWith('username') ? 'username' : 'password';
  const last = field.split('.').at(-1);
  return last === 'name' || last === 'url' || last === 'interval' || last === 'timeout' ? last : null;
}
