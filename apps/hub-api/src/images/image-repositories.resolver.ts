import { UseGuards } from '@nestjs/common';
import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { Actor, RequestOrigin } from '../auth/actor.js';
import { CurrentActor, Origin } from '../auth/current-actor.decorator.js';
import { RequireRole, RolesGuard } from '../auth/roles.guard.js';
import { ImageRepositoryInput, ImageRepositorySecretsInput } from './dto/image-repository.inputs.js';
import { ImageRepositoryObject } from './dto/image-repository.object.js';
import { ImageRepositoriesService } from './image-repositories.service.js';

@Resolver(() => ImageRepositoryObject)
@UseGuards(RolesGuard)
export class ImageRepositoriesResolver {
  constructor(private readonly service: ImageRepositoriesService) {}

  @Query(() => [ImageRepositoryObject], { description: 'ImageRepositories ordered by namespace and name.' })
  @RequireRole('VIEWER')
  imageRepositories(): Promise<ImageRepositoryObject[]> {
    return this.service.list();
  }

  @Query(() => ImageRepositoryObject, { nullable: true })
  @RequireRole('VIEWER')
  imageRepository(@Args('id', { type: () => ID }) id: string): Promise<ImageRepositoryObject | null> {
    return this.service.get(id);
  }

  @ResolveField(() => [String], { description: 'Every tag the last successful scan kept, in the registry’s order.' })
  @RequireRole('VIEWER')
  tags(@Parent() repo: ImageRepositoryObject): Promise<string[]> {
    return this.service.tags(repo.id);
  }

  @Mutation(() => ImageRepositoryObject, { description: 'Validation errors are BAD_USER_INPUT with extensions.field (`image`, `interval`, `exclusionList[0]`, `credentials`).' })
  @RequireRole('OPERATOR')
  createImageRepository(@CurrentActor() actor: Actor, @Origin() origin: RequestOrigin, @Args('input', { type: () => ImageRepositoryInput }) input: ImageRepositoryInput): Promise<ImageRepositoryObject> {
    return this.service.create(actor, origin, input);
  }

  @Mutation(() => ImageRepositoryObject, { description: 'Replaces the spec; credentials are kept unless `credentials` or `clearCredentials` is given.' })
  @RequireRole('OPERATOR')
  updateImageRepository(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Args('id', { type: () => ID }) id: string,
    @Args('input', { type: () => ImageRepositoryInput }) input: ImageRepositoryInput,
  ): Promise<ImageRepositoryObject> {
    return this.service.update(actor, origin, id, input);
  }

  @Mutation(() => ImageRepositoryObject, {
    description:
      'Sets or clears only the registry credentials the hub holds instead of a secretRef, keeping the spec. Works on an ImageRepository a FleetSync manages too: a sync keeps what is set here.',
  })
  @RequireRole('OPERATOR')
  setImageRepositoryCredentials(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Args('id', { type: () => ID }) id: string,
    @Args('input', { type: () => ImageRepositorySecretsInput }) input: ImageRepositorySecretsInput,
  ): Promise<ImageRepositoryObject> {
    return this.service.setCredentials(actor, origin, id, input);
  }

  @Mutation(() => Boolean)
  @RequireRole('OPERATOR')
  deleteImageRepository(@CurrentActor() actor: Actor, @Origin() origin: RequestOrigin, @Args('id', { type: () => ID }) id: string): Promise<boolean> {
    return this.service.delete(actor, origin, id);
  }

  @Mutation(() => Date, { description: 'Scans the registry now (Flux’s reconcile.fluxcd.io/requestedAt); returns the request time.' })
  @RequireRole('OPERATOR')
  scanImageRepository(@CurrentActor() actor: Actor, @Origin() origin: RequestOrigin, @Args('id', { type: () => ID }) id: string): Promise<Date> {
    return this.service.requestScan(actor, origin, id);
  }
}
