import type { AuditEntryObject } from './dto/audit-entry.object.js';

interface AuditRow {
  id: string;
  createdAt: Date;
  actorUserId: string | null;
  actorName: string;
  actorKind: string;
  action: string;
  targetType: string;
  targetId: string | null;
  details: unknown;
  ip: string | null;
  userAgent: string | null;
}

export const toAuditEntryObject = (row: AuditRow): AuditEntryObject => ({
  id: row.id,
  createdAt: row.createdAt,
  actorUserId: row.actorUserId,
  actorName: row.actorName,
  actorKind: row.actorKind,
  action: row.action,
  targetType: row.targetType,
  targetId: row.targetId,
  details: row.details,
  ip: row.ip,
  userAgent: row.userAgent,
});
