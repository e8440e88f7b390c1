import type { FluxKindName } from '@flotilla/reconcile-core';
import { Field, ID, InputType, registerEnumType } from '@nestjs/graphql';
import type { ClusterConnectionState } from '@flotilla/prisma/client';
import { ConnectionStateEnum } from '../../clusters/dto/cluster.object.js';
import { FluxKindEnum } from '../../flux-objects/dto/flux-object.enums.js';
import { FleetHealthEnum } from '../fleet-health.js';
import type { FleetHealth } from '../fleet-health.js';
import type { ClusterSortField } from '../fleet.repository.js';

export const ClusterSortFieldEnum = {
  NAME: 'name',
  READY: 'ready',
  TOTAL: 'total',
  FAILING: 'failing',
  WORST: 'worst',
  LAST_SEEN: 'lastSeen',
  REVISIONS: 'revisions',
  BEHIND: 'behind',
} as const;
registerEnumType(ClusterSortFieldEnum, {
  name: 'FleetClusterSortField',
  description:
    'READY: share of Ready objects; FAILING: failing and stalled objects; WORST: the worst health among its objects; REVISIONS: distinct revisions its objects run; BEHIND: objects whose last attempted revision is not applied.',
});

export const EventSeverityEnum = { INFO: 'info', ERROR: 'error' } as const;
export type EventSeverity = (typeof EventSeverityEnum)[keyof typeof EventSeverityEnum];
registerEnumType(EventSeverityEnum, { name: 'EventSeverity' });

/** The worst health of a cluster's objects, or NONE for a cluster without any. */
export const ClusterWorstEnum = { ...FleetHealthEnum, NONE: 'none' } as const;
registerEnumType(ClusterWorstEnum, { name: 'FleetClusterWorst' });

@InputType('FleetClusterFilter')
export class FleetClusterFilterInput {
  @Field(() => String, { nullable: true, description: 'A Kubernetes label selector over cluster labels.' })
  selector?: string | null;
  @Field(() => String, { nullable: true, description: 'Part of the cluster name, any case.' }) search?:
    string | null;
  @Field(() => [ClusterWorstEnum], {
    nullable: true,
    description: 'Clusters whose worst object has any of these healths.',
  })
  worst?: (FleetHealth | 'none')[] | null;
  @Field(() => [String], {
    nullable: true,
    description: "Clusters whose worst object's Ready reason is any of these (at most 20), e.g. HealthCheckFailed.",
  })
  worstReasons?: string[] | null;
  @Field(() => [ConnectionStateEnum], { nullable: true }) connectionStates?: ClusterConnectionState[] | null;
  @Field(() => [ID], {
    nullable: true,
    description: 'Only these clusters (at most 200): how a table refreshes the rows a live event changed.',
  })
  ids?: string[] | null;
  @Field(() => Boolean, {
    nullable: true,
    description: 'Only clusters with objects whose last attempted revision is not the one they applied.',
  })
  behind?: boolean | null;
}

@InputType('FleetClusterSort')
export class FleetClusterSortInput {
  @Field(() => ClusterSortFieldEnum) field!: ClusterSortField;
  @Field(() => Boolean, { defaultValue: false }) descending!: boolean;
}

@InputType('FleetActivityFilter')
export class FleetActivityFilterInput {
  @Field(() => [EventSeverityEnum], { nullable: true }) severities?: EventSeverity[] | null;
  @Field(() => [FluxKindEnum], { nullable: true, description: 'Events about objects of these kinds.' })
  kinds?: FluxKindName[] | null;
  @Field(() => ID, { nullable: true }) clusterId?: string | null;
  @Field(() => String, { nullable: true, description: 'A Kubernetes label selector over cluster labels.' })
  selector?: string | null;
}
