import type { InfiniteData, QueryClient } from '@tanstack/react-query';
import { fleetKeys } from './fleet-keys';
import { idBatcher } from './id-batch';
import { fetchRolloutRows, type RolloutPage, type RolloutRow, type RolloutTarget } from './rollout';

// Live updates of the rollout matrix, as the cluster table does them: a report about a cluster whose row is
// loaded queues it; the queued rows are fetched by id (per open matrix) and written over the loaded ones, which
// keep their place. A cluster that no longer runs any of the objects leaves the matrix.

export const ROLLOUT_PATCH_DELAY_MS = 500;
const MAX_IDS = 200;

type MatrixData = InfiniteData<RolloutPage, string | null>;

const matrices = (queryClient: QueryClient) =>
  queryClient.getQueriesData<MatrixData>({ queryKey: fleetKeys.rolloutMatrices() });

const holds = (data: MatrixData | undefined, id: string): boolean =>
  data?.pages.some((p) => p.rows.some((r) => r.clusterId === id)) ?? false;

/** Writes fresh rows over the loaded ones of `asked` clusters; an asked cluster not in `fresh` is dropped. */
export function patchRolloutRows(
  queryClient: QueryClient,
  queryKey: readonly unknown[],
  asked: readonly string[],
  fresh: RolloutRow[],
): void {
  const data = queryClient.getQueryData<MatrixData>(queryKey);
  if (!data) return;
  const byId = new Map(fresh.map((r) => [r.clusterId, r]));
  const gone = new Set(asked.filter((id) => !byId.has(id)));
  const pages = data.pages.map((page) =>
    page.rows.some((r) => byId.has(r.clusterId) || gone.has(r.clusterId))
      ? {
          ...page,
          rows: page.rows.filter((r) => !gone.has(r.clusterId)).map((r) => byId.get(r.clusterId) ?? r),
        }
      : page,
  );
  queryClient.setQueryData<MatrixData>(queryKey, { ...data, pages });
}

const queue = idBatcher(
  async (queryClient, ids) => {
    await Promise.all(
      matrices(queryClient).map(async ([key, data]) => {
        const mine = ids.filter((id) => holds(data, id));
        if (mine.length === 0) return;
        const [target, groupBy] = key.slice(-2) as [RolloutTarget, string];
        patchRolloutRows(queryClient, key, mine, await fetchRolloutRows(target, groupBy, mine));
      }),
    );
  },
  ROLLOUT_PATCH_DELAY_MS,
  MAX_IDS,
);

/** Refreshes the cluster's row in every open rollout matrix, soon and together with other changed rows. */
export function queueRolloutRowPatch(queryClient: QueryClient, clusterId: string): void {
  if (matrices(queryClient).some(([, data]) => holds(data, clusterId))) queue(queryClient, clusterId);
}
