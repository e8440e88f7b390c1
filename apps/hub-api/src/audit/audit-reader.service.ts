import { Injectable } from '@nestjs/common';
import type { Actor } from '../auth/actor.js';
import { badInput } from '../common/domain-error.js';
import { decodeAuditCursor, encodeAuditCursor, type AuditPosition } from './audit-cursor.js';
import type { AuditFilter } from './audit-filter.js';
import { toAuditEntryObject } from './audit.mapper.js';
import { AuditRepository } from './audit.repository.js';
import type { AuditEntryConnectionObject, AuditEntryObject } from './dto/audit-entry.object.js';

export const AUDIT_PAGE_MAX = 200;
/** The most entries one export holds (newest first); narrow the filter for older ones. */
export const AUDIT_EXPORT_MAX = 100_000;
const EXPORT_CHUNK = 1_000;

/** Reads the audit log for admins: pages for the UI, a bounded stream of entries for exports. */
@Injectable()
export class AuditReaderService {
  constructor(private readonly repo: AuditRepository) {}

  async page(_actor: Actor, filter: AuditFilter, first: number, after: string | null): Promise<AuditEntryConnectionObject> {
    if (!Number.isInteger(first) || first < 1 || first > AUDIT_PAGE_MAX) throw badInput('first', `first must be between 1 and ${AUDIT_PAGE_MAX}`);
    const rows = await this.repo.page(filter, first + 1, after ? decodeAuditCursor(after) : undefined);
    const edges = rows.slice(0, first).map((row) => ({ cursor: encodeAuditCursor(row), node: toAuditEntryObject(row) }));
    return { edges, pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null } };
  }

  /** The filtered entries, newest first, at most AUDIT_EXPORT_MAX, read a chunk at a time. */
  async *stream(filter: AuditFilter): AsyncGenerator<AuditEntryObject> {
    let after: AuditPosition | undefined;
    let sent = 0;
    while (sent < AUDIT_EXPORT_MAX) {
      const rows = await this.repo.page(filter, Math.min(EXPORT_CHUNK, AUDIT_EXPORT_MAX - sent), after);
      for (const row of rows) yield toAuditEntryObject(row);
      sent += rows.length;
      if (rows.length < EXPORT_CHUNK) return;
      after = rows.at(-1)!;
    }
  }
}
