import type { JsonObject, JsonValue } from '../../yaml/parse.js';
import { failBuild } from '../build-error.js';
import { deepClone, isObject, str, type Resource } from '../resource.js';
import { readSelector, selectResources, selects } from '../selector.js';
import { getRef, lookupFieldRefs, setRef, splitFieldPath } from './field-path.js';

function readOpts(v: JsonValue | undefined): { delimiter: string; index: number; create: boolean } {
  const o = isObject(v) ? v : {};
  return { delimiter: str(o.delimiter), index: typeof o.index === 'number' ? o.index : 0, create: o.create === true };
}

function sourceValue(resources: Resource[], source: JsonObject, path: string): JsonValue {
  const sel = readSelector(source);
  const matches = selectResources(resources, sel);
  if (matches.length === 0) failBuild('REPLACEMENT_SOURCE_NOT_FOUND', `nothing selected by replacement source ${JSON.stringify(sel)}`, path);
  if (matches.length > 1) failBuild('REPLACEMENT_SOURCE_NOT_FOUND', `more than one resource selected by replacement source ${JSON.stringify(sel)}`, path);
  const fieldPath = str(source.fieldPath) || 'metadata.name';
  const refs = lookupFieldRefs((matches[0] as Resource).obj, splitFieldPath(fieldPath), false);
  const v = refs[0] ? getRef(refs[0]) : undefined;
  if (v === undefined) failBuild('REPLACEMENT_SOURCE_NOT_FOUND', `fieldPath \`${fieldPath}\` is missing for replacement source`, path);
  const opts = readOpts(source.options);
  if (opts.delimiter && typeof v === 'string') {
    const parts = v.split(opts.delimiter);
    const part = parts[opts.index];
    if (part === undefined) failBuild('REPLACEMENT_INVALID', `options.index ${opts.index} is out of bounds for value ${v}`, path);
    return part;
  }
  return deepClone(v);
}

function setTarget(current: JsonValue | undefined, value: JsonValue, opts: { delimiter: string; index: number }): JsonValue {
  if (opts.delimiter && typeof current === 'string') {
    const parts = current.split(opts.delimiter);
    const sv = typeof value === 'string' ? value : String(value);
    if (opts.index >= parts.length) parts.push(sv);
    else if (opts.index < 0) parts.unshift(sv);
    else parts[opts.index] = sv;
    return parts.join(opts.delimiter);
  }
  // The target keeps its scalar type (kyaml keeps the node's tag and takes the source's text):
  // 8080 copied into a string field stays "8080", "8080" copied into a number field becomes 8080.
  if (value !== null && typeof value !== 'object' && current !== undefined && current !== null && typeof current !== 'object') {
    const text = String(value);
    if (typeof current === 'string') return text;
    if (typeof current === 'number' && text.trim() !== '' && Number.isFinite(Number(text))) return Number(text);
    if (typeof current === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
  }
  return deepClone(value);
}

export function applyReplacements(resources: Resource[], replacements: JsonObject[], path: string): void {
  for (const rep of replacements) {
    const source = isObject(rep.source) ? rep.source : undefined;
    if (!source) failBuild('REPLACEMENT_INVALID', 'replacement has no source', path);
    const value = sourceValue(resources, source, path);
    const targets = Array.isArray(rep.targets) ? rep.targets.filter(isObject) : [];
    for (const t of targets) {
      const sel = readSelector(t.select);
      const rejects = Array.isArray(t.reject) ? t.reject.map(readSelector) : [];
      const opts = readOpts(t.options);
      const fieldPaths = Array.isArray(t.fieldPaths) ? t.fieldPaths.filter((x): x is string => typeof x === 'string') : [];
      for (const r of selectResources(resources, sel)) {
        if (rejects.some((rj) => Object.keys(rj).length > 0 && selects(rj, r))) continue;
        for (const fp of fieldPaths) {
          const refs = lookupFieldRefs(r.obj, splitFieldPath(fp), opts.create);
          if (refs.length === 0) {
            failBuild('REPLACEMENT_TARGET_NOT_FOUND', `unable to find field "${fp}" in replacement target ${r.kind}/${r.name}`, path);
          }
          for (const ref of refs) setRef(ref, setTarget(getRef(ref), value, opts));
        }
      }
    }
  }
}
