import { Inject, Injectable } from '@nestjs/common';
import type { ImageRepository } from '@flotilla/prisma/client';
import { PRISMA, type Db } from '../db/prisma.service.js';
import { ClaimedSourceRepository, createUnlessTaken } from '../sources/claimed-source-repository.js';
import type { ReconcileWriteBack } from '../sources/source-claims.js';

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
export class ImageRepositoriesRepository extends ClaimedSourceRepository<ImageRepositoryRow> {
  constructor(@Inject(PRISMA) private readonly db: Db) {
    super(db, 'image_repositories', (ids) => db.imageRepository.findMany({ where: { id: { in: ids } } }));
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
  create(row: ImageRepositoryWrite & { id: string; namespace: string; name: string; credentialsSealed: string | null; credentialsKind: string | null }): Promise<ImageRepositoryRow | null> {
    return createUnlessTaken(() => this.db.imageRepository.create({ data: { ...row, nextScanAt: new Date(0) } }));
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
   * Stores a scan's status (and its tags, when it succeeded) and releases the claim in one transaction.
   * A request or spec change that arrived during the scan makes it due again at once. False when the row
   * is gone (deleted mid-scan).
   */
  finishScan(id: string, w: ReconcileWriteBack & { tags: string[] | undefined; scannedAt: Date }): Promise<boolean> {
    const { tags } = w;
    return this.finishReconcile(
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
}
