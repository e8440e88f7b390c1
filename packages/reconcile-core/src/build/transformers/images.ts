import type { JsonObject, JsonValue } from '../../yaml/parse.js';
import { applyFieldSpecs, type FieldSpec } from '../field-spec.js';
import { isObject, str, type Resource } from '../resource.js';
import { splitImageRef } from '../../images/split-image-ref.js';

export interface ImageSpec {
  name: string;
  newName: string;
  newTag: string;
  digest: string;
  tagSuffix: string;
}

export function readImages(v: JsonValue | undefined): ImageSpec[] {
  if (!Array.isArray(v)) return [];
  return v.filter(isObject).map((o) => ({
    name: str(o.name),
    newName: str(o.newName),
    newTag: typeof o.newTag === 'number' ? String(o.newTag) : str(o.newTag),
    digest: str(o.digest),
    tagSuffix: str(o.tagSuffix),
  }));
}

const matchCache = new Map<string, RegExp | null>();
// kustomize's IsImageMatched uses the configured name as a regular expression.
function isImageMatched(value: string, name: string): boolean {
  let re = matchCache.get(name);
  if (re === undefined) {
    try {
      re = new RegExp(`^${name}(:[a-zA-Z0-9_.{}-]*)?(@sha256:[a-zA-Z0-9_.{}-]*)?$`);
    } catch {
      re = null;
    }
    matchCache.set(name, re);
  }
  return re !== null && re.test(value);
}

export function updateImage(value: string, spec: ImageSpec): string | undefined {
  if (!isImageMatched(value, spec.name)) return undefined;
  let { name, tag, digest } = splitImageRef(value);
  if (spec.newName) name = spec.newName;
  if (spec.newTag && spec.digest) {
    tag = spec.newTag;
    digest = spec.digest;
  } else if (spec.newTag) {
    tag = spec.newTag;
    digest = '';
  } else if (spec.digest) {
    tag = '';
    digest = spec.digest;
  } else if (spec.tagSuffix) {
    tag += spec.tagSuffix;
    digest = '';
  }
  if (tag) name += `:${tag}`;
  if (digest) name += `@${digest}`;
  return name;
}

function walk(node: JsonValue, spec: ImageSpec): void {
  if (Array.isArray(node)) {
    for (const x of node) walk(x, spec);
    return;
  }
  if (!isObject(node)) return;
  for (const [k, v] of Object.entries(node)) {
    if (v !== null && typeof v === 'object') walk(v, spec);
    if ((k === 'containers' || k === 'initContainers') && Array.isArray(v)) {
      for (const c of v) {
        if (!isObject(c) || typeof c.image !== 'string') continue;
        const nv = updateImage(c.image, spec);
        if (nv !== undefined) (c as JsonObject).image = nv;
      }
    }
  }
}

/**
 * Each `images` entry is its own transformer, applied in order: first to `image` fields of containers and
 * initContainers anywhere in an object, then to the image field specs (defaults and `configurations:`).
 * CustomResourceDefinitions are left alone.
 */
export function transformImages(resources: Resource[], specs: ImageSpec[], fields: FieldSpec[]): void {
  for (const spec of specs) {
    for (const r of resources) {
      if (r.kind === 'CustomResourceDefinition') continue;
      walk(r.obj, spec);
      applyFieldSpecs(r.obj, r.gvk(), fields.map((f) => ({ ...f, create: false })), (v) => {
        if (typeof v !== 'string') return undefined;
        return updateImage(v, spec);
      });
    }
  }
}
