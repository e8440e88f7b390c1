import { queryOptions, useQuery } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import type { ListAlertsQuery, ListAlertsQueryVariables } from '../../../lib/graphql/operation-types.gen';
import { notificationKeys } from './notification-keys';
import { MANAGED_BY_GIT_FIELDS } from '../../fleet-sync/api/managed-by-git';

export const ALERT_FIELDS =
  'id namespace name providerId providerName eventSeverity eventSources { kind name namespace matchLabels { key value } } inclusionList exclusionList eventMetadata { key value } summary suspend clusterSelector { labels names } mode groupWindowSeconds';

export const ListAlertsDocument = graphql<ListAlertsQuery, ListAlertsQueryVariables>(`
  query ListAlerts {
    alerts { ${ALERT_FIELDS} ${MANAGED_BY_GIT_FIELDS} }
  }
`);

export type Alert = ListAlertsQuery['alerts'][number];

export async function listAlerts(): Promise<Alert[]> {
  return (await gqlRequest(ListAlertsDocument)).alerts;
}

export const alertListQuery = () =>
  queryOptions({ queryKey: notificationKeys.alerts(), queryFn: listAlerts });

export function useAlerts() {
  return useQuery(alertListQuery());
}
