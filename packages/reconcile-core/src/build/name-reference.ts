import type { JsonObject, JsonValue } from '../yaml/parse.js';
import { failBuild } from './build-error.js';
import type { NameRefEntry } from './builtin-config.js';
import { applyFieldSpecs, gvkSelected, type FieldSpec } from './field-spec.js';
import { effectiveNamespace, idString, isObject, type Resource } from './resource.js';

// kustomize's FixBackReferences: after every rename (prefix/suffix, namespace, generator hash), fields that
// name another object follow it. Only objects with previous ids are referrals; the candidate sieve below
// mirrors kustomize's (previous name, kind, roleRef kind, namespace, then prefix/suffix history).

function sameEnding(a: string[], b: string[]): boolean {
  const [s, l] = a.length <= b.length ? [a, b] : [b, a];
  const diff = l.length - s.length;
  if (s.length === 0) return diff === 0;
  for (let i = s.length - 1; i >= 0; i--) if (l[i + diff] !== s[i]) return false;
  return true;
}

function psEquals(a: Resource, b: Resource, allowEmpty: boolean): boolean {
  if (allowEmpty) {
    const pe = a.prefixes.length === 0 || b.prefixes.length === 0;
    const se = a.suffixes.length === 0 || b.suffixes.length === 0;
    return (pe || sameEnding(a.prefixes, b.prefixes)) && (se || sameEnding(a.suffixes, b.suffixes));
  }
  return sameEnding(a.prefixes, b.prefixes) && sameEnding(a.suffixes, b.suffixes);
}

/** SubsetThatCouldBeReferencedByResource: same namespace, cluster-scoped, or a RoleBinding's subject namespace. */
function couldReference(referrer: Resource, target: Resource): boolean {
  if (referrer.isClusterScoped() || target.isClusterScoped()) return true;
  if (effectiveNamespace(referrer.curId()) === effectiveNamespace(target.curId())) return true;
  if (referrer.kind === 'RoleBinding' && Array.isArray(referrer.obj.subjects)) {
    return referrer.obj.subjects.some((s) => isObject(s) && s.kind === 'ServiceAccount' && typeof s.namespace === 'string' && s.namespace === target.namespace);
  }
  return false;
}

interface Ctx {
  referrer: Resource;
  entry: NameRefEntry;
  spec: FieldSpec;
  byPrevName: Map<string, Resource[]>;
  resources: Resource[];
  path: string;
}

function roleRefSieve(ctx: Ctx): (r: Resource) => boolean {
  if (!ctx.spec.path.endsWith('roleRef/name')) return () => true;
  const rr = ctx.referrer.obj.roleRef;
  if (!isObject(rr) || typeof rr.apiGroup !== 'string' || typeof rr.kind !== 'string') return () => true;
  const sel = { group: rr.apiGroup, kind: rr.kind };
  return (r) => r.prevIds.some((id) => gvkSelected(id, sel));
}

function selectReferral(ctx: Ctx, oldName: string, pool: Resource[] | undefined, identical: (c: Resource[]) => boolean): Resource | undefined {
  const { referrer, entry } = ctx;
  const named = ctx.byPrevName.get(oldName);
  if (!named) return undefined;
  const roleRef = roleRefSieve(ctx);
  const inPool = pool ? new Set(pool) : undefined;
  let c = named.filter(
    (r) =>
      (inPool ? inPool.has(r) : couldReference(referrer, r)) &&
      r.prevIds.some((id) => gvkSelected(id, entry)) &&
      roleRef(r) &&
      (referrer.isClusterScoped() ||
        r.isClusterScoped() ||
        r.kind === 'ServiceAccount' ||
        effectiveNamespace(referrer.curId()) === effectiveNamespace(r.curId())),
  );
  if (c.length === 1) return c[0];
  c = c.filter((r) => psEquals(r, referrer, true));
  if (c.length > 1) c = c.filter((r) => psEquals(r, referrer, false));
  if (c.length === 1) return c[0];
  if (c.length === 0) return undefined;
  if (identical(c)) return c[0];
  failBuild('DUPLICATE_OBJECT', `found multiple possible referrals: ${c.map((r) => idString(r.curId())).join(', ')}`, ctx.path);
}

const sameNames = (c: Resource[]): boolean => c.every((r) => r.name === (c[0] as Resource).name);
const sameNamesAndNamespaces = (c: Resource[]): boolean =>
  c.every((r) => r.name === (c[0] as Resource).name && r.namespace === (c[0] as Resource).namespace);

// filterMapCandidatesByNamespace: a {name, namespace} reference looks among objects whose original
// namespace is that one, or (if there are none at all) whose current namespace is.
function poolForNamespace(ctx: Ctx, ns: string): Resource[] {
  const subset = ctx.resources.filter((r) => couldReference(ctx.referrer, r) && !r.isClusterScoped());
  const byOrg = subset.filter((r) => effectiveNamespace(r.orgId()) === ns);
  if (byOrg.length > 0) return byOrg;
  return subset.filter((r) => effectiveNamespace(r.curId()) === ns);
}

function setScalar(ctx: Ctx, v: string): string | undefined {
  const ref = selectReferral(ctx, v, undefined, sameNames);
  return ref && ref.name !== v ? ref.name : undefined;
}

function setMapping(ctx: Ctx, m: JsonObject): void {
  if (typeof m.name !== 'string') return;
  const ns = m.namespace;
  const pool = typeof ns === 'string' ? poolForNamespace(ctx, ns === '' ? '' : ns === 'default' ? 'default' : ns) : undefined;
  const ref = selectReferral(ctx, m.name, pool, sameNamesAndNamespaces);
  if (!ref) return;
  if (ref.name === m.name && ref.namespace === '') return;
  m.name = ref.name;
  if (ref.namespace !== '') m.namespace = ref.namespace;
}

export function fixNameReferences(resources: Resource[], entries: NameRefEntry[], path: string): void {
  // Only objects with previous ids can be referrals; index them by every earlier name.
  const byPrevName = new Map<string, Resource[]>();
  for (const r of resources) {
    for (const id of r.prevIds) {
      const list = byPrevName.get(id.name);
      if (!list) byPrevName.set(id.name, [r]);
      else if (!list.includes(r)) list.push(r);
    }
  }
  if (byPrevName.size === 0) return;
  for (const referrer of resources) {
    const org = referrer.orgId();
    for (const entry of entries) {
      for (const spec of entry.fieldSpecs) {
        // Referrers are chosen by their original kind.
        if (!gvkSelected(org, spec)) continue;
        const ctx: Ctx = { referrer, entry, spec, byPrevName, resources, path };
        applyFieldSpecs(referrer.obj, referrer.gvk(), [{ ...spec, kind: undefined, group: undefined, version: undefined } as FieldSpec], (v): JsonValue | undefined => {
          if (typeof v === 'string') return setScalar(ctx, v);
          if (Array.isArray(v)) {
            return v.map((x) => {
              if (isObject(x)) {
                setMapping(ctx, x);
                return x;
              }
              return typeof x === 'string' ? setScalar(ctx, x) ?? x : x;
            });
          }
          if (isObject(v)) setMapping(ctx, v);
          return undefined;
        });
      }
    }
  }
}
