// Status in kstatus shape (flux.md §0, §1.6; STYLE.md 22): the agent reports it, the hub stores it as-is.

export type ConditionType = 'Ready' | 'Reconciling' | 'Stalled' | 'Healthy';
export type ConditionStatus = 'True' | 'False' | 'Unknown';

/** Flux's Kustomization reasons (flux.md §1.6). */
export type KustomizationReason =
  | 'ReconciliationSucceeded'
  | 'Progressing'
  | 'ProgressingWithRetry'
  | 'ArtifactFailed'
  | 'DependencyNotReady'
  | 'BuildFailed'
  | 'ReconciliationFailed'
  | 'PruneFailed'
  | 'HealthCheckFailed'
  | 'HealthCheckCanceled'
  | 'AccessDenied'
  | 'InvalidCELExpression'
  | 'FeatureGateDisabled'
  // Not Flux's: a field Flux defines that this agent refuses rather than ignores (kubeConfig, ignore).
  | 'UnsupportedField'
  | 'Succeeded'
  | 'Suspended';

export interface Condition {
  type: ConditionType;
  status: ConditionStatus;
  reason: KustomizationReason;
  message: string;
  lastTransitionTime: string;
}

export interface InventoryEntry {
  /** `<namespace>_<name>_<group>_<kind>` as Flux writes it. */
  id: string;
  /** The applied API version. */
  v: string;
}

export interface KustomizationStatus {
  conditions: Condition[];
  lastAppliedRevision?: string;
  lastAttemptedRevision?: string;
  inventory: { entries: InventoryEntry[] };
}

export function condition(type: ConditionType, status: ConditionStatus, reason: KustomizationReason, message: string, now: Date): Condition {
  return { type, status, reason, message, lastTransitionTime: now.toISOString() };
}

/** Replaces the condition of the same type, keeping its transition time when the status did not change. */
export function setCondition(list: readonly Condition[], next: Condition): Condition[] {
  const prev = list.find((c) => c.type === next.type);
  const kept = prev && prev.status === next.status ? { ...next, lastTransitionTime: prev.lastTransitionTime } : next;
  return [...list.filter((c) => c.type !== next.type), kept];
}

export function removeCondition(list: readonly Condition[], type: ConditionType): Condition[] {
  return list.filter((c) => c.type !== type);
}

export function findCondition(list: readonly Condition[], type: ConditionType): Condition | undefined {
  return list.find((c) => c.type === type);
}
