import { queryOptions, useQuery } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import type {
  ListNotificationAttemptsQuery,
  ListNotificationAttemptsQueryVariables,
} from '../../../lib/graphql/operation-types.gen';
import { notificationKeys } from './notification-keys';

export const ListNotificationAttemptsDocument = graphql<
  ListNotificationAttemptsQuery,
  ListNotificationAttemptsQueryVariables
>(`
  query ListNotificationAttempts($providerId: ID!) {
    notificationAttempts(providerId: $providerId) {
      id
      deliveryId
      at
      statusCode
      error
      latencyMs
      deliveryState
      summary
    }
  }
`);

export type NotificationAttempt = ListNotificationAttemptsQuery['notificationAttempts'][number];

export async function listAttempts(providerId: string): Promise<NotificationAttempt[]> {
  return (await gqlRequest(ListNotificationAttemptsDocument, { providerId })).notificationAttempts;
}

/** The delivery log refreshes every few seconds while open: retries land without any event to say so. */
export const attemptListQuery = (providerId: string) =>
  queryOptions({
    queryKey: notificationKeys.attempts(providerId),
    queryFn: () => listAttempts(providerId),
    refetchInterval: 3000,
  });

export function useAttempts(providerId: string) {
  return useQuery(attemptListQuery(providerId));
}
