import { queryOptions, useQuery } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import type {
  ListReceiversQuery,
  ListReceiversQueryVariables,
} from '../../../lib/graphql/operation-types.gen';
import { notificationKeys } from './notification-keys';
import { MANAGED_BY_GIT_FIELDS } from '../../fleet-sync/api/managed-by-git';

export const RECEIVER_FIELDS =
  'id namespace name type events resources { kind name namespace matchLabels { key value } } suspend gcrAudience gcrEmail webhookPath lastReceivedAt createdAt';

export const ListReceiversDocument = graphql<ListReceiversQuery, ListReceiversQueryVariables>(`
  query ListReceivers {
    receivers { ${RECEIVER_FIELDS} ${MANAGED_BY_GIT_FIELDS} }
  }
`);

export type Receiver = ListReceiversQuery['receivers'][number];

export async function listReceivers(): Promise<Receiver[]> {
  return (await gqlRequest(ListReceiversDocument)).receivers;
}

export const receiverListQuery = () =>
  queryOptions({ queryKey: notificationKeys.receivers(), queryFn: listReceivers });

export function useReceivers() {
  return useQuery(receiverListQuery());
}
