import { UseGuards } from '@nestjs/common';
import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import type { Actor } from '../auth/actor.js';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { RequireRole, RolesGuard } from '../auth/roles.guard.js';
import { parseAuditFilter } from './audit-filter.js';
import { AuditReaderService } from './audit-reader.service.js';
import { AUDIT_ACTIONS } from './audit.service.js';
import { AuditEntryConnectionObject, AuditEntryObject, AuditFilterInput } from './dto/audit-entry.object.js';

@Resolver(() => AuditEntryObject)
@UseGuards(RolesGuard)
@RequireRole('ADMIN')
export class AuditResolver {
  constructor(private readonly reader: AuditReaderService) {}

  @Query(() => AuditEntryConnectionObject, { description: 'Audit entries, newest first; `first` at most 200.' })
  auditEntries(
    @CurrentActor() actor: Actor,
    @Args('filter', { type: () => AuditFilterInput, nullable: true }) filter: AuditFilterInput | null,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 50 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<AuditEntryConnectionObject> {
    return this.reader.page(actor, parseAuditFilter({ ...filter }, 'filter.'), first, after);
  }

  @Query(() => [String], { description: 'Every action the audit log records, for filters.' })
  auditActions(): string[] {
    return [...AUDIT_ACTIONS];
  }
}
