import type { RegistryTls } from '@flotilla/oci-client';
import { z } from 'zod';
import { openSealedJson, type SecretBox } from '../../common/secret-box.js';

// A registry's or chart repository's TLS material at rest: sealed with the hub's SecretBox and bound to the
// row (the context), beside its credentials but under a context of its own, so neither ciphertext opens as
// the other. `tls_kind` says what is stored without opening it.

const registryTlsSchema = z
  .object({ ca: z.string().min(1).optional(), cert: z.string().min(1).optional(), key: z.string().min(1).optional() })
  .strict()
  .refine((t) => (t.cert === undefined) === (t.key === undefined) && (t.ca !== undefined || t.cert !== undefined));

export type RegistryTlsKind = 'ca' | 'client' | 'ca+client';

export function registryTlsKind(tls: RegistryTls): RegistryTlsKind {
  return tls.ca && tls.cert ? 'ca+client' : tls.ca ? 'ca' : 'client';
}

/** What the GraphQL objects say of the stored material: flags, never a value. */
export function registryTlsFlags(kind: string | null): { hasCaCertificate: boolean; hasClientCertificate: boolean } {
  const parts = (kind ?? '').split('+');
  return { hasCaCertificate: parts.includes('ca'), hasClientCertificate: parts.includes('client') };
}

export function sealRegistryTls(box: SecretBox, tls: RegistryTls, context: string): string {
  return box.seal(JSON.stringify(registryTlsSchema.parse(tls)), context);
}

export function openRegistryTls(box: SecretBox, sealed: string, context: string): RegistryTls {
  const { ca, cert, key } = openSealedJson(box, sealed, context, registryTlsSchema, 'TLS certificates');
  return { ...(ca ? { ca } : {}), ...(cert && key ? { cert, key } : {}) };
}

/**
 * The column values an update writes: given material replaces the stored values of the same keys (a new CA
 * keeps a stored client certificate, as editing one key of a Secret keeps the others); `clear` removes all;
 * neither leaves the row alone (undefined).
 */
export function registryTlsUpdate(
  box: SecretBox,
  context: string,
  stored: string | null,
  given: RegistryTls | undefined,
  clear: boolean | null | undefined,
): { sealed: string | null; kind: RegistryTlsKind | null } | undefined {
  if (clear) return { sealed: null, kind: null };
  if (!given) return undefined;
  let kept: RegistryTls = {};
  if (stored) {
    try {
      kept = openRegistryTls(box, stored, context);
    } catch {
      // Material that no longer opens (another hub key) is replaced by what was given.
      kept = {};
    }
  }
  const merged: RegistryTls = { ...kept, ...given };
  return { sealed: sealRegistryTls(box, merged, context), kind: registryTlsKind(merged) };
}

/** For a create: the column values of the given material. */
export function registryTlsColumns(box: SecretBox, context: string, given: RegistryTls | undefined): { tlsSealed: string | null; tlsKind: RegistryTlsKind | null } {
  return given ? { tlsSealed: sealRegistryTls(box, given, context), tlsKind: registryTlsKind(given) } : { tlsSealed: null, tlsKind: null };
}
