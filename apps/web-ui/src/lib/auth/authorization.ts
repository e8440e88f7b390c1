import type { Role } from './viewer';

// Mirrors the hub's policy so the UI can hide what would be refused; the hub still enforces it.
export type Permission =
  | 'cluster:read'
  | 'cluster:register'
  | 'cluster:update'
  | 'cluster:revoke'
  | 'cluster:delete'
  // Sources and Kustomizations: Operators create, edit, reconcile and suspend; admins delete.
  | 'gitops:write'
  | 'gitops:delete'
  // Admins manage users and everyone's API tokens, and read the audit log.
  | 'people:manage'
  | 'audit:read'
  // Providers, Alerts and Receivers see or act on the whole fleet: admins manage them.
  | 'notifications:manage'
  // ImageRepositories, ImagePolicies and automations are fleet-wide definitions: operators manage them.
  | 'images:write'
  // Hub HelmRepositories and HelmReleases: operators of the whole fleet create and edit them; admins delete.
  | 'helm:write'
  // FleetSyncs hand the hub's own objects to git: admins create and delete them.
  | 'fleetsync:manage'
  // Suspend and resume of the hub's objects (every kind, git-managed ones too): operators of the whole fleet.
  | 'fleet:suspend';

const GRANTS: Record<Role, readonly Permission[]> = {
  VIEWER: ['cluster:read'],
  OPERATOR: ['cluster:read', 'cluster:register', 'cluster:update', 'cluster:revoke', 'gitops:write', 'images:write', 'helm:write', 'fleet:suspend'],
  ADMIN: [
    'cluster:read',
    'cluster:register',
    'cluster:update',
    'cluster:revoke',
    'cluster:delete',
    'gitops:write',
    'gitops:delete',
    'people:manage',
    'audit:read',
    'notifications:manage',
    'images:write',
    'helm:write',
    'fleetsync:manage',
    'fleet:suspend',
  ],
};

export function can(role: Role | null | undefined, permission: Permission): boolean {
  return role !== undefined && role !== null && GRANTS[role].includes(permission);
}

/**
 * What needs the role on the whole fleet (the user's own role, or a team grant without selector and
 * namespaces); everything else may come from a grant scoped to some clusters, which the hub then checks per
 * cluster.
 */
const FLEET_WIDE: readonly Permission[] = ['cluster:update', 'cluster:delete', 'gitops:delete', 'people:manage', 'audit:read', 'notifications:manage', 'images:write', 'helm:write', 'fleetsync:manage', 'fleet:suspend'];

/** Whether to offer an action to the viewer: by their own role for fleet-wide ones, else by their highest grant. */
export function viewerCan(viewer: { role: Role | null; highestRole: Role | null } | undefined, permission: Permission): boolean {
  return can(FLEET_WIDE.includes(permission) ? viewer?.role : viewer?.highestRole, permission);
}

export const ROLE_LABEL: Record<Role, string> = { VIEWER: 'Viewer', OPERATOR: 'Operator', ADMIN: 'Admin' };

/** A user's own role, or what they hold without one. */
export const ownRoleLabel = (role: Role | null): string => (role ? ROLE_LABEL[role] : 'Team grants only');

/** Every role, lowest first. */
export const ROLES: readonly Role[] = ['VIEWER', 'OPERATOR', 'ADMIN'];

/** The roles an API token of someone with `role` may have: theirs and the lower ones. */
export const rolesUpTo = (role: Role): Role[] => ROLES.slice(0, ROLES.indexOf(role) + 1);
