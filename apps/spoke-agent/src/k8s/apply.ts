import { apiFailure, isImmutableFailure, missingNamespace, type ApiFailure } from './api-error.js';
import { cleanupPatch } from './cleanup.js';
import { FIELD_MANAGER } from './field-manager.js';
import { changeEntry, type ChangeSetEntry } from './change-set.js';
import { mapLimit } from './concurrency.js';
import { objectError, type ObjectError } from './errors.js';
import { applyDriftIgnoreEdits, computeHealth, driftIgnoreEdits, excludedFromApply, forceRecreate, ignoredPaths, withoutPaths } from '@flotilla/reconcile-core';
import { fluxSetting, groupOf, isRecord, metadataOf, refOf, type KubeObject, type ObjectRef } from './object-ref.js';
import type { ApplyOptions } from './options.js';
import { driftOf, LiveReader, type Drift } from './live.js';
import { applyPatch, deleteAt, getObject, pathsFor, sleep, type EngineContext } from './requests.js';
import { applyStageOf, compareApplyOrder, STAGE_ORDER, WAIT_AFTER, type ApplyStage } from './stages.js';

/**
 * What validation decided for one object:
 * - `apply`: the dry-run passed; apply it.
 * - `recreate`: the dry-run hit an immutable field and force is on; delete, then apply.
 * - `skip`: reconcile-core's excludedFromApply (`ssa: Ignore`, `reconcile: disabled`, on the built or the live
 *   object, or `ssa: IfNotPresent` on an existing object).
 * - `deferred`: needs a CRD or Namespace from an earlier stage of the same build; validated in its stage.
 */
export type PlanAction = 'apply' | 'recreate' | 'skip' | 'deferred';

export interface PlannedObject {
  obj: KubeObject;
  ref: ObjectRef;
  stage: ApplyStage;
  action: PlanAction;
  path?: string;
  /** What the dry-run showed against the live object; `none` objects are not patched (Flux's ssa). */
  drift?: Drift;
  /** Other managers' fields to take over first (drift correction); not for `ssa: Merge`. */
  needsCleanup?: boolean;
}

export interface Validation {
  planned: PlannedObject[];
  errors: ObjectError[];
}

export interface ApplyResult {
  changeSet: ChangeSetEntry[];
  errors: ObjectError[];
}

/** What the build itself will create, so objects that need it are deferred rather than failed. */
interface BuildProvides {
  kinds: Set<string>; // `group/Kind` of CRDs in the build
  namespaces: Set<string>;
  /** Namespaces of the build that do not exist yet: their objects are deferred without a request. */
  absentNamespaces: Set<string>;
}

function buildProvides(objects: readonly KubeObject[]): BuildProvides {
  const kinds = new Set<string>();
  const namespaces = new Set<string>();
  for (const o of objects) {
    if (o.kind === 'Namespace') namespaces.add(String(metadataOf(o).name ?? ''));
    if (o.kind === 'CustomResourceDefinition' && isRecord(o.spec) && isRecord(o.spec.names)) {
      kinds.add(`${String(o.spec.group ?? '')}/${String(o.spec.names.kind ?? '')}`);
    }
  }
  return { kinds, namespaces, absentNamespaces: new Set() };
}

async function findAbsentNamespaces(ctx: EngineContext, provides: BuildProvides, opts: ApplyOptions): Promise<void> {
  await mapLimit([...provides.namespaces], opts.concurrency, async (ns) => {
    const r = await getObject(ctx, `/api/v1/namespaces/${encodeURIComponent(ns)}`);
    if (r.ok && r.value === undefined) provides.absentNamespaces.add(ns);
  });
}

/** Cluster-scoped objects lose a stray namespace, as kubectl and Flux do. */
function withoutNamespace(obj: KubeObject): KubeObject {
  const meta = { ...metadataOf(obj) };
  delete meta.namespace;
  return { ...obj, metadata: meta };
}

