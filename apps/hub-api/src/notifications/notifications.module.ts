import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { SourcesModule } from '../sources/sources.module.js';
import { NotificationDispatcher } from './delivery/notification-dispatcher.js';
import { NotificationsRepository } from './notifications.repository.js';
import { NotificationsResolver } from './notifications.resolver.js';
import { NotificationsService } from './notifications.service.js';

/**
 * Notifications out: Providers, Alerts, and the dispatcher that routes stored cluster events to them. Uses the
 * sources module's SecretBox (sealed provider secrets) and outbound URL policy (where the hub may connect).
 */
@Module({
  imports: [AuthModule, SourcesModule],
  providers: [NotificationsRepository, NotificationDispatcher, NotificationsService, NotificationsResolver],
})
export class NotificationsModule {}
