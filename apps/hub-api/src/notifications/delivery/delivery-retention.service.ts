import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../../common/clock.js';
import { JobLeases } from '../../common/job-leases.repository.js';
import { JsonLogger } from '../../common/logger.js';
import { RetentionSweeper } from '../../common/retention-sweeper.js';
import { HUB_CONFIG, type HubConfig } from '../../config.js';
import { DEFAULT_DELIVERY_RETENTION_MS } from '../../ingestion/retention-duration.js';
import { NotificationsRepository } from '../notifications.repository.js';

/**
 * Deletes finished messages of the delivery log (and their attempts) older than
 * FLOTILLA_NOTIFICATION_DELIVERY_RETENTION (default 7d). Pending messages stay until they are sent or given up.
 */
@Injectable()
export class DeliveryRetentionService extends RetentionSweeper {
  constructor(
    @Inject(HUB_CONFIG) config: HubConfig,
    private readonly repo: NotificationsRepository,
    clock: Clock,
    log: JsonLogger,
    leases: JobLeases,
  ) {
    super(
      config.notifications?.deliveryRetentionMs ?? DEFAULT_DELIVERY_RETENTION_MS,
      'notification deliveries',
      clock,
      log,
      leases,
    );
  }

  protected deleteBefore(cutoff: Date): Promise<number> {
    return this.repo.deleteFinishedDeliveriesBefore(cutoff);
  }
}
