import { Inject, Injectable } from '@nestjs/common';
import type { Role } from '@flotilla/prisma/client';
import { PRISMA, type Db } from '../db/prisma.service.js';

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

  create(user: { id: string; username: string; passwordHash: string; role: Role; createdAt: Date }) {
    return this.db.user.create({ data: user });
  }
}
