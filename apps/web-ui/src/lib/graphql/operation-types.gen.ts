// Generated from apps/hub-api/schema.gql and the documents in src/**/api by
// `pnpm --filter @flotilla/web-ui codegen`. Do not edit; a test fails when this file is stale.
/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
export type ClusterConnectionState =
  | 'CONNECTED'
  | 'DISCONNECTED'
  | 'PENDING'
  | 'REVOKED';

export type CreateRegistrationTokenInput = {
  /** A new token for an existing cluster. */
  clusterId?: string | number | null | undefined;
  /** Creates a cluster with this name. */
  clusterName?: string | null | undefined;
  labels?: Array<LabelInput> | null | undefined;
  /** Default 3600 (1 h); 60 to 604800. */
  ttlSeconds?: number | null | undefined;
};

export type LabelInput = {
  key: string;
  value: string;
};

/** viewer reads; operator changes clusters; admin also deletes. */
export type Role =
  | 'ADMIN'
  | 'OPERATOR'
  | 'VIEWER';

export type UpdateClusterInput = {
  id: string | number;
  labels?: Array<LabelInput> | null | undefined;
  variables?: Array<VariableInput> | null | undefined;
};

export type VariableInput = {
  key: string;
  value: string;
};

export type CreateRegistrationTokenMutationVariables = Exact<{
  input: CreateRegistrationTokenInput;
}>;


export type CreateRegistrationTokenMutation = { createRegistrationToken: { token: string, expiresAt: string, agentCommand: string, agentManifests: string, cluster: { id: string, name: string } } };

export type DeleteClusterMutationVariables = Exact<{
  id: string | number;
}>;


export type DeleteClusterMutation = { deleteCluster: boolean };

export type GetClusterQueryVariables = Exact<{
  id: string | number;
}>;


export type GetClusterQuery = { cluster: { id: string, name: string, connectionState: ClusterConnectionState, kubernetesVersion: string | null, agentVersion: string | null, nodeCount: number | null, lastSeenAt: string | null, createdAt: string, labels: Array<{ key: string, value: string }>, variables: Array<{ key: string, value: string }> } | null };

export type ListClustersQueryVariables = Exact<{
  selector?: string | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type ListClustersQuery = { clusters: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, name: string, connectionState: ClusterConnectionState, kubernetesVersion: string | null, agentVersion: string | null, nodeCount: number | null, lastSeenAt: string | null, createdAt: string, labels: Array<{ key: string, value: string }> } }> } };

export type RevokeClusterCredentialMutationVariables = Exact<{
  clusterId: string | number;
}>;


export type RevokeClusterCredentialMutation = { revokeClusterCredential: { id: string, name: string, connectionState: ClusterConnectionState, kubernetesVersion: string | null, agentVersion: string | null, nodeCount: number | null, lastSeenAt: string | null, createdAt: string, labels: Array<{ key: string, value: string }> } };

export type UpdateClusterMutationVariables = Exact<{
  input: UpdateClusterInput;
}>;


export type UpdateClusterMutation = { updateCluster: { id: string, name: string, connectionState: ClusterConnectionState, kubernetesVersion: string | null, agentVersion: string | null, nodeCount: number | null, lastSeenAt: string | null, createdAt: string, labels: Array<{ key: string, value: string }>, variables: Array<{ key: string, value: string }> } };

export type ViewerQueryVariables = Exact<{ [key: string]: never; }>;


export type ViewerQuery = { viewer: { id: string, username: string, role: Role } };
