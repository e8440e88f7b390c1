import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import type { FleetSearchQuery, FleetSearchQueryVariables } from '../../../lib/graphql/operation-types.gen';
import { fleetKeys } from './fleet-keys';

export type FleetSearchResult = FleetSearchQuery['fleetSearch'];

/** The hub's trigram search needs this many characters; shorter text is not sent. */
export const MIN_SEARCH = 3;

export const FleetSearchDocument = graphql<FleetSearchQuery, FleetSearchQueryVariables>(`
  query FleetSearch($query: String!) {
    fleetSearch(query: $query, first: 20) {
      truncated
      objects {
        clusterId
        clusterName
        kind
        namespace
        name
        health
        revision
      }
      inventory {
        clusterId
        clusterName
        group
        kind
        namespace
        name
        ownerKind
        ownerNamespace
        ownerName
      }
      images {
        clusterId
        clusterName
        group
        kind
        namespace
        name
        image
        ownerKind
        ownerNamespace
        ownerName
      }
    }
  }
`);

export const fleetSearchQuery = (text: string) =>
  queryOptions({
    queryKey: fleetKeys.search(text),
    queryFn: async () => (await gqlRequest(FleetSearchDocument, { query: text })).fleetSearch,
    placeholderData: keepPreviousData,
  });

export function useFleetSearch(text: string) {
  const trimmed = text.trim();
  return useQuery({ ...fleetSearchQuery(trimmed), enabled: trimmed.length >= MIN_SEARCH });
}
