import { queryOptions, useQuery } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import { clusterGitOpsKeys } from './cluster-keys';
import type {
  ClusterEventsQuery,
  ClusterEventsQueryVariables,
} from '../../../lib/graphql/operation-types.gen';

export type ClusterEventRow = NonNullable<ClusterEventsQuery['cluster']>['events'][number];

export const ClusterEventsDocument = graphql<ClusterEventsQuery, ClusterEventsQueryVariables>(`
  query ClusterEvents($id: ID!) {
    cluster(id: $id) {
      id
      events(first: 50) {
        id
        clusterId
        clusterName
        involvedKind
        involvedNamespace
        involvedName
        severity
        reason
        message
        revision
        occurredAt
      }
    }
  }
`);

export async function listClusterEvents(id: string): Promise<ClusterEventRow[]> {
  return (await gqlRequest(ClusterEventsDocument, { id })).cluster?.events ?? [];
}

export const clusterEventsQuery = (id: string) =>
  queryOptions({ queryKey: clusterGitOpsKeys.events(id), queryFn: () => listClusterEvents(id) });

export function useClusterEvents(id: string) {
  return useQuery(clusterEventsQuery(id));
}
