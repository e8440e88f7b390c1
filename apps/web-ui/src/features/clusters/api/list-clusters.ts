import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import { clusterKeys, type ClusterListFilters } from './cluster-keys';
import { CLUSTER_SUMMARY_FIELDS, type ClusterSummary } from './cluster-types';

export interface ClusterPage {
  edges: { cursor: string; node: ClusterSummary }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

export const ListClustersDocument = graphql<
  { clusters: ClusterPage },
  { selector: string | null; first: number; after: string | null }
>(`
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
