import { formatChangeSet, type ResourceManager } from '../k8s/index.js';
import { refOfEntry } from './inventory.js';
import type { KustomizationRef, KustomizationSpec } from './kustomization-spec.js';
import type { InventoryEntry } from './status/conditions.js';

export interface DeletionPrune {
  /** The deleted objects in Flux's change-set text, empty when nothing was deleted. */
  deleted: string;
  errors: string[];
}

/**
 * Flux's finalizer for a Kustomization that is deleted (deletionPolicy MirrorPrune): its inventory is deleted
 * when it has `prune: true` and is not suspended, as the agent itself (impersonating serviceAccountName when
 * set); objects another owner took over or that opt out of pruning are skipped by the delete verb's own rules.
 */
export async function pruneOnDeletion(ref: KustomizationRef, spec: KustomizationSpec, inventory: readonly InventoryEntry[], agent: ResourceManager): Promise<DeletionPrune> {
  if (!spec.prune || spec.suspend || inventory.length === 0) return { deleted: '', errors: [] };
  const refs = inventory.flatMap((x) => {
    const r = refOfEntry(x);
    return r ? [r] : [];
  });
  const resources = spec.serviceAccountName ? agent.impersonating(ref.namespace, spec.serviceAccountName) : agent;
  const result = await resources.delete(refs, { owner: ref, concurrency: 4 });
  return {
    deleted: formatChangeSet(result.changeSet.filter((c) => c.action === 'deleted')),
    errors: result.errors.map((x) => x.message),
  };
}
