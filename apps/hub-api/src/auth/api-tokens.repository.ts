import { Inject, Injectable } from '@nestjs/common';
import type { Role } from '@flotilla/prisma/client';
import { PRISMA, type Db } from '../db/prisma.service.js';

/** What a token listing may show: never the hash. */
const listed = { id: true, userId: true, name: true, role: true, createdAt: true, expiresAt: true, lastUsedAt: true, revokedAt: true, user: { select: { username: true, role: true } } } as const;

@Injectable()
export class ApiTokensRepository {
  constructor(@Inject(PRISMA) private readonly db: Db) {}

  create(token: { id: string; userId: string; name: string; role: Role; tokenHash: string; createdAt: Date; expiresAt: Date | null }) {
    return this.db.apiToken.create({ data: token });
  }

  findByTokenHashWithUser(tokenHash: string) {
    return this.db.apiToken.findUnique({ where: { tokenHash }, include: { user: true } });
  }

  findById(id: string) {
    return this.db.apiToken.findUnique({ where: { id }, select: listed });
  }

  /** Newest first; every user, when `userId` is undefined. */
  list(userId: string | undefined) {
    return this.db.apiToken.findMany({ where: userId === undefined ? {} : { userId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], select: listed });
  }

  revoke(id: string, at: Date) {
    return this.db.apiToken.update({ where: { id }, data: { revokedAt: at }, select: listed });
  }

  /** Sets lastUsedAt if it still holds `seen`; false when another request moved it first. */
  async touch(id: string, seen: Date | null, at: Date): Promise<boolean> {
    const { count } = await this.db.apiToken.updateMany({ where: { id, lastUsedAt: seen }, data: { lastUsedAt: at } });
    return count === 1;
  }
}
