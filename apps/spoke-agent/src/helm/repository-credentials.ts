import type { KubeClient } from '../k8s/kube-client.js';
import { readObjectData } from '../k8s/object-data.js';

// A HelmRepository's credentials, read in its namespace with Flux's keys: `secretRef` holds `username` and
// `password` (basic auth), `certSecretRef` holds `ca.crt`, `tls.crt` and `tls.key`. The values leave this file
// only as what the HTTP client sends to the repository; a failure names the Secret, never its content.

export interface RepositoryCredentials {
  basicAuth?: { username: string; password: string };
  ca?: string;
  cert?: string;
  key?: string;
}

export type CredentialsResult = { ok: true; credentials: RepositoryCredentials } | { ok: false; message: string };

async function secret(kube: KubeClient, namespace: string, name: string): Promise<Record<string, string> | string> {
  try {
    return (await readObjectData(kube, 'Secret', namespace, name)) ?? `failed to get secret '${namespace}/${name}': secrets "${name}" not found`;
  } catch (err) {
    return `failed to get secret '${namespace}/${name}': ${(err as Error).message}`;
  }
}

export async function readRepositoryCredentials(kube: KubeClient, namespace: string, refs: { secretRef?: { name: string } | undefined; certSecretRef?: { name: string } | undefined }): Promise<CredentialsResult> {
  const credentials: RepositoryCredentials = {};
  if (refs.secretRef) {
    const data = await secret(kube, namespace, refs.secretRef.name);
    if (typeof data === 'string') return { ok: false, message: data };
    if (data.username !== undefined || data.password !== undefined) {
      if (!data.username || !data.password) return { ok: false, message: `invalid '${refs.secretRef.name}' secret data: required fields 'username' and 'password'` };
      credentials.basicAuth = { username: data.username, password: data.password };
    }
  }
  if (refs.certSecretRef) {
    const data = await secret(kube, namespace, refs.certSecretRef.name);
    if (typeof data === 'string') return { ok: false, message: data };
    if (data['ca.crt']) credentials.ca = data['ca.crt'];
    if (data['tls.crt'] && data['tls.key']) {
      credentials.cert = data['tls.crt'];
      credentials.key = data['tls.key'];
    }
  }
  return { ok: true, credentials };
}
