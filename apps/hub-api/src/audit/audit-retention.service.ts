import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { JobLeases } from '../common/job-leases.repository.js';
import { JsonLogger } from '../common/logger.js';
import { DEFAULT_AUDIT_RETENTION_MS } from '../ingestion/retention-duration.js';
import { RetentionSweeper } from '../common/retention-sweeper.js';
import { HUB_CONFIG, type HubConfig } from '../config.js';
import { AuditRepository } from './audit.repository.js';

/** Deletes audit entries older than FLOTILLA_AUDIT_RETENTION (default 400d). */
@Injectable()
export class AuditRetentionService extends RetentionSweeper {
  constructor(@Inject(HUB_CONFIG) config: HubConfig, private readonly repo: AuditRepository, clock: Clock, log: JsonLogger, leases: JobLeases) {
    super(config.audit?.retentionMs ?? DEFAULT_AUDIT_RETENTION_MS, 'audit entries', clock, log, leases);
  }

  protected deleteBefore(cutoff: Date): Promise<number> {
    return this.repo.deleteBefore(cutoff);
  }
}
