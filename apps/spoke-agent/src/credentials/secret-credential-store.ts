import type { KubeConfig, V1Secret } from '@kubernetes/client-node';
import { kubeCall } from '../k8s/small-kube-client.js';
import { CredentialStoreError, storedCredentialSchema, type CredentialStore, type StoredCredential } from './credential-store.js';

export const CREDENTIAL_SECRET_NAME = 'flotilla-agent-credential';

function httpCode(err: unknown): number | undefined {
  return err && typeof err === 'object' && 'code' in err && typeof err.code === 'number' ? err.code : undefined;
}

function reason(err: unknown): string {
  const code = httpCode(err);
  if (code === 403) return 'forbidden (does the agent Role allow get/create/update on this Secret?)';
  return code !== undefined ? `HTTP ${code}` : err instanceof Error ? err.message : String(err);
}

/** Stores the credential in the Secret `flotilla-agent-credential` of the agent's namespace. */
export function createSecretCredentialStore(kubeConfig: KubeConfig, namespace: string, name: string = CREDENTIAL_SECRET_NAME): CredentialStore {
  const secrets = `/api/v1/namespaces/${encodeURIComponent(namespace)}/secrets`;
  const secretPath = `${secrets}/${encodeURIComponent(name)}`;
  const where = `Secret ${namespace}/${name}`;
  return {
    location: where,
    async load() {
      let secret: V1Secret;
      try {
        secret = await kubeCall<V1Secret>(kubeConfig, { method: 'GET', path: secretPath });
      } catch (err) {
        if (httpCode(err) === 404) return null;
        throw new CredentialStoreError(`cannot read ${where}: ${reason(err)}`);
      }
      const data: Record<string, string> = {};
      for (const [k, v] of Object.entries(secret.data ?? {})) data[k] = Buffer.from(v, 'base64').toString('utf8');
      const parsed = storedCredentialSchema.safeParse(data);
      if (!parsed.success) throw new CredentialStoreError(`${where} is damaged (${parsed.error.issues.length} bad keys); delete it to register again`);
      return parsed.data;
    },
    async checkWritable() {
      // A server-side dry run goes through authorization and admission without storing anything.
      const probe: V1Secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace }, stringData: {} };
      try {
        await kubeCall(kubeConfig, { method: 'POST', path: secrets, query: { dryRun: 'All' }, body: probe });
      } catch (err) {
        if (httpCode(err) === 409) {
          try {
            await kubeCall(kubeConfig, { method: 'PUT', path: secretPath, query: { dryRun: 'All' }, body: probe });
            return;
          } catch (replaceErr) {
            throw new CredentialStoreError(`cannot update ${where}: ${reason(replaceErr)}`);
          }
        }
        throw new CredentialStoreError(`cannot create ${where}: ${reason(err)}`);
      }
    },
    async save(credential: StoredCredential) {
      const body: V1Secret = {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name, namespace, labels: { 'app.kubernetes.io/name': 'flotilla-agent', 'app.kubernetes.io/managed-by': 'flotilla-agent' } },
        type: 'Opaque',
        stringData: Object.fromEntries(Object.entries(credential).filter((e): e is [string, string] => typeof e[1] === 'string')),
      };
      try {
        await kubeCall(kubeConfig, { method: 'POST', path: secrets, body });
        return;
      } catch (err) {
        if (httpCode(err) !== 409) throw new CredentialStoreError(`cannot create ${where}: ${reason(err)}`);
      }
      try {
        // A replace without resourceVersion is an unconditional overwrite: this agent is the Secret's only writer.
        await kubeCall(kubeConfig, { method: 'PUT', path: secretPath, body });
      } catch (err) {
        throw new CredentialStoreError(`cannot update ${where}: ${reason(err)}`);
      }
    },
  };
}
