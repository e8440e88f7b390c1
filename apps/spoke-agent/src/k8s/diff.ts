import { excludedFromApply, ignoredPaths, withoutPaths, type CompiledDriftIgnore } from '@flotilla/reconcile-core';
import { mapLimit } from './concurrency.js';
import { objectError, type ObjectError } from './errors.js';
import { driftOf } from './live.js';
import { refOf, subjectOf, type KubeObject, type ObjectRef } from './object-ref.js';
import { applyPatch, getObject, pathsFor, type EngineContext } from './requests.js';

export type DriftAction = 'created' | 'configured' | 'unchanged' | 'skipped';

export interface DriftEntry {
  ref: ObjectRef;
  subject: string;
  action: DriftAction;
  /** The object as the API server holds it; absent when it does not exist. */
  live?: KubeObject;
  /** What a server-side dry-run apply gives (ssa's merged object); absent for a skipped object. */
  merged?: KubeObject;
}

export interface DiffOptions {
  /** Kustomization `spec.ignore`: paths that count for no drift on existing objects. */
  driftIgnore?: CompiledDriftIgnore;
  concurrency?: number;
}

/**
 * What an apply would do, without doing it (like `flux diff`): a server-side dry-run of each object compared
 * with the live one by the drift rule the apply uses, in the order given. Objects the apply leaves alone
 * (`kustomize.toolkit.fluxcd.io/reconcile: disabled`, `ssa: Ignore`, `ssa: IfNotPresent` on an existing one)
 * are skipped, as ssa's Diff skips them.
 */
export async function diffAll(ctx: EngineContext, objects: readonly KubeObject[], opts: DiffOptions = {}): Promise<{ entries: DriftEntry[]; errors: ObjectError[] }> {
  const results = await mapLimit(objects, opts.concurrency ?? 4, async (obj): Promise<DriftEntry | ObjectError> => {
    const ref = refOf(obj);
    const subject = subjectOf(ref);
    const paths = await pathsFor(ctx, ref);
    if (!paths.ok) return objectError(paths.reason === 'kind' ? 'KIND_NOT_FOUND' : 'INVALID_OBJECT', ref, paths.reason === 'kind' ? `no matches for kind "${ref.kind}"` : 'no namespace');
    if (excludedFromApply(obj, undefined)) return { ref, subject, action: 'skipped' };
    const [live, dry] = await Promise.all([getObject(ctx, paths.object), applyPatch(ctx, paths.object, obj, true)]);
    if (!live.ok) return objectError(live.failure.status === 403 ? 'FORBIDDEN' : 'DRY_RUN_FAILED', ref, live.failure.message);
    if (excludedFromApply(obj, live.value)) return { ref, subject, action: 'skipped', live: live.value };
    if (!dry.ok) return objectError('DRY_RUN_FAILED', ref, dry.failure.message);
    if (!live.value) return { ref, subject, action: 'created', merged: dry.value };
    const ignored = opts.driftIgnore ? ignoredPaths(opts.driftIgnore, dry.value) : [];
    const drift = ignored.length > 0 ? driftOf(withoutPaths(live.value, ignored), withoutPaths(dry.value, ignored)) : driftOf(live.value, dry.value);
    return { ref, subject, action: drift === 'none' ? 'unchanged' : 'configured', live: live.value, merged: dry.value };
  });
  const entries: DriftEntry[] = [];
  const errors: ObjectError[] = [];
  for (const r of results) {
    if ('action' in r) entries.push(r);
    else errors.push(r);
  }
  return { entries, errors };
}
