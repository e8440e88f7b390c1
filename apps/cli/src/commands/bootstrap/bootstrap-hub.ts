import { CliError, EXIT } from '../../hub/exit-codes.js';
import type { HubClient } from '../../hub/hub-client.js';

export interface HubCluster {
  id: string;
  name: string;
  labels: Record<string, string>;
  connectionState: string;
}

interface ClusterNode {
  id: string;
  name: string;
  labels: Array<{ key: string; value: string }>;
  connectionState: string;
}

const toCluster = (n: ClusterNode): HubCluster => ({ ...n, labels: Object.fromEntries(n.labels.map((l) => [l.key, l.value])) });

/** Adding a cluster to the fleet is a fleet-wide act: the token needs the operator role on the whole fleet. */
export async function checkHubRole(hub: HubClient): Promise<string> {
  const { viewer } = await hub.request<{ viewer: { username: string; role: string | null } }>('{ viewer { username role } }');
  if (viewer.role !== 'OPERATOR' && viewer.role !== 'ADMIN') {
    throw new CliError(
      EXIT.unauthorized,
      `the hub token of ${viewer.username} (${viewer.role?.toLowerCase() ?? 'no fleet-wide role'}) may not register clusters: bootstrap needs a token with the operator or admin role on the whole fleet`,
    );
  }
  return viewer.username;
}

export async function findCluster(hub: HubClient, name: string): Promise<HubCluster | undefined> {
  let after: string | null = null;
  for (;;) {
    const { clusters }: { clusters: { edges: Array<{ node: ClusterNode }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } = await hub.request(
      'query($after: String) { clusters(first: 500, after: $after) { edges { node { id name labels { key value } connectionState } } pageInfo { hasNextPage endCursor } } }',
      { after },
    );
    const found = clusters.edges.find((e) => e.node.name === name);
    if (found) return toCluster(found.node);
    if (!clusters.pageInfo.hasNextPage) return undefined;
    after = clusters.pageInfo.endCursor;
  }
}

export interface RegistrationToken {
  token: string;
  /** The hub URL agents reach it at (its public URL). */
  hubUrl: string;
  cluster: HubCluster;
}

const TOKEN_FIELDS = 'token hubUrl cluster { id name labels { key value } connectionState }';
const labelInput = (labels: Record<string, string>) => Object.entries(labels).map(([key, value]) => ({ key, value }));

/** A single-use registration token: for a new cluster (created with its labels) or for an existing one. */
export async function registrationToken(hub: HubClient, target: { clusterName: string; labels: Record<string, string> } | { clusterId: string }): Promise<RegistrationToken> {
  const input = 'clusterId' in target ? { clusterId: target.clusterId, ttlSeconds: 600 } : { clusterName: target.clusterName, labels: labelInput(target.labels), ttlSeconds: 600 };
  const { createRegistrationToken: t } = await hub.request<{ createRegistrationToken: { token: string; hubUrl: string; cluster: ClusterNode } }>(
    `mutation($input: CreateRegistrationTokenInput!) { createRegistrationToken(input: $input) { ${TOKEN_FIELDS} } }`,
    { input },
  );
  return { token: t.token, hubUrl: t.hubUrl, cluster: toCluster(t.cluster) };
}

export async function setLabels(hub: HubClient, clusterId: string, labels: Record<string, string>): Promise<void> {
  await hub.request('mutation($input: UpdateClusterInput!) { updateCluster(input: $input) { id } }', { input: { id: clusterId, labels: labelInput(labels) } });
}

export const sameLabels = (a: Record<string, string>, b: Record<string, string>): boolean =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([k, v]) => b[k] === v);
