import { mergeConditions, type ArtifactStatus } from '@flotilla/git-source';
import type { LayerSelector } from '@flotilla/oci-source';
import { isRecord } from '../../../k8s/object-ref.js';

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