function dryRunFailure(p: PlannedObject, existing: KubeObject | undefined, f: ApiFailure, provides: BuildProvides, opts: ApplyOptions, allowDefer: boolean): PlannedObject | ObjectError {
  if (isImmutableFailure(f)) {
    if (forceRecreate(p.obj, existing, opts.force)) return { ...p, action: 'recreate' };
    return objectError('IMMUTABLE_FIELD', p.ref, `${f.message} (the field is immutable: set spec.force: true, or annotate the object with kustomize.toolkit.fluxcd.io/force: Enabled, to recreate it)`);
  }
  const ns = missingNamespace(f);
  if (ns !== undefined) {
    if (allowDefer && provides.namespaces.has(ns)) return { ...p, action: 'deferred' };
    return objectError('NAMESPACE_NOT_FOUND', p.ref, `namespace "${ns}" not found: create it first or add the Namespace to the build`);
  }
  if (f.status === 403) return objectError('FORBIDDEN', p.ref, f.message);
  return objectError('DRY_RUN_FAILED', p.ref, f.message);
}

/**
 * The `status` a manifest carries is dropped before the dry-run and apply, as Flux's ssa normalisation does: a
 * status is the controller's to write, and on a kind without a status subresource it would otherwise be stored
 * and fool a health check. CRDs keep theirs (Flux keeps it so kstatus keeps working on them).
 */
function withoutStatus(obj: KubeObject): KubeObject {
  if (obj.kind === 'CustomResourceDefinition' || !('status' in obj)) return obj;
  const { status: _status, ...rest } = obj;
  return rest as KubeObject;
}

async function validateOne(ctx: EngineContext, live: LiveReader, input: KubeObject, provides: BuildProvides, opts: ApplyOptions, allowDefer: boolean): Promise<PlannedObject | ObjectError> {
  let obj = withoutStatus(input);
  let ref = refOf(obj);
  const base = { obj, ref, stage: applyStageOf(ref) };
  if (!ref.apiVersion || !ref.kind || !ref.name) return objectError('INVALID_OBJECT', ref, 'apiVersion, kind and metadata.name are required');
  // Exclusions the built object carries need no request (its kind may not even be served).
  if (excludedFromApply(obj, undefined)) return { ...base, action: 'skip' };
  const paths = await pathsFor(ctx, ref);
  if (!paths.ok) {
    if (paths.reason === 'namespace') return objectError('INVALID_OBJECT', ref, 'the object is namespaced but has no metadata.namespace (set it, or set spec.targetNamespace)');
    if (allowDefer && provides.kinds.has(`${groupOf(ref.apiVersion)}/${ref.kind}`)) return { ...base, action: 'deferred' };
    return objectError('KIND_NOT_FOUND', ref, `no matches for kind "${ref.kind}" in version "${ref.apiVersion}": install its CRD first or add it to the build`);
  }
  if (!paths.mapping.namespaced && ref.namespace) {
    obj = withoutNamespace(obj);
    ref = refOf(obj);
  }
  const planned: PlannedObject = { obj, ref, stage: base.stage, action: 'apply', path: paths.object };
  if (allowDefer && ref.namespace && paths.mapping.namespaced && provides.absentNamespaces.has(ref.namespace)) return { ...planned, action: 'deferred' };
  // The live read and the dry-run are independent: send both at once.
  const [existing, dry] = await Promise.all([live.get(paths.object), applyPatch(ctx, paths.object, obj, true)]);
  if (!existing.ok) return objectError(existing.failure.status === 403 ? 'FORBIDDEN' : 'DRY_RUN_FAILED', ref, existing.failure.message);
  if (excludedFromApply(obj, existing.value)) return { ...planned, action: 'skip' };
  if (!dry.ok) return dryRunFailure(planned, existing.value, dry.failure, provides, opts, allowDefer);
  // spec.ignore: on an existing object the ignored paths count for neither drift nor correction (Flux's ssa).
  const ignored = opts.driftIgnore && existing.value ? ignoredPaths(opts.driftIgnore, dry.value) : [];
  const driftAgainst = (liveObj: KubeObject | undefined): Drift =>
    ignored.length > 0 && liveObj ? driftOf(withoutPaths(liveObj, ignored), withoutPaths(dry.value, ignored)) : driftOf(liveObj, dry.value);
  const resourceVersionOf = (o: KubeObject): unknown => metadataOf(o).resourceVersion;
  let current = existing.value;
  let drift = driftAgainst(current);
  // The live copy may be older than the dry-run (a listed copy, or a controller such as the Deployment
  // controller wrote between the read and the dry-run): when the versions differ, confirm with a fresh read.
  if (drift === 'update' && current && resourceVersionOf(current) !== resourceVersionOf(dry.value)) {
    const fresh = await getObject(ctx, paths.object);
    if (fresh.ok) {
      current = fresh.value;
      drift = driftAgainst(current);
    }
  }
  const needsCleanup = existing.value !== undefined && fluxSetting(obj, 'ssa') !== 'merge' && cleanupPatch(existing.value, new Date()) !== undefined;
  // What is applied leaves out ignored fields another applier owns, and keeps the live value of those only we apply.
  const applied = ignored.length > 0 && current ? applyDriftIgnoreEdits(obj, driftIgnoreEdits(current, dry.value, ignored, FIELD_MANAGER)) : obj;
  return { ...planned, obj: applied, drift: needsCleanup ? 'update' : drift, needsCleanup };
}

