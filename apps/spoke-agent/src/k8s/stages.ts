import { applyStage, compareRefs, STAGE_ORDER, type ApplyStage } from '@flotilla/reconcile-core';
import { groupOf, type ObjectRef } from './object-ref.js';

// Flux's apply stages and order come from reconcile-core's plan module (fluxcd/pkg/ssa ApplyAllStaged and
// ReconcileOrder); this file only adapts the engine's refs to it.
export { STAGE_ORDER, type ApplyStage };

/** Stages whose objects must be ready before the next stage starts (CRDs Established, Namespaces Active). */
export const WAIT_AFTER: ReadonlySet<ApplyStage> = new Set<ApplyStage>(['definitions', 'classes']);

export function applyStageOf(ref: Pick<ObjectRef, 'apiVersion' | 'kind'>): ApplyStage {
  return applyStage(ref);
}

/** Flux's reconcile order within a stage: kind rank, then group, kind, namespace, name. */
export function compareApplyOrder(a: ObjectRef, b: ObjectRef): number {
  const core = (r: ObjectRef) => ({ group: groupOf(r.apiVersion), kind: r.kind, namespace: r.namespace ?? '', name: r.name });
  return compareRefs(core(a), core(b));
}
