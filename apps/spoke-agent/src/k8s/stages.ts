import type { ObjectRef } from './object-ref.js';

// Flux's apply stages (flux.md §2 "Apply and prune"): definitions other objects need come first and are
// waited for, then `*Class` kinds, then everything else. A local table until reconcile-core's plan module
// (branch core-logic) exports its own; the numbers are the order of application.
const CLUSTER_DEFINITIONS = new Set(['CustomResourceDefinition', 'Namespace', 'ClusterRole']);

export type ApplyStage = 0 | 1 | 2;

export const STAGE_NAMES: Record<ApplyStage, string> = { 0: 'cluster definitions', 1: 'classes', 2: 'resources' };

export function applyStageOf(ref: Pick<ObjectRef, 'kind'>): ApplyStage {
  if (CLUSTER_DEFINITIONS.has(ref.kind)) return 0;
  if (ref.kind.endsWith('Class')) return 1;
  return 2;
}
