import { UseGuards } from '@nestjs/common';
import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Actor, RequestOrigin } from '../auth/actor.js';
import { CurrentActor, Origin } from '../auth/current-actor.decorator.js';
import { RequireRole, RolesGuard } from '../auth/roles.guard.js';
import { OciRepositorySecretsInput, OciRepositoryInput } from './dto/oci-repository.inputs.js';
import { OciRepositoryObject } from './dto/oci-repository.object.js';
import { OciRepositoriesService } from './oci-repositories.service.js';

@Resolver(() => OciRepositoryObject)
@UseGuards(RolesGuard)
export class OciRepositoriesResolver {
  constructor(private readonly service: OciRepositoriesService) {}

  @Query(() => [OciRepositoryObject], { description: 'Hub OCIRepositories (pulled once for the fleet), ordered by namespace and name.' })
  @RequireRole('VIEWER')
  ociRepositories(): Promise<OciRepositoryObject[]> {
    return this.service.list();
  }

  @Query(() => OciRepositoryObject, { nullable: true })
  @RequireRole('VIEWER')
  ociRepository(@Args('id', { type: () => ID }) id: string): Promise<OciRepositoryObject | null> {
    return this.service.get(id);
  }

  @Mutation(() => OciRepositoryObject, { description: 'Validation errors are BAD_USER_INPUT with extensions.field (`spec.url`, `spec.ref.semver`, `credentials.dockerConfigJson`, `verifyPublicKeys.<i>.pem`…).' })
  @RequireRole('OPERATOR')
  createOciRepository(@CurrentActor() actor: Actor, @Origin() origin: RequestOrigin, @Args('input', { type: () => OciRepositoryInput }) input: OciRepositoryInput): Promise<OciRepositoryObject> {
    return this.service.create(actor, origin, input);
  }

  @Mutation(() => OciRepositoryObject, { description: 'Credentials are kept unless `credentials` or `clearCredentials` is given.' })
  @RequireRole('OPERATOR')
  updateOciRepository(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Args('id', { type: () => ID }) id: string,
    @Args('input', { type: () => OciRepositoryInput }) input: OciRepositoryInput,
  ): Promise<OciRepositoryObject> {
    return this.service.update(actor, origin, id, input);
  }

  @Mutation(() => OciRepositoryObject, {
    description:
      'Sets or clears only what the hub holds instead of Secrets (credentials, tls, verifyPublicKeys), keeping the spec. Works on an OCIRepository a FleetSync manages too: a sync keeps what is set here.',
  })
  @RequireRole('OPERATOR')
  setOciRepositoryCredentials(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Args('id', { type: () => ID }) id: string,
    @Args('input', { type: () => OciRepositorySecretsInput }) input: OciRepositorySecretsInput,
  ): Promise<OciRepositoryObject> {
    return this.service.setCredentials(actor, origin, id, input);
  }

  @Mutation(() => Boolean, { description: 'CONFLICT while a hub Kustomization or HelmRelease (chartRef) uses it.' })
  @RequireRole('ADMIN')
  deleteOciRepository(@CurrentActor() actor: Actor, @Origin() origin: RequestOrigin, @Args('id', { type: () => ID }) id: string): Promise<boolean> {
    return this.service.delete(actor, origin, id);
  }

  @Mutation(() => Boolean, { description: 'Pull now (flux reconcile source oci).' })
  @RequireRole('OPERATOR')
  reconcileOciRepository(@CurrentActor() actor: Actor, @Origin() origin: RequestOrigin, @Args('id', { type: () => ID }) id: string): Promise<boolean> {
    return this.service.requestReconcile(actor, origin, id);
  }
}
