import type { Role } from '@flotilla/prisma/client';
import { matchesLabelSelector } from '@flotilla/reconcile-core';
import { higherRole, roleAtLeast, type Actor, type Grant } from './actor.js';

// Every authorization decision on the fleet is made by these functions (the guard and AccessService call them).
// A user's permission on an object is the highest role among their own role, which is a grant on the whole
// fleet, and the grants of their teams whose selector matches the object's cluster and whose namespaces (if
// any) hold the object's namespace.

export interface ClusterLabels {
  id: string;
  labels: Readonly<Record<string, string>>;
}

/** Where an actor holds a role: everywhere, or on these clusters (and, when namespaces is non-empty, those namespaces only). */
export type Scope = { all: true } | { all: false; rules: readonly ScopeRule[] };
export interface ScopeRule {
  clusterIds: readonly string[];
  namespaces: readonly string[];
}

/** The actor's own role as a grant, followed by their teams' grants. */
export function grantsOf(actor: Actor): Grant[] {
  return [...(actor.role ? [{ role: actor.role, selector: [], namespaces: [] }] : []), ...actor.grants];
}

const isFleetWide = (g: Grant): boolean => g.selector.length === 0 && g.namespaces.length === 0;

/** The role held on the whole fleet and every namespace: what definitions, users and the audit log need. */
export function fleetRole(actor: Actor): Role | null {
  return grantsOf(actor).filter(isFleetWide).reduce<Role | null>((best, g) => higherRole(best, g.role), null);
}

/** The highest role held anywhere: whether a scoped operation may be tried at all. */
export function highestRole(actor: Actor): Role | null {
  return grantsOf(actor).reduce<Role | null>((best, g) => higherRole(best, g.role), null);
}

/**
 * Which grants cover a place. `namespace` undefined: anything on the cluster (seeing the cluster); null: the
 * cluster as a whole (its credentials), which a namespace-limited grant does not cover; a string: an object there.
 */
function covers(g: Grant, labels: Readonly<Record<string, string>>, namespace: string | null | undefined): boolean {
  if (!matchesLabelSelector(g.selector, labels)) return false;
  if (namespace === undefined || g.namespaces.length === 0) return true;
  return namespace !== null && g.namespaces.includes(namespace);
}

export function roleOn(actor: Actor, cluster: ClusterLabels, namespace?: string | null): Role | null {
  return grantsOf(actor)
    .filter((g) => covers(g, cluster.labels, namespace))
    .reduce<Role | null>((best, g) => higherRole(best, g.role), null);
}

/** The clusters (and namespaces on them) where the actor holds at least `needed`. */
export function scopeOf(actor: Actor, needed: Role, clusters: readonly ClusterLabels[]): Scope {
  const grants = grantsOf(actor).filter((g) => roleAtLeast(g.role, needed));
  if (grants.some(isFleetWide)) return { all: true };
  return {
    all: false,
    rules: grants.map((g) => ({ clusterIds: clusters.filter((c) => matchesLabelSelector(g.selector, c.labels)).map((c) => c.id), namespaces: g.namespaces })),
  };
}

/** Whether a scope holds a cluster (namespace undefined) or an object in one of its namespaces. */
export function scopeHolds(scope: Scope, clusterId: string, namespace?: string | null): boolean {
  if (scope.all) return true;
  return scope.rules.some(
    (r) => r.clusterIds.includes(clusterId) && (namespace === undefined || r.namespaces.length === 0 || (namespace !== null && r.namespaces.includes(namespace))),
  );
}

/** The clusters a scope reaches at all, or null for every cluster. */
export function scopeClusterIds(scope: Scope): string[] | null {
  return scope.all ? null : [...new Set(scope.rules.flatMap((r) => r.clusterIds))];
}
