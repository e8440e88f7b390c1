import { queryOptions, useQuery } from '@tanstack/react-query';
import { graphql } from '../../../lib/graphql/typed-document';
import { gqlRequest } from '../../../lib/graphql/request';
import type { FleetSummaryQuery, FleetSummaryQueryVariables } from '../../../lib/graphql/operation-types.gen';
import { fleetKeys } from './fleet-keys';

export type FleetSummary = FleetSummaryQuery['fleetSummary'];

export const FleetSummaryDocument = graphql<FleetSummaryQuery, FleetSummaryQueryVariables>(`
  query FleetSummary {
    fleetSummary {
      clusters {
        connected
        disconnected
        pending
        revoked
      }
      objects {
        ready
        progressing
        failing
        stalled
        suspended
      }
    }
  }
`);

export const fleetSummaryQuery = () =>
  queryOptions({
    queryKey: fleetKeys.summary(),
    queryFn: async () => (await gqlRequest(FleetSummaryDocument)).fleetSummary,
  });

export function useFleetSummary() {
  return useQuery(fleetSummaryQuery());
}
