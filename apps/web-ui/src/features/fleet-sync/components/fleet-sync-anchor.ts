/** The row of the FleetSyncs page a managed object's page links to (`/fleet-syncs#fleet-sync-<id>`). */
export const fleetSyncAnchor = (id: string): string => `fleet-sync-${id}`;
