import { Inject, Injectable } from '@nestjs/common';
import type { ImageRepository } from '@flotilla/prisma/client';
import { PRISMA, type Db } from '../db/prisma.service.js';
import { isUniqueViolation } from '../db/unique-violation.js';

export type ImageRepositoryRow = ImageRepository;

export interface ImageRepositoryWrite {
  image: string;
  interval: string;
  timeout: string | null;
  exclusionList: string[];
  insecure: boolean;
  suspend: boolean;
}

@Injectable()
export class ImageRepositoriesRepository {
  constructor(@Inject(PRISMA) private readonly db: Db) {}

  list() {
    return this.db.imageRepository.findMany({ orderBy: [{ namespace: 'asc' }, { name: 'asc' }] });
  }

  findById(id: string) {
    return this.db.imageRepository.findUnique({ where: { id } });
  }

  findByName(namespace: string, name: string) {
    return this.db.imageRepository.findUnique({ where: { namespace_name: { namespace, name } } });
  }

  /** null when (namespace, name) is taken. */
  async create(row: ImageRepositoryWrite & { id: string; namespace: string; name: string; credentialsSealed: string | null; credentialsKind: string | null }): Promise<ImageRepositoryRow | null> {
    try {
      return await this.db.imageRepository.create({ data: { ...row, nextScanAt: new Date(0) } });
    } catch (err) {
      if (isUniqueViolation(err)) return null;
      throw err;
    }
  }

  /** A spec change bumps the generation and makes it due at once (Flux reacts to a new generation). */
  update(id: string, spec: ImageRepositoryWrite, opts: { bumpGeneration: boolean; dueNow: boolean; credentials?: { sealed: string | null; kind: string | null } }) {
    return this.db.imageRepository.update({
      where: { id },
      data: {
        ...spec,
        ...(opts.bumpGeneration ? { generation: { increment: 1 } } : {}),
        ...(opts.bumpGeneration || opts.dueNow ? { nextScanAt: new Date(0) } : {}),
        ...(opts.credentials ? { credentialsSealed: opts.credentials.sealed, credentialsKind: opts.credentials.kind } : {}),
      },
    });
  }

  async delete(id: string): Promise<boolean> {
    const { count } = await this.db.imageRepository.deleteMany({ where: { id } });
    return count > 0;
  }

  /** `requestScan`: due now, and remembered so a scan already running is followed by another. */
  requestScan(id: string, at: Date) {
    return this.db.imageRepository.update({ where: { id }, data: { lastScanRequestedAt: at, nextScanAt: new Date(0) } });
  }

  async tags(id: string): Promise<string[] | null> {
    const row = await this.db.imageRepositoryTags.findUnique({ where: { repositoryId: id } });
    return row?.tags ?? null;
  }

  /**
   * Claims up to `limit` due, unsuspended, unleased repositories with FOR UPDATE SKIP LOCKED, so hub replicas
   * never scan one repository twice; the lease lets another replica retake a dead one's scans.
   */
  async claimDue(limit: number, leaseMs: number): Promise<(ImageRepositoryRow & { claimedAt: Date })[]> {
    const rows = await this.db.$queryRaw<{ id: string; claimed_at: Date }[]>`
      UPDATE image_repositories AS r
      SET claimed_until = now() + make_interval(secs => ${leaseMs / 1000}::double precision)
      FROM (
        SELECT id FROM image_repositories
        WHERE NOT suspend AND next_scan_at <= now() AND (claimed_until IS NULL OR claimed_until < now())
        ORDER BY next_scan_at
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED
      ) AS due
      WHERE r.id = due.id
      RETURNING r.id, now() AS claimed_at`;
    if (rows.length === 0) return [];
    const claimedAt = new Map(rows.map((r) => [r.id, r.claimed_at]));
    const full = await this.db.imageRepository.findMany({ where: { id: { in: rows.map((r) => r.id) } } });
    return full.map((r) => ({ ...r, claimedAt: claimedAt.get(r.id)! }));
  }

  /**
   * Stores a scan's status (and its tags, when it succeeded) and releases the claim in one transaction.
   * A request or spec change that arrived during the scan makes it due again at once. False when the row
   * is gone (deleted mid-scan).
   */
  async finishScan(id: string, w: { status: object; tags: string[] | undefined; scannedAt: Date; requeueAfterMs: number | undefined; claimedAt: Date; claimedGeneration: number }): Promise<boolean> {
    const requeueSecs = w.requeueAfterMs === undefined ? null : w.requeueAfterMs / 1000;
    return this.db.$transaction(async (tx) => {
      const n = await tx.$executeRaw`
        UPDATE image_repositories SET
          status = ${JSON.stringify(w.status)}::jsonb,
          claimed_until = NULL,
          updated_at = now(),
          next_scan_at = CASE
            WHEN generation <> ${w.claimedGeneration} OR last_scan_requested_at > ${w.claimedAt} THEN now()
            WHEN ${requeueSecs}::double precision IS NULL THEN 'infinity'::timestamptz
            ELSE now() + make_interval(secs => ${requeueSecs}::double precision)
          END
        WHERE id = ${id}`;
      if (n === 0) return false;
      if (w.tags) {
        await tx.$executeRaw`
          INSERT INTO image_repository_tags (repository_id, tags, scanned_at) VALUES (${id}, ${w.tags}::text[], ${w.scannedAt})
          ON CONFLICT (repository_id) DO UPDATE SET tags = EXCLUDED.tags, scanned_at = EXCLUDED.scanned_at`;
      }
      return true;
    });
  }

  async renewClaims(ids: readonly string[], leaseMs: number): Promise<void> {
    if (ids.length === 0) return;
    await this.db.$executeRaw`
      UPDATE image_repositories SET claimed_until = now() + make_interval(secs => ${leaseMs / 1000}::double precision)
      WHERE id = ANY(${[...ids]}::text[]) AND claimed_until IS NOT NULL`;
  }

  async releaseClaim(id: string, retryMs: number): Promise<void> {
    await this.db.$executeRaw`
      UPDATE image_repositories SET claimed_until = NULL, next_scan_at = now() + make_interval(secs => ${retryMs / 1000}::double precision)
      WHERE id = ${id}`;
  }

  async msUntilNextDue(): Promise<number | null> {
    const rows = await this.db.$queryRaw<{ ms: number | null }[]>`
      SELECT (EXTRACT(EPOCH FROM (min(greatest(next_scan_at, coalesce(claimed_until, next_scan_at))) - now())) * 1000)::float8 AS ms
      FROM image_repositories WHERE NOT suspend AND next_scan_at < 'infinity'::timestamptz`;
    return rows[0]?.ms ?? null;
  }
}
