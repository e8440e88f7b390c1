import { UseGuards } from '@nestjs/common';
import { Args, ID, Int, Query, Resolver } from '@nestjs/graphql';
import type { Actor } from '../auth/actor.js';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { RequireRole, RolesGuard } from '../auth/roles.guard.js';
import { FleetRolloutTargetInput } from './dto/rollout.inputs.js';
import {
  FleetRolloutClusterConnectionObject,
  FleetRolloutSpreadObject,
  FleetRolloutSummaryObject,
} from './dto/rollout.object.js';
import { RolloutService } from './rollout.service.js';

const GROUP_BY = {
  type: () => String,
  nullable: true,
  description: 'A cluster label key (env): clusters are grouped by its value, those without it last.',
} as const;
const SELECTOR = {
  type: () => String,
  nullable: true,
  description: 'Only clusters matching this label selector.',
} as const;

/** The revision and rollout view; every answer covers only the clusters and namespaces the caller may see. */
@Resolver()
@UseGuards(RolesGuard)
export class RolloutResolver {
  constructor(private readonly service: RolloutService) {}

  @Query(() => FleetRolloutSummaryObject, {
    description: 'Clusters per revision of the target, overall and per group, newest revision first.',
  })
  @RequireRole('VIEWER', 'scoped')
  fleetRolloutSummary(
    @CurrentActor() actor: Actor,
    @Args('target', { type: () => FleetRolloutTargetInput }) target: FleetRolloutTargetInput,
    @Args('groupBy', GROUP_BY) groupBy: string | null,
    @Args('selector', SELECTOR) selector: string | null,
  ): Promise<FleetRolloutSummaryObject> {
    return this.service.summary(actor, { target, groupBy, selector });
  }

  @Query(() => FleetRolloutClusterConnectionObject, {
    description:
      "The rollout matrix: clusters running the target's objects or placed them, by group then name, each object's health and revision or why it is pending; first ≤ 200.",
  })
  @RequireRole('VIEWER', 'scoped')
  fleetRolloutClusters(
    @CurrentActor() actor: Actor,
    @Args('target', { type: () => FleetRolloutTargetInput }) target: FleetRolloutTargetInput,
    @Args('groupBy', GROUP_BY) groupBy: string | null,
    @Args('selector', SELECTOR) selector: string | null,
    @Args('ids', {
      type: () => [ID],
      nullable: true,
      description:
        'Only these clusters (at most 200): how the view refreshes the rows a live report changed.',
    })
    ids: string[] | null,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 100 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<FleetRolloutClusterConnectionObject> {
    return this.service.clusters(actor, { target, groupBy, selector, ids, first, after });
  }

  @Query(() => [FleetRolloutSpreadObject], {
    description:
      'How the newest five revisions of the target spread: per revision, clusters that had reported it over time (at most 60 steps).',
  })
  @RequireRole('VIEWER', 'scoped')
  fleetRolloutSpread(
    @CurrentActor() actor: Actor,
    @Args('target', { type: () => FleetRolloutTargetInput }) target: FleetRolloutTargetInput,
    @Args('selector', SELECTOR) selector: string | null,
  ): Promise<FleetRolloutSpreadObject[]> {
    return this.service.spread(actor, { target, groupBy: null, selector });
  }
}
