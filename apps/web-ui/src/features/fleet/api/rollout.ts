import {
  infiniteQueryOptions,
  keepPreviousData,
  queryOptions,
  useInfiniteQuery,
  useQuery,
} from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import type {
  FleetRolloutClustersQuery,
  FleetRolloutClustersQueryVariables,
  FleetRolloutSpreadQuery,
  FleetRolloutSpreadQueryVariables,
  FleetRolloutSummaryQuery,
  FleetRolloutSummaryQueryVariables,
} from '../../../lib/graphql/operation-types.gen';
import { fleetKeys, type RolloutKey } from './fleet-keys';

export type RolloutTarget = RolloutKey;

export type RolloutSummary = FleetRolloutSummaryQuery['fleetRolloutSummary'];
export type RolloutPage = FleetRolloutClustersQuery['fleetRolloutClusters'];
export type RolloutRow = RolloutPage['rows'][number];
export type RolloutSpread = FleetRolloutSpreadQuery['fleetRolloutSpread'];

/** Rows per request; the matrix asks for the next page as its scroll nears the end of what it has. */
export const ROLLOUT_PAGE = 100;

/** The rollout view's link for an object or a hub source. */
export function rolloutHref(target: RolloutTarget, groupBy = ''): string {
  const params = new URLSearchParams({ kind: target.kind, namespace: target.namespace, name: target.name });
  if (groupBy) params.set('group', groupBy);
  return `/rollout?${params.toString()}`;
}

export const FleetRolloutSummaryDocument = graphql<
  FleetRolloutSummaryQuery,
  FleetRolloutSummaryQueryVariables
>(`
  query FleetRolloutSummary($target: FleetRolloutTarget!, $groupBy: String) {
    fleetRolloutSummary(target: $target, groupBy: $groupBy) {
      objects {
        kind
        namespace
        name
      }
      objectsTruncated
      clusters
      pending
      revisions {
        revision
        clusters
        firstSeenAt
        newest
      }
      groups {
        value
        clusters
        onNewest
        onOlder
        pending
      }
      groupsTruncated
    }
  }
`);

export const FleetRolloutClustersDocument = graphql<
  FleetRolloutClustersQuery,
  FleetRolloutClustersQueryVariables
>(`
  query FleetRolloutClusters(
    $target: FleetRolloutTarget!
    $groupBy: String
    $ids: [ID!]
    $first: Int
    $after: String
  ) {
    fleetRolloutClusters(target: $target, groupBy: $groupBy, ids: $ids, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      rows {
        clusterId
        clusterName
        connectionState
        lastSeenAt
        group
        cells {
          object
          health
          revision
        }
        pending {
          object
          reason
        }
      }
    }
  }
`);

export const FleetRolloutSpreadDocument = graphql<FleetRolloutSpreadQuery, FleetRolloutSpreadQueryVariables>(`
  query FleetRolloutSpread($target: FleetRolloutTarget!) {
    fleetRolloutSpread(target: $target) {
      revision
      points {
        at
        clusters
      }
    }
  }
`);

const groupOf = (groupBy: string): string | null => groupBy.trim() || null;

export function useRolloutSummary(target: RolloutTarget, groupBy: string) {
  return useQuery(
    queryOptions({
      queryKey: fleetKeys.rolloutSummary(target, groupBy),
      queryFn: async () =>
        (await gqlRequest(FleetRolloutSummaryDocument, { target, groupBy: groupOf(groupBy) }))
          .fleetRolloutSummary,
      placeholderData: keepPreviousData,
    }),
  );
}

export function useRolloutClusters(target: RolloutTarget, groupBy: string) {
  return useInfiniteQuery(
    infiniteQueryOptions({
      queryKey: fleetKeys.rolloutMatrix(target, groupBy),
      queryFn: async ({ pageParam }) =>
        (
          await gqlRequest(FleetRolloutClustersDocument, {
            target,
            groupBy: groupOf(groupBy),
            first: ROLLOUT_PAGE,
            after: pageParam,
          })
        ).fleetRolloutClusters,
      initialPageParam: null as string | null,
      getNextPageParam: (last: RolloutPage) => (last.pageInfo.hasNextPage ? last.pageInfo.endCursor : null),
      // A regroup keeps the old rows on screen until the new first page arrives.
      placeholderData: keepPreviousData,
    }),
  );
}

export function useRolloutSpread(target: RolloutTarget) {
  return useQuery(
    queryOptions({
      queryKey: fleetKeys.rolloutSpread(target),
      queryFn: async () => (await gqlRequest(FleetRolloutSpreadDocument, { target })).fleetRolloutSpread,
    }),
  );
}

/** The current rows of a few clusters in one matrix: what a live patch writes into it. */
export async function fetchRolloutRows(
  target: RolloutTarget,
  groupBy: string,
  ids: string[],
): Promise<RolloutRow[]> {
  return (
    await gqlRequest(FleetRolloutClustersDocument, {
      target,
      groupBy: groupOf(groupBy),
      ids,
      first: ids.length,
    })
  ).fleetRolloutClusters.rows;
}
