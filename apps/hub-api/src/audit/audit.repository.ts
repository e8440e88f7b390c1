import { Inject, Injectable } from '@nestjs/common';
import type { Prisma } from '@flotilla/prisma/client';
import { PRISMA, type Db } from '../db/prisma.service.js';

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

@Injectable()
export class AuditRepository {
  constructor(@Inject(PRISMA) private readonly db: Db) {}

  insert(entry: NewAuditEntry): Promise<unknown> {
    return this.db.auditEntry.create({ data: entry });
  }

  listByTarget(targetType: string, targetId: string) {
    return this.db.auditEntry.findMany({ where: { targetType, targetId }, orderBy: { createdAt: 'asc' } });
  }

  listRecent(limit: number) {
    return this.db.auditEntry.findMany({ orderBy: { createdAt: 'desc' }, take: limit });
  }
}
