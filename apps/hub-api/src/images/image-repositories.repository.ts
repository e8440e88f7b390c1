import { Inject, Injectable } from '@nestjs/common';
import type { ImageRepository } from '@flotilla/prisma/client';
import { PRISMA, type Db } from '../db/prisma.service.js';
import { isUniqueViolation } from '../db/unique-violation.js';
import { SourceClaims, type ReconcileWriteBack } from '../sources/source-claims.js';

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
  private readonly claims: SourceClaims;

  constructor(@Inject(PRISMA) private readonly db: Db) {
    this.claims = new SourceClaims(db, 'image_repositories');
  }

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

  /** Claims up to `limit` due repositories for this replica, by the rules of every fetched source. */
  async claimDue(limit: number, leaseMs: number): Promise<(ImageRepositoryRow & { claimedAt: Date })[]> {
    const claimed = await this.claims.claimDue(limit, leaseMs);
    if (claimed.size === 0) return [];
    const full = await this.db.imageRepository.findMany({ where: { id: { in: [...claimed.keys()] } } });
    return full.map((r) => ({ ...r, claimedAt: claimed.get(r.id)! }));
  }

  /**
   * Stores a scan's status (and its tags, when it succeeded) and releases the claim in one transaction.
   * A request or spec change that arrived during the scan makes it due again at once. False when the row
   * is gone (deleted mid-scan).
   */
  finishScan(id: string, w: ReconcileWriteBack & { tags: string[] | undefined; scannedAt: Date }): Promise<boolean> {
    const { tags } = w;
    return this.claims.finishReconcile(
      id,
      w,
      tags &&
        (async (tx) => {
          await tx.$executeRaw`
            INSERT INTO image_repository_tags (repository_id, tags, scanned_at) VALUES (${id}, ${tags}::text[], ${w.scannedAt})
            ON CONFLICT (repository_id) DO UPDATE SET tags = EXCLUDED.tags, scanned_at = EXCLUDED.scanned_at`;
        }),
    );
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
