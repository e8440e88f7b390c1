import { refOf, type KubeObject, type ObjectRef } from './object-ref.js';
import { applyPatch, getObject, pathsFor, type EngineContext } from './requests.js';

export type ReadResult =
  | { ok: true; object: KubeObject | undefined }
  | { ok: false; reason: 'kind' | 'forbidden' | 'failed'; message: string };

/** One object as the API server holds it (`object` undefined when it does not exist). */
export async function readObject(ctx: EngineContext, ref: ObjectRef): Promise<ReadResult> {
  const paths = await pathsFor(ctx, ref);
  if (!paths.ok) {
    return paths.reason === 'kind'
      ? { ok: false, reason: 'kind', message: `no matches for kind "${ref.kind}" in version "${ref.apiVersion}"` }
      : { ok: false, reason: 'failed', message: `${ref.kind} is namespaced: a namespace is needed` };
  }
  const answer = await getObject(ctx, paths.object);
  if (answer.ok) return { ok: true, object: answer.value };
  return { ok: false, reason: answer.failure.status === 403 ? 'forbidden' : 'failed', message: answer.failure.message };
}

/**
 * What the API server would make of `obj` if it were applied now (a server-side dry-run apply, as `flux diff`
 * does): defaults and admission included, so comparing it with the live object shows drift only.
 */
export async function dryRunObject(ctx: EngineContext, obj: KubeObject): Promise<ReadResult> {
  const ref = refOf(obj);
  const paths = await pathsFor(ctx, ref);
  if (!paths.ok) return { ok: false, reason: paths.reason === 'kind' ? 'kind' : 'failed', message: `cannot dry-run ${ref.kind}/${ref.name}` };
  const answer = await applyPatch(ctx, paths.object, obj, true);
  if (answer.ok) return { ok: true, object: answer.value };
  return { ok: false, reason: answer.failure.status === 403 ? 'forbidden' : 'failed', message: answer.failure.message };
}
