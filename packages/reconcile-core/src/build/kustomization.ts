import type { JsonObject, JsonValue } from '../yaml/parse.js';
import { coreError, type CoreError } from '../errors.js';
import { isObject } from './resource.js';
import { checkKustomizationTypes } from './kustomization-schema.js';

export const KUSTOMIZATION_FILE_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

const KNOWN_FIELDS = new Set([
  'apiVersion', 'kind', 'metadata', 'resources', 'bases', 'components', 'crds', 'configurations', 'generators',
  'transformers', 'validators', 'openapi', 'namespace', 'namePrefix', 'nameSuffix', 'commonLabels', 'labels',
  'commonAnnotations', 'images', 'imageTags', 'replicas', 'patches', 'patchesStrategicMerge', 'patchesJson6902',
  'configMapGenerator', 'secretGenerator', 'generatorOptions', 'vars', 'replacements', 'sortOptions', 'helmCharts',
  'helmGlobals', 'helmChartInflationGenerator', 'buildMetadata', 'inventory',
]);

/** A parsed kustomization file: the raw object plus helpers to read typed fields. */
export interface Kustomization {
  kind: 'Kustomization' | 'Component';
  raw: JsonObject;
  path: string;
}

const BY_LOWER = new Map([...KNOWN_FIELDS].map((f) => [f.toLowerCase(), f]));

export function validateKustomization(raw: JsonValue, path: string): { k?: Kustomization; error?: CoreError } {
  if (raw === null || raw === undefined) {
    return { error: coreError('KUSTOMIZATION_INVALID', 'kustomization file is empty', path) };
  }
  if (!isObject(raw)) return { error: coreError('KUSTOMIZATION_INVALID', 'kustomization must be a mapping', path) };
  if (Object.keys(raw).length === 0) return { error: coreError('KUSTOMIZATION_INVALID', 'kustomization file is empty', path) };
  // Go's JSON decoder matches field names case-insensitively ("NamePrefix" works); unknown ones fail.
  const normalized: JsonObject = {};
  for (const key of Object.keys(raw)) {
    const canonical = KNOWN_FIELDS.has(key) ? key : BY_LOWER.get(key.toLowerCase());
    if (!canonical) {
      return { error: coreError('KUSTOMIZATION_INVALID', `invalid Kustomization: json: unknown field "${key}"`, path) };
    }
    normalized[canonical] = raw[key] as JsonValue;
  }
  raw = normalized;
  // CheckEmpty: nothing but apiVersion/kind (null fields decode to nothing) is an empty kustomization.
  if (Object.entries(raw).every(([key, v]) => key === 'apiVersion' || key === 'kind' || v === null)) {
    return { error: coreError('KUSTOMIZATION_INVALID', 'kustomization.yaml is empty', path) };
  }
  const typeError = checkFieldTypes(raw, path);
  if (typeError) return { error: typeError };
  const nested = checkKustomizationTypes(raw);
  if (nested) return { error: coreError('KUSTOMIZATION_INVALID', nested, path) };
  const kind = raw.kind === undefined || raw.kind === '' ? 'Kustomization' : raw.kind;
  if (kind !== 'Kustomization' && kind !== 'Component') {
    return { error: coreError('KUSTOMIZATION_INVALID', 'kind should be Kustomization or Component', path) };
  }
  const requiredVersion = kind === 'Component' ? 'kustomize.config.k8s.io/v1alpha1' : 'kustomize.config.k8s.io/v1beta1';
  if (typeof raw.apiVersion === 'string' && raw.apiVersion !== '' && raw.apiVersion !== requiredVersion) {
    return { error: coreError('KUSTOMIZATION_INVALID', `apiVersion for ${kind} should be ${requiredVersion}`, path) };
  }
  if (raw.helmCharts !== undefined || raw.helmChartInflationGenerator !== undefined) {
    return { error: coreError('UNSUPPORTED_FEATURE', 'helmCharts are not supported; use a HelmRelease', path) };
  }
  for (const key of ['generators', 'transformers', 'validators'] as const) {
    const v = raw[key];
    if (Array.isArray(v) && v.length > 0) {
      return { error: coreError('UNSUPPORTED_FEATURE', `${key} plugins are not supported`, path) };
    }
  }
  return { k: { kind, raw, path } };
}

const STRING_FIELDS = ['namespace', 'namePrefix', 'nameSuffix', 'apiVersion', 'kind'];
const STRING_MAP_FIELDS = ['commonLabels', 'commonAnnotations'];
const STRING_LIST_FIELDS = ['resources', 'bases', 'components', 'crds', 'configurations', 'patchesStrategicMerge'];

function typeName(v: JsonValue): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'number' ? 'number' : typeof v;
}

// kustomize decodes the file into typed Go structs: a number or boolean where a string belongs is an error.
function checkFieldTypes(raw: JsonObject, path: string): CoreError | undefined {
  const bad = (field: string, v: JsonValue, want: string): CoreError =>
    coreError('KUSTOMIZATION_INVALID', `invalid Kustomization: json: cannot unmarshal ${typeName(v)} into Go struct field Kustomization.${field} of type ${want}`, path);
  for (const f of STRING_FIELDS) {
    const v = raw[f];
    if (v !== undefined && v !== null && typeof v !== 'string') return bad(f, v, 'string');
  }
  for (const f of STRING_MAP_FIELDS) {
    const v = raw[f];
    if (v === undefined || v === null) continue;
    if (!isObject(v)) return bad(f, v, 'map[string]string');
    for (const x of Object.values(v)) if (x !== null && typeof x !== 'string') return bad(f, x, 'string');
  }
  for (const f of STRING_LIST_FIELDS) {
    const v = raw[f];
    if (v === undefined || v === null) continue;
    if (!Array.isArray(v)) return bad(f, v, '[]string');
    for (const x of v) if (typeof x !== 'string') return bad(f, x, 'string');
  }
  for (const l of Array.isArray(raw.labels) ? raw.labels : []) {
    if (isObject(l) && isObject(l.pairs)) {
      for (const x of Object.values(l.pairs)) if (x !== null && typeof x !== 'string') return bad('labels.pairs', x, 'string');
    }
  }
  return undefined;
}

export function stringList(v: JsonValue | undefined): string[] {
  if (!Array.isArray(v)) return [];
  return v.filter((x): x is string => typeof x === 'string');
}

export function stringMap(v: JsonValue | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isObject(v)) return out;
  for (const [k, x] of Object.entries(v)) out[k] = x === null ? '' : typeof x === 'string' ? x : String(x);
  return out;
}

export function objectList(v: JsonValue | undefined): JsonObject[] {
  if (!Array.isArray(v)) return [];
  return v.filter(isObject);
}
