import { matchesLabelSelector, parseLabelSelector } from '@flotilla/reconcile-core';
import { scopeHolds, type Scope } from '../auth/access.js';
import { badInput } from '../common/domain-error.js';
import { validClusterName } from '../clusters/cluster-input.validation.js';

/**
 * Where a Kustomization runs: clusters matching a Kubernetes label selector, plus clusters named explicitly.
 * A blank selector means "none by label" (not "every cluster"), so an empty form field never targets the fleet.
 */
export interface Placement {
  clusterSelector: string | null;
  clusterNames: string[];
}

export function validatePlacement(input: { clusterSelector?: string | null; clusterNames?: string[] | null }, field = 'placement'): Placement {
  const selector = input.clusterSelector?.trim() ? input.clusterSelector.trim() : null;
  if (selector !== null) {
    const parsed = parseLabelSelector(selector);
    if (!parsed.ok) throw badInput(`${field}.clusterSelector`, `invalid label selector: ${parsed.errors[0]?.message}`);
  }
  const names = input.clusterNames ?? [];
  if (names.length > 1000) throw badInput(`${field}.clusterNames`, 'at most 1000 cluster names');
  names.forEach((n, i) => validClusterName(n, `${field}.clusterNames[${i}]`));
  return { clusterSelector: selector, clusterNames: [...new Set(names)].sort() };
}

export function placementOf(json: unknown): Placement {
  const o = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
  return {
    clusterSelector: typeof o.clusterSelector === 'string' && o.clusterSelector.trim() ? o.clusterSelector : null,
    clusterNames: Array.isArray(o.clusterNames) ? o.clusterNames.filter((n): n is string => typeof n === 'string') : [],
  };
}

/** Whether a cluster is targeted (pure; the assignments module can use the same rule). */
export function placementTargets(placement: Placement, cluster: { name: string; labels: Record<string, string> }): boolean {
  if (placement.clusterNames.includes(cluster.name)) return true;
  if (placement.clusterSelector === null) return false;
  const parsed = parseLabelSelector(placement.clusterSelector);
  return parsed.ok && matchesLabelSelector(parsed.value, cluster.labels);
}

/**
 * Whether a definition is in a scope: placed on a cluster the scope holds, in the definition's namespace. What
 * targets no cluster of theirs is not theirs to see.
 */
export function placedInScope(
  scope: Scope,
  k: { namespace: string; placement: unknown },
  clusters: readonly { id: string; name: string; labels: Record<string, string> }[],
): boolean {
  if (scope.all) return true;
  const placement = placementOf(k.placement);
  return clusters.some((c) => scopeHolds(scope, c.id, k.namespace) && placementTargets(placement, c));
}
