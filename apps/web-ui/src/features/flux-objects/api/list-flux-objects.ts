import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import type { FluxObjectFilters } from '../hooks/use-flux-object-filters';
import { fluxObjectKeys } from './flux-object-keys';
import type {
  ListFluxObjectsQuery,
  ListFluxObjectsQueryVariables,
} from '../../../lib/graphql/operation-types.gen';

export type FluxObjectRow = ListFluxObjectsQuery['fluxObjects']['edges'][number]['node'];

const PAGE = 50;

export const ListFluxObjectsDocument = graphql<ListFluxObjectsQuery, ListFluxObjectsQueryVariables>(`
  query ListFluxObjects($filter: FluxObjectFilter, $first: Int, $after: String) {
    fluxObjects(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          clusterId
          clusterName
          kind
          namespace
          name
          origin
          ready
          reason
          message
          state
          revision
          suspended
          inventoryCount
          operations
          updatedAt
          parent {
            namespace
            name
          }
        }
      }
    }
  }
`);

/** URL filters → the query's filter; blank means no restriction. */
export function toFilterInput(f: FluxObjectFilters): ListFluxObjectsQueryVariables['filter'] {
  return {
    clusterId: f.cluster || null,
    kinds: f.kind ? [f.kind] : null,
    origin: f.origin ? (f.origin === 'hub' ? 'HUB' : 'CLUSTER') : null,
    states: f.status ? [f.status.toUpperCase() as 'READY' | 'FAILING' | 'PROGRESSING' | 'SUSPENDED'] : null,
    search: f.q || null,
  };
}

export const fluxObjectListQuery = (filters: FluxObjectFilters) =>
  infiniteQueryOptions({
    queryKey: fluxObjectKeys.list(filters),
    queryFn: async ({ pageParam }) =>
      (
        await gqlRequest(ListFluxObjectsDocument, {
          filter: toFilterInput(filters),
          first: PAGE,
          after: pageParam,
        })
      ).fluxObjects,
    initialPageParam: null as string | null,
    getNextPageParam: (last) => (last.pageInfo.hasNextPage ? last.pageInfo.endCursor : undefined),
  });

export function useFluxObjects(filters: FluxObjectFilters) {
  return useInfiniteQuery(fluxObjectListQuery(filters));
}
