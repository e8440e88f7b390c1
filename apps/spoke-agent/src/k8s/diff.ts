import { mapLimit } from './concurrency.js';
import { objectError, type ObjectError } from './errors.js';
import { metadataOf, refOf, subjectOf, type KubeObject, type ObjectRef } from './object-ref.js';
import { applyPatch, getObject, pathsFor, type EngineContext } from './requests.js';

export type DriftAction = 'created' | 'configured' | 'unchanged';

export interface DriftEntry {
  ref: ObjectRef;
  subject: string;
  action: DriftAction;
}

// Fields the API server owns and that say nothing about drift.
function comparable(obj: KubeObject): KubeObject {
  const meta = { ...metadataOf(obj) };
  delete meta.managedFields;
  delete meta.resourceVersion;
  delete meta.generation;
  const { status: _status, ...rest } = obj;
  return { ...rest, metadata: meta };
}

/**
 * What an apply would do, without doing it (like `flux diff`): a server-side dry-run compared with the
 * live object.
 */
export async function diffAll(ctx: EngineContext, objects: readonly KubeObject[], concurrency = 4): Promise<{ entries: DriftEntry[]; errors: ObjectError[] }> {
  const entries: DriftEntry[] = [];
  const errors: ObjectError[] = [];
  await mapLimit(objects, concurrency, async (obj) => {
    const ref = refOf(obj);
    const paths = await pathsFor(ctx, ref);
    if (!paths.ok) {
      errors.push(objectError(paths.reason === 'kind' ? 'KIND_NOT_FOUND' : 'INVALID_OBJECT', ref, paths.reason === 'kind' ? `no matches for kind "${ref.kind}"` : 'no namespace'));
      return;
    }
    const [live, dry] = await Promise.all([getObject(ctx, paths.object), applyPatch(ctx, paths.object, obj, true)]);
    if (!live.ok) return void errors.push(objectError('DRY_RUN_FAILED', ref, live.failure.message));
    if (!dry.ok) return void errors.push(objectError('DRY_RUN_FAILED', ref, dry.failure.message));
    const action: DriftAction = !live.value ? 'created' : JSON.stringify(comparable(live.value)) === JSON.stringify(comparable(dry.value)) ? 'unchanged' : 'configured';
    entries.push({ ref, subject: subjectOf(ref), action });
  });
  return { entries, errors };
}
