import { UseGuards } from '@nestjs/common';
import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { Actor, RequestOrigin } from '../auth/actor.js';
import { CurrentActor, Origin } from '../auth/current-actor.decorator.js';
import { RequireRole, RolesGuard } from '../auth/roles.guard.js';
import { KustomizationObject } from '../kustomizations/dto/kustomization.object.js';
import { GitRepositoryObject } from '../sources/dto/git-repository.object.js';
import { FleetSyncInput } from './dto/fleet-sync.inputs.js';
import { FleetSyncObject, ManagedByGitObject } from './dto/fleet-sync.object.js';
import { FleetSyncService } from './fleet-sync.service.js';

@Resolver(() => FleetSyncObject)
@UseGuards(RolesGuard)
export class FleetSyncResolver {
  constructor(private readonly service: FleetSyncService) {}

  @Query(() => [FleetSyncObject], { description: 'The FleetSyncs: the hub’s own configuration read from git.' })
  @RequireRole('VIEWER')
  fleetSyncs(): Promise<FleetSyncObject[]> {
    return this.service.list();
  }

  @Query(() => FleetSyncObject, { nullable: true })
  @RequireRole('VIEWER')
  fleetSync(@Args('id', { type: () => ID }) id: string): Promise<FleetSyncObject | null> {
    return this.service.get(id);
  }

  @Mutation(() => FleetSyncObject, { description: 'Hands the objects declared under a path of a hub GitRepository to git: they are created, updated and pruned from it.' })
  @RequireRole('ADMIN')
  createFleetSync(@CurrentActor() actor: Actor, @Origin() origin: RequestOrigin, @Args('input') input: FleetSyncInput): Promise<FleetSyncObject> {
    return this.service.create(actor, origin, input);
  }

  @Mutation(() => FleetSyncObject, {
    description: 'Changes its source, path, interval, prune or pull-request provider (not its name or namespace) and reads the new place at once; objects the new place no longer declares are pruned as for any revision.',
  })
  @RequireRole('ADMIN')
  updateFleetSync(@CurrentActor() actor: Actor, @Origin() origin: RequestOrigin, @Args('id', { type: () => ID }) id: string, @Args('input') input: FleetSyncInput): Promise<FleetSyncObject> {
    return this.service.update(actor, origin, id, input);
  }

  @Mutation(() => Boolean, { description: 'Deletes the FleetSync; the objects it made stay, as hand-made objects.' })
  @RequireRole('ADMIN')
  deleteFleetSync(@CurrentActor() actor: Actor, @Origin() origin: RequestOrigin, @Args('id', { type: () => ID }) id: string): Promise<boolean> {
    return this.service.delete(actor, origin, id);
  }

  @Mutation(() => Boolean, { description: 'Reads the path again from the source’s current revision and applies it; returns once done (the outcome is in the status).' })
  @RequireRole('OPERATOR')
  reconcileFleetSync(@CurrentActor() actor: Actor, @Origin() origin: RequestOrigin, @Args('id', { type: () => ID }) id: string): Promise<boolean> {
    return this.service.requestReconcile(actor, origin, id);
  }
}

@Resolver(() => KustomizationObject)
export class KustomizationManagedByResolver {
  constructor(private readonly service: FleetSyncService) {}

  @ResolveField(() => ManagedByGitObject, { nullable: true, description: 'Set when a FleetSync made this Kustomization from git: then it is edited there, not here.' })
  // The parent came from a role-checked, scoped query; the git origin adds nothing outside the caller's scope.
  @RequireRole('VIEWER')
  managedBy(@Parent() k: KustomizationObject): Promise<ManagedByGitObject | null> {
    return this.service.managedBy('Kustomization', k.id);
  }
}

@Resolver(() => GitRepositoryObject)
export class GitRepositoryManagedByResolver {
  constructor(private readonly service: FleetSyncService) {}

  @ResolveField(() => ManagedByGitObject, { nullable: true, description: 'Set when a FleetSync made this GitRepository from git: then it is edited there, not here.' })
  @RequireRole('VIEWER')
  managedBy(@Parent() g: GitRepositoryObject): Promise<ManagedByGitObject | null> {
    return this.service.managedBy('GitRepository', g.id);
  }
}
