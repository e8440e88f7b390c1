import type { ClaimQueue } from '../common/claim-loop.js';
import type { Db } from '../db/prisma.service.js';
import { isUniqueViolation } from '../db/unique-violation.js';
import { SourceClaims, type FinishHook, type ReconcileWriteBack, type SourceTable } from './source-claims.js';

/**
 * The queue side of a table of sources the hub fetches on an interval: claims, renewals, releases and the
 * write-back of a finished fetch, all through `SourceClaims`, with the claimed rows read whole by the subclass's
 * loader. Each kind's repository adds only its own reads and writes.
 */
export abstract class ClaimedSourceRepository<Row extends { id: string }> implements ClaimQueue<Row & { claimedAt: Date }> {
  private readonly claims: SourceClaims;

  protected constructor(
    db: Db,
    table: SourceTable,
    private readonly loadByIds: (ids: string[]) => Promise<Row[]>,
  ) {
    this.claims = new SourceClaims(db, table);
  }

  async claimDue(limit: number, leaseMs: number): Promise<(Row & { claimedAt: Date })[]> {
    const claimed = await this.claims.claimDue(limit, leaseMs);
    if (claimed.size === 0) return [];
    const full = await this.loadByIds([...claimed.keys()]);
    return full.map((r) => ({ ...r, claimedAt: claimed.get(r.id)! }));
  }

  /** Writes the status and releases the claim (with `then`, in one transaction); false when the row is gone (deleted mid-fetch). */
  finishReconcile(id: string, w: ReconcileWriteBack, then?: FinishHook): Promise<boolean> {
    return this.claims.finishReconcile(id, w, then);
  }

  renewClaims(ids: readonly string[], leaseMs: number): Promise<void> {
    return this.claims.renewClaims(ids, leaseMs);
  }

  releaseClaim(id: string, retryMs: number): Promise<void> {
    return this.claims.releaseClaim(id, retryMs);
  }

  msUntilNextDue(): Promise<number | null> {
    return this.claims.msUntilNextDue();
  }
}

/** A create that returns null when (namespace, name) is taken: the unique index decides between two creates. */
export async function createUnlessTaken<T>(create: () => Promise<T>): Promise<T | null> {
  try {
    return await create();
  } catch (err) {
    if (isUniqueViolation(err)) return null;
    throw err;
  }
}
