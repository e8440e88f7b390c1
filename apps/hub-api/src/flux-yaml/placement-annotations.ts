import type { Placement } from '../kustomizations/placement.js';

// Flux YAML has no placement: a hub Kustomization carries it in two annotations of ours, so an export imported
// again places the same clusters. Flux and kubectl keep annotations as they are and ignore them.

/** A Kubernetes label selector over cluster labels (`env=prod,tier in (a,b)`). */
export const CLUSTER_SELECTOR_ANNOTATION = 'placement.flotilla.dev/cluster-selector';
/** Cluster names, comma-separated. */
export const CLUSTERS_ANNOTATION = 'placement.flotilla.dev/clusters';

export function placementAnnotations(p: Placement): Record<string, string> {
  return {
    ...(p.clusterSelector !== null ? { [CLUSTER_SELECTOR_ANNOTATION]: p.clusterSelector } : {}),
    ...(p.clusterNames.length > 0 ? { [CLUSTERS_ANNOTATION]: p.clusterNames.join(',') } : {}),
  };
}

/** Cluster names as an annotation lists them: comma-separated, blanks ignored. */
export const clusterNamesOf = (text: string | undefined): string[] =>
  (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

export function placementFromAnnotations(a: Record<string, string>): { clusterSelector: string | null; clusterNames: string[] } {
  return { clusterSelector: a[CLUSTER_SELECTOR_ANNOTATION] ?? null, clusterNames: clusterNamesOf(a[CLUSTERS_ANNOTATION]) };
}
