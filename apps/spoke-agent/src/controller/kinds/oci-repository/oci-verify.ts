import type { RegistrySession } from '@flotilla/oci-client';
import { verifyOciSignature as verifyWithKeys } from '@flotilla/oci-source';
import type { KubeClient } from '../../../k8s/kube-client.js';
import { cosignKeys } from './oci-credentials.js';

// `spec.verify` of an object in the cluster (an OCIRepository, or a HelmChart from an OCI HelmRepository): the
// shared cosign check with the `*.pub` keys of `verify.secretRef`, read from the object's namespace.

export interface VerifySpec {
  provider: string;
  secretRef?: { name: string } | undefined;
}

/** Why the artifact is refused, or undefined. */
export function verifyOciSignature(kube: KubeClient, namespace: string, session: RegistrySession, ref: string, digest: string, v: VerifySpec): Promise<string | undefined> {
  const secret = v.secretRef?.name;
  return verifyWithKeys(session, ref, digest, { provider: v.provider, hasKeys: secret !== undefined }, () => cosignKeys(kube, namespace, secret ?? ''));
}
