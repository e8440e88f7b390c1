import { Inject, Injectable } from '@nestjs/common';
import type { Prisma } from '@flotilla/prisma/client';
import { deleteInChunks } from '../db/delete-in-chunks.js';
import { PRISMA, type Db } from '../db/prisma.service.js';
import type { AuditPosition } from './audit-cursor.js';
import type { AuditFilter } from './audit-filter.js';

export interface NewAuditEntry {
  id: string;
  actorUserId: string | null;
  actorName: string;
  /** `anonymous`: nobody proved who they are (a failed login names only the username it tried). */
  actorKind: 'user' | 'api-token' | 'agent' | 'system' | 'anonymous';
  action: string;
  targetType: string;
  targetId: string | null;
  details: Prisma.InputJsonValue;
  ip: string | null;
  userAgent: string | null;
  createdAt: Date;
}

const whereOf = (f: AuditFilter, after: AuditPosition | undefined): Prisma.AuditEntryWhereInput => ({
  ...(f.actor === undefined ? {} : { actorName: f.actor }),
  ...(f.action === undefined ? {} : { action: f.action }),
  ...(f.targetType === undefined ? {} : { targetType: f.targetType }),
  ...(f.targetId === undefined ? {} : { targetId: f.targetId }),
  ...(f.since === undefined && f.until === undefined ? {} : { createdAt: { ...(f.since ? { gte: f.since } : {}), ...(f.until ? { lt: f.until } : {}) } }),
  ...(after === undefined ? {} : { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] }),
});

@Injectable()
export class AuditRepository {
  constructor(@Inject(PRISMA) private readonly db: Db) {}

  insert(entry: NewAuditEntry): Promise<unknown> {
    return this.db.auditEntry.create({ data: entry });
  }

  /** Newest first by (createdAt, id), after the given position. */
  page(filter: AuditFilter, take: number, after?: AuditPosition) {
    return this.db.auditEntry.findMany({ where: whereOf(filter, after), orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take });
  }

  /** Deletes entries written before `cutoff`; returns how many went. */
  deleteBefore(cutoff: Date): Promise<number> {
    return deleteInChunks(
      (limit) => this.db.$executeRaw`
        DELETE FROM audit_entries WHERE id IN (SELECT id FROM audit_entries WHERE created_at < ${cutoff} LIMIT ${limit})`,
    );
  }
}
