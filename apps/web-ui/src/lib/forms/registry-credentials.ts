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
