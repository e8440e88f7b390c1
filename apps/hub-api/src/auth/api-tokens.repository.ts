import { Inject, Injectable } from '@nestjs/common';
import { PRISMA, type Db } from '../db/prisma.service.js';

@Injectable()
export class ApiTokensRepository {
  constructor(@Inject(PRISMA) private readonly db: Db) {}

  create(token: { id: string; userId: string; name: string; tokenHash: string; createdAt: Date; expiresAt: Date | null }) {
    return this.db.apiToken.create({ data: token });
  }

  findByTokenHashWithUser(tokenHash: string) {
    return this.db.apiToken.findUnique({ where: { tokenHash }, include: { user: true } });
  }

  touch(id: string, at: Date) {
    return this.db.apiToken.update({ where: { id }, data: { lastUsedAt: at } });
  }
}
