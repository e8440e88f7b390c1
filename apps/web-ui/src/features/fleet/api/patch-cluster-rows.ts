import type { InfiniteData, QueryClient } from '@tanstack/react-query';
import { fetchClusterRows, type FleetClusterPage, type FleetClusterRow } from './list-fleet-clusters';
import { fleetKeys } from './fleet-keys';
import { idBatcher } from './id-batch';

// Live updates of the cluster table. At fleet scale reports arrive faster than the table's aggregate query
// answers, and a user may have thousands of rows loaded: refetching every loaded page per event would not keep
// up. Instead an event about a cluster whose row is loaded queues that cluster; once per PATCH_DELAY_MS the
// queued rows (at most the hub's 200 per request) are fetched by id and written into every loaded table.
// Rows nobody changed keep their object identity, so React re-renders only the patched ones. A row keeps its
// place until the next full fetch (a filter or sort change, a reconnect): rows that jump while you read them
// are worse than an order a few seconds old.

export const PATCH_DELAY_MS = 500;
const MAX_IDS = 200;

type TableData = InfiniteData<FleetClusterPage, string | null>;

const tables = (queryClient: QueryClient) =>
  queryClient.getQueriesData<TableData>({ queryKey: fleetKeys.clusterTables() });

function isLoaded(queryClient: QueryClient, clusterId: string): boolean {
  return tables(queryClient).some(([, data]) =>
    data?.pages.some((p) => p.rows.some((r) => r.id === clusterId)),
  );
}

/** Writes fresh rows over the loaded ones with the same id; everything else stays as it was. */
export function patchClusterRows(queryClient: QueryClient, fresh: FleetClusterRow[]): void {
  if (fresh.length === 0) return;
  const byId = new Map(fresh.map((r) => [r.id, r]));
  for (const [key, data] of tables(queryClient)) {
    if (!data) continue;
    let changed = false;
    const pages = data.pages.map((page) => {
      if (!page.rows.some((r) => byId.has(r.id))) return page;
      changed = true;
      return { ...page, rows: page.rows.map((r) => byId.get(r.id) ?? r) };
    });
    if (changed) queryClient.setQueryData<TableData>(key, { ...data, pages });
  }
}

const queue = idBatcher(
  async (queryClient, ids) => patchClusterRows(queryClient, await fetchClusterRows(ids)),
  PATCH_DELAY_MS,
  MAX_IDS,
);

/** Refreshes the cluster's row in every loaded cluster table, soon and together with other changed rows. */
export function queueClusterRowPatch(queryClient: QueryClient, clusterId: string): void {
  if (isLoaded(queryClient, clusterId)) queue(queryClient, clusterId);
}
