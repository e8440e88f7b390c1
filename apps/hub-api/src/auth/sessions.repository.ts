import { Inject, Injectable } from '@nestjs/common';
import { PRISMA, type Db } from '../db/prisma.service.js';

@Injectable()
export class SessionsRepository {
  constructor(@Inject(PRISMA) private readonly db: Db) {}

  create(session: {
    id: string;
    userId: string;
    tokenHash: string;
    csrfHash: string;
    createdAt: Date;
    expiresAt: Date;
    ip: string | null;
    userAgent: string | null;
  }) {
    return this.db.session.create({ data: session });
  }

  findByTokenHashWithUser(tokenHash: string) {
    return this.db.session.findUnique({ where: { tokenHash }, include: { user: true } });
  }

  deleteById(id: string) {
    return this.db.session.deleteMany({ where: { id } });
  }

  /** Deletes the user's sessions but `keepId`; returns the ids that went. */
  async deleteByUser(userId: string, keepId?: string): Promise<string[]> {
    const where = { userId, ...(keepId ? { id: { not: keepId } } : {}) };
    return this.db.$transaction(async (tx) => {
      const rows = await tx.session.findMany({ where, select: { id: true } });
      await tx.session.deleteMany({ where: { id: { in: rows.map((r) => r.id) } } });
      return rows.map((r) => r.id);
    });
  }
}
