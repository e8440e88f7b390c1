import { useMutation, useQueryClient } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import { kustomizationKeys } from './kustomization-keys';
import type {
  DeleteKustomizationMutation,
  DeleteKustomizationMutationVariables,
} from '../../../lib/graphql/operation-types.gen';

export const DeleteKustomizationDocument = graphql<
  DeleteKustomizationMutation,
  DeleteKustomizationMutationVariables
>(`
  mutation DeleteKustomization($id: ID!) {
    deleteKustomization(id: $id)
  }
`);

export async function deleteKustomization(id: string): Promise<boolean> {
  return (await gqlRequest(DeleteKustomizationDocument, { id })).deleteKustomization;
}

export function useDeleteKustomization() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteKustomization,
    onSuccess: async (_ok, id) => {
      queryClient.removeQueries({ queryKey: kustomizationKeys.detail(id) });
      await queryClient.invalidateQueries({ queryKey: kustomizationKeys.lists() });
    },
  });
}
