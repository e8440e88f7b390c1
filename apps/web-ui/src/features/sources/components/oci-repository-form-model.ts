import { ociRepositorySpec } from '@flotilla/protocol/flux';
import { semverRangeProblem } from '@flotilla/reconcile-core/semver';
import { durationError } from '../../../lib/flux/duration';
import { dockerConfigError, registryTlsErrors, registryTlsField, registryTlsInput, registryTlsTyped } from '../../../lib/forms/registry-credentials';
import { objectNameError } from '../../../lib/flux/names';
import type { OciRepositoryInput } from '../../../lib/graphql/operation-types.gen';
import { filledRows, type KeyValueRow } from '../../../lib/kubernetes/label-validation';
import { ociSpecOf, type OciRepositoryDetail } from '../api/oci-repository-types';

// The OCIRepository form as plain data: state ⇄ the hub's input (Flux's spec as JSON, plus the credentials and
// cosign keys the hub holds instead of Secrets), validation of what the form can know, and where a hub refusal
// belongs. What needs the registry's name rules (a tag in the URL, a tag's characters) is the hub's to say; its
// answer lands on the field it names.

/** Flux reads one of them: digest over semver over tag. */
export type OciRefKind = 'tag' | 'semver' | 'digest';
export type OciProvider = 'generic' | 'aws' | 'azure' | 'gcp';
/** '' leaves layerSelector out: Flux takes the first layer and extracts it. */
export type LayerOperation = '' | 'extract' | 'copy';
/** `keep` = leave the stored credentials alone (edit only); `clear` = remove them. */
export type OciCredentialsMode = 'keep' | 'none' | 'basic' | 'dockerconfigjson' | 'clear';

export interface CosignKeyRow {
  name: string;
  pem: string;
}

export interface OciRepositoryFormState {
  namespace: string | null;
  name: string;
  url: string;
  refKind: OciRefKind;
  refValue: string;
  semverFilter: string;
  interval: string;
  timeout: string;
  layerMediaType: string;
  layerOperation: LayerOperation;
  provider: OciProvider;
  insecure: boolean;
  ignore: string;
  suspend: boolean;
  labels: KeyValueRow[];
  credentialsMode: OciCredentialsMode;
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
  verify: boolean;
  keys: CosignKeyRow[];
}

export type OciRepositoryFormField =
  | 'name'
  | 'url'
  | 'refValue'
  | 'semverFilter'
  | 'interval'
  | 'timeout'
  | 'layerMediaType'
  | 'layerOperation'
  | 'provider'
  | 'ignore'
  | 'credentials'
  | 'username'
  | 'password'
  | 'dockerConfigJson'
  | 'caCertificate'
  | 'clientCertificate'
  | 'clientKey'
  | 'verify';
export type OciRepositoryFormErrors = Partial<Record<OciRepositoryFormField, string>>;
/** Per cosign key: what is wrong with its name or its PEM. */
export type CosignKeyErrors = { name?: string; pem?: string }[];

export const OCI_REF_KINDS: readonly {
  kind: OciRefKind;
  label: string;
  placeholder: string;
  hint: string;
}[] = [
  { kind: 'tag', label: 'Tag', placeholder: 'latest', hint: 'Empty means latest.' },
  {
    kind: 'semver',
    label: 'SemVer range',
    placeholder: '>=1.0.0 <2.0.0',
    hint: 'The highest tag in the range.',
  },
  { kind: 'digest', label: 'Digest', placeholder: 'sha256:…', hint: 'A manifest digest, sha256:<64 hex>.' },
];

export const OCI_PROVIDERS: readonly OciProvider[] = ['generic', 'aws', 'azure', 'gcp'];

export function emptyOciRepositoryForm(): OciRepositoryFormState {
  return {
    namespace: null,
    name: '',
    url: '',
    refKind: 'tag',
    refValue: '',
    semverFilter: '',
    interval: '10m',
    timeout: '60s',
    layerMediaType: '',
    layerOperation: '',
    provider: 'generic',
    insecure: false,
    ignore: '',
    suspend: false,
    labels: [],
    credentialsMode: 'none',
    username: '',
    password: '',
    dockerConfigJson: '',
    caCertificate: '',
    clientCertificate: '',
    clientKey: '',
    clearTls: false,
    verify: false,
    keys: [],
  };
}

