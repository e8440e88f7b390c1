import { queryOptions, useQuery } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import { clusterGitOpsKeys } from './cluster-keys';
import type {
  ClusterKustomizationsQuery,
  ClusterKustomizationsQueryVariables,
} from '../../../lib/graphql/operation-types.gen';

export type ClusterKustomizationRow = NonNullable<
  ClusterKustomizationsQuery['cluster']
>['kustomizations'][number];

export const ClusterKustomizationsDocument = graphql<
  ClusterKustomizationsQuery,
  ClusterKustomizationsQueryVariables
>(`
  query ClusterKustomizations($id: ID!) {
    cluster(id: $id) {
      id
      kustomizations {
        ready
        reason
        message
        lastAppliedRevision
        lastAttemptedRevision
        updatedAt
        kustomization {
          id
          name
          suspend
          sourceRef {
            name
          }
        }
        inventory {
          id
          version
          group
          kind
          namespace
          name
        }
      }
    }
  }
`);

export async function listClusterKustomizations(id: string): Promise<ClusterKustomizationRow[]> {
  return (await gqlRequest(ClusterKustomizationsDocument, { id })).cluster?.kustomizations ?? [];
}

export const clusterKustomizationsQuery = (id: string) =>
  queryOptions({
    queryKey: clusterGitOpsKeys.kustomizations(id),
    queryFn: () => listClusterKustomizations(id),
  });

export function useClusterKustomizations(id: string) {
  return useQuery(clusterKustomizationsQuery(id));
}
