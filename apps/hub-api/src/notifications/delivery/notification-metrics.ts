import { Injectable } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { MetricsService } from '../../health/metrics.service.js';
import { NotificationsRepository } from '../notifications.repository.js';

export type DeliveryOutcome = 'delivered' | 'retried' | 'failed';

/** Notification delivery metrics, registered in the hub's registry (`/metrics`). */
@Injectable()
export class NotificationMetrics {
  readonly attempts: Counter<'provider_type' | 'outcome'>;
  readonly outboxDepth: Gauge<'stage'>;

  constructor(metrics: MetricsService, repo: NotificationsRepository) {
    this.attempts = new Counter({
      name: 'flotilla_notification_deliveries_total',
      help: 'Delivery attempts by Provider type and outcome: delivered, retried (failed, tried again with backoff) or failed (given up, or dropped by a suspended Provider).',
      labelNames: ['provider_type', 'outcome'] as const,
      registers: [metrics.registry],
    });
    // Read from Postgres at scrape time: the outbox is shared by every replica, so no one process can count it.
    this.outboxDepth = new Gauge({
      name: 'flotilla_notification_outbox_depth',
      help: 'What waits fleet-wide: stage "routing" counts stored cluster events not yet routed through the Alerts, "sending" messages not yet delivered (due, retrying or in a grouping window).',
      labelNames: ['stage'] as const,
      registers: [metrics.registry],
      async collect() {
        const { outbox, pending } = await repo.backlog();
        this.set({ stage: 'routing' }, outbox);
        this.set({ stage: 'sending' }, pending);
      },
    });
  }

  record(providerType: string, outcome: DeliveryOutcome): void {
    this.attempts.inc({ provider_type: providerType, outcome });
  }
}
