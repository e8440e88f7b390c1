import { Inject, Injectable } from '@nestjs/common';
import { Prisma, type HelmRepository } from '@flotilla/prisma/client';
import type { ClaimQueue } from '../common/claim-loop.js';
import { PRISMA, type Db } from '../db/prisma.service.js';
import { isUniqueViolation } from '../db/unique-violation.js';

export type HelmRepositoryRow = HelmRepository;
export type ClaimedHelmRepository = HelmRepositoryRow & { claimedAt: Date };

export interface HelmRepositoryWrite {
  url: string;
  interval: string;
  timeout: string;
  passCredentials: boolean;
  suspend: boolean;
  labels?: Prisma.InputJsonValue;
}

/**
 * Hub HelmRepositories, and their due times claimed with FOR UPDATE SKIP LOCKED under a lease (as the hub's
 * GitRepositories), so several hub replicas fetch each index once.
 */
@Injectable()
export class HelmRepositoriesRepository implements ClaimQueue<ClaimedHelmRepository> {
  constructor(@Inject(PRISMA) private readonly db: Db) {}

  list() {
    return this.db.helmRepository.findMany({ orderBy: [{ namespace: 'asc' }, { name: 'asc' }] });
  }

  findById(id: string) {
    return this.db.helmRepository.findUnique({ where: { id } });
  }

  findByName(namespace: string, name: string) {
    return this.db.helmRepository.findUnique({ where: { namespace_name: { namespace, name } } });
  }

  /** null when (namespace, name) is taken. */
  async create(row: HelmRepositoryWrite & { id: string; namespace: string; name: string; now: Date; credentialsSealed: string | null; credentialsKind: string | null }): Promise<HelmRepositoryRow | null> {
    const { now, ...rest } = row;
    try {
      return await this.db.helmRepository.create({ data: { ...rest, createdAt: now, updatedAt: now, nextReconcileAt: now } });
    } catch (err) {
      if (isUniqueViolation(err)) return null;
      throw err;
    }
  }

  update(id: string, spec: HelmRepositoryWrite, opts: { bumpGeneration: boolean; dueNow: boolean; credentials?: { sealed: string | null; kind: 'basic' | null } }) {
    return this.db.helmRepository.update({
      where: { id },
      data: {
        ...spec,
        ...(opts.bumpGeneration ? { generation: { increment: 1 } } : {}),
        ...(opts.bumpGeneration || opts.dueNow ? { nextReconcileAt: new Date(0) } : {}),
        ...(opts.credentials ? { credentialsSealed: opts.credentials.sealed, credentialsKind: opts.credentials.kind } : {}),
      },
    });
  }

  async delete(id: string): Promise<boolean> {
    const { count } = await this.db.helmRepository.deleteMany({ where: { id } });
    return count > 0;
  }

  requestReconcile(id: string, at: Date) {
    return this.db.helmRepository.update({ where: { id }, data: { lastReconcileRequestedAt: at, nextReconcileAt: new Date(0) } });
  }

  async claimDue(limit: number, leaseMs: number): Promise<ClaimedHelmRepository[]> {
    const rows = await this.db.$queryRaw<{ id: string; claimed_at: Date }[]>`
      UPDATE helm_repositories AS h
      SET claimed_until = now() + make_interval(secs => ${leaseMs / 1000}::double precision)
      FROM (
        SELECT id FROM helm_repositories
        WHERE NOT suspend AND next_reconcile_at <= now() AND (claimed_until IS NULL OR claimed_until < now())
        ORDER BY next_reconcile_at
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED
      ) AS due
      WHERE h.id = due.id
      RETURNING h.id, now() AS claimed_at`;
    if (rows.length === 0) return [];
    const claimedAt = new Map(rows.map((r) => [r.id, r.claimed_at]));
    const full = await this.db.helmRepository.findMany({ where: { id: { in: rows.map((r) => r.id) } } });
    return full.map((r) => ({ ...r, claimedAt: claimedAt.get(r.id)! }));
  }

  /** Writes the status and releases the claim; false when the row is gone (deleted mid-fetch). */
  async finishReconcile(id: string, w: { status: Prisma.InputJsonValue; requeueAfterMs: number | undefined; claimedAt: Date; claimedGeneration: number }): Promise<boolean> {
    const requeueSecs = w.requeueAfterMs === undefined ? null : w.requeueAfterMs / 1000;
    const n = await this.db.$executeRaw`
      UPDATE helm_repositories SET
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

  async renewClaims(ids: readonly string[], leaseMs: number): Promise<void> {
    if (ids.length === 0) return;
    await this.db.$executeRaw`
      UPDATE helm_repositories SET claimed_until = now() + make_interval(secs => ${leaseMs / 1000}::double precision)
      WHERE id = ANY(${[...ids]}::text[]) AND claimed_until IS NOT NULL`;
  }

  async releaseClaim(id: string, retryMs: number): Promise<void> {
    await this.db.$executeRaw`
      UPDATE helm_repositories SET claimed_until = NULL, next_reconcile_at = now() + make_interval(secs => ${retryMs / 1000}::double precision)
      WHERE id = ${id}`;
  }

  async msUntilNextDue(): Promise<number | null> {
    const rows = await this.db.$queryRaw<{ ms: number | null }[]>`
      SELECT (EXTRACT(EPOCH FROM (min(greatest(next_reconcile_at, coalesce(claimed_until, next_reconcile_at))) - now())) * 1000)::float8 AS ms
      FROM helm_repositories WHERE NOT suspend AND next_reconcile_at < 'infinity'::timestamptz`;
    return rows[0]?.ms ?? null;
  }
}
