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
}
