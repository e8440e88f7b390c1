// What a form can tell of pasted registry credentials before the hub parses them (the hub checks each
// certificate and looks up the registry in the docker config).

/** A CA certificate (Flux's certSecretRef ca.crt): empty is fine (none, or keep the stored one). */
export function caCertificateError(value: string): string | null {
  if (value.trim() === '') return null;
  return /-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----/.test(value)
    ? null
    : 'Paste PEM certificates (-----BEGIN CERTIFICATE----- … -----END CERTIFICATE-----).';
}

/** The `.dockerconfigjson` of a kubernetes.io/dockerconfigjson Secret. */
export function dockerConfigError(value: string): string | null {
  if (value.trim() === '') return 'Paste the .dockerconfigjson.';
  try {
    const parsed: unknown = JSON.parse(value);
    const auths = (parsed as { auths?: unknown } | null)?.auths;
    if (typeof auths !== 'object' || auths === null) return 'A .dockerconfigjson has an "auths" map.';
  } catch {
    return 'Not JSON: paste the content of the Secret’s .dockerconfigjson key.';
  }
  return null;
}

/** The TLS material a registry form types (Flux's certSecretRef keys ca.crt, tls.crt, tls.key), write-only. */
export interface RegistryTlsForm {
  /** Empty keeps a stored CA. */
  caCertificate: string;
  /** With clientKey, or both empty (a stored client certificate is then kept). */
  clientCertificate: string;
  clientKey: string;
  /** Remove the stored CA and client certificate on save. */
  clearTls: boolean;
}

export type RegistryTlsField = 'caCertificate' | 'clientCertificate' | 'clientKey';

const PRIVATE_KEY = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]+-----END [A-Z ]*PRIVATE KEY-----/;

/** What the form can tell before the hub parses the certificates and checks that the key is the certificate's. */
export function registryTlsErrors(s: RegistryTlsForm): Partial<Record<RegistryTlsField, string>> {
  const errors: Partial<Record<RegistryTlsField, string>> = {};
  const ca = caCertificateError(s.caCertificate);
  if (ca) errors.caCertificate = ca;
  const cert = s.clientCertificate.trim() !== '';
  const key = s.clientKey.trim() !== '';
  if (cert) {
    const bad = caCertificateError(s.clientCertificate);
    if (bad) errors.clientCertificate = bad;
  }
  if (key && !PRIVATE_KEY.test(s.clientKey)) errors.clientKey = 'Paste an unencrypted PEM private key (-----BEGIN PRIVATE KEY----- …).';
  if (cert && !key) errors.clientKey = 'A client certificate needs its key (Flux’s tls.key).';
  if (key && !cert) errors.clientCertificate = 'A client key needs its certificate (Flux’s tls.crt).';
  return errors;
}

/** Whether the form sends any TLS material (a typed CA or client certificate). */
export const registryTlsTyped = (s: RegistryTlsForm): boolean => s.caCertificate.trim() !== '' || s.clientCertificate.trim() !== '';

/** The hub input's `tls` / `clearTls`: typed values replace only themselves; empty keeps what is stored. */
export function registryTlsInput(s: RegistryTlsForm): {
  tls?: { caCertificate?: string; clientCertificate?: string; clientKey?: string };
  clearTls?: boolean;
} {
  const ca = s.caCertificate.trim() !== '';
  const client = s.clientCertificate.trim() !== '' && s.clientKey.trim() !== '';
  if (ca || client) {
    return {
      tls: {
        ...(ca ? { caCertificate: s.caCertificate } : {}),
        ...(client ? { clientCertificate: s.clientCertificate, clientKey: s.clientKey } : {}),
      },
    };
  }
  return s.clearTls ? { clearTls: true } : {};
}

/** The form field a hub refusal on `tls…` or `clearTls` belongs on. */
export function registryTlsField(field: string): RegistryTlsField | null {
  if (field === 'tls.clientCertificate') return 'clientCertificate';
  if (field === 'tls.clientKey') return 'clientKey';
  if (field === 'tls' || field.startsWith('tls.') || field === 'clearTls') return 'caCertificate';
  return null;
}
