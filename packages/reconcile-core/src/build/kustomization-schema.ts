import type { JsonValue } from '../yaml/parse.js';
import { isObject } from './resource.js';

// The Go types kustomize decodes a kustomization into: a value of the wrong JSON type is an error there
// ("cannot unmarshal number into ... of type string"), so it is one here too. Nulls decode to nothing.
type T = 'string' | 'bool' | 'int' | 'any' | { map: T } | { list: T } | { obj: Record<string, T> };

const strs: T = { list: 'string' };
const strMap: T = { map: 'string' };
const fieldSpec: T = { obj: { group: 'string', version: 'string', kind: 'string', path: 'string', create: 'bool' } };
const selector: T = {
  obj: {
    group: 'string', version: 'string', kind: 'string', name: 'string', namespace: 'string',
    labelSelector: 'string', annotationSelector: 'string',
  },
};
const genOptions: T = { obj: { labels: strMap, annotations: strMap, disableNameSuffixHash: 'bool', immutable: 'bool' } };
const generator = (extra: Record<string, T>): T => ({
  obj: {
    name: 'string', namespace: 'string', behavior: 'string', literals: strs, files: strs, envs: strs, env: 'string',
    options: genOptions, ...extra,
  },
});

const FIELDS: Record<string, T> = {
  images: { list: { obj: { name: 'string', newName: 'string', newTag: 'string', digest: 'string', tagSuffix: 'string' } } },
  imageTags: { list: { obj: { name: 'string', newName: 'string', newTag: 'string', digest: 'string', tagSuffix: 'string' } } },
  replicas: { list: { obj: { name: 'string', count: 'int' } } },
  configMapGenerator: { list: generator({}) },
  secretGenerator: { list: generator({ type: 'string' }) },
  generatorOptions: genOptions,
  patches: { list: { obj: { path: 'string', patch: 'string', target: selector, options: { map: 'bool' } } } },
  patchesJson6902: { list: { obj: { path: 'string', patch: 'string', target: selector, options: { map: 'bool' } } } },
  labels: { list: { obj: { pairs: strMap, includeSelectors: 'bool', includeTemplates: 'bool', fields: { list: fieldSpec } } } },
  vars: {
    list: {
      obj: {
        name: 'string',
        objref: { obj: { group: 'string', version: 'string', kind: 'string', name: 'string', namespace: 'string', apiVersion: 'string' } },
        fieldref: { obj: { fieldPath: 'string' } },
      },
    },
  },
  sortOptions: { obj: { order: 'string', legacySortOptions: { obj: { orderFirst: strs, orderLast: strs } } } },
  openapi: { map: 'string' },
  buildMetadata: strs,
};

function jsonType(v: JsonValue): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'string') return 'string';
  return 'object';
}

function goType(t: T): string {
  if (typeof t === 'string') return t === 'int' ? 'int64' : t;
  if ('map' in t) return `map[string]${goType(t.map)}`;
  if ('list' in t) return `[]${goType(t.list)}`;
  return 'struct';
}

function check(v: JsonValue | undefined, t: T, path: string): string | undefined {
  if (v === undefined || v === null || t === 'any') return undefined;
  const bad = (): string => `json: cannot unmarshal ${jsonType(v)} into Go struct field ${path} of type ${goType(t)}`;
  if (t === 'string') return typeof v === 'string' ? undefined : bad();
  if (t === 'bool') return typeof v === 'boolean' ? undefined : bad();
  if (t === 'int') return typeof v === 'number' && Number.isInteger(v) ? undefined : bad();
  if ('list' in t) {
    if (!Array.isArray(v)) return bad();
    for (const x of v) {
      const e = check(x, t.list, path);
      if (e) return e;
    }
    return undefined;
  }
  if (!isObject(v)) return bad();
  if ('map' in t) {
    for (const x of Object.values(v)) {
      const e = check(x, t.map, path);
      if (e) return e;
    }
    return undefined;
  }
  for (const [k, x] of Object.entries(v)) {
    const ft = t.obj[k] ?? Object.entries(t.obj).find(([name]) => name.toLowerCase() === k.toLowerCase())?.[1];
    if (!ft) return `json: unknown field "${k}"`;
    const e = check(x, ft, `${path}.${k}`);
    if (e) return e;
  }
  return undefined;
}

/** The first type error in the kustomization's typed fields, as kustomize reports it. */
export function checkKustomizationTypes(raw: Record<string, JsonValue>): string | undefined {
  for (const [field, t] of Object.entries(FIELDS)) {
    const e = check(raw[field], t, field);
    if (e) return `invalid Kustomization: ${e}`;
  }
  return undefined;
}
