// Shapes of the hub's GraphQL types as this feature selects them (contract-issue3 schema).
export type ConnectionState = 'PENDING' | 'CONNECTED' | 'DISCONNECTED' | 'REVOKED';

export interface KeyValue {
  key: string;
  value: string;
}

export interface ClusterSummary {
  id: string;
  name: string;
  labels: KeyValue[];
  connectionState: ConnectionState;
  kubernetesVersion: string | null;
  agentVersion: string | null;
  nodeCount: number | null;
  lastSeenAt: string | null;
  createdAt: string;
}

export interface ClusterDetail extends ClusterSummary {
  variables: KeyValue[];
}

export interface RegistrationToken {
  token: string;
  expiresAt: string;
  agentCommand: string;
  agentManifests: string;
  cluster: { id: string; name: string };
}

export const CLUSTER_SUMMARY_FIELDS = `
  id name connectionState kubernetesVersion agentVersion nodeCount lastSeenAt createdAt
  labels { key value }
`;
