import { Inject, Injectable } from '@nestjs/common';
import { Prisma, type HelmRepository } from '@flotilla/prisma/client';
import { PRISMA, type Db } from '../db/prisma.service.js';
import { ClaimedSourceRepository, createUnlessTaken } from '../sources/claimed-source-repository.js';

export type HelmRepositoryRow = HelmRepository;
export type ClaimedHelmRepository = HelmRepositoryRow & { claimedAt: Date };

export interface HelmRepositoryWrite {
  type: 'default' | 'oci';
  url: string;
  insecure: boolean;
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
export class HelmRepositoriesRepository extends ClaimedSourceRepository<HelmRepositoryRow> {
  constructor(@Inject(PRISMA) private readonly db: Db) {
    super(db, 'helm_repositories', (ids) => db.helmRepository.findMany({ where: { id: { in: ids } } }));
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
  create(row: HelmRepositoryWrite & { id: string; namespace: string; name: string; now: Date; credentialsSealed: string | null; credentialsKind: string | null; tlsSealed: string | null; tlsKind: string | null }): Promise<HelmRepositoryRow | null> {
    const { now, ...rest } = row;
    return createUnlessTaken(() => this.db.helmRepository.create({ data: { ...rest, createdAt: now, updatedAt: now, nextReconcileAt: now } }));
  }

  update(id: string, spec: HelmRepositoryWrite, opts: { bumpGeneration: boolean; dueNow: boolean; credentials?: { sealed: string | null; kind: string | null }; tls?: { sealed: string | null; kind: string | null } }) {
    return this.db.helmRepository.update({
      where: { id },
      data: {
        ...spec,
        ...(opts.bumpGeneration ? { generation: { increment: 1 } } : {}),
        ...(opts.bumpGeneration || opts.dueNow ? { nextReconcileAt: new Date(0) } : {}),
        ...(opts.credentials ? { credentialsSealed: opts.credentials.sealed, credentialsKind: opts.credentials.kind } : {}),
        ...(opts.tls ? { tlsSealed: opts.tls.sealed, tlsKind: opts.tls.kind } : {}),
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
}
