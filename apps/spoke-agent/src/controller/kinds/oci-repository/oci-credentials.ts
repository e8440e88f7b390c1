import { authFromDockerConfig, DockerConfigError, type CosignPublicKey, type RegistryAuth, type RegistryTls } from '@flotilla/oci-client';
import { apiFailure } from '../../../k8s/api-error.js';
import type { KubeClient } from '../../../k8s/kube-client.js';
import { isRecord } from '../../../k8s/object-ref.js';

// What an OCIRepository reads from its namespace, with Flux's keys: the registry credentials of
// `secretRef` (a dockerconfigjson Secret) and of `serviceAccountName`'s imagePullSecrets, in that order;
// `certSecretRef`'s `ca.crt`, `tls.crt` and `tls.key`; `verify.secretRef`'s `*.pub` cosign keys. Values leave
// this file only towards the registry (or the verifier); every message names the Secret, never its content.

export class OciSecretError extends Error {}

export type SecretData = Record<string, string>;

/** A Secret's data, decoded; the message of a failure names the Secret, never a value. */
export async function readSecretData(kube: KubeClient, namespace: string, name: string): Promise<SecretData> {
  const res = await kube.request({ method: 'GET', path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/secrets/${encodeURIComponent(name)}` });
  if (res.status !== 200) throw new OciSecretError(`failed to get secret '${namespace}/${name}': ${apiFailure(res.status, res.body).message}`);
  const data = isRecord(res.body) && isRecord(res.body.data) ? res.body.data : {};
  const out: SecretData = {};
  for (const [k, v] of Object.entries(data)) if (typeof v === 'string') out[k] = Buffer.from(v, 'base64').toString('utf8');
  return out;
}

function dockerAuth(data: SecretData, namespace: string, name: string, registry: string): RegistryAuth | undefined {
  // `.dockercfg` (the legacy type) holds the auths map at the top level.
  const config = data['.dockerconfigjson'] ?? (data['.dockercfg'] !== undefined ? JSON.stringify({ auths: JSON.parse(data['.dockercfg']) as unknown }) : undefined);
  if (config === undefined) throw new OciSecretError(`secret '${namespace}/${name}' has no .dockerconfigjson`);
  try {
    return authFromDockerConfig(config, registry);
  } catch (err) {
    if (err instanceof DockerConfigError) throw new OciSecretError(`secret '${namespace}/${name}': ${err.message}`);
    throw err;
  }
}

/**
 * The credentials for `registry` from the pull secrets, the secretRef first; undefined means anonymous. A
 * pull secret that names another registry is passed over, as Kubernetes' keychain does.
 */
export async function registryAuth(kube: KubeClient, namespace: string, registry: string, refs: { secretRef?: string; serviceAccountName?: string }): Promise<RegistryAuth | undefined> {
  const names: string[] = [];
  if (refs.secretRef) names.push(refs.secretRef);
  if (refs.serviceAccountName) {
    const sa = refs.serviceAccountName;
    const res = await kube.request({ method: 'GET', path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/serviceaccounts/${encodeURIComponent(sa)}` });
    if (res.status !== 200) throw new OciSecretError(`failed to get service account '${namespace}/${sa}': ${apiFailure(res.status, res.body).message}`);
    const pulls = isRecord(res.body) && Array.isArray(res.body.imagePullSecrets) ? res.body.imagePullSecrets : [];
    for (const p of pulls) if (isRecord(p) && typeof p.name === 'string') names.push(p.name);
  }
  for (const name of names) {
    let data: SecretData;
    try {
      data = await readSecretData(kube, namespace, name);
    } catch (err) {
      throw err instanceof OciSecretError ? err : new OciSecretError(`failed to get secret '${namespace}/${name}'`);
    }
    let auth: RegistryAuth | undefined;
    try {
      auth = dockerAuth(data, namespace, name, registry);
    } catch (err) {
      // `.dockercfg` that is not JSON: JSON.parse's message quotes the content.
      throw err instanceof OciSecretError ? err : new OciSecretError(`secret '${namespace}/${name}': the docker config is not valid JSON`);
    }
    if (auth) return auth;
  }
  return undefined;
}

/** `certSecretRef`: a CA for the registry's certificate and/or a client certificate with its key. */
export async function registryTls(kube: KubeClient, namespace: string, name: string): Promise<RegistryTls> {
  const data = await readSecretData(kube, namespace, name);
  const ca = data['ca.crt'];
  const cert = data['tls.crt'];
  const key = data['tls.key'];
  if ((cert === undefined) !== (key === undefined)) throw new OciSecretError(`secret '${namespace}/${name}' must hold both tls.crt and tls.key, or neither`);
  if (ca === undefined && cert === undefined) throw new OciSecretError(`secret '${namespace}/${name}' holds none of ca.crt, tls.crt and tls.key`);
  return { ...(ca !== undefined ? { ca } : {}), ...(cert !== undefined && key !== undefined ? { cert, key } : {}) };
}

/** `verify.secretRef`: every `*.pub` entry, a cosign public key each. */
export async function cosignKeys(kube: KubeClient, namespace: string, name: string): Promise<CosignPublicKey[]> {
  const data = await readSecretData(kube, namespace, name);
  return Object.entries(data)
    .filter(([k]) => k.endsWith('.pub'))
    .map(([k, pem]) => ({ name: k, pem }));
}
