import type { KubeConfig } from '@kubernetes/client-node';
import { AGENT_VERSION, CredentialStoreError, registerWithHub, sha256Hex, type StoredCredential } from '@flotilla/spoke-agent';
import { CliError, EXIT } from '../../hub/exit-codes.js';
import type { HubClient } from '../../hub/hub-client.js';
import { readCredential, saveCredential } from './bootstrap-cluster.js';
import { findCluster, registrationToken, sameLabels, setLabels, type RegistrationToken } from './bootstrap-hub.js';
import { SYSTEM_NAMESPACE } from './bootstrap-manifests.js';

export interface ClusterRegistration {
  /** The hub URL the agent is given: the one its stored credential was issued by, or the hub's public URL. */
  hubUrl: string;
  /** Puts the agent's credential in the cluster when it has none for this cluster (the namespace must exist). */
  storeCredential(say: (line: string) => void): Promise<void>;
}

const labelText = (labels: Record<string, string>) => Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(',') || 'none';

async function storedCredential(kc: KubeConfig, say: (line: string) => void): Promise<StoredCredential | null> {
  try {
    return await readCredential(kc);
  } catch (err) {
    if (!(err instanceof CredentialStoreError)) throw err;
    say(`⚠ ${err.message}: the cluster is registered again`);
    return null;
  }
}

/**
 * Finds the cluster at the hub by name (its labels set to the given ones) or registers it. The agent's
 * credential in the cluster is kept when it belongs to this cluster and is not revoked; otherwise a new
 * registration token is traded for one here, as the agent itself would trade it, so no token is ever
 * written to the cluster or to git.
 */
export async function registerCluster(hub: HubClient, kc: KubeConfig, name: string, labels: Record<string, string>, say: (line: string) => void): Promise<ClusterRegistration> {
  say(`► registering cluster "${name}" with the hub`);
  const existing = await findCluster(hub, name);
  const stored = await storedCredential(kc, say);
  let token: RegistrationToken | undefined;
  if (existing) {
    say(`✔ cluster "${name}" is registered (labels ${labelText(existing.labels)})`);
    if (Object.keys(labels).length > 0 && !sameLabels(existing.labels, labels)) {
      await setLabels(hub, existing.id, labels);
      say(`✔ labels of "${name}" set to ${labelText(labels)}`);
    }
    const valid = stored !== null && stored.clusterId === existing.id && existing.connectionState !== 'REVOKED';
    if (valid) {
      return { hubUrl: stored.hubUrl, storeCredential: async (s) => s(`✔ agent credential in Secret ${SYSTEM_NAMESPACE}/flotilla-agent-credential up to date`) };
    }
    token = await registrationToken(hub, { clusterId: existing.id });
  } else {
    token = await registrationToken(hub, { clusterName: name, labels });
    say(`✔ cluster "${name}" registered (labels ${labelText(labels)})`);
  }
  const hubUrl = token.hubUrl.replace(/\/+$/, '');
  const issued = token;
  return {
    hubUrl,
    async storeCredential(s) {
      const result = await registerWithHub({ hubUrl, token: issued.token, agentVersion: AGENT_VERSION });
      if (!result.ok) throw new CliError(result.kind === 'unavailable' ? EXIT.unreachable : EXIT.failed, `registering the agent: ${result.message}`);
      const { clusterId, clusterName, credential } = result.registration;
      await saveCredential(kc, { hubUrl, clusterId, clusterName, credential, tokenSha256: sha256Hex(issued.token), registeredAt: new Date().toISOString() });
      s(`✔ agent credential stored in Secret ${SYSTEM_NAMESPACE}/flotilla-agent-credential`);
    },
  };
}
