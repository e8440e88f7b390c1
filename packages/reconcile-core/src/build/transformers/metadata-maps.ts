import type { JsonValue } from '../../yaml/parse.js';
import { applyFieldSpecs, type FieldSpec } from '../field-spec.js';
import { isObject, type Resource } from '../resource.js';

/** Adds key/value pairs to the maps at the given field specs (labels, selectors, annotations). */
export function addToMaps(resources: Resource[], pairs: Record<string, string>, specs: FieldSpec[]): void {
  if (Object.keys(pairs).length === 0) return;
  for (const r of resources) {
    applyFieldSpecs(r.obj, r.gvk(), specs, (v): JsonValue | undefined => {
      if (v === undefined || v === null) return { ...pairs };
      if (!isObject(v)) return undefined;
      for (const [k, x] of Object.entries(pairs)) v[k] = x;
      return undefined;
    });
  }
}
