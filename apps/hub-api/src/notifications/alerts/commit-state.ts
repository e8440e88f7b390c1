import type { CommitState } from '../payloads/commit-status.js';

/** A targeted cluster and what it reported for the Kustomization (nothing yet: no row). */
export interface ClusterResult {
  name: string;
  row: {
    ready: string;
    state: string;
    lastAppliedRevision: string | null;
    lastAttemptedRevision: string | null;
  } | null;
}

/**
 * A Kustomization's result at `revision` over the clusters it targets: failure as soon as one cluster failed at
 * that revision (naming the failing clusters), success when every cluster is Ready with that revision applied,
 * pending otherwise (clusters still applying, or not reporting yet).
 */
export function commitState(
  revision: string,
  clusters: readonly ClusterResult[],
): { state: CommitState; description: string } {
  const failing = clusters
    .filter((c) => c.row?.state === 'failing' && c.row.lastAttemptedRevision === revision)
    .map((c) => c.name);
  if (failing.length > 0) {
    const shown = failing.slice(0, 5).join(', ');
    return {
      state: 'failure',
      description: `failing on ${failing.length} of ${clusters.length} clusters: ${shown}${failing.length > 5 ? ', …' : ''}`,
    };
  }
  const ready = clusters.filter(
    (c) => c.row?.ready === 'True' && c.row.lastAppliedRevision === revision,
  ).length;
  if (clusters.length > 0 && ready === clusters.length)
    return { state: 'success', description: `Ready on ${ready} cluster${ready === 1 ? '' : 's'}` };
  return { state: 'pending', description: `applied on ${ready} of ${clusters.length} clusters` };
}
