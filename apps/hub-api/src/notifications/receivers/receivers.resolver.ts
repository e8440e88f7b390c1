import { UseGuards } from '@nestjs/common';
import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Actor, RequestOrigin } from '../../auth/actor.js';
import { CurrentActor, Origin } from '../../auth/current-actor.decorator.js';
import { RequireRole, RolesGuard } from '../../auth/roles.guard.js';
import { ReceiverInput } from '../dto/receiver.input.js';
import { ReceiverObject, ReceiverWithTokenObject } from '../dto/receiver.object.js';
import { ReceiversService } from './receivers.service.js';

@Resolver(() => ReceiverObject)
@UseGuards(RolesGuard)
export class ReceiversResolver {
  constructor(private readonly service: ReceiversService) {}

  @Query(() => [ReceiverObject])
  @RequireRole('VIEWER')
  receivers(): Promise<ReceiverObject[]> {
    return this.service.list();
  }

  @Mutation(() => ReceiverWithTokenObject, { description: 'Generates the token, returned here only.' })
  @RequireRole('ADMIN')
  createReceiver(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Args('input', { type: () => ReceiverInput }) input: ReceiverInput,
  ): Promise<ReceiverWithTokenObject> {
    return this.service.create(actor, origin, input);
  }

  @Mutation(() => ReceiverObject, {
    description: 'Replaces type, events, resources and suspend; the token is kept.',
  })
  @RequireRole('ADMIN')
  updateReceiver(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Args('id', { type: () => ID }) id: string,
    @Args('input', { type: () => ReceiverInput }) input: ReceiverInput,
  ): Promise<ReceiverObject> {
    return this.service.update(actor, origin, id, input);
  }

  @Mutation(() => ReceiverWithTokenObject, {
    description: 'A new token and so a new webhook path; the old ones stop working at once.',
  })
  @RequireRole('ADMIN')
  rotateReceiverToken(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<ReceiverWithTokenObject> {
    return this.service.rotateToken(actor, origin, id);
  }

  @Mutation(() => Boolean)
  @RequireRole('ADMIN')
  deleteReceiver(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<boolean> {
    return this.service.delete(actor, origin, id);
  }
}
