import { UseGuards } from '@nestjs/common';
import { Args, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Actor, RequestOrigin } from '../auth/actor.js';
import { CurrentActor, Origin } from '../auth/current-actor.decorator.js';
import { RequireRole, RolesGuard } from '../auth/roles.guard.js';
import { FluxOperationEnum, type FluxOperation } from './dto/flux-object.enums.js';
import { FluxObjectFilterInput, FluxObjectRefInput } from './dto/flux-object.inputs.js';
import { FluxObjectConnectionObject, FluxObjectObject, FluxObjectTreeObject } from './dto/flux-object.object.js';
import { FluxObjectsService } from './flux-objects.service.js';
import { LiveObjectObject, ManagedObjectRefInput } from './dto/live-object.dto.js';
import { LiveObjectsService } from './live-objects.service.js';

@Resolver(() => FluxObjectObject)
@UseGuards(RolesGuard)
export class FluxObjectsResolver {
  constructor(
    private readonly service: FluxObjectsService,
    private readonly live: LiveObjectsService,
  ) {}

  @Query(() => FluxObjectConnectionObject, { description: 'Flux objects of the fleet (or of filter.clusterId), ordered by namespace, name, kind and cluster; first ≤ 200.' })
  @RequireRole('VIEWER', 'scoped')
  fluxObjects(
    @CurrentActor() actor: Actor,
    @Args('filter', { type: () => FluxObjectFilterInput, nullable: true }) filter: FluxObjectFilterInput | null,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 50 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<FluxObjectConnectionObject> {
    return this.service.list(actor, filter, first, after);
  }

  @Query(() => FluxObjectObject, { nullable: true })
  @RequireRole('VIEWER', 'scoped')
  fluxObject(@CurrentActor() actor: Actor, @Args('ref', { type: () => FluxObjectRefInput }) ref: FluxObjectRefInput): Promise<FluxObjectObject | null> {
    return this.service.get(actor, ref);
  }

  @Query(() => FluxObjectTreeObject, { description: 'What `flux tree` prints for the object: its inventory, and the inventories of Flux objects in it, depth first; first ≤ 5000 nodes.' })
  @RequireRole('VIEWER', 'scoped')
  fluxObjectTree(
    @CurrentActor() actor: Actor,
    @Args('ref', { type: () => FluxObjectRefInput }) ref: FluxObjectRefInput,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 1000 }) first: number,
  ): Promise<FluxObjectTreeObject> {
    return this.service.tree(actor, ref, first);
  }

  @Query(() => LiveObjectObject, {
    description:
      'One object a Kustomization applied, live and as its last build wants it, or one of a HelmRelease’s current release, live, read through the cluster’s agent on demand (AGENT_NOT_CONNECTED, AGENT_TIMEOUT, AGENT_FAILED; FORBIDDEN for an object not in the owner’s inventory).',
  })
  @RequireRole('VIEWER', 'scoped')
  liveObject(
    @CurrentActor() actor: Actor,
    @Args('owner', { type: () => FluxObjectRefInput }) owner: FluxObjectRefInput,
    @Args('target', { type: () => ManagedObjectRefInput }) target: ManagedObjectRefInput,
  ): Promise<LiveObjectObject> {
    return this.live.read(actor, owner, target);
  }

  @Mutation(() => Boolean, {
    description:
      'Reconcile, suspend or resume one Flux object where FluxObject.operations allows it. A hub-placed Kustomization: as requestReconcile (this cluster) and suspend/resume (its spec, on every cluster). An object found in the cluster: sent to its agent (AGENT_NOT_CONNECTED when it is not connected).',
  })
  @RequireRole('OPERATOR', 'scoped')
  runFluxObjectOperation(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Args('ref', { type: () => FluxObjectRefInput }) ref: FluxObjectRefInput,
    @Args('operation', { type: () => FluxOperationEnum }) operation: FluxOperation,
  ): Promise<boolean> {
    return this.service.run(actor, origin, ref, operation);
  }
}
