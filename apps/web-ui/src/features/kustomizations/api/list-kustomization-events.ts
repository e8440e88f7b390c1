import { queryOptions, useQuery } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import { kustomizationKeys } from './kustomization-keys';
import type {
  KustomizationEventsQuery,
  KustomizationEventsQueryVariables,
} from '../../../lib/graphql/operation-types.gen';

export type KustomizationEvent = KustomizationEventsQuery['events'][number];

export const KustomizationEventsDocument = graphql<
  KustomizationEventsQuery,
  KustomizationEventsQueryVariables
>(`
  query KustomizationEvents($kustomizationId: ID!, $clusterId: ID!) {
    events(kustomizationId: $kustomizationId, clusterId: $clusterId, first: 20) {
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
`);

export async function listKustomizationEvents(kustomizationId: string, clusterId: string) {
  return (await gqlRequest(KustomizationEventsDocument, { kustomizationId, clusterId })).events;
}

export const kustomizationEventsQuery = (id: string, clusterId: string) =>
  queryOptions({
    queryKey: kustomizationKeys.events(id, clusterId),
    queryFn: () => listKustomizationEvents(id, clusterId),
  });

export function useKustomizationEvents(id: string, clusterId: string) {
  return useQuery(kustomizationEventsQuery(id, clusterId));
}
