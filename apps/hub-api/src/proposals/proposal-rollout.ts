import type { AssignmentCluster } from '../assignments/assignment-document.js';
import { placementOf, placementTargets } from '../kustomizations/placement.js';
import type { DiffKustomization } from './cluster-diffs.js';

export type RolloutPhase = 'waiting' | 'applied' | 'healthy' | 'failed';

export interface ClusterRollout {
  kustomization: string;
  cluster: string;
  phase: RolloutPhase;
  /** The revision the cluster reports as applied, if any. */
  revision: string | null;
  message: string;
}

/** What the hub knows of a Kustomization on a cluster (its flux_objects row). */
export interface ReportedStatus {
  kustomizationId: string | null;
  clusterId: string;
  ready: string;
  readyReason: string | null;
  readyMessage: string | null;
  lastAppliedRevision: string | null;
  lastAttemptedRevision: string | null;
}

const atCommit = (revision: string | null, commit: string): boolean => revision !== null && revision.endsWith(`sha1:${commit}`);

/**
 * Where a merged commit is on each targeted cluster, from the statuses agents reported: waiting (the source
 * has not reached the commit there yet), applied (applied, not yet Ready), healthy (Ready at the commit),
 * or failed (the attempt at the commit is Ready=False, with Flux's reason).
 */
export function rolloutOf(commit: string, kustomizations: readonly (DiffKustomization & { id: string })[], clusters: readonly AssignmentCluster[], statuses: readonly ReportedStatus[]): ClusterRollout[] {
  const out: ClusterRollout[] = [];
  for (const k of kustomizations) {
    const placement = placementOf(k.placement);
    for (const c of clusters) {
      if (!placementTargets(placement, c)) continue;
      const s = statuses.find((x) => x.kustomizationId === k.id && x.clusterId === c.id);
      const base = { kustomization: `${k.namespace}/${k.name}`, cluster: c.name, revision: s?.lastAppliedRevision ?? null };
      if (s && atCommit(s.lastAppliedRevision, commit)) {
        out.push(s.ready === 'True' ? { ...base, phase: 'healthy', message: s.readyMessage ?? 'Ready' } : { ...base, phase: 'applied', message: s.readyMessage ?? 'applied, not Ready yet' });
      } else if (s && atCommit(s.lastAttemptedRevision, commit) && s.ready === 'False') {
        out.push({ ...base, phase: 'failed', message: `${s.readyReason ?? 'Failed'}: ${s.readyMessage ?? ''}`.trim() });
      } else {
        out.push({ ...base, phase: 'waiting', message: s?.lastAppliedRevision ? `runs ${s.lastAppliedRevision}; waiting for the source at ${commit.slice(0, 7)}` : 'waiting for the first report' });
      }
    }
  }
  return out;
}
