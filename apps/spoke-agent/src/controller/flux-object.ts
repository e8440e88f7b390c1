import { isRecord } from '../k8s/object-ref.js';
import type { FluxObject } from './kind-reconciler.js';

/** The finalizer every Flux controller puts on its objects. */
export const FLUX_FINALIZER = 'finalizers.fluxcd.io';
/** Set by `flux reconcile` and receivers; echoed as `status.lastHandledReconcileAt` once handled. */
export const RECONCILE_REQUEST_ANNOTATION = 'reconcile.fluxcd.io/requestedAt';

export const requestedAtOf = (o: FluxObject): string | undefined => o.metadata?.annotations?.[RECONCILE_REQUEST_ANNOTATION];
export const hasFinalizer = (o: FluxObject): boolean => (o.metadata?.finalizers ?? []).includes(FLUX_FINALIZER);
export const isDeleting = (o: FluxObject): boolean => Boolean(o.metadata?.deletionTimestamp);
export const isSuspended = (o: FluxObject): boolean => o.spec?.suspend === true;
export const generationOf = (o: FluxObject): number => o.metadata?.generation ?? 0;

/** The Ready condition's status, when the object has one. */
export function readyOf(o: FluxObject): { status: string; reason?: string; message?: string } | undefined {
  const conditions = o.status?.conditions;
  if (!Array.isArray(conditions)) return undefined;
  const ready = conditions.find((c) => isRecord(c) && c.type === 'Ready');
  if (!isRecord(ready) || typeof ready.status !== 'string') return undefined;
  return {
    status: ready.status,
    ...(typeof ready.reason === 'string' ? { reason: ready.reason } : {}),
    ...(typeof ready.message === 'string' ? { message: ready.message } : {}),
  };
}

/**
 * What makes Flux's controllers reconcile on an update (controller-runtime's GenerationChangedPredicate, Flux's
 * ReconcileRequestedPredicate) plus the start of a deletion: a status write — ours included — is not one of them.
 */
export function needsReconcile(obj: FluxObject, previous: FluxObject | undefined): boolean {
  if (!previous) return true;
  return (
    generationOf(obj) !== generationOf(previous) ||
    requestedAtOf(obj) !== requestedAtOf(previous) ||
    isDeleting(obj) !== isDeleting(previous) ||
    hasFinalizer(obj) !== hasFinalizer(previous)
  );
}

/** fluxcd/pkg's condition setter stamps every condition with the generation it was written for; so do we. */
export function withConditionGenerations(status: Record<string, unknown>, generation: number): Record<string, unknown> {
  if (!Array.isArray(status.conditions)) return status;
  return { ...status, conditions: status.conditions.map((c) => (isRecord(c) ? { ...c, observedGeneration: generation } : c)) };
}
