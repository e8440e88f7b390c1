import { useMutation, useQueryClient } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import type {
  CreateApiTokenInput,
  CreateApiTokenMutation,
  CreateApiTokenMutationVariables,
} from '../../../lib/graphql/operation-types.gen';
import { peopleKeys } from './people-keys';

export const CreateApiTokenDocument = graphql<CreateApiTokenMutation, CreateApiTokenMutationVariables>(`
  mutation CreateApiToken($input: CreateApiTokenInput!) {
    createApiToken(input: $input) {
      id
      name
      role
      token
      expiresAt
    }
  }
`);

export async function createApiToken(input: CreateApiTokenInput) {
  return (await gqlRequest(CreateApiTokenDocument, { input })).createApiToken;
}

export function useCreateApiToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createApiToken,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: peopleKeys.tokenLists() }),
  });
}
