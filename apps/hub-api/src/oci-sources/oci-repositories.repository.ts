import { Inject, Injectable } from '@nestjs/common';
import type { OciRepository, Prisma } from '@flotilla/prisma/client';
import { FLUX_KINDS } from '@flotilla/reconcile-core';
import type { ClaimQueue } from '../common/claim-loop.js';
import { PRISMA, type Db } from '../db/prisma.service.js';
import { isUniqueViolation } from '../db/unique-violation.js';
import { SourceClaims, type ReconcileWriteBack } from '../sources/source-claims.js';

export type OciRepositoryRow = OciRepository;
export type ClaimedOciRepository = OciRepositoryRow & { claimedAt: Date };

export interface OciRepositoryWrite {
  spec: Prisma.InputJsonValue;
  suspend: boolean;
  verifyPublicKeys: Prisma.InputJsonValue;
  labels?: Prisma.InputJsonValue;
}

/**
 * Hub OCIRepositories, and their due times claimed with FOR UPDATE SKIP LOCKED under a lease (as the hub's
 * other sources), so several hub replicas pull each artifact once.
 */
@Injectable()
export class OciRepositoriesRepository implements ClaimQueue<ClaimedOciRepository> {
  private readonly claims: SourceClaims;

  constructor(@Inject(PRISMA) private readonly db: Db) {
    this.claims = new SourceClaims(db, 'oci_repositories');
  }

  list() {
    return this.db.ociRepository.findMany({ orderBy: [{ namespace: 'asc' }, { name: 'asc' }] });
  }

  findById(id: string) {
    return this.db.ociRepository.findUnique({ where: { id } });
  }

  /** Whether a GitRepository has this name: both would stand in clusters as the ExternalArtifact of that name. */
  async gitRepositoryNamed(namespace: string, name: string): Promise<boolean> {
    return (await this.db.gitRepository.count({ where: { namespace, name } })) > 0;
  }

  /** Kustomizations whose sourceRef names this OCIRepository (namespace defaults to the Kustomization's, as in Flux). */
  kustomizationsUsing(namespace: string, name: string): Promise<{ namespace: string; name: string }[]> {
    return this.db.$queryRaw<{ namespace: string; name: string }[]>`
      SELECT namespace, name FROM kustomizations
      WHERE spec->'sourceRef'->>'kind' = ${FLUX_KINDS.OCIRepository.kind}
        AND spec->'sourceRef'->>'name' = ${name}
        AND coalesce(spec->'sourceRef'->>'namespace', namespace) = ${namespace}
      ORDER BY namespace, name`;
  }

  /** null when (namespace, name) is taken. */
  async create(row: OciRepositoryWrite & { id: string; namespace: string; name: string; now: Date; credentialsSealed: string | null; credentialsKind: string | null }): Promise<OciRepositoryRow | null> {
    const { now, ...rest } = row;
    try {
      return await this.db.ociRepository.create({ data: { ...rest, createdAt: now, updatedAt: now, nextReconcileAt: now } });
    } catch (err) {
      if (isUniqueViolation(err)) return null;
      throw err;
    }
  }

  update(id: string, w: OciRepositoryWrite, opts: { bumpGeneration: boolean; dueNow: boolean; credentials?: { sealed: string | null; kind: string | null } }) {
    return this.db.ociRepository.update({
      where: { id },
      data: {
        ...w,
        ...(opts.bumpGeneration ? { generation: { increment: 1 } } : {}),
        ...(opts.bumpGeneration || opts.dueNow ? { nextReconcileAt: new Date(0) } : {}),
        ...(opts.credentials ? { credentialsSealed: opts.credentials.sealed, credentialsKind: opts.credentials.kind } : {}),
      },
    });
  }

  async delete(id: string): Promise<boolean> {
    const { count } = await this.db.ociRepository.deleteMany({ where: { id } });
    return count > 0;
  }

  requestReconcile(id: string, at: Date) {
    return this.db.ociRepository.update({ where: { id }, data: { lastReconcileRequestedAt: at, nextReconcileAt: new Date(0) } });
  }

  async claimDue(limit: number, leaseMs: number): Promise<ClaimedOciRepository[]> {
    const claimed = await this.claims.claimDue(limit, leaseMs);
    if (claimed.size === 0) return [];
    const full = await this.db.ociRepository.findMany({ where: { id: { in: [...claimed.keys()] } } });
    return full.map((r) => ({ ...r, claimedAt: claimed.get(r.id)! }));
  }

  /** Writes the status and releases the claim; false when the row is gone (deleted mid-pull). */
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
