import { durationError } from '../../../lib/flux/duration';
import { dockerConfigError, registryTlsErrors, registryTlsField, registryTlsInput, registryTlsTyped } from '../../../lib/forms/registry-credentials';
import { objectNameError } from '../../../lib/flux/names';
import type { HelmRepositoryInput } from '../../../lib/graphql/operation-types.gen';
import type { HubHelmRepository } from '../api/list-hub-helm';

// The HelmRepository form as plain data: state ⇄ the hub's input, validation every problem at once with the
// hub's rules (reconcile-core's durations; an http(s) URL for type default, an oci:// one for type oci, no
// credentials in either; a docker config and plain HTTP for type oci only, a CA for HTTPS only), and where a
// hub refusal belongs.

/** `keep` = leave the stored credentials alone (edit only); `clear` = remove them; `dockerconfigjson`: type oci only. */
export type HelmCredentialsMode = 'keep' | 'none' | 'basic' | 'dockerconfigjson' | 'clear';
/** Flux's spec.type: `default` an HTTP index.yaml, `oci` a registry prefix (no index, no artifact). */
export type HelmRepositoryType = 'default' | 'oci';

export interface HelmRepositoryFormState {
  namespace: string | null;
  name: string;
  type: HelmRepositoryType;
  url: string;
  /** Plain HTTP to the registry; type oci only. */
  insecure: boolean;
  interval: string;
  timeout: string;
  passCredentials: boolean;
  suspend: boolean;
  credentialsMode: HelmCredentialsMode;
  username: string;
  password: string;
  dockerConfigJson: string;
  /** PEM typed now (Flux's certSecretRef ca.crt); empty keeps a stored one. */
  caCertificate: string;
  /** PEM typed now (tls.crt), with clientKey (tls.key); both empty keep a stored pair. */
  clientCertificate: string;
  clientKey: string;
  /** Remove the stored CA and client certificate on save. */
  clearTls: boolean;
}

export type HelmRepositoryFormField = 'name' | 'type' | 'url' | 'interval' | 'timeout' | 'credentials' | 'username' | 'password' | 'dockerConfigJson' | 'caCertificate' | 'clientCertificate' | 'clientKey';
export type HelmRepositoryFormErrors = Partial<Record<HelmRepositoryFormField, string>>;

export function emptyHelmRepositoryForm(): HelmRepositoryFormState {
  return { namespace: null, name: '', type: 'default', url: '', insecure: false, interval: '10m', timeout: '60s', passCredentials: false, suspend: false, credentialsMode: 'none', username: '', password: '', dockerConfigJson: '', caCertificate: '', clientCertificate: '', clientKey: '', clearTls: false };
}

/** Secrets are never returned: the edit form starts with them empty, the stored ones kept. */
export function formFromHelmRepository(r: HubHelmRepository): HelmRepositoryFormState {
  return {
    ...emptyHelmRepositoryForm(),
    namespace: r.namespace,
    name: r.name,
    type: r.type === 'oci' ? 'oci' : 'default',
    url: r.url,
    insecure: r.insecure,
    interval: r.interval,
    timeout: r.timeout,
    passCredentials: r.passCredentials,
    suspend: r.suspend,
    credentialsMode: r.credentialsKind ? 'keep' : 'none',
  };
}

function urlError(value: string, type: HelmRepositoryType): string | null {
  const v = value.trim();
  if (v === '') return 'The repository URL is required.';
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    return type === 'oci' ? 'Enter a full URL, e.g. oci://ghcr.io/org/charts.' : 'Enter a full URL, e.g. https://charts.example.com.';
  }
  if (type === 'oci' && url.protocol !== 'oci:') return 'A repository of type oci has an oci:// URL.';
  if (type === 'default' && url.protocol === 'oci:') return 'An oci:// URL is a registry: choose the type OCI registry.';
  if (type === 'default' && url.protocol !== 'http:' && url.protocol !== 'https:') return 'Use an http:// or https:// URL.';
  if (url.username || url.password) return 'Put credentials in the credentials fields, not in the URL.';
  return null;
}

export function validateHelmRepositoryForm(s: HelmRepositoryFormState): HelmRepositoryFormErrors {
  const errors: HelmRepositoryFormErrors = {};
  const set = (f: HelmRepositoryFormField, m: string | null) => {
    if (m) errors[f] = m;
  };
  set('name', objectNameError(s.name));
  set('url', urlError(s.url, s.type));
  set('interval', durationError(s.interval, { required: false }));
  set('timeout', durationError(s.timeout, { required: false, format: 'sourceTimeout' }));
  if (s.credentialsMode === 'basic') {
    if (s.username.trim() === '') set('username', 'Username is required for basic auth.');
    if (s.password === '') set('password', 'Password is required for basic auth.');
  }
  if (s.credentialsMode === 'dockerconfigjson') {
    if (s.type !== 'oci') set('credentials', 'A docker config is for an OCI registry (type oci); a chart repository takes a username and password.');
    else set('dockerConfigJson', dockerConfigError(s.dockerConfigJson));
  }
  const tls = registryTlsErrors(s);
  Object.assign(errors, tls);
  if (registryTlsTyped(s) && !tls.caCertificate) {
    if (s.type === 'oci' && s.insecure) set('caCertificate', 'TLS certificates are for HTTPS; untick Insecure (plain HTTP) to use them.');
    if (s.type === 'default' && !s.url.trim().toLowerCase().startsWith('https://')) set('caCertificate', 'TLS certificates are for an https:// URL.');
  }
  return errors;
}


export function toHelmRepositoryInput(s: HelmRepositoryFormState): HelmRepositoryInput {
  return {
    ...(s.namespace ? { namespace: s.namespace } : {}),
    name: s.name.trim(),
    type: s.type,
    url: s.url.trim(),
    // Flux: insecure is for type oci, passCredentials for type default; the hub refuses either on the other type.
    insecure: s.type === 'oci' && s.insecure,
    interval: s.interval.trim() || null,
    timeout: s.timeout.trim() || null,
    passCredentials: s.type === 'default' && s.passCredentials,
    suspend: s.suspend,
    // Write-only: credentials travel only when typed; `keep` sends nothing.
    ...(s.credentialsMode === 'basic' ? { credentials: { username: s.username.trim(), password: s.password } } : {}),
    ...(s.credentialsMode === 'dockerconfigjson' ? { credentials: { dockerConfigJson: s.dockerConfigJson } } : {}),
    ...(s.credentialsMode === 'clear' ? { clearCredentials: true } : {}),
    ...registryTlsInput(s),
  };
}

/** The hub names `type`, `url`, `interval`, `timeout`, `name`, `credentials…`, `tls…` (`insecure` and `passCredentials` go by the type). */
export function helmRepositoryFieldFromServer(field: string | undefined): HelmRepositoryFormField | null {
  if (!field) return null;
  const tls = registryTlsField(field);
  if (tls) return tls;
  if (field === 'credentials.dockerConfigJson') return 'dockerConfigJson';
  if (field.startsWith('credentials')) return field.endsWith('username') ? 'username' : 'password';
  const last = field.split('.').at(-1);
  if (last === 'insecure' || last === 'passCredentials') return 'type';
  return last === 'name' || last === 'type' || last === 'url' || last === 'interval' || last === 'timeout' ? last : null;
}
