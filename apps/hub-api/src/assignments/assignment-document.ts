import type { AssignedKustomization, AssignedSource, Assignment } from '@flotilla/protocol';
import { kustomizationSpec } from '@flotilla/protocol/flux';
import type { FLUX_KINDS } from '@flotilla/reconcile-core';
import { isDigest } from '@flotilla/git-source';
import { artifactUrlPath } from '../artifacts/artifact-url.js';
// One placement rule for GraphQL's per-cluster rows and for what agents get.
import { placementOf, placementTargets } from '../kustomizations/placement.js';
import { placedVariables } from '../kustomizations/placement-variables.js';
import { assignHelmReleases, type AssignmentHelmRelease } from '../helm/helm-release-assignment.js';

// The pure part of assignments: which Kustomizations, HelmReleases and artifacts a cluster gets, with its variables.

export interface AssignmentCluster {
  id: string;
  name: string;
  labels: Record<string, string>;
  variables: Record<string, string>;
}

export interface AssignmentKustomization {
  id: string;
  namespace: string;
  name: string;
  generation: number;
  spec: unknown;
  placement: unknown;
}

export interface AssignmentSource {
  /** The hub's fetched sources a Kustomization may name. */
  kind: typeof FLUX_KINDS.GitRepository.kind | typeof FLUX_KINDS.OCIRepository.kind;
  namespace: string;
  name: string;
  /** `status.artifact` of the source, if it has one. */
  artifact: { revision: string; digest: string; size: number } | undefined;
}

/** The assignment without its generation (the generation is the store's business). */
export type AssignmentBody = Omit<Assignment, 'generation'>;

export interface SkippedKustomization {
  namespace: string;
  name: string;
  reason: string;
}


/** `cluster_label_<key>` with every character outside [A-Za-z0-9_] replaced by `_` (so it is a valid envsubst name). */
export function labelVariableName(key: string): string {
  return `cluster_label_${key.replace(/[^A-Za-z0-9_]/g, '_')}`;
}

/**
 * Variables the agent adds to postBuild substitution for this cluster. The cluster's own variable map first, then
 * those the Kustomization's placement gives this cluster (`placed`, see placedVariables), then the built-ins
 * (`cluster_name`, `cluster_id`, `cluster_label_<key>`), which win over a variable of the same name so a cluster
 * cannot pretend to be another. On the agent, `postBuild.substituteFrom` and then `postBuild.substitute` override
 * these: the Kustomization's own values have the last word.
 */
export function clusterVariables(cluster: AssignmentCluster, placed: Record<string, string> = {}): Record<string, string> {
  const vars: Record<string, string> = { ...cluster.variables, ...placed };
  for (const key of Object.keys(cluster.labels).sort()) vars[labelVariableName(key)] = cluster.labels[key]!;
  vars.cluster_name = cluster.name;
  vars.cluster_id = cluster.id;
  return vars;
}

/**
 * A stored spec checked once per object, not once per cluster: a recompute passes the same Kustomization rows to
 * every cluster's computeAssignment, and a change that touches 10,000 clusters would check each spec 10,000 times.
 * Keyed weakly by the row, so a recompute's rows and their checks go together.
 */
const checkedSpecs = new WeakMap<AssignmentKustomization, ReturnType<typeof kustomizationSpec.safeParse>>();
function checkedSpec(k: AssignmentKustomization): ReturnType<typeof kustomizationSpec.safeParse> {
  let checked = checkedSpecs.get(k);
  if (!checked) checkedSpecs.set(k, (checked = kustomizationSpec.safeParse(k.spec)));
  return checked;
}

const sourceKey = (kind: string, namespace: string, name: string): string => `${kind}/${namespace}/${name}`;
const byNamespaceName = (a: { namespace: string; name: string }, b: { namespace: string; name: string }): number =>
  a.namespace === b.namespace ? (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) : a.namespace < b.namespace ? -1 : 1;

/**
 * The Kustomizations placed on the cluster and the artifacts of their sources. A source is listed when it has an
 * artifact, even if its last fetch failed: like Flux's kustomize-controller, agents keep applying the last good
 * artifact (status.artifact survives a failed fetch). A Kustomization whose source has no artifact yet is still
 * listed, so its agent reports ArtifactFailed instead of pruning it. A stored spec the wire schema rejects is
 * skipped and returned in `skipped` (the hub validated it on write; this guards the agent from a bad row).
 */
export function computeAssignment(
  cluster: AssignmentCluster,
  kustomizations: readonly AssignmentKustomization[],
  sources: readonly AssignmentSource[],
  helmReleases: readonly AssignmentHelmRelease[] = [],
): { body: AssignmentBody; skipped: SkippedKustomization[] } {
  const sourceByKey = new Map(sources.map((s) => [sourceKey(s.kind, s.namespace, s.name), s]));
  const variables = clusterVariables(cluster);
  const withPlaced = (placement: unknown) => {
    const placed = placedVariables(placement, cluster.name);
    return Object.keys(placed).length === 0 ? variables : clusterVariables(cluster, placed);
  };
  const assigned: AssignedKustomization[] = [];
  const usedSources = new Map<string, AssignedSource>();
  const skipped: SkippedKustomization[] = [];
  for (const k of kustomizations) {
    if (!placementTargets(placementOf(k.placement), cluster)) continue;
    const spec = checkedSpec(k);
    if (!spec.success) {
      skipped.push({ namespace: k.namespace, name: k.name, reason: spec.error.issues.map((i) => `spec.${i.path.join('.')}: ${i.message}`).join('; ') });
      continue;
    }
    assigned.push({ namespace: k.namespace, name: k.name, generation: k.generation, spec: spec.data, variables: withPlaced(k.placement) });
    // Flux: sourceRef.namespace defaults to the Kustomization's namespace.
    const sourceNamespace = spec.data.sourceRef.namespace ?? k.namespace;
    const source = sourceByKey.get(sourceKey(spec.data.sourceRef.kind, sourceNamespace, spec.data.sourceRef.name));
    if (source?.artifact && isDigest(source.artifact.digest) && !usedSources.has(sourceKey(source.kind, source.namespace, source.name))) {
      usedSources.set(sourceKey(source.kind, source.namespace, source.name), {
        kind: source.kind,
        namespace: source.namespace,
        name: source.name,
        revision: source.artifact.revision,
        digest: source.artifact.digest,
        size: source.artifact.size,
        url: artifactUrlPath(source.artifact.digest),
      });
    }
  }
  const helm = assignHelmReleases(cluster, variables, helmReleases);
  skipped.push(...helm.skipped);
  const allSources = [...usedSources.values(), ...helm.sources].sort((a, b) => byNamespaceName(a, b) || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0));
  const body: AssignmentBody = { sources: allSources, kustomizations: assigned.sort(byNamespaceName) };
  // Absent rather than empty: documents of clusters without hub HelmReleases keep their content (and generation).
  if (helm.helmReleases.length > 0) body.helmReleases = helm.helmReleases.sort(byNamespaceName);
  return { body, skipped };
}
