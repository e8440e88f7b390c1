import { UseGuards } from '@nestjs/common';
import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Actor, RequestOrigin } from '../auth/actor.js';
import { CurrentActor, Origin } from '../auth/current-actor.decorator.js';
import { RequireRole, RolesGuard } from '../auth/roles.guard.js';
import { ImageUpdateAutomationInput } from './dto/image-update-automation.inputs.js';
import { ImageUpdateAutomationObject } from './dto/image-update-automation.object.js';
import { ImageUpdateAutomationsService } from './image-update-automations.service.js';

@Resolver(() => ImageUpdateAutomationObject)
@UseGuards(RolesGuard)
export class ImageUpdateAutomationsResolver {
  constructor(private readonly service: ImageUpdateAutomationsService) {}

  @Query(() => [ImageUpdateAutomationObject])
  @RequireRole('VIEWER')
  imageUpdateAutomations(): Promise<ImageUpdateAutomationObject[]> {
    return this.service.list();
  }

  @Query(() => ImageUpdateAutomationObject, { nullable: true })
  @RequireRole('VIEWER')
  imageUpdateAutomation(@Args('id', { type: () => ID }) id: string): Promise<ImageUpdateAutomationObject | null> {
    return this.service.get(id);
  }

  @Mutation(() => ImageUpdateAutomationObject, { description: 'Runs once at once; then again whenever a policy of its namespace changes.' })
  @RequireRole('OPERATOR')
  createImageUpdateAutomation(@CurrentActor() actor: Actor, @Origin() origin: RequestOrigin, @Args('input', { type: () => ImageUpdateAutomationInput }) input: ImageUpdateAutomationInput): Promise<ImageUpdateAutomationObject> {
    return this.service.create(actor, origin, input);
  }

  @Mutation(() => ImageUpdateAutomationObject)
  @RequireRole('OPERATOR')
  updateImageUpdateAutomation(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Args('id', { type: () => ID }) id: string,
    @Args('input', { type: () => ImageUpdateAutomationInput }) input: ImageUpdateAutomationInput,
  ): Promise<ImageUpdateAutomationObject> {
    return this.service.update(actor, origin, id, input);
  }

  @Mutation(() => Boolean)
  @RequireRole('OPERATOR')
  deleteImageUpdateAutomation(@CurrentActor() actor: Actor, @Origin() origin: RequestOrigin, @Args('id', { type: () => ID }) id: string): Promise<boolean> {
    return this.service.delete(actor, origin, id);
  }

  @Mutation(() => ImageUpdateAutomationObject, { description: 'Runs the automation now and returns its status.' })
  @RequireRole('OPERATOR')
  runImageUpdateAutomation(@CurrentActor() actor: Actor, @Origin() origin: RequestOrigin, @Args('id', { type: () => ID }) id: string): Promise<ImageUpdateAutomationObject> {
    return this.service.requestRun(actor, origin, id);
  }
}
