import { badInput } from '../common/domain-error.js';

/** Where a page of audit entries ends: entries are ordered newest first by (createdAt, id). */
export interface AuditPosition {
  createdAt: Date;
  id: string;
}

/** Opaque page cursors: base64url of the last entry's time and id. */
export const encodeAuditCursor = (p: AuditPosition): string => Buffer.from(`a:${p.createdAt.toISOString()}|${p.id}`, 'utf8').toString('base64url');

export function decodeAuditCursor(cursor: string): AuditPosition {
  const m = /^a:([^|]+)\|(.{1,128})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  const createdAt = m ? new Date(m[1]!) : undefined;
  if (!m || !createdAt || Number.isNaN(createdAt.getTime())) throw badInput('after', 'cursor is not one this API returned');
  return { createdAt, id: m[2]! };
}