/** The edit form starts from the stored spec; credentials are never returned, so they start empty and are kept. */
export function formFromOciRepository(repo: OciRepositoryDetail): OciRepositoryFormState {
  const spec = ociSpecOf(repo.spec);
  const ref = spec?.ref;
  const refKind: OciRefKind = ref?.digest ? 'digest' : ref?.semver ? 'semver' : 'tag';
  return {
    ...emptyOciRepositoryForm(),
    namespace: repo.namespace,
    name: repo.name,
    url: repo.url,
    refKind,
    refValue: ref?.[refKind] ?? '',
    semverFilter: ref?.semverFilter ?? '',
    interval: spec?.interval ?? '10m',
    timeout: spec?.timeout ?? '',
    layerMediaType: spec?.layerSelector?.mediaType ?? '',
    layerOperation: spec?.layerSelector?.operation ?? '',
    provider: spec?.provider ?? 'generic',
    insecure: spec?.insecure ?? false,
    ignore: spec?.ignore ?? '',
    suspend: repo.suspend,
    labels: repo.labels.map((l) => ({ key: l.key, value: l.value })),
    credentialsMode: repo.credentialsKind ? 'keep' : 'none',
    verify: spec?.verify !== undefined,
    keys: repo.verifyPublicKeys.map((k) => ({ name: k.name, pem: k.pem })),
  };
}

const DIGEST = /^sha256:[0-9a-f]{64}$/;
const KEY_NAME = /^[A-Za-z0-9._-]{1,253}$/;

function urlError(value: string): string | null {
  const v = value.trim();
  if (v === '') return 'URL is required.';
  // Flux's CRD pattern; the rest (no tag or digest in it, a valid repository name) the hub checks.
  if (!ociRepositorySpec.shape.url.safeParse(v).success || v === 'oci://')
    return 'Use an oci:// URL, e.g. oci://ghcr.io/org/manifests.';
  if (/\s/.test(v)) return 'The URL cannot contain spaces.';
  return null;
}

/** What is wrong with a typed OCI reference of this kind, or null; an empty tag means `latest`. */
export function ociRefValueError(kind: OciRefKind, value: string): string | null {
  const ref = value.trim();
  if (kind === 'tag') return null;
  if (ref === '') return kind === 'digest' ? 'Enter the digest.' : 'Enter a SemVer range.';
  if (kind === 'digest' && !DIGEST.test(ref)) return 'A digest is sha256: and 64 lowercase hex digits.';
  const problem = kind === 'semver' ? semverRangeProblem(ref) : null;
  return problem
    ? `Not a SemVer range the hub can use (${problem}). E.g. >=1.0.0 <2.0.0, ~1.2 or 1.x.`
    : null;
}

function refError(s: OciRepositoryFormState): string | null {
  return ociRefValueError(s.refKind, s.refValue);
}


export function validateOciRepositoryForm(s: OciRepositoryFormState): OciRepositoryFormErrors {
  const errors: OciRepositoryFormErrors = {};
  const set = (field: OciRepositoryFormField, message: string | null) => {
    if (message) errors[field] = message;
  };
  set('name', objectNameError(s.name));
  set('url', urlError(s.url));
  set('refValue', refError(s));
  set('interval', durationError(s.interval));
  set('timeout', durationError(s.timeout, { required: false, format: 'sourceTimeout' }));
  if (s.credentialsMode === 'basic') {
    if (s.username.trim() === '') set('username', 'Username is required for basic auth.');
    if (s.password === '') set('password', 'Password is required for basic auth.');
  }
  if (s.credentialsMode === 'dockerconfigjson')
    set('dockerConfigJson', dockerConfigError(s.dockerConfigJson));
  Object.assign(errors, registryTlsErrors(s));
  if (registryTlsTyped(s) && s.insecure)
    set('caCertificate', 'TLS certificates are for HTTPS; untick Insecure (plain HTTP) to use them.');
  if (s.verify && s.keys.length === 0)
    set(
      'verify',
      'Add the cosign public key a signature must be made with (keyless verification is not supported at the hub).',
    );
  return errors;
}

