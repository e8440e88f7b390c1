import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import type {
  EventSeverity,
  FleetActivityQuery,
  FleetActivityQueryVariables,
  FluxKind,
} from '../../../lib/graphql/operation-types.gen';
import { fleetKeys, type FleetActivityFilters } from './fleet-keys';

export type FleetActivityItem = FleetActivityQuery['fleetActivity']['items'][number];

export const FleetActivityDocument = graphql<FleetActivityQuery, FleetActivityQueryVariables>(`
  query FleetActivity($filter: FleetActivityFilter, $first: Int) {
    fleetActivity(filter: $filter, first: $first) {
      pageInfo {
        hasNextPage
        endCursor
      }
      items {
        id
        clusterId
        clusterName
        kind
        namespace
        name
        severity
        reason
        message
        revision
        occurredAt
      }
    }
  }
`);

const SEVERITY: Record<'info' | 'error', EventSeverity> = { info: 'INFO', error: 'ERROR' };

export const fleetActivityQuery = (filters: FleetActivityFilters) =>
  queryOptions({
    queryKey: fleetKeys.activity(filters),
    queryFn: async () =>
      (
        await gqlRequest(FleetActivityDocument, {
          first: 50,
          filter: {
            severities: filters.severity ? [SEVERITY[filters.severity]] : null,
            kinds: filters.kind ? [filters.kind as FluxKind] : null,
            selector: filters.selector.trim() || null,
          },
        })
      ).fleetActivity,
    placeholderData: keepPreviousData,
  });

export function useFleetActivity(filters: FleetActivityFilters, options: { enabled?: boolean } = {}) {
  return useQuery({ ...fleetActivityQuery(filters), enabled: options.enabled ?? true });
}
