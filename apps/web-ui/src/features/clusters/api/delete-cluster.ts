import { useMutation, useQueryClient } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import { clusterKeys } from './cluster-keys';
import type {
  DeleteClusterMutation,
  DeleteClusterMutationVariables,
} from '../../../lib/graphql/operation-types.gen';

export const DeleteClusterDocument = graphql<DeleteClusterMutation, DeleteClusterMutationVariables>(`
  mutation DeleteCluster($id: ID!) {
    deleteCluster(id: $id)
  }
`);

export async function deleteCluster(id: string): Promise<boolean> {
  return (await gqlRequest(DeleteClusterDocument, { id })).deleteCluster;
}

export function useDeleteCluster() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteCluster,
    onSuccess: async (_ok, id) => {
      queryClient.removeQueries({ queryKey: clusterKeys.detail(id) });
      await queryClient.invalidateQueries({ queryKey: clusterKeys.lists() });
    },
  });
}
