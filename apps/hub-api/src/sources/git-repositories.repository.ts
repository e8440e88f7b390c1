import { Inject, Injectable } from '@nestjs/common';
import { Prisma, type GitRepository } from '@flotilla/prisma/client';
import { PRISMA, type Db } from '../db/prisma.service.js';
import { isUniqueViolation } from '../db/unique-violation.js';

export type GitRepositoryRow = GitRepository;

export interface GitRepositoryWrite {
  url: string;
  ref: Prisma.InputJsonValue | null;
  interval: string;
  timeout: string;
  ignore: string | null;
  suspend: boolean;
  /** Absent: keep the stored labels. Labels are metadata, never a new generation. */
  labels?: Prisma.InputJsonValue;
}

/** What a finished reconcile writes back. */
export interface ReconcileWriteBack {
  status: Prisma.InputJsonValue;
  requeueAfterMs: number | undefined;
  /** The claim this reconcile ran under: a newer request or spec change makes the source due again at once. */
  claimedAt: Date;
  claimedGeneration: number;
}

@Injectable()
export class GitRepositoriesRepository {
  constructor(@Inject(PRISMA) private readonly db: Db) {}

  list() {
    return this.db.gitRepository.findMany({ orderBy: [{ namespace: 'asc' }, { name: 'asc' }] });
  }

  findById(id: string) {
    return this.db.gitRepository.findUnique({ where: { id } });
  }

  findByName(namespace: string, name: string) {
    return this.db.gitRepository.findUnique({ where: { namespace_name: { namespace, name } } });
  }

  findByIds(ids: readonly string[]) {
    return this.db.gitRepository.findMany({ where: { id: { in: [...ids] } } });
  }

  /** null when (namespace, name) is taken. */
  async create(
    row: GitRepositoryWrite & { id: string; namespace: string; name: string; now: Date; credentialsSealed: string | null; credentialsKind: string | null },
  ): Promise<GitRepositoryRow | null> {
    const { now, ref, ...rest } = row;
    try {
      return await this.db.gitRepository.create({
        data: { ...rest, ref: ref ?? Prisma.DbNull, createdAt: now, updatedAt: now, nextReconcileAt: now },
      });
    } catch (err) {
      if (isUniqueViolation(err)) return null;
      throw err;
    }
  }

  /**
   * One atomic write of an update: the spec, optionally new (or cleared) credentials, and whether it must be
   * fetched at once (spec change → generation + 1, as Flux handles a generation change immediately; new
   * credentials or a resume → due now without a new generation).
   */
  update(
    id: string,
    spec: GitRepositoryWrite,
    opts: { bumpGeneration: boolean; dueNow: boolean; requestedAt?: Date; credentials?: { sealed: string | null; kind: 'basic' | 'bearer' | 'ssh' | null } },
  ) {
    const { ref, ...rest } = spec;
    return this.db.gitRepository.update({
      where: { id },
      data: {
        ...rest,
        ref: ref ?? Prisma.DbNull,
        ...(opts.bumpGeneration ? { generation: { increment: 1 } } : {}),
        ...(opts.bumpGeneration || opts.dueNow ? { nextReconcileAt: new Date(0) } : {}),
        ...(opts.requestedAt ? { lastReconcileRequestedAt: opts.requestedAt } : {}),
        ...(opts.credentials ? { credentialsSealed: opts.credentials.sealed, credentialsKind: opts.credentials.kind } : {}),
      },
    });
  }

  async delete(id: string): Promise<boolean> {
    const { count } = await this.db.gitRepository.deleteMany({ where: { id } });
    return count > 0;
  }

  setSuspend(id: string, suspend: boolean) {
    // Resuming makes it due at once, like Flux after `flux resume`.
    return this.db.gitRepository.update({ where: { id }, data: { suspend, ...(suspend ? {} : { nextReconcileAt: new Date(0) }) } });
  }

  /** `requestReconcile`: due now, and remembered so a fetch already running is followed by another. */
  requestReconcile(id: string, at: Date) {
    return this.db.gitRepository.update({ where: { id }, data: { lastReconcileRequestedAt: at, nextReconcileAt: new Date(0) } });
  }

  /**
   * Claims up to `limit` due, unsuspended, unleased sources for this replica. SKIP LOCKED lets several hub
   * replicas claim concurrently without waiting on or double-taking each other's rows; the lease (longer than
   * any fetch should take) lets another replica retake the work of one that died mid-fetch.
   */
  async claimDue(limit: number, leaseMs: number): Promise<(GitRepositoryRow & { claimedAt: Date })[]> {
    const rows = await this.db.$queryRaw<{ id: string; claimed_at: Date }[]>`
      UPDATE git_repositories AS g
      SET claimed_until = now() + make_interval(secs => ${leaseMs / 1000}::double precision)
      FROM (
        SELECT id FROM git_repositories
        WHERE NOT suspend AND next_reconcile_at <= now() AND (claimed_until IS NULL OR claimed_until < now())
        ORDER BY next_reconcile_at
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED
      ) AS due
      WHERE g.id = due.id
      RETURNING g.id, now() AS claimed_at`;
    if (rows.length === 0) return [];
    const claimedAt = new Map(rows.map((r) => [r.id, r.claimed_at]));
    const full = await this.db.gitRepository.findMany({ where: { id: { in: rows.map((r) => r.id) } } });
    return full.map((r) => ({ ...r, claimedAt: claimedAt.get(r.id)! }));
  }

  /** Writes the status and releases the claim. Returns false when the row is gone (deleted mid-fetch). */
  async finishReconcile(id: string, w: ReconcileWriteBack): Promise<boolean> {
    const requeueSecs = w.requeueAfterMs === undefined ? null : w.requeueAfterMs / 1000;
    const n = await this.db.$executeRaw`
      UPDATE git_repositories SET
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
      UPDATE git_repositories SET claimed_until = now() + make_interval(secs => ${leaseMs / 1000}::double precision)
      WHERE id = ANY(${[...ids]}::text[]) AND claimed_until IS NOT NULL`;
  }

  /** Releases a claim after an unexpected error, retrying after `retryMs`. */
  async releaseClaim(id: string, retryMs: number): Promise<void> {
    await this.db.$executeRaw`
      UPDATE git_repositories SET claimed_until = NULL, next_reconcile_at = now() + make_interval(secs => ${retryMs / 1000}::double precision)
      WHERE id = ${id}`;
  }

  /** Seconds until the next source is due (for the idle scheduler), or null when none is scheduled. */
  async msUntilNextDue(): Promise<number | null> {
    const rows = await this.db.$queryRaw<{ ms: number | null }[]>`
      SELECT (EXTRACT(EPOCH FROM (min(greatest(next_reconcile_at, coalesce(claimed_until, next_reconcile_at))) - now())) * 1000)::float8 AS ms
      FROM git_repositories WHERE NOT suspend AND next_reconcile_at < 'infinity'::timestamptz`;
    return rows[0]?.ms ?? null;
  }
}
