import { useMutation, useQueryClient } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import { sourceKeys } from './source-keys';
import type {
  CreateGitRepositoryMutation,
  CreateGitRepositoryMutationVariables,
  GitRepositoryInput,
} from '../../../lib/graphql/operation-types.gen';

export const CreateGitRepositoryDocument = graphql<
  CreateGitRepositoryMutation,
  CreateGitRepositoryMutationVariables
>(`
  mutation CreateGitRepository($input: GitRepositoryInput!) {
    createGitRepository(input: $input) {
      id
      name
    }
  }
`);

export async function createGitRepository(input: GitRepositoryInput) {
  return (await gqlRequest(CreateGitRepositoryDocument, { input })).createGitRepository;
}

export function useCreateGitRepository() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createGitRepository,
    // The input may hold credentials: never keep it in the mutation cache longer than the request.
    gcTime: 0,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: sourceKeys.lists() }),
  });
}
