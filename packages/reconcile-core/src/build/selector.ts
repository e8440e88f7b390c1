import type { JsonObject } from '../yaml/parse.js';
import { failBuild } from './build-error.js';
import { isObject, str, type ResId, type Resource, effectiveNamespace } from './resource.js';

/** A patch/replacement target selector (kustomize types.Selector). */
export interface Selector {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  labelSelector?: string;
  annotationSelector?: string;
}

export function readSelector(v: unknown): Selector {
  const o = isObject(v as never) ? (v as JsonObject) : {};
  const s: Selector = {};
  for (const k of ['group', 'version', 'kind', 'name', 'namespace', 'labelSelector', 'annotationSelector'] as const) {
    const x = o[k];
    if (typeof x === 'string' && x !== '') s[k] = x;
  }
  return s;
}

const regexCache = new Map<string, RegExp>();
function anchored(p: string): RegExp {
  let r = regexCache.get(p);
  if (!r) {
    try {
      r = new RegExp(`^(?:${p})$`);
    } catch {
      failBuild('PATCH_INVALID', `invalid regular expression "${p}" in target selector`);
    }
    regexCache.set(p, r);
  }
  return r;
}

type Req = { key: string; op: 'eq' | 'neq' | 'in' | 'notin' | 'exists' | 'notexists'; values: string[] };

export function parseLabelSelector(sel: string): Req[] {
  const reqs: Req[] = [];
  const parts: string[] = [];
  let depth = 0, cur = '';
  for (const c of sel) {
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (c === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += c;
  }
  parts.push(cur);
  for (const raw of parts) {
    const p = raw.trim();
    if (p === '') continue;
    let m: RegExpExecArray | null;
    if ((m = /^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(p))) {
      reqs.push({ key: m[1] as string, op: m[2] as 'in' | 'notin', values: (m[3] as string).split(',').map((s) => s.trim()).filter(Boolean) });
    } else if ((m = /^([^!=\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(p))) {
      reqs.push({ key: m[1] as string, op: m[2] === '!=' ? 'neq' : 'eq', values: [m[3] as string] });
    } else if ((m = /^!\s*(\S+)$/.exec(p))) {
      reqs.push({ key: m[1] as string, op: 'notexists', values: [] });
    } else if (/^\S+$/.test(p)) {
      reqs.push({ key: p, op: 'exists', values: [] });
    } else failBuild('PATCH_INVALID', `invalid selector "${sel}"`);
  }
  return reqs;
}

export function matchesLabels(labels: Record<string, string>, sel: string): boolean {
  for (const r of parseLabelSelector(sel)) {
    const has = Object.prototype.hasOwnProperty.call(labels, r.key);
    const v = labels[r.key];
    switch (r.op) {
      case 'eq': if (!has || v !== r.values[0]) return false; break;
      case 'neq': if (has && v === r.values[0]) return false; break;
      case 'in': if (!has || !r.values.includes(v as string)) return false; break;
      case 'notin': if (has && r.values.includes(v as string)) return false; break;
      case 'exists': if (!has) return false; break;
      case 'notexists': if (has) return false; break;
    }
  }
  return true;
}

function idMatches(s: Selector, org: ResId, cur: ResId): boolean {
  if (s.namespace !== undefined) {
    const re = anchored(s.namespace);
    // kustomize matches the effective namespace ("default" when unset) of the original and current ids.
    const eff = (id: ResId): string => effectiveNamespace(id) || '_non_namespaceable_';
    if (!re.test(eff(org)) && !re.test(eff(cur))) return false;
  }
  if (s.name !== undefined) {
    const re = anchored(s.name);
    if (!re.test(org.name) && !re.test(cur.name)) return false;
  }
  return true;
}

export function selects(s: Selector, r: Resource): boolean {
  const g = r.gvk();
  // Group, version and kind are anchored regular expressions too ("ConfigMap|Secret").
  if (s.group !== undefined && !anchored(s.group).test(g.group)) return false;
  if (s.version !== undefined && !anchored(s.version).test(g.version)) return false;
  if (s.kind !== undefined && !anchored(s.kind).test(g.kind)) return false;
  if (!idMatches(s, r.orgId(), r.curId())) return false;
  if (s.labelSelector !== undefined && !matchesLabels(r.labels(), s.labelSelector)) return false;
  if (s.annotationSelector !== undefined && !matchesLabels(r.annotations(), s.annotationSelector)) return false;
  return true;
}

export function selectResources(resources: Resource[], s: Selector): Resource[] {
  return resources.filter((r) => selects(s, r));
}

export function metaString(o: JsonObject, field: string): string {
  return isObject(o.metadata) ? str(o.metadata[field]) : '';
}
