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
}
