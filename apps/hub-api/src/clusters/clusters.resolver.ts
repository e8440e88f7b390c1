import { UseGuards } from '@nestjs/common';
import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Actor, RequestOrigin } from '../auth/actor.js';
import { CurrentActor, Origin } from '../auth/current-actor.decorator.js';
import { RequireRole, RolesGuard } from '../auth/roles.guard.js';
import { ClustersService } from './clusters.service.js';
import { CreateRegistrationTokenInput, UpdateClusterInput } from './dto/cluster.inputs.js';
import { ClusterConnectionObject, ClusterObject, RegistrationTokenObject } from './dto/cluster.object.js';

@Resolver(() => ClusterObject)
@UseGuards(RolesGuard)
export class ClustersResolver {
  constructor(private readonly service: ClustersService) {}

  @Query(() => ClusterConnectionObject, { description: 'Clusters ordered by name; `selector` is a Kubernetes label selector. Only those the caller may see.' })
  @RequireRole('VIEWER', 'scoped')
  clusters(
    @CurrentActor() actor: Actor,
    @Args('selector', { type: () => String, nullable: true }) selector: string | null,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 50 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<ClusterConnectionObject> {
    return this.service.list(actor, { selector, first, after });
  }

  @Query(() => ClusterObject, { nullable: true, description: 'Null when it does not exist or is outside the caller’s grants.' })
  @RequireRole('VIEWER', 'scoped')
  cluster(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }) id: string): Promise<ClusterObject | null> {
    return this.service.get(actor, id);
  }

  @Mutation(() => RegistrationTokenObject, { description: 'New cluster (clusterName; operator on the whole fleet) or new token for clusterId; the token is shown once.' })
  @RequireRole('OPERATOR', 'scoped')
  createRegistrationToken(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Args('input', { type: () => CreateRegistrationTokenInput }) input: CreateRegistrationTokenInput,
  ): Promise<RegistrationTokenObject> {
    return this.service.createRegistrationToken(actor, origin, input);
  }

  @Mutation(() => ClusterObject, { description: 'Revokes the agent credential; the hub drops the agent at once and refuses it.' })
  @RequireRole('OPERATOR', 'scoped')
  revokeClusterCredential(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Args('clusterId', { type: () => ID }) clusterId: string,
  ): Promise<ClusterObject> {
    return this.service.revokeCredential(actor, origin, clusterId);
  }

  @Mutation(() => ClusterObject, { description: 'Labels decide which grants reach a cluster, so this needs the operator role on the whole fleet.' })
  @RequireRole('OPERATOR')
  updateCluster(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Args('input', { type: () => UpdateClusterInput }) input: UpdateClusterInput,
  ): Promise<ClusterObject> {
    return this.service.update(actor, origin, input);
  }

  @Mutation(() => Boolean)
  @RequireRole('ADMIN')
  deleteCluster(@CurrentActor() actor: Actor, @Origin() origin: RequestOrigin, @Args('id', { type: () => ID }) id: string): Promise<boolean> {
    return this.service.delete(actor, origin, id);
  }
}
