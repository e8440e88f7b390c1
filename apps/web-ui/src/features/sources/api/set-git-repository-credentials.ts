import { useMutation, useQueryClient } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import { sourceKeys } from './source-keys';
import type {
  SetGitRepositoryCredentialsMutation,
  SetGitRepositoryCredentialsMutationVariables,
} from '../../../lib/graphql/operation-types.gen';

export const SetGitRepositoryCredentialsDocument = graphql<
  SetGitRepositoryCredentialsMutation,
  SetGitRepositoryCredentialsMutationVariables
>(`
  mutation SetGitRepositoryCredentials($id: ID!, $credentials: GitCredentialsInput, $clear: Boolean) {
    setGitRepositoryCredentials(id: $id, credentials: $credentials, clear: $clear) {
      id
      credentialsKind
    }
  }
`);

export function useSetGitRepositoryCredentials() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (vars: SetGitRepositoryCredentialsMutationVariables) =>
      (await gqlRequest(SetGitRepositoryCredentialsDocument, vars)).setGitRepositoryCredentials,
    gcTime: 0,
    onSuccess: (_r, { id }) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: sourceKeys.lists() }),
        queryClient.invalidateQueries({ queryKey: sourceKeys.detail(String(id)) }),
      ]),
  });
}
