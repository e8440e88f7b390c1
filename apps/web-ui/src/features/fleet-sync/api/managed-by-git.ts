/** Where in git a hub object is declared (set when a FleetSync made it). */
export interface ManagedByGit {
  fleetSyncId: string;
  fleetSyncNamespace: string;
  fleetSyncName: string;
  sourceNamespace: string;
  sourceName: string;
  url: string | null;
  file: string;
  revision: string | null;
}

/** The GraphQL fields a detail query selects to show where the object is declared. */
export const MANAGED_BY_GIT_FIELDS = `managedBy { fleetSyncId fleetSyncNamespace fleetSyncName sourceNamespace sourceName url file revision }`;
