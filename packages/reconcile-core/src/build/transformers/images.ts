import type { JsonObject, JsonValue } from '../../yaml/parse.js';
import { applyFieldSpecs, type FieldSpec } from '../field-spec.js';
import { isObject, str, type Resource } from '../resource.js';

export interface ImageSpec {
  name: string;
  newName: string;
  newTag: string;
  digest: string;
}

export function readImages(v: JsonValue | undefined): ImageSpec[] {
  if (!Array.isArray(v)) return [];
  return v.filter(isObject).map((o) => ({
    name: str(o.name),
    newName: str(o.newName),
    newTag: typeof o.newTag === 'number' ? String(o.newTag) : str(o.newTag),
    digest: str(o.digest),
  }));
}

// image.Split: the tag is after the last ":" that follows the last "/", the digest after "@".
function splitImage(image: string): { name: string; tag: string; digest: string } {
  let name = image, digest = '', tag = '';
  const at = name.indexOf('@');
  if (at >= 0) {
    digest = name.slice(at + 1);
    name = name.slice(0, at);
  }
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  if (colon > slash) {
    tag = name.slice(colon + 1);
    name = name.slice(0, colon);
  }
  return { name, tag, digest };
}

export function updateImage(value: string, spec: ImageSpec): string | undefined {
  let { name, tag, digest } = splitImage(value);
  if (name !== spec.name) return undefined;
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
  }
  if (tag) name += `:${tag}`;
  if (digest) name += `@${digest}`;
  return name;
}

function walk(node: JsonValue, specs: ImageSpec[]): void {
  if (Array.isArray(node)) {
    for (const x of node) walk(x, specs);
    return;
  }
  if (!isObject(node)) return;
  for (const [k, v] of Object.entries(node)) {
    if ((k === 'containers' || k === 'initContainers') && Array.isArray(v)) {
      for (const c of v) {
        if (!isObject(c) || typeof c.image !== 'string') continue;
        for (const s of specs) {
          const nv = updateImage(c.image, s);
          if (nv !== undefined) {
            (c as JsonObject).image = nv;
            break;
          }
        }
      }
    }
    if (v !== null && typeof v === 'object') walk(v, specs);
  }
}

/**
 * Updates container images anywhere in each object, plus any extra image fields declared through
 * `configurations:` (for custom resources that hold images elsewhere).
 */
export function transformImages(resources: Resource[], specs: ImageSpec[], extraFields: FieldSpec[] = []): void {
  if (specs.length === 0) return;
  for (const r of resources) {
    walk(r.obj, specs);
    if (extraFields.length === 0) continue;
    applyFieldSpecs(r.obj, r.gvk(), extraFields, (v) => {
      if (typeof v !== 'string') return undefined;
      for (const s of specs) {
        const nv = updateImage(v, s);
        if (nv !== undefined) return nv;
      }
      return undefined;
    });
  }
}
