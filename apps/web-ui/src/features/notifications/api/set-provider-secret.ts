import { useMutation, useQueryClient } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import type {
  SetNotificationProviderSecretMutation,
  SetNotificationProviderSecretMutationVariables,
} from '../../../lib/graphql/operation-types.gen';
import { notificationKeys } from './notification-keys';

// Only what the hub holds instead of the Provider's Secrets: allowed on a Provider git manages.
export const SetNotificationProviderSecretDocument = graphql<
  SetNotificationProviderSecretMutation,
  SetNotificationProviderSecretMutationVariables
>(`
  mutation SetNotificationProviderSecret($id: ID!, $input: NotificationProviderSecretsInput!) {
    setNotificationProviderSecret(id: $id, input: $input) { id secretKeys hasCertificate }
  }
`);

export function useSetProviderSecret() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (vars: SetNotificationProviderSecretMutationVariables) =>
      (await gqlRequest(SetNotificationProviderSecretDocument, vars)).setNotificationProviderSecret,
    gcTime: 0,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}
