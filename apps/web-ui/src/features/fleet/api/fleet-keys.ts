import type {
  ClusterConnectionState,
  FleetClusterSortField,
  FleetClusterWorst,
  FluxKind,
} from '../../../lib/graphql/operation-types.gen';

// The one query-key factory of the fleet dashboard. Live events stale the branches they can change: object
// health (summary, attention) or activity. The cluster table and the rollout matrix are not staled: their loaded
// rows are patched one by one (patch-cluster-rows.ts, patch-rollout-rows.ts), since refetching every loaded page
// on each report would not keep up.
export interface FleetActivityFilters {
  severity: 'info' | 'error' | '';
  kind: string;
  selector: string;
}

export interface ClusterTableFilters {
  selector: string;
  search: string;
  worst: FleetClusterWorst[];
  /** The worst object's Ready reason (HealthCheckFailed…), any of these. */
  reasons: string[];
  states: ClusterConnectionState[];
  /** Only clusters with objects behind the revision they attempted. */
  behind: boolean;
  sort: FleetClusterSortField;
  descending: boolean;
}

/** What a rollout view follows (its kind, namespace and name). */
export interface RolloutKey {
  kind: FluxKind;
  namespace: string;
  name: string;
}

export const fleetKeys = {
  all: ['fleet'] as const,
  health: () => [...fleetKeys.all, 'health'] as const,
  summary: () => [...fleetKeys.health(), 'summary'] as const,
  attention: () => [...fleetKeys.health(), 'attention'] as const,
  activities: () => [...fleetKeys.all, 'activity'] as const,
  activity: (filters: FleetActivityFilters) => [...fleetKeys.activities(), filters] as const,
  clusterTables: () => [...fleetKeys.all, 'clusters'] as const,
  clusterTable: (filters: ClusterTableFilters) => [...fleetKeys.clusterTables(), filters] as const,
  searches: () => [...fleetKeys.all, 'search'] as const,
  search: (text: string) => [...fleetKeys.searches(), text] as const,
  rollouts: () => [...fleetKeys.all, 'rollout'] as const,
  rolloutSummaries: () => [...fleetKeys.rollouts(), 'summary'] as const,
  rolloutSummary: (target: RolloutKey, groupBy: string) =>
    [...fleetKeys.rolloutSummaries(), target, groupBy] as const,
  rolloutMatrices: () => [...fleetKeys.rollouts(), 'matrix'] as const,
  /** The last two parts are what a live patch fetches rows of this matrix with (patch-rollout-rows.ts). */
  rolloutMatrix: (target: RolloutKey, groupBy: string) =>
    [...fleetKeys.rolloutMatrices(), target, groupBy] as const,
  rolloutSpreads: () => [...fleetKeys.rollouts(), 'spread'] as const,
  rolloutSpread: (target: RolloutKey) => [...fleetKeys.rolloutSpreads(), target] as const,
};
