// The one query-key factory of the fleet dashboard. Live events stale the branches they can change: object
// health (summary, attention, the cluster table) or activity.
export interface FleetActivityFilters {
  severity: 'info' | 'error' | '';
  kind: string;
  selector: string;
}

export const fleetKeys = {
  all: ['fleet'] as const,
  health: () => [...fleetKeys.all, 'health'] as const,
  summary: () => [...fleetKeys.health(), 'summary'] as const,
  attention: () => [...fleetKeys.health(), 'attention'] as const,
  activities: () => [...fleetKeys.all, 'activity'] as const,
  activity: (filters: FleetActivityFilters) => [...fleetKeys.activities(), filters] as const,
  searches: () => [...fleetKeys.all, 'search'] as const,
  search: (text: string) => [...fleetKeys.searches(), text] as const,
};
