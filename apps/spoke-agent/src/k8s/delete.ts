import { changeEntry, type ChangeSetEntry } from './change-set.js';
import { mapLimit } from './concurrency.js';
import { objectError, type ObjectError } from './errors.js';
import { fluxSetting, labelsOf, type KubeObject, type ObjectRef } from './object-ref.js';
import { OWNER_NAME_LABEL, OWNER_NAMESPACE_LABEL, type DeleteOptions, type Owner } from './options.js';
import { deleteAt, getObject, pathsFor, type EngineContext } from './requests.js';

export interface DeleteResult {
  /** `deleted` and `skipped` entries (skips name their reason in `skipReasons`). */
  changeSet: ChangeSetEntry[];
  skipReasons: Map<string, string>;
  /** Objects that were already gone: done, and not worth an event. */
  notFound: ObjectRef[];
  /** Deletes the API server refused: the caller keeps these in the inventory so they are retried. */
  errors: ObjectError[];
}

// Flux's prune safety (flux.md §2 "Pruning"): never delete what another owner took over, or what the
// object itself says must not be pruned.
function skipReason(live: KubeObject, owner: Owner | undefined): string | undefined {
  if (fluxSetting(live, 'prune') === 'disabled') return 'prune disabled';
  if (fluxSetting(live, 'reconcile') === 'disabled') return 'reconcile disabled';
  if (fluxSetting(live, 'ssa') === 'ignore') return 'ssa Ignore';
  if (owner) {
    const labels = labelsOf(live);
    if (labels[OWNER_NAME_LABEL] !== owner.name || labels[OWNER_NAMESPACE_LABEL] !== owner.namespace) return 'owned by another Kustomization or by nobody';
  }
  return undefined;
}

/** Deletes objects with background propagation, honouring the prune safety rules. */
export async function deleteAll(ctx: EngineContext, refs: readonly ObjectRef[], opts: DeleteOptions): Promise<DeleteResult> {
  const result: DeleteResult = { changeSet: [], skipReasons: new Map(), notFound: [], errors: [] };
  await mapLimit(refs, opts.concurrency, async (ref) => {
    const paths = await pathsFor(ctx, ref);
    if (!paths.ok) {
      // The kind is no longer served (its CRD went away), so no such object can exist.
      if (paths.reason === 'kind') result.notFound.push(ref);
      else result.errors.push(objectError('INVALID_OBJECT', ref, 'namespaced object without a namespace'));
      return;
    }
    const live = await getObject(ctx, paths.object);
    if (!live.ok) {
      result.errors.push(objectError(live.failure.status === 403 ? 'FORBIDDEN' : 'DELETE_FAILED', ref, live.failure.message));
      return;
    }
    if (!live.value) {
      result.notFound.push(ref);
      return;
    }
    const reason = skipReason(live.value, opts.owner);
    if (reason) {
      const entry = changeEntry(ref, 'skipped');
      result.changeSet.push(entry);
      result.skipReasons.set(entry.subject, reason);
      return;
    }
    const del = await deleteAt(ctx, paths.object);
    if (!del.ok) result.errors.push(objectError(del.failure.status === 403 ? 'FORBIDDEN' : 'DELETE_FAILED', ref, del.failure.message));
    else if (del.status === 404) result.notFound.push(ref);
    else result.changeSet.push(changeEntry(ref, 'deleted'));
  });
  return result;
}
