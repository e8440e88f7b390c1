// Node names a refused server certificate by an OpenSSL code; people who run Flux know Go's wording. The
// failures that mean "no trusted CA signed it" read as Go's `x509: certificate signed by unknown authority`,
// with Node's own words after it, so a missing or wrong CA is recognisable whichever client met it.

const unknownAuthority = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
]);

const expired = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);

/** A TLS verification failure said as Go says it, or undefined when `err` is no such failure. */
export function tlsFailureMessage(err: unknown): string | undefined {
  const e = err as { code?: unknown; message?: unknown; cause?: unknown } | null | undefined;
  if (!e || typeof e !== 'object') return undefined;
  const code = typeof e.code === 'string' ? e.code : '';
  const message = typeof e.message === 'string' ? e.message : code;
  if (unknownAuthority.has(code)) return `tls: failed to verify certificate: x509: certificate signed by unknown authority (${message})`;
  if (expired.has(code)) return `tls: failed to verify certificate: x509: certificate has expired or is not yet valid (${message})`;
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return `tls: failed to verify certificate: ${message}`;
  return e.cause !== undefined && e.cause !== err ? tlsFailureMessage(e.cause) : undefined;
}
