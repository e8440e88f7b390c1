import { queryOptions, useQuery } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import type {
  ListNotificationProvidersQuery,
  ListNotificationProvidersQueryVariables,
} from '../../../lib/graphql/operation-types.gen';
import { notificationKeys } from './notification-keys';
import { MANAGED_BY_GIT_FIELDS } from '../../fleet-sync/api/managed-by-git';

export const PROVIDER_FIELDS =
  'id namespace name type address channel username timeout proxy suspend secretKeys hasCertificate ready message field';

export const ListNotificationProvidersDocument = graphql<
  ListNotificationProvidersQuery,
  ListNotificationProvidersQueryVariables
>(`
  query ListNotificationProviders {
    notificationProviders { ${PROVIDER_FIELDS} ${MANAGED_BY_GIT_FIELDS} }
  }
`);

export type NotificationProvider = ListNotificationProvidersQuery['notificationProviders'][number];

export async function listProviders(): Promise<NotificationProvider[]> {
  return (await gqlRequest(ListNotificationProvidersDocument)).notificationProviders;
}

export const providerListQuery = () =>
  queryOptions({ queryKey: notificationKeys.providers(), queryFn: listProviders });

export function useProviders() {
  return useQuery(providerListQuery());
}
