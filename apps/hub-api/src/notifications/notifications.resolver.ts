import { UseGuards } from '@nestjs/common';
import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Actor, RequestOrigin } from '../auth/actor.js';
import { CurrentActor, Origin } from '../auth/current-actor.decorator.js';
import { RequireRole, RolesGuard } from '../auth/roles.guard.js';
import { AlertInput } from './dto/alert.input.js';
import { AlertObject } from './dto/alert.object.js';
import { NotificationProviderInput, NotificationProviderSecretsInput } from './dto/notification-provider.input.js';
import { NotificationAttemptObject, NotificationProviderObject } from './dto/notification-provider.object.js';
import { NotificationsService } from './notifications.service.js';

/** Providers and Alerts see every cluster's events, so they are fleet-wide: reading needs a fleet role too. */
@Resolver()
@UseGuards(RolesGuard)
export class NotificationsResolver {
  constructor(private readonly service: NotificationsService) {}

  @Query(() => [NotificationProviderObject])
  @RequireRole('VIEWER')
  notificationProviders(): Promise<NotificationProviderObject[]> {
    return this.service.listProviders();
  }

  @Query(() => NotificationProviderObject, { nullable: true })
  @RequireRole('VIEWER')
  notificationProvider(
    @Args('id', { type: () => ID }) id: string,
  ): Promise<NotificationProviderObject | null> {
    return this.service.getProvider(id);
  }

  @Query(() => [NotificationAttemptObject], {
    description: 'The delivery log of a Provider, newest first (default 50, at most 500).',
  })
  @RequireRole('VIEWER')
  notificationAttempts(
    @Args('providerId', { type: () => ID }) providerId: string,
    @Args('limit', { type: () => Int, nullable: true }) limit?: number | null,
  ): Promise<NotificationAttemptObject[]> {
    return this.service.attempts(providerId, limit ?? 50);
  }

  @Mutation(() => NotificationProviderObject, {
    description: 'Validation errors are BAD_USER_INPUT with extensions.field.',
  })
  @RequireRole('ADMIN')
  createNotificationProvider(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Args('input', { type: () => NotificationProviderInput }) input: NotificationProviderInput,
  ): Promise<NotificationProviderObject> {
    return this.service.createProvider(actor, origin, input);
  }

  @Mutation(() => NotificationProviderObject, {
    description: 'Replaces the spec; the secret is kept unless `secret` or `clearSecret` is given.',
  })
  @RequireRole('ADMIN')
  updateNotificationProvider(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Args('id', { type: () => ID }) id: string,
    @Args('input', { type: () => NotificationProviderInput }) input: NotificationProviderInput,
  ): Promise<NotificationProviderObject> {
    return this.service.updateProvider(actor, origin, id, input);
  }

  @Mutation(() => NotificationProviderObject, {
    description:
      'Sets or clears only what the hub holds instead of Secrets (secret, certificate), keeping the spec. Works on a Provider a FleetSync manages too: a sync keeps what is set here.',
  })
  @RequireRole('ADMIN')
  setNotificationProviderSecret(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Args('id', { type: () => ID }) id: string,
    @Args('input', { type: () => NotificationProviderSecretsInput }) input: NotificationProviderSecretsInput,
  ): Promise<NotificationProviderObject> {
    return this.service.setProviderSecret(actor, origin, id, input);
  }

  @Mutation(() => Boolean, { description: 'CONFLICT (PROVIDER_IN_USE) while Alerts send to it.' })
  @RequireRole('ADMIN')
  deleteNotificationProvider(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<boolean> {
    return this.service.deleteProvider(actor, origin, id);
  }

  @Mutation(() => Boolean, { description: 'Queues a test message; the delivery log shows how it went.' })
  @RequireRole('OPERATOR')
  sendTestNotification(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Args('providerId', { type: () => ID }) providerId: string,
  ): Promise<boolean> {
    return this.service.sendTest(actor, origin, providerId);
  }

  @Query(() => [AlertObject])
  @RequireRole('VIEWER')
  alerts(): Promise<AlertObject[]> {
    return this.service.listAlerts();
  }

  @Query(() => AlertObject, { nullable: true })
  @RequireRole('VIEWER')
  alert(@Args('id', { type: () => ID }) id: string): Promise<AlertObject | null> {
    return this.service.getAlert(id);
  }

  @Mutation(() => AlertObject)
  @RequireRole('ADMIN')
  createAlert(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Args('input', { type: () => AlertInput }) input: AlertInput,
  ): Promise<AlertObject> {
    return this.service.createAlert(actor, origin, input);
  }

  @Mutation(() => AlertObject)
  @RequireRole('ADMIN')
  updateAlert(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Args('id', { type: () => ID }) id: string,
    @Args('input', { type: () => AlertInput }) input: AlertInput,
  ): Promise<AlertObject> {
    return this.service.updateAlert(actor, origin, id, input);
  }

  @Mutation(() => Boolean)
  @RequireRole('ADMIN')
  deleteAlert(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<boolean> {
    return this.service.deleteAlert(actor, origin, id);
  }
}
