import type { JsonObject, JsonValue } from '../yaml/parse.js';
import { failBuild } from './build-error.js';
import { applyFieldSpecs, type FieldSpec } from './field-spec.js';
import { isObject, str, type Resource } from './resource.js';
import { getRef, lookupFieldRefs, splitFieldPath } from './transformers/field-path.js';

export interface VarDef {
  name: string;
  kind: string;
  apiVersion: string;
  objName: string;
  namespace: string;
  fieldPath: string;
}

export function readVars(v: JsonValue | undefined, path: string): VarDef[] {
  if (!Array.isArray(v)) return [];
  return v.filter(isObject).map((o) => {
    const ref = isObject(o.objref) ? o.objref : {};
    const fr = isObject(o.fieldref) ? o.fieldref : {};
    // Go's JSON decoding matches field names case-insensitively ("fieldpath" works).
    const fieldPath = Object.entries(fr).find(([k]) => k.toLowerCase() === 'fieldpath')?.[1];
    const name = str(o.name);
    if (!name) failBuild('VAR_INVALID', 'var has no name', path);
    return {
      name,
      kind: str(ref.kind),
      apiVersion: str(ref.apiVersion),
      objName: str(ref.name),
      namespace: str(ref.namespace),
      fieldPath: str(fieldPath) || 'metadata.name',
    };
  });
}

function findVarTarget(resources: Resource[], v: VarDef, path: string): Resource {
  const matches = resources.filter((r) =>
    r.allIds().some((id) => id.kind === v.kind && id.name === v.objName && (!v.namespace || id.namespace === v.namespace)),
  );
  const byApi = v.apiVersion ? matches.filter((r) => r.apiVersion === v.apiVersion) : matches;
  if (byApi.length !== 1) {
    failBuild('VAR_NOT_FOUND', `var '${v.name}' cannot be mapped to a field in the set of known resources`, path);
  }
  return byApi[0] as Resource;
}

/** Replaces $(VAR) in the var-reference fields once every name is final. */
export function resolveVars(resources: Resource[], vars: VarDef[], specs: FieldSpec[], path: string): void {
  if (vars.length === 0) return;
  const values = new Map<string, string>();
  for (const v of vars) {
    const target = findVarTarget(resources, v, path);
    const refs = lookupFieldRefs(target.obj, splitFieldPath(v.fieldPath), false);
    const val = refs[0] ? getRef(refs[0]) : undefined;
    if (val === undefined) failBuild('VAR_NOT_FOUND', `field ${v.fieldPath} of var '${v.name}' not found`, path);
    values.set(v.name, typeof val === 'string' ? val : JSON.stringify(val));
  }
  const re = /\$\(([A-Za-z0-9_.-]+)\)/g;
  const sub = (s: string): string => s.replace(re, (m, n: string) => values.get(n) ?? m);
  const visit = (v: JsonValue | undefined): JsonValue | undefined => {
    if (typeof v === 'string') return sub(v);
    if (Array.isArray(v)) return v.map((x) => (typeof x === 'string' ? sub(x) : x));
    if (isObject(v)) {
      const o = v as JsonObject;
      for (const k of Object.keys(o)) if (typeof o[k] === 'string') o[k] = sub(o[k] as string);
    }
    return undefined;
  };
  for (const r of resources) applyFieldSpecs(r.obj, r.gvk(), specs, visit);
}
