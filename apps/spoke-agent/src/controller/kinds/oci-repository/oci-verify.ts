import { verifyCosignSignature, type RegistrySession } from '@flotilla/oci-client';
import type { KubeClient } from '../../../k8s/kube-client.js';
import { cosignKeys } from './oci-credentials.js';

// The signature check of an OCI artifact, for OCIRepositories and for HelmCharts from an OCI HelmRepository
// (`spec.verify`): cosign with the public keys of `verify.secretRef`. Keyless verification needs the public
// Sigstore transparency log and certificate authority, which the agent cannot reach, and notation is not
// implemented: both are refused with a message that says so. Returns why the artifact is refused, or undefined.

export interface VerifySpec {
  provider: string;
  secretRef?: { name: string } | undefined;
}

const errorMessage = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export async function verifyOciSignature(kube: KubeClient, namespace: string, session: RegistrySession, ref: string, digest: string, v: VerifySpec): Promise<string | undefined> {
  const failed = (provider: string, why: string): string => `failed to verify the signature using provider '${provider}': ${why}`;
  if (v.provider === 'notation') return failed('notation', 'notation verification is not supported by the Flotilla agent; use cosign with public keys');
  if (!v.secretRef) {
    return failed(
      'cosign keyless',
      'keyless verification needs the public Sigstore transparency log and certificate authority, which the agent cannot reach; put cosign public keys (*.pub) in a Secret and name it in spec.verify.secretRef',
    );
  }
  let keys;
  try {
    keys = await cosignKeys(kube, namespace, v.secretRef.name);
  } catch (err) {
    return failed('cosign', errorMessage(err));
  }
  try {
    const result = await verifyCosignSignature(session, digest, keys);
    return result.verified ? undefined : failed('cosign', `no matching signatures were found for '${ref}@${digest}'`);
  } catch (err) {
    return failed('cosign', errorMessage(err));
  }
}
