import { inventoryId, type ObjectRef } from '../inventory/object-ref.js';
import { labelsOf, type KubeObject } from '../object/kube-object.js';
import { changeSetEntry, type ChangeSetEntry } from './change-set.js';
import { compareRefs } from './reconcile-order.js';
import { anyInMetadata, ownerLabels, PRUNE_KEY, RECONCILE_KEY, SSA_KEY } from './flux-metadata.js';

export interface PlanPruneInput {
  /** Prune candidates: `staleObjects(oldInventory, newInventory)`. */
  stale: readonly ObjectRef[];
  /** The stale objects as they are in the cluster now, by inventory id; absent = already gone. */
  live: ReadonlyMap<string, KubeObject>;
  owner: { name: string; namespace: string };
  /** `spec.prune`. */
  prune: boolean;
  /** Garbage collection runs only after a fully successful apply (flux.md §2 inventory). */
  applySucceeded: boolean;
}

export interface PrunePlan {
  /** Delete these, in this order (reverse reconcile order), with background propagation. */
  delete: ObjectRef[];
  /** Already gone (reported as `deleted`) or protected (reported as `skipped`, with the reason). */
  settled: (ChangeSetEntry & { reason?: string })[];
  /** Why nothing at all is pruned, when that is the case. */
  disabledReason?: string;
}

/**
 * Which stale objects to delete, with Flux's safety rules (flux.md §2 pruning): never when prune is off or the
 * apply did not fully succeed; never an object another owner took over (owner labels differ); never one
 * marked `prune: disabled`, `reconcile: disabled` or `ssa: Ignore` (labels or annotations, any case).
 */
export function planPrune(input: PlanPruneInput): PrunePlan {
  if (!input.prune) return { delete: [], settled: [], disabledReason: 'spec.prune is false' };
  if (!input.applySucceeded)
    return {
      delete: [],
      settled: [],
      disabledReason: 'the apply did not fully succeed; garbage collection is skipped',
    };
  const wanted = ownerLabels(input.owner);
  const exclusions = { [PRUNE_KEY]: 'disabled', [RECONCILE_KEY]: 'disabled', [SSA_KEY]: 'Ignore' };
  const plan: PrunePlan = { delete: [], settled: [] };
  // Flux deletes in reverse reconcile order (ssa DeleteAll): workloads before their Namespaces and CRDs.
  for (const ref of [...input.stale].sort((a, b) => compareRefs(b, a))) {
    const live = input.live.get(inventoryId(ref));
    if (!live) {
      plan.settled.push(changeSetEntry(ref, 'deleted'));
      continue;
    }
    const labels = labelsOf(live);
    if (Object.entries(wanted).some(([k, v]) => labels[k] !== v)) {
      plan.settled.push({
        ...changeSetEntry(ref, 'skipped'),
        reason: 'owner labels do not match this Kustomization',
      });
      continue;
    }
    if (anyInMetadata(live, exclusions)) {
      plan.settled.push({
        ...changeSetEntry(ref, 'skipped'),
        reason: 'marked prune: disabled, reconcile: disabled or ssa: Ignore',
      });
      continue;
    }
    plan.delete.push(ref);
  }
  return plan;
}

/** The stale objects whose deletion was not confirmed — to merge back into the inventory (kustomize-controller#1664). */
export function pruneSurvivors(stale: readonly ObjectRef[], results: readonly ChangeSetEntry[]): ObjectRef[] {
  const settled = new Set(
    results.filter((r) => r.action === 'deleted' || r.action === 'skipped').map((r) => inventoryId(r.ref)),
  );
  return stale.filter((ref) => !settled.has(inventoryId(ref)));
}
