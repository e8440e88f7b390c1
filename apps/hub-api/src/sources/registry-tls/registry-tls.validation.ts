import type { RegistryTls } from '@flotilla/oci-client';
import { createPrivateKey, type KeyObject, type X509Certificate } from 'node:crypto';
import { badInput } from '../../common/domain-error.js';
import { parsePemCertificates } from '../../common/pem-certificates.js';
import type { RegistryTlsInput } from './registry-tls.input.js';

// The edge of a registry's or chart repository's TLS material (Flux's certSecretRef keys ca.crt, tls.crt,
// tls.key): each value must be PEM that Node can use, the client certificate and key come together and
// match. Errors are BAD_USER_INPUT naming `tls.<field>`; no value is ever echoed.

const blank = (v: string | null | undefined): string | undefined => (v === null || v === undefined || v.trim() === '' ? undefined : v);

/** Every block a parsed certificate; at least one. */
function certificates(pem: string, field: string): X509Certificate[] {
  const parsed = parsePemCertificates(pem);
  if (!parsed.ok) throw badInput(field, `${field}: ${parsed.problem}`);
  return parsed.certificates;
}

function privateKey(pem: string, field: string): KeyObject {
  try {
    return createPrivateKey(pem);
  } catch {
    throw badInput(field, `${field}: expected an unencrypted PEM private key (-----BEGIN PRIVATE KEY-----)`);
  }
}

/**
 * The TLS material given (blank fields left out), or undefined when none is. `clear` (remove the stored
 * material) and a value cannot both be given.
 */
export function validRegistryTls(input: RegistryTlsInput | null | undefined, clear: boolean | null | undefined): RegistryTls | undefined {
  const ca = blank(input?.caCertificate);
  const cert = blank(input?.clientCertificate);
  const key = blank(input?.clientKey);
  if (ca === undefined && cert === undefined && key === undefined) return undefined;
  if (clear) throw badInput('clearTls', 'give tls or clearTls, not both');
  if (ca !== undefined) certificates(ca, 'tls.caCertificate');
  if ((cert === undefined) !== (key === undefined)) {
    const missing = cert === undefined ? 'tls.clientCertificate' : 'tls.clientKey';
    throw badInput(missing, `${missing}: a client certificate needs its key, and a key its certificate (Flux’s tls.crt and tls.key)`);
  }
  if (cert !== undefined && key !== undefined) {
    const [leaf] = certificates(cert, 'tls.clientCertificate');
    const k = privateKey(key, 'tls.clientKey');
    if (!leaf!.checkPrivateKey(k)) throw badInput('tls.clientKey', 'tls.clientKey: not the private key of tls.clientCertificate');
  }
  return { ...(ca !== undefined ? { ca } : {}), ...(cert !== undefined && key !== undefined ? { cert, key } : {}) };
}
