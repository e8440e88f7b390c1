import { useMutation, useQueryClient } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import type {
  CreateNotificationProviderMutation,
  CreateNotificationProviderMutationVariables,
  NotificationProviderInput,
} from '../../../lib/graphql/operation-types.gen';
import { notificationKeys } from './notification-keys';
import { PROVIDER_FIELDS } from './list-providers';

export const CreateNotificationProviderDocument = graphql<
  CreateNotificationProviderMutation,
  CreateNotificationProviderMutationVariables
>(`
  mutation CreateNotificationProvider($input: NotificationProviderInput!) {
    createNotificationProvider(input: $input) { ${PROVIDER_FIELDS} }
  }
`);

export async function createProvider(input: NotificationProviderInput) {
  return (await gqlRequest(CreateNotificationProviderDocument, { input })).createNotificationProvider;
}

export function useCreateProvider() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createProvider,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationKeys.providers() }),
  });
}
