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
  | 'audit:read';

const GRANTS: Record<Role, readonly Permission[]> = {
  VIEWER: ['cluster:read'],
  OPERATOR: ['cluster:read', 'cluster:register', 'cluster:update', 'cluster:revoke', 'gitops:write'],
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
  ],
};

export function can(role: Role | undefined, permission: Permission): boolean {
  return role !== undefined && GRANTS[role].includes(permission);
}

export const ROLE_LABEL: Record<Role, string> = { VIEWER: 'Viewer', OPERATOR: 'Operator', ADMIN: 'Admin' };

/** Every role, lowest first. */
export const ROLES: readonly Role[] = ['VIEWER', 'OPERATOR', 'ADMIN'];

/** The roles an API token of someone with `role` may have: theirs and the lower ones. */
export const rolesUpTo = (role: Role): Role[] => ROLES.slice(0, ROLES.indexOf(role) + 1);
