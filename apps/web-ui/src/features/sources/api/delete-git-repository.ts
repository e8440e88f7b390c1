import { useMutation, useQueryClient } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import { sourceKeys } from './source-keys';
import type {
  DeleteGitRepositoryMutation,
  DeleteGitRepositoryMutationVariables,
} from '../../../lib/graphql/operation-types.gen';

export const DeleteGitRepositoryDocument = graphql<
  DeleteGitRepositoryMutation,
  DeleteGitRepositoryMutationVariables
>(`
  mutation DeleteGitRepository($id: ID!) {
    deleteGitRepository(id: $id)
  }
`);

export async function deleteGitRepository(id: string): Promise<boolean> {
  return (await gqlRequest(DeleteGitRepositoryDocument, { id })).deleteGitRepository;
}

export function useDeleteGitRepository() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteGitRepository,
    onSuccess: async (_ok, id) => {
      queryClient.removeQueries({ queryKey: sourceKeys.detail(id) });
      await queryClient.invalidateQueries({ queryKey: sourceKeys.lists() });
    },
  });
}
