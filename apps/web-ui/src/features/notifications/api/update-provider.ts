import { useMutation, useQueryClient } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import type {
  NotificationProviderInput,
  UpdateNotificationProviderMutation,
  UpdateNotificationProviderMutationVariables,
} from '../../../lib/graphql/operation-types.gen';
import { notificationKeys } from './notification-keys';
import { PROVIDER_FIELDS } from './list-providers';

export const UpdateNotificationProviderDocument = graphql<
  UpdateNotificationProviderMutation,
  UpdateNotificationProviderMutationVariables
>(`
  mutation UpdateNotificationProvider($id: ID!, $input: NotificationProviderInput!) {
    updateNotificationProvider(id: $id, input: $input) { ${PROVIDER_FIELDS} }
  }
`);

export async function updateProvider(v: { id: string; input: NotificationProviderInput }) {
  return (await gqlRequest(UpdateNotificationProviderDocument, v)).updateNotificationProvider;
}

export function useUpdateProvider() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateProvider,
    // Alerts show their Provider's name, which an edit may change.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}
