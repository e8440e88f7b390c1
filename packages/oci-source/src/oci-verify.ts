import { verifyCosignSignature, type CosignPublicKey, type RegistrySession } from '@flotilla/oci-client';

// The signature check of an OCI artifact (`spec.verify` of an OCIRepository, or of a HelmChart from an OCI
// HelmRepository): cosign with public keys. Keyless verification needs the public Sigstore transparency log
// and certificate authority, which no Flotilla deployment is assumed to reach, and notation is not
// implemented: both are refused with a message that says so. The keys come from where the object lives (a
// Secret's `*.pub` entries in a cluster, the hub's own record at the hub).

export interface VerifySpec {
  provider: string;
  /** Whether public keys are given (Flux: `verify.secretRef`); without them cosign would go keyless. */
  hasKeys: boolean;
}

const errorMessage = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** Why the artifact `ref@digest` is refused, or undefined when a signature by one of the keys verifies. */
export async function verifyOciSignature(session: RegistrySession, ref: string, digest: string, v: VerifySpec, keys: () => Promise<CosignPublicKey[]>): Promise<string | undefined> {
  const failed = (provider: string, why: string): string => `failed to verify the signature using provider '${provider}': ${why}`;
  if (v.provider === 'notation') return failed('notation', 'notation verification is not supported by Flotilla; use cosign with public keys');
  if (!v.hasKeys) {
    return failed(
      'cosign keyless',
      'keyless verification needs the public Sigstore transparency log and certificate authority, which Flotilla cannot reach; give cosign public keys (*.pub) in spec.verify.secretRef',
    );
  }
  let loaded;
  try {
    loaded = await keys();
  } catch (err) {
    return failed('cosign', errorMessage(err));
  }
  try {
    const result = await verifyCosignSignature(session, digest, loaded);
    return result.verified ? undefined : failed('cosign', `no matching signatures were found for '${ref}@${digest}'`);
  } catch (err) {
    return failed('cosign', errorMessage(err));
  }
}
