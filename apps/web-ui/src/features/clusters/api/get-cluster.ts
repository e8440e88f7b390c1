import { queryOptions, useQuery } from '@tanstack/react-query';
import { ApiError } from '../../../lib/api-error';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import { clusterKeys } from './cluster-keys';
import { CLUSTER_SUMMARY_FIELDS, type ClusterDetail } from './cluster-types';
import type { GetClusterQuery, GetClusterQueryVariables } from '../../../lib/graphql/operation-types.gen';

export const GetClusterDocument = graphql<GetClusterQuery, GetClusterQueryVariables>(`
  query GetCluster($id: ID!) {
    cluster(id: $id) {
      ${CLUSTER_SUMMARY_FIELDS}
      variables { key value }
    }
  }
`);

export async function getCluster(id: string): Promise<ClusterDetail> {
  const { cluster } = await gqlRequest(GetClusterDocument, { id });
  if (!cluster) throw new ApiError('NOT_FOUND', 'This cluster does not exist or was deleted.');
  return cluster;
}

export const clusterDetailQuery = (id: string) =>
  queryOptions({
    queryKey: clusterKeys.detail(id),
    queryFn: () => getCluster(id),
  });

export function useCluster(id: string) {
  return useQuery(clusterDetailQuery(id));
}
