import { Inject, Injectable } from '@nestjs/common';
import { Prisma, type HelmRepository } from '@flotilla/prisma/client';
import type { ClaimQueue } from '../common/claim-loop.js';
import { PRISMA, type Db } from '../db/prisma.service.js';
import { isUniqueViolation } from '../db/unique-violation.js';
import { SourceClaims, type ReconcileWriteBack } from '../sources/source-claims.js';

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
  private readonly claims: SourceClaims;

  constructor(@Inject(PRISMA) private readonly db: Db) {
    this.claims = new SourceClaims(db, 'helm_repositories');
  }

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
    const claimed = await this.claims.claimDue(limit, leaseMs);
    if (claimed.size === 0) return [];
    const full = await this.db.helmRepository.findMany({ where: { id: { in: [...claimed.keys()] } } });
    return full.map((r) => ({ ...r, claimedAt: claimed.get(r.id)! }));
  }

  /** Writes the status and releases the claim; false when the row is gone (deleted mid-fetch). */
  finishReconcile(id: string, w: ReconcileWriteBack): Promise<boolean> {
    return this.claims.finishReconcile(id, w);
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
