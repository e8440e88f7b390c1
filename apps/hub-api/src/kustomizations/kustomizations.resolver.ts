import { UseGuards } from '@nestjs/common';
import { Args, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { Actor, RequestOrigin } from '../auth/actor.js';
import { CurrentActor, Origin } from '../auth/current-actor.decorator.js';
import { RequireRole, RolesGuard } from '../auth/roles.guard.js';
import { ClusterEventObject, KustomizationClusterStatusObject, KustomizationObject } from './dto/kustomization.object.js';
import { KustomizationInput } from './dto/kustomization.inputs.js';
import { KustomizationsService } from './kustomizations.service.js';

@Resolver(() => KustomizationObject)
@UseGuards(RolesGuard)
export class KustomizationsResolver {
  constructor(private readonly service: KustomizationsService) {}

  @Query(() => [KustomizationObject], { description: 'Kustomizations ordered by namespace and name; with clusterId, those placed on that cluster.' })
  @RequireRole('VIEWER', 'scoped')
  kustomizations(@CurrentActor() actor: Actor, @Args('clusterId', { type: () => ID, nullable: true }) clusterId: string | null): Promise<KustomizationObject[]> {
    return this.service.list(actor, clusterId);
  }

  @Query(() => KustomizationObject, { nullable: true })
  @RequireRole('VIEWER', 'scoped')
  kustomization(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }) id: string): Promise<KustomizationObject | null> {
    return this.service.get(actor, id);
  }

  @Query(() => [ClusterEventObject], { description: 'Newest first; filter by cluster and/or Kustomization.' })
  @RequireRole('VIEWER', 'scoped')
  events(
    @CurrentActor() actor: Actor,
    @Args('clusterId', { type: () => ID, nullable: true }) clusterId: string | null,
    @Args('kustomizationId', { type: () => ID, nullable: true }) kustomizationId: string | null,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 100 }) first: number,
  ): Promise<ClusterEventObject[]> {
    return this.service.listEvents(actor, { clusterId, kustomizationId, first });
  }

  @ResolveField('clusters', () => [KustomizationClusterStatusObject], { description: 'One row per targeted cluster the caller may see.' })
  @RequireRole('VIEWER', 'scoped')
  clusters(@CurrentActor() actor: Actor, @Parent() k: KustomizationObject): Promise<KustomizationClusterStatusObject[]> {
    return this.service.clusterStatuses(actor, k);
  }

  @Mutation(() => KustomizationObject, { description: 'Validation errors are BAD_USER_INPUT with extensions.field (`spec.interval`, `placement.clusterSelector`).' })
  @RequireRole('OPERATOR')
  createKustomization(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Args('input', { type: () => KustomizationInput }) input: KustomizationInput,
  ): Promise<KustomizationObject> {
    return this.service.create(actor, origin, input);
  }

  @Mutation(() => KustomizationObject, { description: 'A spec change raises the generation; a placement change re-targets clusters.' })
  @RequireRole('OPERATOR')
  updateKustomization(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Args('id', { type: () => ID }) id: string,
    @Args('input', { type: () => KustomizationInput }) input: KustomizationInput,
  ): Promise<KustomizationObject> {
    return this.service.update(actor, origin, id, input);
  }

  @Mutation(() => Boolean, { description: 'It leaves the assignments; agents prune what it applied when prune is true.' })
  @RequireRole('ADMIN')
  deleteKustomization(@CurrentActor() actor: Actor, @Origin() origin: RequestOrigin, @Args('id', { type: () => ID }) id: string): Promise<boolean> {
    return this.service.delete(actor, origin, id);
  }
}
