import { useMutation, useQueryClient } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import { sourceKeys } from './source-keys';
import type {
  GitRepositoryInput,
  UpdateGitRepositoryMutation,
  UpdateGitRepositoryMutationVariables,
} from '../../../lib/graphql/operation-types.gen';

export const UpdateGitRepositoryDocument = graphql<
  UpdateGitRepositoryMutation,
  UpdateGitRepositoryMutationVariables
>(`
  mutation UpdateGitRepository($id: ID!, $input: GitRepositoryInput!) {
    updateGitRepository(id: $id, input: $input) {
      id
      name
    }
  }
`);

export async function updateGitRepository(vars: { id: string; input: GitRepositoryInput }) {
  return (await gqlRequest(UpdateGitRepositoryDocument, vars)).updateGitRepository;
}

export function useUpdateGitRepository() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateGitRepository,
    gcTime: 0,
    onSuccess: (_r, { id }) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: sourceKeys.lists() }),
        queryClient.invalidateQueries({ queryKey: sourceKeys.detail(id) }),
      ]),
  });
}
