import { formatChangeSet, type ResourceManager } from '../k8s/index.js';
import { refOfEntry } from './inventory.js';
import { timeoutOf, type KustomizationRef, type KustomizationSpec } from './kustomization-spec.js';
import type { InventoryEntry } from './status/conditions.js';

export interface DeletionPrune {
  /** The deleted objects in Flux's change-set text, empty when nothing was deleted. */
  deleted: string;
  errors: string[];
  /** WaitForTermination gave up before the objects were gone (Flux's message). */
  waitFailed?: string;
}

/**
 * Flux's finalizer for a Kustomization that is deleted or leaves the assignment, by `deletionPolicy`:
 * MirrorPrune (the default) deletes the inventory only with `prune: true`; Delete always; WaitForTermination
 * deletes, then waits up to `timeout` for the objects to be gone; Orphan keeps them. A suspended Kustomization
 * deletes nothing. Deletes run as the agent (impersonating serviceAccountName when set); objects another owner
 * took over or that opt out of pruning are skipped by the delete verb's own rules.
 */
export async function pruneOnDeletion(ref: KustomizationRef, spec: KustomizationSpec, inventory: readonly InventoryEntry[], agent: ResourceManager): Promise<DeletionPrune> {
  const policy = spec.deletionPolicy ?? 'MirrorPrune';
  const deletes = policy === 'MirrorPrune' ? spec.prune : policy !== 'Orphan';
  if (!deletes || spec.suspend || inventory.length === 0) return { deleted: '', errors: [] };
  const refs = inventory.flatMap((x) => {
    const r = refOfEntry(x);
    return r ? [r] : [];
  });
  const resources = spec.serviceAccountName ? agent.impersonating(ref.namespace, spec.serviceAccountName) : agent;
  const result = await resources.delete(refs, { owner: ref, concurrency: 4 });
  const deletedEntries = result.changeSet.filter((c) => c.action === 'deleted');
  const outcome: DeletionPrune = { deleted: formatChangeSet(deletedEntries), errors: result.errors.map((x) => x.message) };
  if (policy === 'WaitForTermination' && deletedEntries.length > 0) {
    const waited = await resources.waitForTermination(deletedEntries.map((c) => c.ref), { timeoutMs: timeoutOf(spec) });
    if (!waited.ok) outcome.waitFailed = `failed to wait for resources termination: ${waited.message}`;
  }
  return outcome;
}
