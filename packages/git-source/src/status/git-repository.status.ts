// GitRepository status with Flux's condition types and reasons (shared/reference/flux.md §0 and §1.1;
// source-controller's GitRepository docs): kstatus-compatible, negative-polarity conditions (FetchFailed,
// StorageOperationFailed, Reconciling, Stalled) present only while True.

export type ConditionType = 'Ready' | 'Reconciling' | 'Stalled' | 'ArtifactInStorage' | 'FetchFailed' | 'StorageOperationFailed';

export type ConditionReason =
  | 'Succeeded'
  | 'Progressing'
  | 'ProgressingWithRetry'
  | 'AuthenticationFailed'
  | 'GitOperationFailed'
  | 'URLInvalid'
  | 'ArchiveOperationFailed'
  | 'StatOperationFailed';

export interface Condition {
  type: ConditionType;
  status: 'True' | 'False' | 'Unknown';
  reason: ConditionReason;
  message: string;
  observedGeneration: number;
  lastTransitionTime: string;
}

export interface ArtifactStatus {
  /** Flux revision, e.g. `main@sha1:<commit>`. */
  revision: string;
  /** `sha256:<hex>` of the tarball. */
  digest: string;
  size: number;
  /** Path agents download from: `/artifacts/<digest>`. */
  url: string;
  /** Storage key in the artifact store. */
  path: string;
  lastUpdateTime: string;
}

export interface SourceEvent {
  /** `trace`: what Flux records as a Kubernetes Event only, never as a notification (a routine no-change fetch). */
  severity: 'info' | 'error' | 'trace';
  reason: string;
  message: string;
  revision?: string;
}

export interface GitRepositoryStatus {
  observedGeneration: number;
  conditions: Condition[];
  /** The artifact agents should use; after a failed fetch, still the last good one. */
  artifact?: ArtifactStatus;
  /** The spec.ignore the artifact was built with (Flux `observedIgnore`). */
  observedIgnore?: string;
}

export type ReconcileOutcome = 'new-artifact' | 'unchanged' | 'failed' | 'stalled' | 'suspended';

export interface GitRepositoryReconcileResult {
  outcome: ReconcileOutcome;
  status: GitRepositoryStatus;
  /** When to run again (interval with ±5% jitter, or retry backoff); undefined when stalled or suspended. */
  requeueAfterMs?: number;
  /** Consecutive failures so far (0 after a success), for the backoff. */
  failures: number;
  /** A Flux-style event worth recording (NewArtifact, a failure), if any. */
  event?: SourceEvent;
  /** Milliseconds spent listing refs, fetching and archiving (0 for skipped steps). */
  timings: { resolveMs: number; fetchMs: number; archiveMs: number };
}

export function readyCondition(status: GitRepositoryStatus): Condition | undefined {
  return status.conditions.find((c) => c.type === 'Ready');
}

/** Keeps lastTransitionTime of a condition whose status did not change, as Kubernetes conditions do. */
export function mergeConditions<C extends Pick<Condition, 'status' | 'lastTransitionTime'> & { type: string }>(previous: readonly C[] | undefined, next: C[]): C[] {
  return next.map((c) => {
    const prev = previous?.find((p) => p.type === c.type);
    return prev && prev.status === c.status ? { ...c, lastTransitionTime: prev.lastTransitionTime } : c;
  });
}

/**
 * The status to show while a reconcile runs (Flux's ProgressiveStatus): Ready Unknown/Progressing and
 * Reconciling True, the last artifact still advertised. The hub may persist it before calling the reconcile.
 */
export function progressingStatus(previous: Partial<GitRepositoryStatus> | undefined, generation: number, now: Date): GitRepositoryStatus {
  const message = !previous?.artifact
    ? 'building artifact'
    : previous.observedGeneration !== undefined && previous.observedGeneration !== generation
      ? `processing object: new generation ${previous.observedGeneration} -> ${generation}`
      : 'reconciliation in progress';
  const at = now.toISOString();
  const conditions: Condition[] = [
    { type: 'Ready', status: 'Unknown', reason: 'Progressing', message, observedGeneration: generation, lastTransitionTime: at },
    { type: 'Reconciling', status: 'True', reason: 'Progressing', message, observedGeneration: generation, lastTransitionTime: at },
  ];
  const inStorage = previous?.conditions?.find((c) => c.type === 'ArtifactInStorage' && c.status === 'True');
  if (inStorage) conditions.push(inStorage);
  return {
    observedGeneration: previous?.observedGeneration ?? -1,
    conditions: mergeConditions(previous?.conditions, conditions),
    artifact: previous?.artifact,
    observedIgnore: previous?.observedIgnore,
  };
}
