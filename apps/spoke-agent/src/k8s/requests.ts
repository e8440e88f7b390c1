import { apiFailure, type ApiFailure } from './api-error.js';
import type { RestMapper, ResourceMapping } from './discovery.js';
import { FIELD_MANAGER } from './field-manager.js';
import type { KubeClient } from './kube-client.js';
import { isRecord, type KubeObject, type ObjectRef } from './object-ref.js';

/** What every verb needs: the client (maybe impersonating) and the shared discovery cache. */
export interface EngineContext {
  client: KubeClient;
  mapper: RestMapper;
}

export type Answer<T> = { ok: true; value: T; status: number } | { ok: false; failure: ApiFailure };

export type PathsResult =
  | { ok: true; object: string; mapping: ResourceMapping }
  | { ok: false; reason: 'kind' | 'namespace' };

export async function pathsFor(ctx: EngineContext, ref: ObjectRef): Promise<PathsResult> {
  const p = await ctx.mapper.paths(ref);
  if (!p) return { ok: false, reason: 'kind' };
  if (p.mapping.namespaced && !ref.namespace) return { ok: false, reason: 'namespace' };
  return { ok: true, object: p.object, mapping: p.mapping };
}

export async function getObject(ctx: EngineContext, path: string): Promise<Answer<KubeObject | undefined>> {
  const res = await ctx.client.request({ method: 'GET', path });
  if (res.status === 404) return { ok: true, value: undefined, status: 404 };
  if (res.status !== 200 || !isRecord(res.body)) return { ok: false, failure: apiFailure(res.status, res.body) };
  return { ok: true, value: res.body, status: res.status };
}

/**
 * Server-side apply with our field manager and forced conflicts (Flux forces ownership).
 *
 * `fieldValidation=Ignore`: for an apply patch the API server refuses a field the kind does not declare, or a
 * value of the wrong type, in every validation mode (the patch must convert to the kind's typed schema). The
 * server's default mode (Warn, which Flux's client leaves set) only adds a second, strict decoding of the patch
 * to produce warning headers that the engine would not read; skipping it saves about a tenth of the API
 * server's CPU per dry-run.
 */
export async function applyPatch(ctx: EngineContext, path: string, obj: KubeObject, dryRun: boolean): Promise<Answer<KubeObject>> {
  const res = await ctx.client.request({
    method: 'PATCH',
    path,
    query: { fieldManager: FIELD_MANAGER, force: 'true', fieldValidation: 'Ignore', dryRun: dryRun ? 'All' : undefined },
    body: obj,
    contentType: 'application/apply-patch+yaml',
  });
  if ((res.status === 200 || res.status === 201) && isRecord(res.body)) return { ok: true, value: res.body, status: res.status };
  return { ok: false, failure: apiFailure(res.status, res.body) };
}

export async function deleteAt(ctx: EngineContext, path: string): Promise<Answer<undefined>> {
  const res = await ctx.client.request({
    method: 'DELETE',
    path,
    body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background' },
  });
  if (res.status === 200 || res.status === 202 || res.status === 404) return { ok: true, value: undefined, status: res.status };
  return { ok: false, failure: apiFailure(res.status, res.body) };
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
