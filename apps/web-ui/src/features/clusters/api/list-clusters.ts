import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import { clusterKeys, type ClusterListFilters } from './cluster-keys';
import { CLUSTER_SUMMARY_FIELDS } from './cluster-types';
import type { ListClustersQuery, ListClustersQueryVariables } from '../../../lib/graphql/operation-types.gen';

export type ClusterPage = ListClustersQuery['clusters'];

export const ListClustersDocument = graphql<ListClustersQuery, ListClustersQueryVariables>(`
  query ListClusters($selector: String, $first: Int, $after: String) {
    clusters(selector: $selector, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { ${CLUSTER_SUMMARY_FIELDS} } }
    }
  }
`);

export async function listClusters(filters: ClusterListFilters): Promise<ClusterPage> {
  const data = await gqlRequest(ListClustersDocument, {
    selector: filters.selector.trim() === '' ? null : filters.selector.trim(),
    first: filters.first,
    after: filters.after,
  });
  return data.clusters;
}

export const clusterListQuery = (filters: ClusterListFilters) =>
  queryOptions({
    queryKey: clusterKeys.list(filters),
    queryFn: () => listClusters(filters),
    placeholderData: keepPreviousData,
  });

export function useClusters(filters: ClusterListFilters, options: { enabled?: boolean } = {}) {
  return useQuery({ ...clusterListQuery(filters), enabled: options.enabled ?? true });
}
