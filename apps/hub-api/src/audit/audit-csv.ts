import type { AuditEntryObject } from './dto/audit-entry.object.js';

export const AUDIT_CSV_COLUMNS = ['createdAt', 'actorName', 'actorKind', 'action', 'targetType', 'targetId', 'ip', 'userAgent', 'details'] as const;

/**
 * One CSV cell, RFC 4180 quoted. A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage
 * return, which some strip first) as a formula; such cells get a leading `'` so they stay text. Actor names
 * and user agents come from whoever logged in or tried to, so they are attacker-chosen.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

export const auditCsvHeader = (): string => `${AUDIT_CSV_COLUMNS.join(',')}\r\n`;

export function auditCsvRow(e: AuditEntryObject): string {
  const cells: Record<(typeof AUDIT_CSV_COLUMNS)[number], string> = {
    createdAt: e.createdAt.toISOString(),
    actorName: e.actorName,
    actorKind: e.actorKind,
    action: e.action,
    targetType: e.targetType,
    targetId: e.targetId ?? '',
    ip: e.ip ?? '',
    userAgent: e.userAgent ?? '',
    details: JSON.stringify(e.details ?? {}),
  };
  return `${AUDIT_CSV_COLUMNS.map((c) => csvCell(cells[c])).join(',')}\r\n`;
}
