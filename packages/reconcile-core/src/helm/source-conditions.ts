const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

// The conditions source-controller writes on HelmRepository and HelmChart (the agent's, and the hub's fetched
// once for the fleet) and on the hub's OCIRepositories: Ready with the reason of what
// happened, ArtifactInStorage while an artifact is kept, FetchFailed (fetching the index, pulling a chart's
// source or an artifact), BuildFailed (building the chart) or StorageOperationFailed (storing it) naming a failure, SourceVerified for a chart whose signature was
// checked (False when refused), Stalled when only a spec change can help. A
// condition that keeps its status keeps its lastTransitionTime.

export interface SourceCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  lastTransitionTime: string;
}

export type SourceFailureType = 'FetchFailed' | 'BuildFailed' | 'StorageOperationFailed' | 'SourceVerified';

export function conditionsOf(status: Record<string, unknown> | undefined): SourceCondition[] {
  const list = status?.conditions;
  return Array.isArray(list) ? (list.filter((c) => isRecord(c) && typeof c.type === 'string') as unknown as SourceCondition[]) : [];
}

function merge(previous: readonly SourceCondition[], next: SourceCondition[]): SourceCondition[] {
  return next.map((c) => {
    const prev = previous.find((p) => p.type === c.type);
    return prev && prev.status === c.status ? { ...c, lastTransitionTime: prev.lastTransitionTime } : c;
  });
}

const make = (type: string, status: SourceCondition['status'], reason: string, message: string, now: Date): SourceCondition => ({ type, status, reason, message, lastTransitionTime: now.toISOString() });

export function succeededConditions(previous: Record<string, unknown> | undefined, message: string, now: Date, verified?: string): SourceCondition[] {
  return merge(conditionsOf(previous), [make('Ready', 'True', 'Succeeded', message, now), make('ArtifactInStorage', 'True', 'Succeeded', message, now), ...(verified ? [make('SourceVerified', 'True', 'Succeeded', verified, now)] : [])]);
}

export function failedConditions(previous: Record<string, unknown> | undefined, f: { type: SourceFailureType; reason: string; message: string; stalled?: boolean; artifactKept: boolean }, now: Date): SourceCondition[] {
  const kept = conditionsOf(previous).find((c) => c.type === 'ArtifactInStorage');
  return merge(conditionsOf(previous), [
    make('Ready', 'False', f.reason, f.message, now),
    make(f.type, f.type === 'SourceVerified' ? 'False' : 'True', f.reason, f.message, now),
    ...(f.stalled ? [make('Stalled', 'True', f.reason, f.message, now)] : []),
    ...(f.artifactKept && kept ? [kept] : []),
  ]);
}

/** Ready=Unknown / Reconciling=True while a fetch or build runs, as Flux's progressive status. */
export function progressingConditions(previous: Record<string, unknown> | undefined, message: string, now: Date): SourceCondition[] {
  const others = conditionsOf(previous).filter((c) => c.type === 'ArtifactInStorage');
  return merge(conditionsOf(previous), [make('Reconciling', 'True', 'Progressing', message, now), make('Ready', 'Unknown', 'Progressing', message, now), ...others]);
}
