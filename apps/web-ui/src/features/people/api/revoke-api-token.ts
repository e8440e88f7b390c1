import { useMutation, useQueryClient } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import type {
  RevokeApiTokenMutation,
  RevokeApiTokenMutationVariables,
} from '../../../lib/graphql/operation-types.gen';
import { peopleKeys } from './people-keys';
import { API_TOKEN_FIELDS } from './people-types';

export const RevokeApiTokenDocument = graphql<RevokeApiTokenMutation, RevokeApiTokenMutationVariables>(`
  mutation RevokeApiToken($id: ID!) {
    revokeApiToken(id: $id) { ${API_TOKEN_FIELDS} }
  }
`);

export async function revokeApiToken(id: string) {
  return (await gqlRequest(RevokeApiTokenDocument, { id })).revokeApiToken;
}

export function useRevokeApiToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: revokeApiToken,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: peopleKeys.tokenLists() }),
  });
}
