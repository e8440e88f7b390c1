import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { JobLeases } from '../common/job-leases.repository.js';
import { JsonLogger } from '../common/logger.js';
import { DEFAULT_EVENT_RETENTION_MS } from './retention-duration.js';
import { RetentionSweeper } from '../common/retention-sweeper.js';
import { HUB_CONFIG, type HubConfig } from '../config.js';
import { ReportBatchesRepository } from './report-batches.repository.js';

/** Deletes agent-reported events older than FLOTILLA_EVENT_RETENTION (default 7d). */
@Injectable()
export class EventRetentionService extends RetentionSweeper {
  constructor(@Inject(HUB_CONFIG) config: HubConfig, private readonly repo: ReportBatchesRepository, clock: Clock, log: JsonLogger, leases: JobLeases) {
    super(config.ingestion?.eventRetentionMs ?? DEFAULT_EVENT_RETENTION_MS, 'events', clock, log, leases);
  }

  protected deleteBefore(cutoff: Date): Promise<number> {
    return this.repo.deleteEventsBefore(cutoff);
  }
}
