import { UseGuards } from '@nestjs/common';
import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Actor, RequestOrigin } from '../auth/actor.js';
import { CurrentActor, Origin } from '../auth/current-actor.decorator.js';
import { RequireRole, RolesGuard } from '../auth/roles.guard.js';
import { GitCredentialsInput, GitRepositoryInput } from './dto/git-repository.inputs.js';
import { GitRepositoryObject } from './dto/git-repository.object.js';
import { GitRepositoriesService } from './git-repositories.service.js';

@Resolver(() => GitRepositoryObject)
@UseGuards(RolesGuard)
export class GitRepositoriesResolver {
  constructor(private readonly service: GitRepositoriesService) {}

  @Query(() => [GitRepositoryObject], { description: 'GitRepositories ordered by namespace and name; for a scoped caller, those used by Kustomizations they may see.' })
  @RequireRole('VIEWER', 'scoped')
  gitRepositories(@CurrentActor() actor: Actor): Promise<GitRepositoryObject[]> {
    return this.service.list(actor);
  }

  @Query(() => GitRepositoryObject, { nullable: true })
  @RequireRole('VIEWER', 'scoped')
  gitRepository(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }) id: string): Promise<GitRepositoryObject | null> {
    return this.service.get(actor, id);
  }

  @Mutation(() => GitRepositoryObject, { description: 'Validation errors are BAD_USER_INPUT with extensions.field (`url`, `ref.semver`, `interval`, `credentials`).' })
  @RequireRole('OPERATOR')
  createGitRepository(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Args('input', { type: () => GitRepositoryInput }) input: GitRepositoryInput,
  ): Promise<GitRepositoryObject> {
    return this.service.create(actor, origin, input);
  }

  @Mutation(() => GitRepositoryObject, { description: 'Replaces the spec; credentials are kept unless `credentials` or `clearCredentials` is given.' })
  @RequireRole('OPERATOR')
  updateGitRepository(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Args('id', { type: () => ID }) id: string,
    @Args('input', { type: () => GitRepositoryInput }) input: GitRepositoryInput,
  ): Promise<GitRepositoryObject> {
    return this.service.update(actor, origin, id, input);
  }

  @Mutation(() => GitRepositoryObject, {
    description:
      'Replaces (`credentials`) or removes (`clear: true`) the stored credentials only, keeping the spec. Works on a GitRepository a FleetSync manages too: Flux YAML carries no credentials, so they are given here and a sync keeps them.',
  })
  @RequireRole('OPERATOR')
  setGitRepositoryCredentials(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Args('id', { type: () => ID }) id: string,
    @Args('credentials', { type: () => GitCredentialsInput, nullable: true }) credentials: GitCredentialsInput | null,
    @Args('clear', { type: () => Boolean, nullable: true }) clear: boolean | null,
  ): Promise<GitRepositoryObject> {
    return this.service.setCredentials(actor, origin, id, credentials, Boolean(clear));
  }

  @Mutation(() => Boolean, { description: 'CONFLICT while a Kustomization uses it.' })
  @RequireRole('ADMIN')
  deleteGitRepository(@CurrentActor() actor: Actor, @Origin() origin: RequestOrigin, @Args('id', { type: () => ID }) id: string): Promise<boolean> {
    return this.service.delete(actor, origin, id);
  }
}
