import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { fetchBlob, fetchManifest } from './client.js';
import { isDigest } from './digest.js';
import { OciClientError } from './errors.js';
import type { RegistrySession } from './session.js';

// cosign's key-based signatures in the tag layout (registries without the Referrers API, distribution 2.8
// included): the manifest tagged `sha256-<hex>.sig` beside the artifact holds one layer per signature, each a
// "simple signing" JSON payload that names the signed manifest digest, with the base64 signature over the
// payload's bytes in the layer annotation `dev.cosignproject.cosign/signature`. Verified with node:crypto
// alone: cosign's keys are ECDSA (P-256, SHA-256, DER signatures) or RSA / Ed25519 PEM public keys, which
// crypto.verify reads as they are. The transparency log is not consulted, as cosign does not for a key.

export const cosignSimpleSigningMediaType = 'application/vnd.dev.cosign.simplesigning.v1+json';
export const cosignSignatureAnnotation = 'dev.cosignproject.cosign/signature';

export function cosignSignatureTag(digest: string): string {
  if (!isDigest(digest)) throw new OciClientError(`not a sha256 digest: ${JSON.stringify(digest.slice(0, 80))}`, 'DIGEST_UNSUPPORTED');
  return digest.replace(':', '-') + '.sig';
}

export interface CosignPublicKey {
  /** Where the key came from (a Secret's `<name>.pub` key), for messages. */
  name: string;
  pem: string;
}

export type CosignVerification = { verified: true; key: string } | { verified: false; message: string };

interface SimpleSigningPayload {
  critical?: { type?: unknown; image?: { 'docker-manifest-digest'?: unknown } };
}

/** Reads a public key; undefined when the PEM holds none (the secret's entry is then skipped with a reason). */
function readCosignPublicKey(key: CosignPublicKey): KeyObject | undefined {
  try {
    return createPublicKey(key.pem);
  } catch {
    return undefined;
  }
}

function payloadNames(payload: Buffer, digest: string): boolean {
  try {
    const parsed = JSON.parse(payload.toString('utf8')) as SimpleSigningPayload;
    return parsed.critical?.type === 'cosign container image signature' && parsed.critical.image?.['docker-manifest-digest'] === digest;
  } catch {
    return false;
  }
}

function signatureVerifies(payload: Buffer, signatureB64: string, key: KeyObject): boolean {
  const signature = Buffer.from(signatureB64, 'base64');
  if (signature.length === 0) return false;
  try {
    // Ed25519 takes no digest algorithm; ECDSA and RSA keys sign the payload's SHA-256.
    return verify(key.asymmetricKeyType === 'ed25519' ? null : 'sha256', payload, key, signature);
  } catch {
    return false;
  }
}

/**
 * Looks for a signature of `digest` made by one of `keys`. A missing signature tag is "no signature", not an
 * error of the registry; other registry failures throw OciClientError.
 */
export async function verifyCosignSignature(session: RegistrySession, digest: string, keys: readonly CosignPublicKey[]): Promise<CosignVerification> {
  const usable = keys.flatMap((k) => {
    const key = readCosignPublicKey(k);
    return key ? [{ name: k.name, key }] : [];
  });
  if (usable.length === 0) return { verified: false, message: 'no usable public key: none of the keys is a PEM public key' };
  let signatures;
  try {
    signatures = await fetchManifest(session, cosignSignatureTag(digest));
  } catch (err) {
    if (err instanceof OciClientError && (err.status === 404 || err.code === 'MANIFEST_UNKNOWN' || err.code === 'NOT_FOUND')) return { verified: false, message: 'no signatures found' };
    throw err;
  }
  for (const layer of signatures.manifest.layers) {
    const signature = layer.annotations?.[cosignSignatureAnnotation];
    if (layer.mediaType !== cosignSimpleSigningMediaType || !signature) continue;
    const payload = (await fetchBlob(session, layer)).data;
    if (!payloadNames(payload, digest)) continue;
    for (const k of usable) if (signatureVerifies(payload, signature, k.key)) return { verified: true, key: k.name };
  }
  return { verified: false, message: 'no signature made by the given keys' };
}
