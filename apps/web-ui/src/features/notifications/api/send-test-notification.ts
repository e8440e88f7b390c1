import { useMutation, useQueryClient } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import type {
  SendTestNotificationMutation,
  SendTestNotificationMutationVariables,
} from '../../../lib/graphql/operation-types.gen';
import { notificationKeys } from './notification-keys';

export const SendTestNotificationDocument = graphql<
  SendTestNotificationMutation,
  SendTestNotificationMutationVariables
>(`
  mutation SendTestNotification($providerId: ID!) {
    sendTestNotification(providerId: $providerId)
  }
`);

export async function sendTestNotification(providerId: string) {
  return (await gqlRequest(SendTestNotificationDocument, { providerId })).sendTestNotification;
}

export function useSendTestNotification() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: sendTestNotification,
    onSuccess: (_ok, providerId) =>
      queryClient.invalidateQueries({ queryKey: notificationKeys.attempts(providerId) }),
  });
}
