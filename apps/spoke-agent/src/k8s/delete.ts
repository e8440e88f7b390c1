import { inventoryId, planPrune } from '@flotilla/reconcile-core';
import { changeEntry, type ChangeSetEntry } from './change-set.js';
import { mapLimit } from './concurrency.js';
import { objectError, type ObjectError } from './errors.js';
import { toCoreRef, type KubeObject, type ObjectRef } from './object-ref.js';
import type { DeleteOptions } from './options.js';
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

interface Found {
  ref: ObjectRef;
  path: string;
  live: KubeObject;
}

/**
 * Deletes objects with background propagation. The objects are read first; which of them may go is
 * reconcile-core's planPrune (Flux's prune safety: owner labels must match, `prune: disabled`,
 * `reconcile: disabled` and `ssa: Ignore` protect an object).
 */
export async function deleteAll(ctx: EngineContext, refs: readonly ObjectRef[], opts: DeleteOptions): Promise<DeleteResult> {
  const result: DeleteResult = { changeSet: [], skipReasons: new Map(), notFound: [], errors: [] };
  const found = new Map<string, Found>();
  await mapLimit(refs, opts.concurrency, async (ref) => {
    const paths = await pathsFor(ctx, ref);
    if (!paths.ok) {
      // The kind is no longer served (its CRD went away), so no such object can exist.
      if (paths.reason === 'kind') result.notFound.push(ref);
      else result.errors.push(objectError('INVALID_OBJECT', ref, 'namespaced object without a namespace'));
      return;
    }
    const live = await getObject(ctx, paths.object);
    if (!live.ok) result.errors.push(objectError(live.failure.status === 403 ? 'FORBIDDEN' : 'DELETE_FAILED', ref, live.failure.message));
    else if (!live.value) result.notFound.push(ref);
    else found.set(inventoryId(toCoreRef(ref)), { ref, path: paths.object, live: live.value });
  });

  const plan = planPrune({
    stale: [...found.values()].map((f) => toCoreRef(f.ref)),
    live: new Map([...found].map(([id, f]) => [id, f.live])),
    owner: opts.owner,
    prune: true,
    applySucceeded: true,
  });
  for (const settled of plan.settled) {
    const f = found.get(inventoryId(settled.ref));
    if (!f) continue;
    const entry = changeEntry(f.ref, 'skipped');
    result.changeSet.push(entry);
    result.skipReasons.set(entry.subject, settled.reason ?? settled.action);
  }
  await mapLimit(plan.delete, opts.concurrency, async (coreRef) => {
    const f = found.get(inventoryId(coreRef));
    if (!f) return;
    const del = await deleteAt(ctx, f.path);
    if (!del.ok) result.errors.push(objectError(del.failure.status === 403 ? 'FORBIDDEN' : 'DELETE_FAILED', f.ref, del.failure.message));
    else if (del.status === 404) result.notFound.push(f.ref);
    else result.changeSet.push(changeEntry(f.ref, 'deleted'));
  });
  return result;
}
