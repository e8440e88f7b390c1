import { Inject, Injectable } from '@nestjs/common';
import { Prisma, type GitRepository } from '@flotilla/prisma/client';
import { PRISMA, type Db } from '../db/prisma.service.js';
import { ClaimedSourceRepository, createUnlessTaken } from './claimed-source-repository.js';


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

@Injectable()
export class GitRepositoriesRepository extends ClaimedSourceRepository<GitRepositoryRow> {
  constructor(@Inject(PRISMA) private readonly db: Db) {
    super(db, 'git_repositories', (ids) => db.gitRepository.findMany({ where: { id: { in: ids } } }));
  }

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
  create(
    row: GitRepositoryWrite & { id: string; namespace: string; name: string; now: Date; credentialsSealed: string | null; credentialsKind: string | null },
  ): Promise<GitRepositoryRow | null> {
    const { now, ref, ...rest } = row;
    return createUnlessTaken(() => this.db.gitRepository.create({
      data: { ...rest, ref: ref ?? Prisma.DbNull, createdAt: now, updatedAt: now, nextReconcileAt: now },
    }));
  }

  /**
   * One atomic write of an update: the spec, optionally new (or cleared) credentials, and whether it must be
   * fetched at once (spec change → generation + 1, as Flux handles a generation change immediately; new
   * credentials or a resume → due now without a new generation).
   */
  update(
    id: string,
    spec: GitRepositoryWrite,
    opts: { bumpGeneration: boolean; dueNow: boolean; requestedAt?: Date; credentials?: { sealed: string | null; kind: string | null } },
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
}
