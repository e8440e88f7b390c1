import { gqlData, type Handler } from './mock-hub';

// The fleet overview's queries answered for a fleet with nothing to show, for tests of pages that hold it.
export const quietFleet: Record<string, Handler> = {
  FleetSummary: () =>
    gqlData({
      fleetSummary: {
        clusters: { connected: 0, disconnected: 0, pending: 0, revoked: 0 },
        objects: { ready: 0, progressing: 0, failing: 0, stalled: 0, suspended: 0 },
      },
    }),
  FleetAttention: () => gqlData({ fleetAttention: { totalCount: 0, items: [] } }),
  FleetActivity: () =>
    gqlData({ fleetActivity: { pageInfo: { hasNextPage: false, endCursor: null }, items: [] } }),
};
