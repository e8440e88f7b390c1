import type { Role } from '@flotilla/prisma/client';
import type { UserAccountObject } from './dto/user-account.object.js';

interface UserRow {
  id: string;
  username: string;
  role: Role | null;
  createdAt: Date;
  lastLoginAt: Date | null;
  disabledAt: Date | null;
  mustChangePassword: boolean;
}

/** Picks the listed fields, so the password hash never leaves the service. */
export const toUserAccountObject = (row: UserRow): UserAccountObject => ({
  id: row.id,
  username: row.username,
  role: row.role,
  createdAt: row.createdAt,
  lastLoginAt: row.lastLoginAt,
  disabled: row.disabledAt !== null,
  disabledAt: row.disabledAt,
  passwordChangeRequired: row.mustChangePassword,
});
