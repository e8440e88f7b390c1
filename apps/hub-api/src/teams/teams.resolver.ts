import { UseGuards } from '@nestjs/common';
import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Actor, RequestOrigin } from '../auth/actor.js';
import { CurrentActor, Origin } from '../auth/current-actor.decorator.js';
import { RequireRole, RolesGuard } from '../auth/roles.guard.js';
import { AddTeamGrantInput, TeamObject } from './dto/team.object.js';
import { TeamsService } from './teams.service.js';

@Resolver(() => TeamObject)
@UseGuards(RolesGuard)
@RequireRole('ADMIN')
export class TeamsResolver {
  constructor(private readonly service: TeamsService) {}

  @Query(() => [TeamObject], { description: 'Every team, by name.' })
  teams(@CurrentActor() actor: Actor): Promise<TeamObject[]> {
    return this.service.list(actor);
  }

  @Mutation(() => TeamObject)
  createTeam(@CurrentActor() actor: Actor, @Origin() origin: RequestOrigin, @Args('name', { type: () => String }) name: string): Promise<TeamObject> {
    return this.service.create(actor, origin, name);
  }

  @Mutation(() => TeamObject)
  renameTeam(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Args('id', { type: () => ID }) id: string,
    @Args('name', { type: () => String }) name: string,
  ): Promise<TeamObject> {
    return this.service.rename(actor, origin, id, name);
  }

  @Mutation(() => ID, { description: 'Its members lose its grants from their next request.' })
  deleteTeam(@CurrentActor() actor: Actor, @Origin() origin: RequestOrigin, @Args('id', { type: () => ID }) id: string): Promise<string> {
    return this.service.delete(actor, origin, id);
  }

  @Mutation(() => TeamObject)
  addTeamMember(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Args('teamId', { type: () => ID }) teamId: string,
    @Args('userId', { type: () => ID }) userId: string,
  ): Promise<TeamObject> {
    return this.service.addMember(actor, origin, teamId, userId);
  }

  @Mutation(() => TeamObject)
  removeTeamMember(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Args('teamId', { type: () => ID }) teamId: string,
    @Args('userId', { type: () => ID }) userId: string,
  ): Promise<TeamObject> {
    return this.service.removeMember(actor, origin, teamId, userId);
  }

  @Mutation(() => TeamObject, { description: 'Validation errors are BAD_USER_INPUT with extensions.field (`input.clusterSelector`, `input.namespaces.0`).' })
  addTeamGrant(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Args('input', { type: () => AddTeamGrantInput }) input: AddTeamGrantInput,
  ): Promise<TeamObject> {
    return this.service.addGrant(actor, origin, input);
  }

  @Mutation(() => TeamObject, { description: 'Returns the team the grant belonged to.' })
  removeTeamGrant(@CurrentActor() actor: Actor, @Origin() origin: RequestOrigin, @Args('id', { type: () => ID }) id: string): Promise<TeamObject> {
    return this.service.removeGrant(actor, origin, id);
  }
}
