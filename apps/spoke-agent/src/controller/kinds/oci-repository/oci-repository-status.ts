import { mergeConditions, type ArtifactStatus } from '@flotilla/git-source';
import type { LayerSelector } from '@flotilla/oci-source';
import { isRecord } from '../../../k8s/object-ref.js';
import type { FluxObject, ReconcileResult } from '../../kind-reconciler.js';

// OCIRepository's status as source-controller writes it: Ready, Reconciling, Stalled, ArtifactInStorage,
// FetchFailed, StorageOperationFailed and SourceVerified conditions (the negative ones present only while
// True), the artifact with the manifest's annotations as metadata, observedIgnore, observedLayerSelector and
// the artifact's url. A Bucket's status has the same shape (without the layer selector and SourceVerified,
// with ArtifactOutdated while a new revision is fetched), so the Bucket reconciler shares this file.

export type OciConditionType = 'Ready' | 'Reconciling' | 'Stalled' | 'ArtifactInStorage' | 'ArtifactOutdated' | 'FetchFailed' | 'StorageOperationFailed' | 'SourceVerified';

export interface OciCondition {
  type: OciConditionType;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  observedGeneration: number;
  lastTransitionTime: string;
}

/** A source artifact as GitRepository's, plus the manifest's annotations. */
export interface OciArtifact extends ArtifactStatus {
  metadata?: Record<string, string>;
}

export interface OciRepositoryStatus {
  observedGeneration?: number;
  conditions: OciCondition[];
  artifact?: OciArtifact;
  url?: string;
  observedIgnore?: string;
  observedLayerSelector?: LayerSelector;
}

const conditionTypes = new Set<string>(['Ready', 'Reconciling', 'Stalled', 'ArtifactInStorage', 'ArtifactOutdated', 'FetchFailed', 'StorageOperationFailed', 'SourceVerified']);

/** The status as read from the object; an artifact without its storage path (written elsewhere) counts as none. */
export function previousOciStatus(status: Record<string, unknown> | undefined): OciRepositoryStatus {
  const conditions = Array.isArray(status?.conditions) ? (status.conditions.filter((c) => isRecord(c) && typeof c.type === 'string' && conditionTypes.has(c.type)) as unknown as OciCondition[]) : [];
  const a = status?.artifact;
  const artifact = isRecord(a) && typeof a.revision === 'string' && typeof a.digest === 'string' && typeof a.path === 'string' ? (a as unknown as OciArtifact) : undefined;
  const selector = status?.observedLayerSelector;
  return {
    ...(typeof status?.observedGeneration === 'number' ? { observedGeneration: status.observedGeneration } : {}),
    conditions,
    ...(artifact ? { artifact } : {}),
    ...(typeof status?.url === 'string' ? { url: status.url } : {}),
    ...(typeof status?.observedIgnore === 'string' ? { observedIgnore: status.observedIgnore } : {}),
    ...(isRecord(selector) ? { observedLayerSelector: selector as LayerSelector } : {}),
  };
}

export function conditionOf(status: OciRepositoryStatus, type: OciConditionType): OciCondition | undefined {
  return status.conditions.find((c) => c.type === type);
}

/** The object's next status: conditions keep their transition time while their status stays the same. */
export function toObjectStatus(next: OciRepositoryStatus, previous: OciRepositoryStatus, current: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = { conditions: mergeConditions(previous.conditions, next.conditions) };
  if (next.observedGeneration !== undefined) out.observedGeneration = next.observedGeneration;
  if (next.artifact) out.artifact = next.artifact;
  if (next.url !== undefined) out.url = next.url;
  if (next.observedIgnore !== undefined) out.observedIgnore = next.observedIgnore;
  if (next.observedLayerSelector !== undefined) out.observedLayerSelector = next.observedLayerSelector;
  if (typeof current?.lastHandledReconcileAt === 'string') out.lastHandledReconcileAt = current.lastHandledReconcileAt;
  return out;
}

/**
 * What one reconcile of such a source starts from: its generation and previous status, a condition stamped
 * with both, the next status as the object's, and the Stalled answer to a spec that cannot work until it
 * changes (FetchFailed with the same reason, as source-controller marks an unusable URL or provider).
 */
export function sourceReconcileFrame(obj: FluxObject, now: () => Date) {
  const generation = obj.metadata?.generation ?? 1;
  const previous = previousOciStatus(obj.status);
  const condition = (type: OciConditionType, status: OciCondition['status'], reason: string, message: string): OciCondition => ({ type, status, reason, message, observedGeneration: generation, lastTransitionTime: now().toISOString() });
  const finish = (next: OciRepositoryStatus): Record<string, unknown> => toObjectStatus(next, previous, obj.status);
  const stalled = (reason: string, message: string): ReconcileResult => {
    const c = (type: OciConditionType, status: 'True' | 'False') => condition(type, status, reason, message);
    const status = { ...previous, observedGeneration: generation, conditions: [c('Ready', 'False'), c('Stalled', 'True'), c('FetchFailed', 'True')] };
    return { status: finish(status), events: [{ type: 'Warning', reason, message }] };
  };
  return { generation, previous, condition, finish, stalled };
}
