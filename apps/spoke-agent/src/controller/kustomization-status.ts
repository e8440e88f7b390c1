import { isRecord } from '../k8s/object-ref.js';
import type { Condition, InventoryEntry, KustomizationStatus } from '../reconcile/index.js';

// Between a Kustomization object's `status` (Flux's field names, as the API server returns them) and the pipeline's
// KustomizationStatus. Only the fields the pipeline owns are read; anything malformed is dropped, not trusted.

const CONDITION_TYPES = new Set(['Ready', 'Reconciling', 'Stalled', 'Healthy']);

export function statusFromObject(status: Record<string, unknown> | undefined): KustomizationStatus {
  const s = status ?? {};
  const conditions = (Array.isArray(s.conditions) ? s.conditions : []).filter(
    (c): c is Condition =>
      isRecord(c) && typeof c.type === 'string' && CONDITION_TYPES.has(c.type) && typeof c.status === 'string' && typeof c.reason === 'string' && typeof c.message === 'string' && typeof c.lastTransitionTime === 'string',
  );
  const rawEntries = isRecord(s.inventory) && Array.isArray(s.inventory.entries) ? s.inventory.entries : [];
  const entries = rawEntries.filter((e): e is InventoryEntry => isRecord(e) && typeof e.id === 'string' && typeof e.v === 'string').map((e) => ({ id: e.id, v: e.v }));
  return {
    conditions,
    inventory: { entries },
    ...(typeof s.lastAppliedRevision === 'string' ? { lastAppliedRevision: s.lastAppliedRevision } : {}),
    ...(typeof s.lastAttemptedRevision === 'string' ? { lastAttemptedRevision: s.lastAttemptedRevision } : {}),
  };
}

/** The status fields the pipeline owns, in Flux's shape; the runtime adds observedGeneration and lastHandledReconcileAt. */
export function statusToObject(status: KustomizationStatus): Record<string, unknown> {
  return {
    conditions: status.conditions,
    inventory: { entries: status.inventory.entries },
    ...(status.lastAppliedRevision ? { lastAppliedRevision: status.lastAppliedRevision } : {}),
    ...(status.lastAttemptedRevision ? { lastAttemptedRevision: status.lastAttemptedRevision } : {}),
  };
}
