import { useMutation, useQueryClient } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import { clusterKeys } from './cluster-keys';
import type { RegistrationToken } from './cluster-types';
import type {
  CreateRegistrationTokenInput,
  CreateRegistrationTokenMutation,
  CreateRegistrationTokenMutationVariables,
} from '../../../lib/graphql/operation-types.gen';

export const CreateRegistrationTokenDocument = graphql<
  CreateRegistrationTokenMutation,
  CreateRegistrationTokenMutationVariables
>(`
  mutation CreateRegistrationToken($input: CreateRegistrationTokenInput!) {
    createRegistrationToken(input: $input) {
      token
      expiresAt
      agentCommand
      agentManifests
      hubUrl
      agentImage
      cluster {
        id
        name
      }
    }
  }
`);

export async function createRegistrationToken(
  input: CreateRegistrationTokenInput,
): Promise<RegistrationToken> {
  return (await gqlRequest(CreateRegistrationTokenDocument, { input })).createRegistrationToken;
}

export function useCreateRegistrationToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createRegistrationToken,
    // The token itself is never cached: it lives only in the dialog that shows it once.
    gcTime: 0,
    onSuccess: async (result) => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: clusterKeys.lists() }),
        queryClient.invalidateQueries({ queryKey: clusterKeys.detail(result.cluster.id) }),
      ]);
    },
  });
}
