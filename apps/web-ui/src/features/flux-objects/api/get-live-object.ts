import { queryOptions, useQuery } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import type { LiveObjectQuery, LiveObjectQueryVariables } from '../../../lib/graphql/operation-types.gen';
import { fluxObjectKeys, type FluxObjectRef, type ManagedObjectRef } from './flux-object-keys';

export type LiveObject = LiveObjectQuery['liveObject'];

export const LiveObjectDocument = graphql<LiveObjectQuery, LiveObjectQueryVariables>(`
  query LiveObject($owner: FluxObjectRefInput!, $target: ManagedObjectRefInput!) {
    liveObject(owner: $owner, target: $target) {
      live
      desired
      liveComparable
      desiredComparable
    }
  }
`);

// Read through the agent on demand: never cached as fresh, never retried behind the user's back (a timeout
// already took seconds; the user retries).
export const liveObjectQuery = (owner: FluxObjectRef, target: ManagedObjectRef) =>
  queryOptions({
    queryKey: fluxObjectKeys.live(owner, target),
    queryFn: async () => (await gqlRequest(LiveObjectDocument, { owner, target })).liveObject,
    staleTime: 0,
    gcTime: 0,
    retry: false,
  });

export function useLiveObject(owner: FluxObjectRef, target: ManagedObjectRef) {
  return useQuery(liveObjectQuery(owner, target));
}
