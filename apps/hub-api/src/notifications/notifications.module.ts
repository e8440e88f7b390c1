import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { ImagesModule } from '../images/images.module.js';
import { KustomizationsModule } from '../kustomizations/kustomizations.module.js';
import { SourcesModule } from '../sources/sources.module.js';
import { CommitStatusService } from './delivery/commit-status.service.js';
import { DeliveryRetentionService } from './delivery/delivery-retention.service.js';
import { NotificationDispatcher } from './delivery/notification-dispatcher.js';
import { NotificationMetrics } from './delivery/notification-metrics.js';
import { NotificationsRepository } from './notifications.repository.js';
import { NotificationsResolver } from './notifications.resolver.js';
import { NotificationsService } from './notifications.service.js';
import { ReceiversController } from './receivers/receivers.controller.js';
import { ReceiversRepository } from './receivers/receivers.repository.js';
import { ReceiversResolver } from './receivers/receivers.resolver.js';
import { ReceiversService } from './receivers/receivers.service.js';

/**
 * Notifications out (Providers, Alerts, the dispatcher that routes stored cluster events to them, and commit
 * statuses of Kustomization results posted to forges) and webhooks
 * in (Receivers, which reconcile hub sources and Kustomizations, and scan ImageRepositories, at once). Uses the sources module's SecretBox
 * (sealed secrets and tokens) and outbound URL policy (where the hub may connect).
 */
@Module({
  imports: [AuthModule, SourcesModule, KustomizationsModule, ImagesModule],
  controllers: [ReceiversController],
  providers: [
    NotificationsRepository,
    NotificationDispatcher,
    NotificationMetrics,
    DeliveryRetentionService,
    CommitStatusService,
    NotificationsService,
    NotificationsResolver,
    ReceiversRepository,
    ReceiversService,
    ReceiversResolver,
  ],
  exports: [NotificationsService, ReceiversService],
})
export class NotificationsModule {}
