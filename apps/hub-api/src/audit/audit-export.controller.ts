import { Controller, Get, Query, Req, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import type { Actor } from '../auth/actor.js';
import { originOf, type HubRequest } from '../auth/http-request.js';
import { RequireRole, RolesGuard } from '../auth/roles.guard.js';
import { badInput } from '../common/domain-error.js';
import { JsonLogger } from '../common/logger.js';
import { auditCsvHeader, auditCsvRow } from './audit-csv.js';
import { parseAuditFilter } from './audit-filter.js';
import { AUDIT_EXPORT_MAX, AuditReaderService } from './audit-reader.service.js';
import { AuditService } from './audit.service.js';

const FILTER_PARAMS = ['actor', 'action', 'targetType', 'targetId', 'since', 'until'] as const;

/**
 * Waits until the socket takes more, so a slow download never buffers the whole export in memory; a client
 * that goes away ends the wait too (the loop then sees `res.destroyed`).
 */
async function write(res: Response, chunk: string): Promise<void> {
  if (res.write(chunk)) return;
  await new Promise<void>((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.once('drain', done);
    res.once('close', done);
  });
}

/**
 * `GET /api/audit/export?format=csv|json&actor=…&action=…&targetType=…&targetId=…&since=…&until=…` for admins
 * (session cookie or API token): the filtered entries, newest first, streamed, at most AUDIT_EXPORT_MAX.
 */
@Controller('api/audit')
@UseGuards(RolesGuard)
@RequireRole('ADMIN')
export class AuditExportController {
  constructor(
    private readonly reader: AuditReaderService,
    private readonly audit: AuditService,
    private readonly log: JsonLogger,
  ) {}

  @Get('export')
  async export(@CurrentActor() actor: Actor, @Query() query: Record<string, unknown>, @Req() req: HubRequest, @Res() res: Response): Promise<void> {
    const format = query.format ?? 'csv';
    if (format !== 'csv' && format !== 'json') throw badInput('format', 'format must be csv or json');
    const raw = Object.fromEntries(FILTER_PARAMS.map((k) => [k, query[k]]));
    for (const [k, v] of Object.entries(raw)) if (v !== undefined && typeof v !== 'string') throw badInput(k, `give ${k} once`);
    const filter = parseAuditFilter(raw, '');
    // Written before the download starts, so an export that is cut off midway is still on record.
    const recorded = Object.fromEntries(Object.entries(filter).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v]));
    await this.audit.record(actor, originOf(req), 'audit.export', { type: 'auditLog', id: null }, { format, filter: recorded });

    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    res.status(200);
    res.setHeader('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="flotilla-audit-${stamp}.${format}"`);
    res.setHeader('cache-control', 'no-store');
    res.setHeader('x-flotilla-export-max-entries', String(AUDIT_EXPORT_MAX));
    let count = 0;
    try {
      await write(res, format === 'csv' ? auditCsvHeader() : '{"entries":[');
      for await (const entry of this.reader.stream(filter)) {
        if (res.destroyed) return;
        await write(res, format === 'csv' ? auditCsvRow(entry) : `${count > 0 ? ',' : ''}\n${JSON.stringify(entry)}`);
        count++;
      }
      if (format === 'json') await write(res, `\n],"count":${count},"truncated":${count >= AUDIT_EXPORT_MAX}}\n`);
      res.end();
    } catch (err) {
      // The status line is sent: cut the download off so the client sees a failed transfer, not a short file.
      this.log.error('audit export failed', { error: err instanceof Error ? err.message : String(err), sent: count });
      res.destroy();
    }
  }
}
