import { Prisma } from '@flotilla/prisma/client';
import type { Db } from '../db/prisma.service.js';

// The due-time queue of what the hub fetches on an interval (git_repositories, helm_repositories,
// oci_repositories, image_repositories): the same columns (`suspend`, `generation`, `status`, a due time,
// `claimed_until`, the time of the last on-demand request) and one set of statements, so every replica claims,
// renews and finishes a fetch or scan of any kind by the same rules. Image repositories name two of the columns
// after their scans.

export type SourceTable = 'git_repositories' | 'helm_repositories' | 'oci_repositories' | 'image_repositories';

const DUE_COLUMNS: Record<SourceTable, { due: string; requested: string }> = {
  git_repositories: { due: 'next_reconcile_at', requested: 'last_reconcile_requested_at' },
  helm_repositories: { due: 'next_reconcile_at', requested: 'last_reconcile_requested_at' },
  oci_repositories: { due: 'next_reconcile_at', requested: 'last_reconcile_requested_at' },
  image_repositories: { due: 'next_scan_at', requested: 'last_scan_requested_at' },
};

/** What a finished reconcile writes back. */
export interface ReconcileWriteBack {
  status: Prisma.InputJsonValue;
  requeueAfterMs: number | undefined;
  /** The claim this reconcile ran under: a newer request or spec change makes the source due again at once. */
  claimedAt: Date;
  claimedGeneration: number;
}

/** More writes that belong with a finished reconcile, run in its transaction once its row is known to exist. */
export type FinishHook = (tx: Prisma.TransactionClient) => Promise<void>;

export class SourceClaims {
  private readonly table: Prisma.Sql;
  private readonly due: Prisma.Sql;
  private readonly requested: Prisma.Sql;

  constructor(
    private readonly db: Db,
    table: SourceTable,
  ) {
    this.table = Prisma.raw(`"${table}"`);
    this.due = Prisma.raw(`"${DUE_COLUMNS[table].due}"`);
    this.requested = Prisma.raw(`"${DUE_COLUMNS[table].requested}"`);
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
        WHERE NOT suspend AND ${this.due} <= now() AND (claimed_until IS NULL OR claimed_until < now())
        ORDER BY ${this.due}
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED
      ) AS due
      WHERE s.id = due.id
      RETURNING s.id, now() AS claimed_at`;
    return new Map(rows.map((r) => [r.id, r.claimed_at]));
  }

  /**
   * Writes the status and releases the claim; with `then`, also its writes, in the same transaction. Returns
   * false when the row is gone (deleted mid-fetch), and `then` does not run.
   */
  async finishReconcile(id: string, w: ReconcileWriteBack, then?: FinishHook): Promise<boolean> {
    if (!then) return this.writeBack(this.db, id, w);
    return this.db.$transaction(async (tx) => {
      if (!(await this.writeBack(tx, id, w))) return false;
      await then(tx);
      return true;
    });
  }

  private async writeBack(db: Prisma.TransactionClient, id: string, w: ReconcileWriteBack): Promise<boolean> {
    const requeueSecs = w.requeueAfterMs === undefined ? null : w.requeueAfterMs / 1000;
    const n = await db.$executeRaw`
      UPDATE ${this.table} SET
        status = ${JSON.stringify(w.status)}::jsonb,
        claimed_until = NULL,
        updated_at = now(),
        ${this.due} = CASE
          WHEN generation <> ${w.claimedGeneration} OR ${this.requested} > ${w.claimedAt} THEN now()
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
      UPDATE ${this.table} SET claimed_until = NULL, ${this.due} = now() + make_interval(secs => ${retryMs / 1000}::double precision)
      WHERE id = ${id}`;
  }

  /** Milliseconds until the next source is due (for the idle scheduler), or null when none is scheduled. */
  async msUntilNextDue(): Promise<number | null> {
    const rows = await this.db.$queryRaw<{ ms: number | null }[]>`
      SELECT (EXTRACT(EPOCH FROM (min(greatest(${this.due}, coalesce(claimed_until, ${this.due}))) - now())) * 1000)::float8 AS ms
      FROM ${this.table} WHERE NOT suspend AND ${this.due} < 'infinity'::timestamptz`;
    return rows[0]?.ms ?? null;
  }
}
