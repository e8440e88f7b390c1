import type { Role } from '@flotilla/prisma/client';
import type { LabelSelector } from '@flotilla/reconcile-core';

/**
 * A role on part of the fleet: the clusters whose labels match `selector` (empty: every cluster) and, on them,
 * the objects in `namespaces` (empty: every namespace).
 */
export interface Grant {
  role: Role;
  selector: LabelSelector;
  namespaces: readonly string[];
}

/** Who is calling, resolved once per request by the auth middleware. */
export interface Actor {
  userId: string;
  username: string;
  /** The user's own role, a grant on the whole fleet; null when the user has only what their teams grant. */
  role: Role | null;
  /** What the user's teams grant (an API token's are capped at the token's role). */
  grants: readonly Grant[];
  via: 'session' | 'api-token';
  sessionId?: string;
  /**
   * A session of someone holding a password the hub generated: until they choose their own, only operations
   * marked AllowWhilePasswordChangeRequired run.
   */
  passwordChangeRequired?: boolean;
  /**
   * Set when the hub itself acts for a FleetSync applying a revision from git (no user): the audit names the
   * FleetSync, and the objects that FleetSync made are its own to change.
   */
  fleetSync?: { id: string; namespace: string; name: string };
}

/** Where a request came from, for the audit log. */
export interface RequestOrigin {
  ip: string | null;
  userAgent: string | null;
}

const rank: Record<Role, number> = { VIEWER: 1, OPERATOR: 2, ADMIN: 3 };
export const roleAtLeast = (role: Role | null, needed: Role): boolean => role !== null && rank[role] >= rank[needed];
/** The lower of two roles: what an API token may do when its owner's role has changed since. */
export const lowerRole = (a: Role, b: Role | null): Role | null => (b === null ? null : rank[a] <= rank[b] ? a : b);
export const higherRole = (a: Role | null, b: Role | null): Role | null => (a === null ? b : b === null ? a : rank[a] >= rank[b] ? a : b);
