import { useMutation, useQueryClient } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import { clusterKeys } from './cluster-keys';
import { CLUSTER_SUMMARY_FIELDS, type ClusterSummary } from './cluster-types';
import type {
  RevokeClusterCredentialMutation,
  RevokeClusterCredentialMutationVariables,
} from '../../../lib/graphql/operation-types.gen';

export const RevokeClusterCredentialDocument = graphql<
  RevokeClusterCredentialMutation,
  RevokeClusterCredentialMutationVariables
>(`
  mutation RevokeClusterCredential($clusterId: ID!) {
    revokeClusterCredential(clusterId: $clusterId) { ${CLUSTER_SUMMARY_FIELDS} }
  }
`);

export async function revokeClusterCredential(clusterId: string): Promise<ClusterSummary> {
  return (await gqlRequest(RevokeClusterCredentialDocument, { clusterId })).revokeClusterCredential;
}

export function useRevokeClusterCredential() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: revokeClusterCredential,
    onSuccess: async (cluster) => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: clusterKeys.detail(cluster.id) }),
        queryClient.invalidateQueries({ queryKey: clusterKeys.lists() }),
      ]);
    },
  });
}
