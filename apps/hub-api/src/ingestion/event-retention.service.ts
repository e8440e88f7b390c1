import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { JsonLogger } from '../common/logger.js';
import { HUB_CONFIG, type HubConfig } from '../config.js';
import { DEFAULT_EVENT_RETENTION_MS } from './retention-duration.js';
import { ReportBatchesRepository } from './report-batches.repository.js';

/**
 * Deletes agent-reported events older than FLOTILLA_EVENT_RETENTION (default 7d). Runs every tenth of the
 * retention, at most hourly; every replica may run it (deletes of the same rows are idempotent).
 */
@Injectable()
export class EventRetentionService implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  readonly retentionMs: number;

  constructor(
    @Inject(HUB_CONFIG) config: HubConfig,
    private readonly repo: ReportBatchesRepository,
    private readonly clock: Clock,
    private readonly log: JsonLogger,
  ) {
    this.retentionMs = config.ingestion?.eventRetentionMs ?? DEFAULT_EVENT_RETENTION_MS;
  }

  onApplicationBootstrap(): void {
    const every = Math.max(1_000, Math.min(3_600_000, Math.floor(this.retentionMs / 10)));
    this.timer = setInterval(() => {
      this.sweep().catch((err: unknown) => this.log.error('event retention sweep failed', { error: String(err) }));
    }, every);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Deletes what is past retention now; returns how many events went. */
  async sweep(): Promise<number> {
    const cutoff = new Date(this.clock.now().getTime() - this.retentionMs);
    const deleted = await this.repo.deleteEventsBefore(cutoff);
    if (deleted > 0) this.log.info('deleted events past retention', { deleted, cutoff: cutoff.toISOString() });
    return deleted;
  }
}
