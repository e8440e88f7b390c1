import type { JsonObject, JsonValue } from '../../yaml/parse.js';
import { failBuild } from '../build-error.js';
import { applyJson6902 } from '../patch/json6902.js';
import type { MergeTable } from '../patch/merge-schema.js';
import { DELETED, mergeObject, PatchError } from '../patch/strategic-merge.js';
import { deepClone, effectiveNamespace, idString, isObject, str, type Resource } from '../resource.js';
import { selectResources, type Selector } from '../selector.js';

export interface PatchOptions {
  allowNameChange: boolean;
  allowKindChange: boolean;
}

function meta(o: JsonObject, f: string): string {
  return isObject(o.metadata) ? str(o.metadata[f]) : '';
}

/** Applies one strategic-merge patch document to one resource; returns false when it deletes it. */
function applySmp(r: Resource, patch: JsonObject, opts: PatchOptions, path: string, table: MergeTable): boolean {
  // The merge consumes the patch, and one patch may hit many objects: each gets its own copy.
  const p = deepClone(patch) as JsonObject;
  // The patch's own name/kind only identify the target unless renaming is allowed.
  const pm: JsonObject = isObject(p.metadata) ? { ...p.metadata } : {};
  const newName = str(pm.name);
  const newKind = str(p.kind);
  pm.name = r.name;
  if (r.namespace !== '' || pm.namespace !== undefined) pm.namespace = r.namespace === '' ? (pm.namespace ?? '') : r.namespace;
  if (pm.namespace === '') delete pm.namespace;
  p.metadata = pm;
  p.kind = r.kind;
  if (p.apiVersion === undefined) p.apiVersion = r.apiVersion;
  else p.apiVersion = r.apiVersion;
  let merged: JsonObject | typeof DELETED;
  try {
    merged = mergeObject(r.obj, p, table);
  } catch (e) {
    if (e instanceof PatchError) failBuild('PATCH_FAILED', e.message, path);
    throw e;
  }
  if (merged === DELETED) return false;
  r.obj = merged;
  if ((opts.allowNameChange && newName && newName !== r.name) || (opts.allowKindChange && newKind && newKind !== r.kind)) {
    const nm = isObject(r.obj.metadata) ? r.obj.metadata : {};
    const cur = { name: r.name, kind: r.kind };
    r.obj.metadata = { ...nm, name: cur.name };
    r.obj.kind = cur.kind;
    r.storePreviousId();
    if (opts.allowNameChange && newName) (r.obj.metadata as JsonObject).name = newName;
    if (opts.allowKindChange && newKind) r.obj.kind = newKind;
  }
  return true;
}

/** Resources a target-less SMP patch applies to: those with the patch's kind and name, by any id. */
function findByPatchId(resources: Resource[], patch: JsonObject): Resource[] {
  const kind = str(patch.kind);
  const name = meta(patch, 'name');
  const ns = meta(patch, 'namespace');
  const apiVersion = str(patch.apiVersion);
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  const candidates = resources.filter((r) =>
    r.allIds().some((id) => id.kind === kind && id.name === name && (apiVersion === '' || id.group === group)),
  );
  if (candidates.length <= 1) return candidates;
  const withNs = candidates.filter((r) =>
    r.allIds().some((id) => id.kind === kind && id.name === name && effectiveNamespace(id) === effectiveNamespace({ namespace: ns, kind })),
  );
  return withNs;
}

export function applySmpPatches(resources: Resource[], patches: JsonObject[], target: Selector | undefined, opts: PatchOptions, path: string, table: MergeTable): Resource[] {
  let out = resources;
  for (const patch of patches) {
    let targets: Resource[];
    if (target) targets = selectResources(out, target);
    else {
      targets = findByPatchId(out, patch);
      if (targets.length === 0) {
        failBuild('PATCH_TARGET_NOT_FOUND', `no resource matches strategic merge patch "${str(patch.kind)}/${meta(patch, 'name')}"`, path);
      }
      if (targets.length > 1) {
        failBuild('PATCH_TARGET_NOT_FOUND', `multiple resources match patch: ${targets.map((t) => idString(t.curId())).join(', ')}`, path);
      }
    }
    const deleted = new Set<Resource>();
    for (const t of targets) if (!applySmp(t, patch, opts, path, table)) deleted.add(t);
    if (deleted.size > 0) out = out.filter((r) => !deleted.has(r));
  }
  return out;
}

export function applyJsonPatches(resources: Resource[], ops: JsonValue[], target: Selector, path: string): void {
  for (const r of selectResources(resources, target)) {
    try {
      r.obj = applyJson6902(r.obj, ops);
    } catch (e) {
      if (e instanceof PatchError) failBuild('PATCH_FAILED', `${e.message} (on ${idString(r.curId())})`, path);
      throw e;
    }
  }
}
