import { Inject, Injectable } from '@nestjs/common';
import type { Prisma, Role } from '@flotilla/prisma/client';
import { PRISMA, type Db } from '../db/prisma.service.js';
import { isUniqueViolation } from '../db/unique-violation.js';

/** A change that could leave the hub without an enabled admin. */
export type GuardedUserChange = { kind: 'role'; role: Role } | { kind: 'disable'; at: Date };

@Injectable()
export class UsersRepository {
  constructor(@Inject(PRISMA) private readonly db: Db) {}

  findByUsername(username: string) {
    return this.db.user.findUnique({ where: { username } });
  }

  findById(id: string) {
    return this.db.user.findUnique({ where: { id } });
  }

  count(): Promise<number> {
    return this.db.user.count();
  }

  listByUsername() {
    return this.db.user.findMany({ orderBy: { username: 'asc' } });
  }

  /** Creates the user, or returns null when the username is taken. */
  async create(user: { id: string; username: string; passwordHash: string; role: Role; createdAt: Date }) {
    try {
      return await this.db.user.create({ data: user });
    } catch (err) {
      if (isUniqueViolation(err)) return null;
      throw err;
    }
  }

  recordLogin(id: string, at: Date) {
    return this.db.user.update({ where: { id }, data: { lastLoginAt: at } });
  }

  setPasswordHash(id: string, passwordHash: string) {
    return this.db.user.update({ where: { id }, data: { passwordHash } });
  }

  delete(id: string) {
    return this.db.user.delete({ where: { id } });
  }

  enable(id: string) {
    return this.db.user.update({ where: { id }, data: { disabledAt: null } });
  }

  /**
   * Applies a change unless it would leave no enabled admin; `'LAST_ADMIN'` then. The enabled admins' rows are
   * locked first, so two admins demoting each other at once cannot both succeed.
   */
  applyKeepingAnAdmin(id: string, change: GuardedUserChange) {
    return this.db.$transaction(async (tx) => {
      const admins = await tx.$queryRaw<{ id: string }[]>`
        SELECT id FROM users WHERE role = 'ADMIN' AND disabled_at IS NULL ORDER BY id FOR UPDATE`;
      const removesAnAdmin = admins.some((a) => a.id === id) && (change.kind !== 'role' || change.role !== 'ADMIN');
      if (removesAnAdmin && admins.length === 1) return 'LAST_ADMIN' as const;
      const data: Prisma.UserUpdateInput = change.kind === 'role' ? { role: change.role } : { disabledAt: change.at };
      return tx.user.update({ where: { id }, data });
    });
  }
}
