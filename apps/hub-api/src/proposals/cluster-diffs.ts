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
  /** What this render could not take into account for this cluster (e.g. substituteFrom, its agent being offline), or that Flux leaves the removed objects there. */
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
  prune?: boolean;
  deletionPolicy?: string;
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

/** One side of a change: the Kustomization as it is (base) or would be (head), and the source tree it reads there. */
export interface KustomizationSide {
  kustomization: DiffKustomization;
  tree: FileTree;
  substituteFrom?: SubstituteFromLookup;
}

type SideRender = { objects: KubeObject[]; error: null; hiddenVariables: string[]; note: string | null } | { objects: null; error: string; hiddenVariables: string[]; note: string | null };

const specOf = (k: DiffKustomization): RenderSpec => (typeof k.spec === 'object' && k.spec !== null ? k.spec : {}) as RenderSpec;

/**
 * One side built for one cluster, with that cluster's variables merged by Flux's rule as the agent merges
 * them: the hub's cluster variables and built-ins first, then the `substituteFrom` sources as read in the
 * cluster (a Secret's values as placeholders), then `postBuild.substitute`.
 */
function renderSide(side: KustomizationSide, cluster: AssignmentCluster): SideRender {
  const k = side.kustomization;
  const spec = specOf(k);
  const read = spec.postBuild && substituteFromOf(spec).length ? side.substituteFrom?.(cluster.id, k) : undefined;
  // The agent hands the cluster variables to Flux's substitution as the first substituteFrom source.
  const resolved = resolveSubstituteVars({
    substitute: spec.postBuild?.substitute,
    substituteFrom: [{ kind: 'ConfigMap', name: 'cluster variables', data: clusterVariables(cluster, placedVariables(k.placement, cluster.name)) }, ...(read?.ok ? read.sources : [])],
  });
  const note = read && !read.ok ? read.note : null;
  if (!resolved.ok) return { objects: null, error: resolved.errors.map((e) => e.message).join('; '), hiddenVariables: [], note };
  const vars = resolved.value;
  const hiddenVariables = Object.keys(vars).filter((v) => isSecretPlaceholder(vars[v]!));
  const built = render(side.tree, spec, vars);
  return built.ok ? { objects: built.objects, error: null, hiddenVariables, note } : { objects: null, error: built.error, hiddenVariables, note };
}

/**
 * What Flux deletes on the cluster. Objects that leave the build are garbage-collected only with `prune: true`;
 * a Kustomization that goes from the cluster (deleted, or its placement no longer naming it) deletes its
 * objects by its `deletionPolicy`: MirrorPrune (the default) as `prune`, Delete and WaitForTermination always,
 * Orphan never. The removed objects are listed either way; this note says when they stay.
 */
function keptNote(base: DiffKustomization, head: DiffKustomization | null): string | null {
  if (head) return specOf(head).prune === true ? null : 'prune is false: Flux deletes nothing, so the objects listed as removed stay on the cluster, no longer reconciled';
  const spec = specOf(base);
  const policy = spec.deletionPolicy ?? 'MirrorPrune';
  if (policy === 'Orphan') return 'deletionPolicy is Orphan: Flux deletes nothing when the Kustomization goes, so the objects listed as removed stay on the cluster';
  if (policy === 'MirrorPrune' && spec.prune !== true) return 'prune is false: Flux deletes nothing when the Kustomization goes, so the objects listed as removed stay on the cluster';
  return null;
}

/**
 * One cluster's diff between two sides, each built only when its placement targets the cluster: a cluster the
 * head no longer targets (or a deleted Kustomization, head null) has every base object removed, one it newly
 * targets every head object added. Undefined when neither side targets the cluster.
 */
function clusterDiff(base: KustomizationSide | null, head: KustomizationSide | null, cluster: AssignmentCluster): ClusterDiff | undefined {
  const placed = (side: KustomizationSide | null): side is KustomizationSide => side !== null && placementTargets(placementOf(side.kustomization.placement), cluster);
  const b = placed(base) ? renderSide(base, cluster) : undefined;
  const h = placed(head) ? renderSide(head, cluster) : undefined;
  const owner = (head ?? base)?.kustomization;
  if (!owner || (!b && !h)) return undefined;
  const id = { kustomization: `${owner.namespace}/${owner.name}`, helmRelease: null, cluster: cluster.name };
  const hiddenVariables = [...new Set([...(b?.hiddenVariables ?? []), ...(h?.hiddenVariables ?? [])])].sort();
  const inputNote = h?.note ?? b?.note ?? null;
  const failed = h?.error ?? (h ? null : b?.error) ?? null;
  if (failed !== null) return { ...id, added: [], changed: [], removed: [], error: failed, hiddenVariables, note: inputNote };
  const diff = diffWithYaml(b?.objects ?? [], h?.objects ?? []);
  const kept = diff.removed.length && base ? keptNote(base.kustomization, h ? head!.kustomization : null) : null;
  return { ...id, ...diff, error: null, hiddenVariables, note: [inputNote, kept].filter((n) => n !== null).join('; ') || null };
}

/**
 * For every cluster each Kustomization (reading the proposal's source) targets, builds `spec.path` at the
 * base and the head as that cluster's agent would (overlay fields included) with that cluster's variables
 * (`substituteFrom` as read in the cluster, the same at base and head), and compares the objects. Without an
 * answer from the cluster's agent the render goes on without `substituteFrom` and says so in `note`.
 */
export function computeClusterDiffs(
  kustomizations: readonly DiffKustomization[],
  clusters: readonly AssignmentCluster[],
  trees: { base: FileTree; head: FileTree },
  substituteFrom: SubstituteFromLookup = () => undefined,
): ClusterDiff[] {
  return kustomizations.flatMap((k) => computeEditClusterDiffs({ kustomization: k, tree: trees.base, substituteFrom }, { kustomization: k, tree: trees.head, substituteFrom }, clusters));
}

/**
 * A change of the Kustomization itself (its spec or placement), each side on the source tree it reads: for
 * every cluster either side targets, the objects the head builds there against those the base builds. A null
 * head is its deletion; a null base its creation.
 */
export function computeEditClusterDiffs(base: KustomizationSide | null, head: KustomizationSide | null, clusters: readonly AssignmentCluster[]): ClusterDiff[] {
  return clusters.flatMap((c) => clusterDiff(base, head, c) ?? []);
}
