import { stringify } from 'yaml';
import { buildFluxKustomization, objectRef, refSubject, renderedDiff, resolveSubstituteVars, substituteObjects, type ChangedObject, type FileTree, type FluxBuildSpec, type KubeObject } from '@flotilla/reconcile-core';
import { clusterVariables, type AssignmentCluster } from '../assignments/assignment-document.js';
import { placedVariables } from '../kustomizations/placement-variables.js';
import { placementOf, placementTargets } from '../kustomizations/placement.js';
import { isSecretPlaceholder, substituteFromOf, type ClusterSubstituteFrom } from './substitute-from-refs.js';

/** A changed object with both rendered revisions as YAML, for a side-by-side view. */
export interface ChangedObjectYaml extends ChangedObject {
  before: string;
  after: string;
}

export interface ClusterDiff {
  /** `namespace/name` of the Kustomization, or null for a HelmRelease's diff. */
  kustomization: string | null;
  /** `namespace/name` of the HelmRelease, or null for a Kustomization's diff. */
  helmRelease: string | null;
  cluster: string;
  added: string[];
  changed: ChangedObjectYaml[];
  removed: string[];
  /** Why this cluster's render failed (then the lists are empty). */
  error: string | null;
  /** Variables whose values are Secret values in the cluster, rendered as placeholders here. */
  hiddenVariables: string[];
  /** What this render could not take into account for this cluster (e.g. substituteFrom, its agent being offline). */
  note: string | null;
}

/** What rendered a diff: the Kustomization's `namespace/name`, or `HelmRelease namespace/name`. */
export const diffOwner = (d: Pick<ClusterDiff, 'kustomization' | 'helmRelease'>): string => (d.helmRelease ? `HelmRelease ${d.helmRelease}` : (d.kustomization ?? ''));

export interface DiffKustomization {
  namespace: string;
  name: string;
  spec: unknown;
  placement: unknown;
}

interface RenderSpec extends FluxBuildSpec {
  postBuild?: { substitute?: Record<string, string>; substituteStrategy?: string };
}

/** A Kustomization's substituteFrom as read in one cluster, by cluster id; absent when it has none. */
export type SubstituteFromLookup = (clusterId: string, kustomization: { namespace: string; name: string }) => ClusterSubstituteFrom | undefined;

/**
 * Builds the Kustomization as its agent does before applying: the kustomize build of spec.path with the
 * overlay fields and commonMetadata (reconcile-core's, which the agent uses too), then, only when the spec has a
 * `postBuild` (as in Flux), substitution with `vars`.
 */
function render(tree: FileTree, spec: RenderSpec, vars: Record<string, string>): { ok: true; objects: KubeObject[] } | { ok: false; error: string } {
  const built = buildFluxKustomization(tree, spec);
  if (!built.ok) return { ok: false, error: built.errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join('; ') };
  if (!spec.postBuild) return { ok: true, objects: built.value };
  const substituted = substituteObjects(built.value, vars, { always: spec.postBuild.substituteStrategy === 'Always' });
  if (!substituted.ok) return { ok: false, error: substituted.errors.map((e) => e.message).join('; ') };
  return { ok: true, objects: substituted.value };
}

const subjectOf = (o: KubeObject): string | undefined => {
  const ref = objectRef(o);
  return ref.ok ? refSubject(ref.value) : undefined;
};

/** The field-level diff of two renders, each changed object carried with both revisions as YAML. */
export function diffWithYaml(before: readonly KubeObject[], after: readonly KubeObject[]): Pick<ClusterDiff, 'added' | 'changed' | 'removed'> {
  const diff = renderedDiff(before, after);
  if (diff.changed.length === 0) return { ...diff, changed: [] };
  const find = (objs: readonly KubeObject[], subject: string) => objs.find((o) => subjectOf(o) === subject);
  const changed = diff.changed.map((c) => ({ ...c, before: stringify(find(before, c.object) ?? null), after: stringify(find(after, c.object) ?? null) }));
  return { ...diff, changed };
}

/**
 * For every cluster each Kustomization (reading the proposal's source) targets, builds `spec.path` at the
 * base and the head as that cluster's agent would (overlay fields included) with that cluster's variables, merged
 * by Flux's rule as the agent merges them: the hub's cluster variables and built-ins first, then the
 * `substituteFrom` sources as read in the cluster (a Secret's values as placeholders, the same at base and head),
 * then `postBuild.substitute`; and compares the objects. Without an answer from the cluster's agent the render
 * goes on without `substituteFrom` and says so in `note`.
 */
export function computeClusterDiffs(
  kustomizations: readonly DiffKustomization[],
  clusters: readonly AssignmentCluster[],
  trees: { base: FileTree; head: FileTree },
  substituteFrom: SubstituteFromLookup = () => undefined,
): ClusterDiff[] {
  const out: ClusterDiff[] = [];
  for (const k of kustomizations) {
    const spec = (typeof k.spec === 'object' && k.spec !== null ? k.spec : {}) as RenderSpec;
    const placement = placementOf(k.placement);
    for (const cluster of clusters) {
      if (!placementTargets(placement, cluster)) continue;
      const head = { kustomization: `${k.namespace}/${k.name}`, helmRelease: null, cluster: cluster.name };
      const read = spec.postBuild && substituteFromOf(spec).length ? substituteFrom(cluster.id, k) : undefined;
      // The agent hands the cluster variables to Flux's substitution as the first substituteFrom source.
      const resolved = resolveSubstituteVars({
        substitute: spec.postBuild?.substitute,
        substituteFrom: [{ kind: 'ConfigMap', name: 'cluster variables', data: clusterVariables(cluster, placedVariables(k.placement, cluster.name)) }, ...(read?.ok ? read.sources : [])],
      });
      const note = read && !read.ok ? read.note : null;
      if (!resolved.ok) {
        out.push({ ...head, added: [], changed: [], removed: [], error: resolved.errors.map((e) => e.message).join('; '), hiddenVariables: [], note });
        continue;
      }
      const vars = resolved.value;
      const hiddenVariables = Object.keys(vars).filter((v) => isSecretPlaceholder(vars[v]!)).sort();
      const before = render(trees.base, spec, vars);
      const after = render(trees.head, spec, vars);
      if (!after.ok) out.push({ ...head, added: [], changed: [], removed: [], error: after.error, hiddenVariables, note });
      else out.push({ ...head, ...diffWithYaml(before.ok ? before.objects : [], after.objects), error: null, hiddenVariables, note });
    }
  }
  return out;
}
