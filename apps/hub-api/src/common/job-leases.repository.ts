import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { PRISMA, type Db } from '../db/prisma.service.js';

/**
 * Named leases in Postgres for background work that has no row of its own to claim with SKIP LOCKED: a
 * periodic sweep taken for its interval runs once per interval across replicas; a job taken for its longest
 * run and released at the end runs on one replica at a time, and a replica that dies mid-run frees it when
 * the lease expires.
 */
@Injectable()
export class JobLeases {
  /** This process; a restarted hub is a new holder, so it never mistakes a dead run's lease for its own. */
  readonly holder = randomUUID();

  constructor(@Inject(PRISMA) private readonly db: Db) {}

  /** Takes (or extends, when this process holds it) the lease for `ms`; false while another process holds it. */
  async take(name: string, ms: number): Promise<boolean> {
    const rows = await this.db.$queryRaw<{ name: string }[]>`
      INSERT INTO job_leases (name, holder, expires_at) VALUES (${name}, ${this.holder}, now() + ${ms} * interval '1 millisecond')
      ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
        WHERE job_leases.expires_at <= now() OR job_leases.holder = EXCLUDED.holder
      RETURNING name`;
    return rows.length > 0;
  }

  /** Frees a lease this process holds, so the next run may start anywhere at once. */
  async release(name: string): Promise<void> {
    await this.db.$executeRaw`DELETE FROM job_leases WHERE name = ${name} AND holder = ${this.holder}`;
  }
}
