import { Prisma } from '@flotilla/prisma/client';
import type { Db } from '../db/prisma.service.js';

// The due-time queue of the hub's fetched sources (git_repositories, helm_repositories, oci_repositories): the same columns
// (`suspend`, `generation`, `status`, `next_reconcile_at`, `claimed_until`, `last_reconcile_requested_at`) and
// one set of statements, so every replica claims, renews and finishes a fetch of either kind by the same rules.

export type SourceTable = 'git_repositories' | 'helm_repositories' | 'oci_repositories';

/** What a finished reconcile writes back. */
export interface ReconcileWriteBack {
  status: Prisma.InputJsonValue;
  requeueAfterMs: number | undefined;
  /** The claim this reconcile ran under: a newer request or spec change makes the source due again at once. */
  claimedAt: Date;
  claimedGeneration: number;
}

export class SourceClaims {
  private readonly table: Prisma.Sql;

  constructor(
    private readonly db: Db,
    table: SourceTable,
  ) {
    this.table = Prisma.raw(`"${table}"`);
  }

  /**
   * Claims up to `limit` due, unsuspended, unleased sources for this replica. SKIP LOCKED lets several hub
   * replicas claim concurrently without waiting on or double-taking each other's rows; the lease (longer than
   * any fetch should take) lets another replica retake the work of one that died mid-fetch.
   */
  async claimDue(limit: number, leaseMs: number): Promise<Map<string, Date>> {
    const rows = await this.db.$queryRaw<{ id: string; claimed_at: Date }[]>`
      UPDATE ${this.table} AS s
      SET claimed_until = now() + make_interval(secs => ${leaseMs / 1000}::double precision)
      FROM (
        SELECT id FROM ${this.table}
        WHERE NOT suspend AND next_reconcile_at <= now() AND (claimed_until IS NULL OR claimed_until < now())
        ORDER BY next_reconcile_at
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED
      ) AS due
      WHERE s.id = due.id
      RETURNING s.id, now() AS claimed_at`;
    return new Map(rows.map((r) => [r.id, r.claimed_at]));
  }

  /** Writes the status and releases the claim. Returns false when the row is gone (deleted mid-fetch). */
  async finishReconcile(id: string, w: ReconcileWriteBack): Promise<boolean> {
    const requeueSecs = w.requeueAfterMs === undefined ? null : w.requeueAfterMs / 1000;
    const n = await this.db.$executeRaw`
      UPDATE ${this.table} SET
        status = ${JSON.stringify(w.status)}::jsonb,
        claimed_until = NULL,
        updated_at = now(),
        next_reconcile_at = CASE
          WHEN generation <> ${w.claimedGeneration} OR last_reconcile_requested_at > ${w.claimedAt} THEN now()
          WHEN ${requeueSecs}::double precision IS NULL THEN 'infinity'::timestamptz
          ELSE now() + make_interval(secs => ${requeueSecs}::double precision)
        END
      WHERE id = ${id}`;
    return n > 0;
  }

  /** Extends the leases of the fetches this replica is running (they stop being renewed if it dies). */
  async renewClaims(ids: readonly string[], leaseMs: number): Promise<void> {
    if (ids.length === 0) return;
    await this.db.$executeRaw`
      UPDATE ${this.table} SET claimed_until = now() + make_interval(secs => ${leaseMs / 1000}::double precision)
      WHERE id = ANY(${[...ids]}::text[]) AND claimed_until IS NOT NULL`;
  }

  /** Releases a claim after an unexpected error, retrying after `retryMs`. */
  async releaseClaim(id: string, retryMs: number): Promise<void> {
    await this.db.$executeRaw`
      UPDATE ${this.table} SET claimed_until = NULL, next_reconcile_at = now() + make_interval(secs => ${retryMs / 1000}::double precision)
      WHERE id = ${id}`;
  }

  /** Milliseconds until the next source is due (for the idle scheduler), or null when none is scheduled. */
  async msUntilNextDue(): Promise<number | null> {
    const rows = await this.db.$queryRaw<{ ms: number | null }[]>`
      SELECT (EXTRACT(EPOCH FROM (min(greatest(next_reconcile_at, coalesce(claimed_until, next_reconcile_at))) - now())) * 1000)::float8 AS ms
      FROM ${this.table} WHERE NOT suspend AND next_reconcile_at < 'infinity'::timestamptz`;
    return rows[0]?.ms ?? null;
  }
}
