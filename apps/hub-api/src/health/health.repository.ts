import { Inject, Injectable } from '@nestjs/common';
import { PRISMA, type Db } from '../db/prisma.service.js';

@Injectable()
export class HealthRepository {
  constructor(@Inject(PRISMA) private readonly db: Db) {}

  async databaseReachable(): Promise<boolean> {
    try {
      await Promise.race([
        this.db.$queryRaw`SELECT 1`,
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2_000).unref()),
      ]);
      return true;
    } catch {
      return false;
    }
  }

  // Readiness also waits for the first admin: `pnpm start` creates it right after the server listens, and a
  // script that logs in as soon as /readyz says ok must not meet a 401. Once true it stays true.
  private adminSeen = false;

  async adminExists(): Promise<boolean> {
    if (this.adminSeen) return true;
    try {
      this.adminSeen = (await this.db.user.count({ where: { role: 'ADMIN' }, take: 1 })) > 0;
    } catch {
      return false;
    }
    return this.adminSeen;
  }
}
