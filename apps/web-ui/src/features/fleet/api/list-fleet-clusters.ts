import { infiniteQueryOptions, keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import type {
  FleetClusterFilter,
  FleetClustersQuery,
  FleetClustersQueryVariables,
} from '../../../lib/graphql/operation-types.gen';
import { fleetKeys, type ClusterTableFilters } from './fleet-keys';

export type FleetClusterPage = FleetClustersQuery['fleetClusters'];
export type FleetClusterRow = FleetClusterPage['rows'][number];

/** Rows per request; the table asks for the next page as its scroll nears the end of what it has. */
export const CLUSTER_TABLE_PAGE = 100;

export const FleetClustersDocument = graphql<FleetClustersQuery, FleetClustersQueryVariables>(`
  query FleetClusters($filter: FleetClusterFilter, $sort: FleetClusterSort, $first: Int, $after: String) {
    fleetClusters(filter: $filter, sort: $sort, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      rows {
        id
        name
        labels {
          key
          value
        }
        connectionState
        lastSeenAt
        total
        ready
        failing
        stalled
        progressing
        suspended
        worst
        worstReason
        revisions
        behind
      }
    }
  }
`);

export function filterOf(filters: ClusterTableFilters): FleetClusterFilter {
  return {
    selector: filters.selector.trim() || null,
    search: filters.search.trim() || null,
    worst: filters.worst.length ? filters.worst : null,
    worstReasons: filters.reasons.length ? filters.reasons : null,
    connectionStates: filters.states.length ? filters.states : null,
    behind: filters.behind || null,
  };
}

export const fleetClustersQuery = (filters: ClusterTableFilters) =>
  infiniteQueryOptions({
    queryKey: fleetKeys.clusterTable(filters),
    queryFn: async ({ pageParam }) =>
      (
        await gqlRequest(FleetClustersDocument, {
          filter: filterOf(filters),
          sort: { field: filters.sort, descending: filters.descending },
          first: CLUSTER_TABLE_PAGE,
          after: pageParam,
        })
      ).fleetClusters,
    initialPageParam: null as string | null,
    getNextPageParam: (last: FleetClusterPage) =>
      last.pageInfo.hasNextPage ? last.pageInfo.endCursor : null,
    // A filter change keeps the old rows on screen until the new first page arrives.
    placeholderData: keepPreviousData,
  });

export function useFleetClusters(filters: ClusterTableFilters, options: { enabled: boolean }) {
  return useInfiniteQuery({ ...fleetClustersQuery(filters), enabled: options.enabled });
}

/** The current rows of a few clusters, whatever the table's filter: what a live patch writes into it. */
export async function fetchClusterRows(ids: string[]): Promise<FleetClusterRow[]> {
  return (await gqlRequest(FleetClustersDocument, { filter: { ids }, first: ids.length })).fleetClusters.rows;
}
