import type { JsonObject, JsonValue } from '../yaml/parse.js';
import { failBuild } from './build-error.js';
import { applyFieldSpecs, type FieldSpec } from './field-spec.js';
import { isClusterScoped } from './cluster-scoped.js';
import { effectiveNamespace, isObject, parseApiVersion, str, type Resource } from './resource.js';
import { getRef, lookupFieldRefs, splitFieldPath } from './transformers/field-path.js';

export interface VarDef {
  name: string;
  kind: string;
  group: string;
  version: string;
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
    // objref carries apiVersion, or group/version fields of its own.
    const api = str(ref.apiVersion);
    const gv = api ? parseApiVersion(api) : { group: str(ref.group), version: str(ref.version) };
    return {
      name,
      kind: str(ref.kind),
      group: gv.group,
      version: gv.version,
      objName: str(ref.name),
      namespace: str(ref.namespace),
      fieldPath: str(fieldPath) || 'metadata.name',
    };
  });
}

// GvknEquals (exact group, version, kind and name), plus the namespace when the objref names one or the
// kind is cluster-scoped; any current or previous id of an object counts.
function findVarTarget(resources: Resource[], v: VarDef, path: string): Resource {
  const want = { group: v.group, version: v.version, kind: v.kind, name: v.objName, namespace: v.namespace };
  const withNs = v.namespace !== '' || isClusterScoped(v.group, v.version, v.kind);
  const matches = resources.filter((r) =>
    r.allIds().some(
      (id) =>
        id.group === want.group && id.version === want.version && id.kind === want.kind && id.name === want.name &&
        (!withNs || effectiveNamespace(id) === effectiveNamespace(want)),
    ),
  );
  if (matches.length > 1) failBuild('VAR_INVALID', `found ${matches.length} resId matches for var ${v.name} (unable to disambiguate)`, path);
  if (matches.length === 0) failBuild('VAR_NOT_FOUND', `var '${v.name}' cannot be mapped to a field in the set of known resources`, path);
  return matches[0] as Resource;
}

// Go's %v for a float64: shortest digits, exponent form below 1e-4 or from 1e21.
function goV(v: string | number | boolean): string {
  if (typeof v !== 'number' || Number.isInteger(v)) return String(v);
  const [mant = '0', expStr = '0'] = v.toExponential().split('e');
  const exp = Number(expStr);
  if (exp < -4 || exp >= 21) return `${mant}e${exp < 0 ? '-' : '+'}${Math.abs(exp) < 10 ? '0' : ''}${Math.abs(exp)}`;
  return String(v);
}

type VarValue = string | number | boolean;

/**
 * kustomize's $(VAR) expansion: "$$" is a literal "$", an unknown or non-scalar variable stays as written,
 * and a field that is exactly "$(VAR)" takes the variable's type (a port stays a number).
 */
export function expandVars(input: string, values: Map<string, VarValue>): string | VarValue {
  let out = '';
  let checkpoint = 0;
  for (let cursor = 0; cursor < input.length; cursor++) {
    if (input[cursor] !== '$' || cursor + 1 >= input.length) continue;
    out += input.slice(checkpoint, cursor);
    const rest = input.slice(cursor + 1);
    let advance = 1;
    if (rest[0] === '$') out += '$';
    else if (rest[0] === '(') {
      const close = rest.indexOf(')', 1);
      if (close < 0) out += '$(';
      else {
        const name = rest.slice(1, close);
        const v = values.get(name);
        const mapped: VarValue = v === undefined ? `$(${name})` : v;
        if (input === `$(${name})`) return mapped;
        out += goV(mapped);
        advance = close + 1;
      }
    } else out += `$${rest[0] as string}`;
    cursor += advance;
    checkpoint = cursor + 1;
  }
  return out + input.slice(checkpoint);
}

/** Replaces $(VAR) in the var-reference fields once every name is final. */
export function resolveVars(resources: Resource[], vars: VarDef[], specs: FieldSpec[], path: string): void {
  if (vars.length === 0) return;
  const values = new Map<string, VarValue>();
  for (const v of vars) {
    const target = findVarTarget(resources, v, path);
    const refs = lookupFieldRefs(target.obj, splitFieldPath(v.fieldPath), false);
    const val = refs[0] ? getRef(refs[0]) : undefined;
    if (val === undefined) failBuild('VAR_NOT_FOUND', `field specified in var '${v.name}' not found in corresponding resource`, path);
    // Maps, lists and nulls are not substituted (kustomize leaves the reference in place).
    if (typeof val === 'string' || typeof val === 'number' || typeof val === 'boolean') values.set(v.name, val);
  }
  const visit = (v: JsonValue | undefined): JsonValue | undefined => {
    if (typeof v === 'string') return expandVars(v, values);
    if (Array.isArray(v)) {
      if (v.some((x) => typeof x !== 'string')) failBuild('VAR_INVALID', 'invalid value type expect a string', path);
      return v.map((x) => expandVars(x as string, values));
    }
    if (isObject(v)) {
      const o = v as JsonObject;
      for (const k of Object.keys(o)) if (typeof o[k] === 'string') o[k] = expandVars(o[k] as string, values);
    }
    return undefined;
  };
  for (const r of resources) applyFieldSpecs(r.obj, r.gvk(), specs, visit);
}
