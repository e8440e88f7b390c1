import { queryOptions, useQuery } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import type {
  FleetAttentionQuery,
  FleetAttentionQueryVariables,
} from '../../../lib/graphql/operation-types.gen';
import { fleetKeys } from './fleet-keys';

export type FleetAttentionPage = FleetAttentionQuery['fleetAttention'];
export type FleetAttentionItem = FleetAttentionPage['items'][number];

export const ATTENTION_PAGE = 50;

export const FleetAttentionDocument = graphql<FleetAttentionQuery, FleetAttentionQueryVariables>(`
  query FleetAttention($first: Int) {
    fleetAttention(first: $first) {
      totalCount
      items {
        type
        clusterId
        clusterName
        kind
        namespace
        name
        reason
        message
        since
      }
    }
  }
`);

export const fleetAttentionQuery = () =>
  queryOptions({
    queryKey: fleetKeys.attention(),
    queryFn: async () => (await gqlRequest(FleetAttentionDocument, { first: ATTENTION_PAGE })).fleetAttention,
  });

export function useFleetAttention() {
  return useQuery(fleetAttentionQuery());
}
