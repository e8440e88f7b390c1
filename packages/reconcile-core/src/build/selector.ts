import { matchesLabelSelector, parseLabelSelector } from '../selector/label-selector.js';
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

/** kustomize matches labelSelector and annotationSelector with Kubernetes' labels.Parse and Matches. */
export function matchesLabels(labels: Record<string, string>, sel: string): boolean {
  const parsed = parseLabelSelector(sel);
  if (!parsed.ok) failBuild('PATCH_INVALID', `invalid selector "${sel}": ${parsed.errors.map((e) => e.message).join('; ')}`);
  return matchesLabelSelector(parsed.value, labels);
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
