import type { Role } from '@flotilla/prisma/client';

/** Who is calling, resolved once per request by the auth middleware. */
export interface Actor {
  userId: string;
  username: string;
  role: Role;
  via: 'session' | 'api-token';
  sessionId?: string;
  /**
   * A session of someone holding a password the hub generated: until they choose their own, only operations
   * marked AllowWhilePasswordChangeRequired run.
   */
  passwordChangeRequired?: boolean;
}

/** Where a request came from, for the audit log. */
export interface RequestOrigin {
  ip: string | null;
  userAgent: string | null;
}

const rank: Record<Role, number> = { VIEWER: 1, OPERATOR: 2, ADMIN: 3 };
export const roleAtLeast = (role: Role, needed: Role): boolean => rank[role] >= rank[needed];
/** The lower of two roles: what an API token may do when its owner's role has changed since. */
export const lowerRole = (a: Role, b: Role): Role => (rank[a] <= rank[b] ? a : b);
