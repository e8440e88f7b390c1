import type {
  ClusterConnectionState,
  CreateRegistrationTokenMutation,
  GetClusterQuery,
  LabelInput,
  ListClustersQuery,
} from '../../../lib/graphql/operation-types.gen';

// The feature's names for the shapes its documents select; the shapes themselves are generated from the
// hub's schema.gql, so a nullable or renamed field shows up as a type error here.
export type ConnectionState = ClusterConnectionState;
export type KeyValue = LabelInput;
export type ClusterSummary = ListClustersQuery['clusters']['edges'][number]['node'];
export type ClusterDetail = NonNullable<GetClusterQuery['cluster']>;
export type RegistrationToken = CreateRegistrationTokenMutation['createRegistrationToken'];

export const CLUSTER_SUMMARY_FIELDS = `
  id name connectionState kubernetesVersion agentVersion nodeCount lastSeenAt createdAt
  labels { key value }
`;