export function validateCosignKeys(s: OciRepositoryFormState): CosignKeyErrors {
  if (!s.verify) return [];
  return s.keys.map((k) => ({
    ...(KEY_NAME.test(k.name.trim()) ? {} : { name: 'A key name like cosign.pub.' }),
    ...(k.pem.trim() === '' ? { pem: 'Paste the PEM public key (cosign.pub).' } : {}),
  }));
}

export function toOciRepositoryInput(s: OciRepositoryFormState): OciRepositoryInput {
  const refValue = s.refValue.trim();
  const ref =
    s.refKind === 'semver'
      ? { semver: refValue, ...(s.semverFilter.trim() ? { semverFilter: s.semverFilter.trim() } : {}) }
      : s.refKind === 'digest'
        ? { digest: refValue }
        : refValue
          ? { tag: refValue }
          : undefined;
  const mediaType = s.layerMediaType.trim();
  const spec = {
    url: s.url.trim(),
    ...(ref ? { ref } : {}),
    interval: s.interval.trim(),
    ...(s.timeout.trim() ? { timeout: s.timeout.trim() } : {}),
    ...(mediaType || s.layerOperation
      ? {
          layerSelector: {
            ...(mediaType ? { mediaType } : {}),
            ...(s.layerOperation ? { operation: s.layerOperation } : {}),
          },
        }
      : {}),
    provider: s.provider,
    ...(s.insecure ? { insecure: true } : {}),
    ...(s.ignore.trim() ? { ignore: s.ignore } : {}),
    suspend: s.suspend,
    ...(s.verify ? { verify: { provider: 'cosign' } } : {}),
  };
  return {
    ...(s.namespace ? { namespace: s.namespace } : {}),
    name: s.name.trim(),
    spec,
    // An update replaces the keys with these: none when verification is off.
    verifyPublicKeys: s.verify ? s.keys.map((k) => ({ name: k.name.trim(), pem: k.pem })) : [],
    labels: filledRows(s.labels),
    // Write-only: credentials travel only when typed; `keep` sends nothing.
    ...(s.credentialsMode === 'basic'
      ? { credentials: { username: s.username.trim(), password: s.password } }
      : {}),
    ...(s.credentialsMode === 'dockerconfigjson'
      ? { credentials: { dockerConfigJson: s.dockerConfigJson } }
      : {}),
    ...(s.credentialsMode === 'clear' ? { clearCredentials: true } : {}),
    // Write-only too: a typed certificate replaces the stored one; empty keeps it unless removal was asked.
    ...registryTlsInput(s),
  };
}

/** Places a hub BAD_USER_INPUT `extensions.field` (`spec.url`, `spec.ref.semver`, `credentials.dockerConfigJson`…). */
export function ociFieldFromServer(field: string | undefined): OciRepositoryFormField | null {
  if (!field) return null;
  if (field === 'name' || field === 'namespace') return 'name';
  if (field === 'spec.ref.semverFilter') return 'semverFilter';
  if (field.startsWith('spec.ref')) return 'refValue';
  if (field === 'spec.layerSelector.mediaType') return 'layerMediaType';
  if (field.startsWith('spec.layerSelector')) return 'layerOperation';
  if (field.startsWith('spec.verify') || field === 'verifyPublicKeys') return 'verify';
  if (
    field === 'credentials.username' ||
    field === 'credentials.password' ||
    field === 'credentials.dockerConfigJson'
  )
    return field.slice('credentials.'.length) as 'username' | 'password' | 'dockerConfigJson';
  if (field === 'credentials' || field === 'clearCredentials') return 'credentials';
  const tls = registryTlsField(field);
  if (tls) return tls;
  const top: Record<string, OciRepositoryFormField> = {
    'spec.url': 'url',
    'spec.interval': 'interval',
    'spec.timeout': 'timeout',
    'spec.provider': 'provider',
    'spec.ignore': 'ignore',
  };
  return top[field] ?? null;
}

/** A refusal of one cosign key (`verifyPublicKeys.<i>.name|pem`): which key, which part. */
export function cosignKeyFromServer(
  field: string | undefined,
): { index: number; part: 'name' | 'pem' } | null {
  const m = /^verifyPublicKeys\.(\d+)\.(name|pem)$/.exec(field ?? '');
  return m ? { index: Number(m[1]), part: m[2] as 'name' | 'pem' } : null;
}
