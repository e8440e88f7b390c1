import type { JsonObject, JsonValue } from '../yaml/parse.js';
import { failBuild } from './build-error.js';
import type { NameRefEntry } from './builtin-config.js';
import { applyFieldSpecs, gvkSelected } from './field-spec.js';
import { effectiveNamespace, idString, isObject, str, type Resource } from './resource.js';

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

function couldReference(referrer: Resource, target: Resource): boolean {
  if (referrer.isClusterScoped() || target.isClusterScoped()) return true;
  if (effectiveNamespace(referrer.curId()) === effectiveNamespace(target.curId())) return true;
  const kind = referrer.kind;
  if (kind === 'RoleBinding' || kind === 'ClusterRoleBinding') {
    const subjects = referrer.obj.subjects;
    if (Array.isArray(subjects)) {
      return subjects.some((s) => isObject(s) && s.kind === 'ServiceAccount' && str(s.namespace) === target.namespace);
    }
  }
  return false;
}

function selectReferral(entry: NameRefEntry, referrer: Resource, byPrevName: Map<string, Resource[]>, oldName: string, oldNs: string | undefined, path: string): Resource | undefined {
  const named = byPrevName.get(oldName);
  if (!named) return undefined;
  let c = named.filter((r) => r.prevIds.some((id) => gvkSelected(id, entry)) && couldReference(referrer, r));
  if (oldNs !== undefined) {
    // The namespace written beside the name must be the referral's original or current namespace
    // (not one it passed through in between).
    c = c.filter((r) => {
      const want = effectiveNamespace({ namespace: oldNs, kind: r.kind });
      return effectiveNamespace(r.orgId()) === want || effectiveNamespace(r.curId()) === want;
    });
  }
  if (!referrer.isClusterScoped()) {
    c = c.filter((r) => r.isClusterScoped() || r.kind === 'ServiceAccount' || effectiveNamespace(referrer.curId()) === effectiveNamespace(r.curId()));
  }
  if (c.length === 1) return c[0];
  c = c.filter((r) => psEquals(r, referrer, true));
  if (c.length === 1) return c[0];
  c = c.filter((r) => psEquals(r, referrer, false));
  if (c.length === 1) return c[0];
  if (c.length === 0) return undefined;
  if (c.every((r) => r.name === (c[0] as Resource).name)) return c[0];
  failBuild('DUPLICATE_OBJECT', `found multiple possible referrals: ${c.map((r) => idString(r.curId())).join(', ')}`, path);
}

/** Rewrites references to renamed objects (prefix/suffix, hash, namespace) — kustomize's FixBackReferences. */
export function fixNameReferences(resources: Resource[], entries: NameRefEntry[], path: string): void {
  // Only renamed objects can be referrals; index them by every name they had.
  const byPrevName = new Map<string, Resource[]>();
  for (const r of resources) {
    for (const id of r.prevIds) {
      const list = byPrevName.get(id.name);
      if (!list) byPrevName.set(id.name, [r]);
      else if (!list.includes(r)) list.push(r);
    }
  }
  if (byPrevName.size === 0) return;
  // Field specs by referrer kind, so each object only walks the paths that can apply to it.
  const specsByKind = new Map<string, { entry: NameRefEntry; specs: NameRefEntry['fieldSpecs'] }[]>();
  const specsFor = (kind: string): { entry: NameRefEntry; specs: NameRefEntry['fieldSpecs'] }[] => {
    let v = specsByKind.get(kind);
    if (!v) {
      v = entries.map((entry) => ({ entry, specs: entry.fieldSpecs.filter((f) => !f.kind || f.kind === kind) })).filter((e) => e.specs.length > 0);
      specsByKind.set(kind, v);
    }
    return v;
  };
  for (const referrer of resources) {
    const candidates = byPrevName;
    for (const { entry, specs } of specsFor(referrer.kind)) {
      const setMapping = (m: JsonObject): void => {
        // kustomize does not look at a subject's kind here: any subject with the old name follows.
        if (typeof m.name !== 'string') return;
        const ns = typeof m.namespace === 'string' ? m.namespace : undefined;
        const ref = selectReferral(entry, referrer, candidates, m.name, ns, path);
        if (!ref) return;
        m.name = ref.name;
        if (ref.namespace !== '') m.namespace = ref.namespace;
      };
      // roleRef/name only follows a referral of the kind named in roleRef.kind.
      const roleRefKind = isObject(referrer.obj.roleRef) ? str(referrer.obj.roleRef.kind) : undefined;
      const roleRefOk = roleRefKind === undefined || roleRefKind === entry.kind;
      applyFieldSpecs(referrer.obj, referrer.gvk(), roleRefOk ? specs : specs.filter((f) => f.path !== 'roleRef/name'), (v): JsonValue | undefined => {
        if (typeof v === 'string') {
          const ref = selectReferral(entry, referrer, candidates, v, undefined, path);
          return ref ? ref.name : undefined;
        }
        if (Array.isArray(v)) {
          // rules/resourceNames (lists of names) and subjects (lists of {kind, name, namespace}).
          return v.map((x) => {
            if (isObject(x)) {
              setMapping(x);
              return x;
            }
            if (typeof x !== 'string') return x;
            const ref = selectReferral(entry, referrer, candidates, x, undefined, path);
            return ref ? ref.name : x;
          });
        }
        if (isObject(v)) setMapping(v);
        return undefined;
      });
    }
  }
}
