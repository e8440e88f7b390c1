import { useMutation, useQueryClient } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import { clusterKeys } from './cluster-keys';
import { CLUSTER_SUMMARY_FIELDS, type ClusterDetail } from './cluster-types';
import type {
  UpdateClusterInput,
  UpdateClusterMutation,
  UpdateClusterMutationVariables,
} from '../../../lib/graphql/operation-types.gen';

export const UpdateClusterDocument = graphql<UpdateClusterMutation, UpdateClusterMutationVariables>(`
  mutation UpdateCluster($input: UpdateClusterInput!) {
    updateCluster(input: $input) {
      ${CLUSTER_SUMMARY_FIELDS}
      variables { key value }
    }
  }
`);

export async function updateCluster(input: UpdateClusterInput): Promise<ClusterDetail> {
  return (await gqlRequest(UpdateClusterDocument, { input })).updateCluster;
}

export function useUpdateCluster() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateCluster,
    onSuccess: async (cluster) => {
      queryClient.setQueryData(clusterKeys.detail(cluster.id), cluster);
      await queryClient.invalidateQueries({ queryKey: clusterKeys.lists() });
    },
  });
}
