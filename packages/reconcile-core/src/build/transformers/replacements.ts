import type { JsonObject, JsonValue } from '../../yaml/parse.js';
import { failBuild } from '../build-error.js';
import { deepClone, isObject, str, type Resource } from '../resource.js';
import { gvkSelected } from '../field-spec.js';
import { effectiveNamespace, type ResId } from '../resource.js';
import { matchesLabels, readSelector, type Selector } from '../selector.js';
import { resolvePlain } from '../../yaml/resolve-plain.js';
import { getRef, lookupFieldRefs, setRef, splitFieldPath } from './field-path.js';

function readOpts(v: JsonValue | undefined): { delimiter: string; index: number; create: boolean } {
  const o = isObject(v) ? v : {};
  return { delimiter: str(o.delimiter), index: typeof o.index === 'number' ? o.index : 0, create: o.create === true };
}

// Replacements select by exact id (no regular expressions), over the current and every previous id.
function idSelectedBy(id: ResId, sel: Selector): boolean {
  if (sel.name !== undefined && sel.name !== id.name) return false;
  if (sel.namespace !== undefined) {
    const want = sel.namespace === 'default' ? 'default' : sel.namespace;
    const have = effectiveNamespace(id) || '_non_namespaceable_';
    if (want !== have) return false;
  }
  return gvkSelected(id, sel);
}

function anyIdSelected(r: Resource, sel: Selector): boolean {
  return r.allIds().some((id) => idSelectedBy(id, sel));
}

function hasIdFields(sel: Selector): boolean {
  return sel.group !== undefined || sel.version !== undefined || sel.kind !== undefined || sel.name !== undefined || sel.namespace !== undefined;
}

function sourceValue(resources: Resource[], source: JsonObject, path: string): JsonValue {
  const sel = readSelector(source);
  const matches = resources.filter((r) => anyIdSelected(r, sel));
  if (matches.length > 1) failBuild('REPLACEMENT_INVALID', `multiple matches for replacement source ${JSON.stringify(sel)}`, path);
  if (matches.length === 0) failBuild('REPLACEMENT_SOURCE_NOT_FOUND', `nothing selected by replacement source ${JSON.stringify(sel)}`, path);
  const fieldPath = str(source.fieldPath) || 'metadata.name';
  const refs = lookupFieldRefs((matches[0] as Resource).obj, splitFieldPath(fieldPath), false);
  const v = refs[0] ? getRef(refs[0]) : undefined;
  if (v === undefined || v === null || (isObject(v) && Object.keys(v).length === 0) || (Array.isArray(v) && v.length === 0)) failBuild('REPLACEMENT_SOURCE_NOT_FOUND', `fieldPath \`${fieldPath}\` is missing for replacement source`, path);
  const opts = readOpts(source.options);
  if (opts.delimiter) {
    if (v === null || typeof v === 'object') failBuild('REPLACEMENT_INVALID', 'delimiter option can only be used with scalar nodes', path);
    const parts = String(v).split(opts.delimiter);
    const part = parts[opts.index];
    if (part === undefined) failBuild('REPLACEMENT_INVALID', `options.index ${opts.index} is out of bounds for value ${String(v)}`, path);
    return part;
  }
  return deepClone(v);
}

function setTarget(current: JsonValue | undefined, value: JsonValue, opts: { delimiter: string; index: number }, path: string): JsonValue {
  if (opts.delimiter) {
    if (current !== undefined && (current === null || typeof current === 'object')) {
      failBuild('REPLACEMENT_INVALID', 'delimiter option can only be used with scalar nodes', path);
    }
    const parts = (current === undefined ? '' : String(current)).split(opts.delimiter);
    const sv = typeof value === 'string' ? value : String(value);
    if (opts.index >= parts.length) parts.push(sv);
    else if (opts.index < 0) parts.unshift(sv);
    else parts[opts.index] = sv;
    return parts.join(opts.delimiter);
  }
  // A scalar target keeps its type and takes the source's text (kyaml sets Value, not Tag): 8080 copied
  // into a string field stays "8080", "8080" copied into a number field becomes 8080. A field the
  // replacement creates has no type yet, so its text is read like plain YAML.
  if (value !== null && typeof value !== 'object') {
    const text = String(value);
    if (current === undefined) return resolvePlain(text);
    if (typeof current === 'string') return text;
    if (typeof current === 'number') {
      const n = resolvePlain(text);
      return typeof n === 'number' ? n : text;
    }
    if (typeof current === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
  }
  return deepClone(value);
}

export function applyReplacements(resources: Resource[], replacements: JsonObject[], path: string): void {
  for (const rep of replacements) {
    const source = isObject(rep.source) ? rep.source : undefined;
    if (!source || !Array.isArray(rep.targets)) failBuild('REPLACEMENT_INVALID', 'replacements must specify a source and at least one target', path);
    const value = sourceValue(resources, source, path);
    const targets = Array.isArray(rep.targets) ? rep.targets.filter(isObject) : [];
    for (const t of targets) {
      if (!isObject(t.select)) failBuild('REPLACEMENT_INVALID', 'target must specify resources to select', path);
      const sel = readSelector(t.select);
      const rejects = Array.isArray(t.reject) ? t.reject.map(readSelector) : [];
      const opts = readOpts(t.options);
      const listed = Array.isArray(t.fieldPaths) ? t.fieldPaths.filter((x): x is string => typeof x === 'string') : [];
      const fieldPaths = listed.length > 0 ? listed : ['metadata.name'];
      for (const r of resources) {
        if (sel.labelSelector !== undefined && !matchesLabels(r.labels(), sel.labelSelector)) continue;
        if (sel.annotationSelector !== undefined && !matchesLabels(r.annotations(), sel.annotationSelector)) continue;
        const rejectedByMeta = rejects.some(
          (rj) =>
            (rj.labelSelector !== undefined || rj.annotationSelector !== undefined) &&
            (rj.labelSelector === undefined || matchesLabels(r.labels(), rj.labelSelector)) &&
            (rj.annotationSelector === undefined || matchesLabels(r.annotations(), rj.annotationSelector)),
        );
        if (rejectedByMeta) continue;
        if (!anyIdSelected(r, sel)) continue;
        if (rejects.some((rj) => hasIdFields(rj) && anyIdSelected(r, rj))) continue;
        for (const fp of fieldPaths) {
          const refs = lookupFieldRefs(r.obj, splitFieldPath(fp), opts.create);
          if (refs.length === 0) {
            failBuild('REPLACEMENT_TARGET_NOT_FOUND', `unable to find${opts.create ? ' or create' : ''} field "${fp}" in replacement target ${r.kind}/${r.name}`, path);
          }
          for (const ref of refs) setRef(ref, setTarget(getRef(ref), value, opts, path));
        }
      }
    }
  }
}