/**
 * Server-side dry-run of every object (the validate phase). Objects that need a CRD or Namespace from the
 * same build are deferred to their stage; everything else must pass now, so a bad object anywhere stops
 * the apply before anything is written.
 */
export async function validateObjects(ctx: EngineContext, objects: readonly KubeObject[], opts: ApplyOptions): Promise<Validation> {
  const provides = buildProvides(objects);
  await findAbsentNamespaces(ctx, provides, opts);
  const live = await LiveReader.prefetch(ctx, objects.filter((o) => !provides.absentNamespaces.has(refOf(o).namespace ?? '')));
  const results = await mapLimit(objects, opts.concurrency, (o) => validateOne(ctx, live, o, provides, opts, true));
  const planned: PlannedObject[] = [];
  const errors: ObjectError[] = [];
  for (const r of results) {
    if ('code' in r) errors.push(r);
    else planned.push(r);
  }
  return { planned, errors };
}

async function waitGone(ctx: EngineContext, path: string, opts: ApplyOptions): Promise<boolean> {
  const deadline = Date.now() + opts.stageWaitTimeoutMs;
  while (Date.now() < deadline) {
    const r = await getObject(ctx, path);
    if (r.ok && r.value === undefined) return true;
    await sleep(Math.min(opts.pollIntervalMs, 200));
  }
  return false;
}

async function applyOne(ctx: EngineContext, p: PlannedObject, opts: ApplyOptions): Promise<ChangeSetEntry | ObjectError> {
  if (p.action === 'skip') return changeEntry(p.ref, 'skipped');
  const path = p.path;
  if (!path) return objectError('APPLY_FAILED', p.ref, 'internal error: no path resolved');
  if (p.action === 'recreate') {
    const del = await deleteAt(ctx, path);
    if (!del.ok) return objectError('RECREATE_FAILED', p.ref, `delete before recreate failed: ${del.failure.message}`);
    if (!(await waitGone(ctx, path, opts))) return objectError('RECREATE_FAILED', p.ref, `still terminating after ${opts.stageWaitTimeoutMs} ms; cannot recreate it`);
  }
  if (p.action === 'apply' && p.drift === 'none') return changeEntry(p.ref, 'unchanged');
  if (p.action === 'apply' && p.needsCleanup) {
    const cleaned = await takeOverFields(ctx, path);
    if (cleaned) return objectError('APPLY_FAILED', p.ref, `taking over fields of other managers failed: ${cleaned}`);
  }
  const res = await applyPatch(ctx, path, p.obj, false);
  if (!res.ok) {
    const code = res.failure.status === 403 ? 'FORBIDDEN' : isImmutableFailure(res.failure) ? 'IMMUTABLE_FIELD' : 'APPLY_FAILED';
    return objectError(code, p.ref, res.failure.message);
  }
  return changeEntry(p.ref, res.status === 201 || p.action === 'recreate' ? 'created' : 'configured');
}

