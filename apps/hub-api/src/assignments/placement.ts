import { matchesSelector, parseLabelSelector } from '../clusters/label-selector.js';

/** Where a Kustomization goes: clusters whose labels match the selector, plus clusters named explicitly. */
export interface Placement {
  clusterSelector: string | null;
  clusterNames: string[];
}

export interface PlacementCluster {
  name: string;
  labels: Record<string, string>;
}

/** Reads the stored placement JSON defensively: anything malformed places nothing. */
export function readPlacement(json: unknown): Placement {
  const o = typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : {};
  const selector = typeof o.clusterSelector === 'string' ? o.clusterSelector : null;
  const names = Array.isArray(o.clusterNames) ? o.clusterNames.filter((n): n is string => typeof n === 'string') : [];
  return { clusterSelector: selector, clusterNames: names };
}

/**
 * Whether the placement selects the cluster. A null or blank selector selects no cluster by labels (unlike an
 * empty Kubernetes selector, which matches everything): a Kustomization reaches the whole fleet only when someone
 * writes a selector that says so, never because a form field was left empty. An unparsable selector selects
 * nothing (the hub validates selectors when they are written).
 */
export function placementSelects(placement: Placement, cluster: PlacementCluster): boolean {
  if (placement.clusterNames.includes(cluster.name)) return true;
  const selector = placement.clusterSelector?.trim();
  if (!selector) return false;
  const parsed = parseLabelSelector(selector);
  return parsed.ok && matchesSelector(cluster.labels, parsed.requirements);
}
