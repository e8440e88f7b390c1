import { UseGuards } from '@nestjs/common';
import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import type { Actor } from '../auth/actor.js';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { RequireRole, RolesGuard } from '../auth/roles.guard.js';
import {
  FleetActivityFilterInput,
  FleetClusterFilterInput,
  FleetClusterSortInput,
} from './dto/fleet.inputs.js';
import {
  FleetAttentionConnectionObject,
  FleetClusterConnectionObject,
  FleetEventConnectionObject,
  FleetSearchResultObject,
  FleetSummaryObject,
} from './dto/fleet.object.js';
import { FleetService } from './fleet.service.js';

/** The fleet dashboard; every answer covers only what the caller may see. */
@Resolver()
@UseGuards(RolesGuard)
export class FleetResolver {
  constructor(private readonly service: FleetService) {}

  @Query(() => FleetSummaryObject, {
    description: 'Clusters by connection state and Flux objects by health.',
  })
  @RequireRole('VIEWER', 'scoped')
  fleetSummary(@CurrentActor() actor: Actor): Promise<FleetSummaryObject> {
    return this.service.summary(actor);
  }

  @Query(() => FleetAttentionConnectionObject, {
    description:
      'Disconnected agents (longest gone first), then stalled and failing Flux objects (newest failure first); first ≤ 200.',
  })
  @RequireRole('VIEWER', 'scoped')
  fleetAttention(
    @CurrentActor() actor: Actor,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 50 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<FleetAttentionConnectionObject> {
    return this.service.attention(actor, first, after);
  }

  @Query(() => FleetClusterConnectionObject, {
    description: 'Clusters with the health of their Flux objects, filtered and sorted; first ≤ 200.',
  })
  @RequireRole('VIEWER', 'scoped')
  fleetClusters(
    @CurrentActor() actor: Actor,
    @Args('filter', { type: () => FleetClusterFilterInput, nullable: true })
    filter: FleetClusterFilterInput | null,
    @Args('sort', { type: () => FleetClusterSortInput, nullable: true }) sort: FleetClusterSortInput | null,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 50 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<FleetClusterConnectionObject> {
    return this.service.clusters(actor, filter, sort, first, after);
  }

  @Query(() => FleetEventConnectionObject, { description: 'Events of the fleet, newest first; first ≤ 200.' })
  @RequireRole('VIEWER', 'scoped')
  fleetActivity(
    @CurrentActor() actor: Actor,
    @Args('filter', { type: () => FleetActivityFilterInput, nullable: true })
    filter: FleetActivityFilterInput | null,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 50 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<FleetEventConnectionObject> {
    return this.service.activity(actor, filter, first, after);
  }

  @Query(() => FleetSearchResultObject, {
    description:
      'Flux objects whose name or namespace holds the text (or, for a label selector such as app=web, whose own labels match it), objects in their inventories whose name starts with it or whose kind it is (any case), and workloads running an image whose reference, repository, tag or digest it is (exactly); at least 3 characters; first ≤ 50 per list.',
  })
  @RequireRole('VIEWER', 'scoped')
  fleetSearch(
    @CurrentActor() actor: Actor,
    @Args('query', { type: () => String }) query: string,
    @Args('selector', {
      type: () => String,
      nullable: true,
      description: 'Only clusters matching this label selector.',
    })
    selector: string | null,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 20 }) first: number,
  ): Promise<FleetSearchResultObject> {
    return this.service.search(actor, query, selector, first);
  }
}