// Reads the object fresh (a listed copy may be stale) and patches its managedFields; the patch is guarded by
// the resourceVersion, so a concurrent writer makes it retry instead of losing that writer's entry.
// Controllers write busy objects (a Deployment being scaled) several times a second, so a few conflicts in a
// row are normal: retry with a short growing pause before calling the object unstable.
async function takeOverFields(ctx: EngineContext, path: string): Promise<string | undefined> {
  for (let attempt = 0; attempt < 8; attempt++) {
    if (attempt > 0) await sleep(25 * attempt);
    const live = await getObject(ctx, path);
    if (!live.ok) return live.failure.message;
    const ops = live.value ? cleanupPatch(live.value, new Date()) : undefined;
    if (!ops) return undefined;
    const res = await ctx.client.request({ method: 'PATCH', path, body: ops, contentType: 'application/json-patch+json', query: { fieldManager: FIELD_MANAGER } });
    if (res.status === 200) return undefined;
    const f = apiFailure(res.status, res.body);
    if (res.status !== 409 && res.status !== 422) return f.message;
  }
  return 'the object kept changing';
}

async function waitStageReady(ctx: EngineContext, planned: readonly PlannedObject[], opts: ApplyOptions): Promise<ObjectError[]> {
  const pending = planned.filter((p) => p.path && p.action !== 'skip');
  const deadline = Date.now() + opts.stageWaitTimeoutMs;
  let waiting = pending;
  while (waiting.length > 0) {
    const still = await mapLimit(waiting, opts.concurrency, async (p) => {
      const r = await getObject(ctx, p.path as string);
      return r.ok && computeHealth(r.value).status === 'Current' ? undefined : p;
    });
    waiting = still.filter((p): p is PlannedObject => p !== undefined);
    if (waiting.length === 0) break;
    if (Date.now() > deadline) {
      return waiting.map((p) => objectError('WAIT_TIMEOUT', p.ref, `not ready after ${opts.stageWaitTimeoutMs} ms (${p.ref.kind === 'CustomResourceDefinition' ? 'not Established' : 'not Current'})`));
    }
    await sleep(Math.min(opts.pollIntervalMs, 200));
  }
  if (pending.some((p) => p.ref.kind === 'CustomResourceDefinition')) ctx.mapper.reset();
  return [];
}

/**
 * Staged server-side apply (flux.md §2): cluster definitions first (then wait until CRDs are Established
 * and Namespaces Active), then `*Class` kinds, then the rest, each stage with bounded concurrency. A stage
 * with a failure ends the apply; what earlier stages applied stays.
 */
export async function applyValidated(ctx: EngineContext, validation: Validation, opts: ApplyOptions): Promise<ApplyResult> {
  const changeSet: ChangeSetEntry[] = [];
  const provides = buildProvides(validation.planned.map((p) => p.obj));
  for (const stage of STAGE_ORDER) {
    // Deterministic order, so change-set events read the same on every run.
    const inStage = validation.planned.filter((p) => p.stage === stage).sort((a, b) => compareApplyOrder(a.ref, b.ref));
    if (inStage.length === 0) continue;
    const errors: ObjectError[] = [];
    const ready: PlannedObject[] = [];
    const deferred = inStage.filter((p) => p.action === 'deferred').map((p) => p.obj);
    const live = deferred.length > 0 ? await LiveReader.prefetch(ctx, deferred) : new LiveReader(ctx);
    const revalidated = await mapLimit(inStage, opts.concurrency, (p) => (p.action === 'deferred' ? validateOne(ctx, live, p.obj, provides, opts, false) : Promise.resolve(p)));
    for (const r of revalidated) {
      if ('code' in r) errors.push(r);
      else ready.push(r);
    }
    if (errors.length > 0) return { changeSet, errors };
    const applied = await mapLimit(ready, opts.concurrency, (p) => applyOne(ctx, p, opts));
    for (const r of applied) {
      if ('code' in r) errors.push(r);
      else changeSet.push(r);
    }
    if (errors.length > 0) return { changeSet, errors };
    if (WAIT_AFTER.has(stage)) {
      const waitErrors = await waitStageReady(ctx, ready, opts);
      if (waitErrors.length > 0) return { changeSet, errors: waitErrors };
    }
  }
  return { changeSet, errors: [] };
}

/** Validate then apply; nothing is written when any object fails validation. */
export async function applyAll(ctx: EngineContext, objects: readonly KubeObject[], opts: ApplyOptions): Promise<ApplyResult> {
  const validation = await validateObjects(ctx, objects, opts);
  if (validation.errors.length > 0) return { changeSet: [], errors: validation.errors };
  return applyValidated(ctx, validation, opts);
}

