import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { ClusterConnectionState } from '@flotilla/prisma/client';
import type { FluxKindName } from '@flotilla/reconcile-core';
import { ConnectionStateEnum, PageInfoObject } from '../../clusters/dto/cluster.object.js';
import { FluxKindEnum } from '../../flux-objects/dto/flux-object.enums.js';
import { FleetHealthEnum, type FleetHealth } from '../fleet-health.js';
import type { PendingReason } from '../rollout.repository.js';

export const FleetRolloutPendingReasonEnum = {
  NEVER_CONNECTED: 'never_connected',
  DISCONNECTED: 'disconnected',
  REVOKED: 'revoked',
  NOT_ACKNOWLEDGED: 'not_acknowledged',
  NOT_REPORTED: 'not_reported',
} as const satisfies Record<string, PendingReason>;
registerEnumType(FleetRolloutPendingReasonEnum, {
  name: 'FleetRolloutPendingReason',
  description:
    "Why a cluster the object is placed on has not reported it: its agent NEVER_CONNECTED, is DISCONNECTED since its last contact, its credentials were REVOKED, it has NOT_ACKNOWLEDGED the assignment that placed the object, or it has and has NOT_REPORTED the object yet.",
});

@ObjectType('FleetRolloutObject', { description: 'A column of the rollout matrix.' })
export class FleetRolloutObjectObject {
  @Field(() => FluxKindEnum) kind!: FluxKindName;
  @Field(() => String) namespace!: string;
  @Field(() => String) name!: string;
}

@ObjectType('FleetRolloutRevision')
export class FleetRolloutRevisionObject {
  @Field(() => String, { nullable: true, description: 'Null for objects that have not reported one yet.' })
  revision!: string | null;
  @Field(() => Int, { description: 'Clusters where any of the objects runs it.' }) clusters!: number;
  @Field(() => Date, { nullable: true, description: 'When a cluster first reported it.' })
  firstSeenAt!: Date | null;
  @Field(() => Boolean, { description: 'The revision reported most recently for the first time.' })
  newest!: boolean;
}

@ObjectType('FleetRolloutGroupRevision')
export class FleetRolloutGroupRevisionObject {
  @Field(() => String, { nullable: true }) revision!: string | null;
  @Field(() => Int) clusters!: number;
}

@ObjectType('FleetRolloutGroup')
export class FleetRolloutGroupObject {
  @Field(() => String, { nullable: true, description: "The label's value; null for clusters without it." })
  value!: string | null;
  @Field(() => Int) clusters!: number;
  @Field(() => Int, { description: 'Clusters of the group on the newest revision.' }) onNewest!: number;
  @Field(() => Int, { description: 'Clusters of the group with an object on any other revision.' })
  onOlder!: number;
  @Field(() => Int, { description: 'Clusters of the group with a placed object they have not reported.' })
  pending!: number;
  @Field(() => [FleetRolloutGroupRevisionObject]) revisions!: FleetRolloutGroupRevisionObject[];
}

@ObjectType('FleetRolloutSummary')
export class FleetRolloutSummaryObject {
  @Field(() => [FleetRolloutObjectObject]) objects!: FleetRolloutObjectObject[];
  @Field(() => Boolean, { description: 'More objects read the source than the matrix shows (20).' })
  objectsTruncated!: boolean;
  @Field(() => Int, { description: 'Clusters that run any of the objects or are placed one.' }) clusters!: number;
  @Field(() => Int, {
    description: 'Clusters an object is placed on (by its hub placement) that have not reported it yet.',
  })
  pending!: number;
  @Field(() => [FleetRolloutRevisionObject], { description: 'Newest first.' })
  revisions!: FleetRolloutRevisionObject[];
  @Field(() => [FleetRolloutGroupObject], {
    description: 'By value, clusters without the label last; at most 100.',
  })
  groups!: FleetRolloutGroupObject[];
  @Field(() => Boolean) groupsTruncated!: boolean;
}

@ObjectType('FleetRolloutCell')
export class FleetRolloutCellObject {
  @Field(() => Int, { description: "Index of the object in the summary's objects." }) object!: number;
  @Field(() => FleetHealthEnum) health!: FleetHealth;
  @Field(() => String, { nullable: true }) revision!: string | null;
}

@ObjectType('FleetRolloutPendingCell', {
  description: 'An object placed on the cluster that the cluster has not reported yet.',
})
export class FleetRolloutPendingCellObject {
  @Field(() => Int, { description: "Index of the object in the summary's objects." }) object!: number;
  @Field(() => FleetRolloutPendingReasonEnum) reason!: PendingReason;
}

@ObjectType('FleetRolloutRow')
export class FleetRolloutRowObject {
  @Field(() => ID) clusterId!: string;
  @Field(() => String) clusterName!: string;
  @Field(() => ConnectionStateEnum) connectionState!: ClusterConnectionState;
  @Field(() => Date, { nullable: true, description: "The agent's last contact." }) lastSeenAt!: Date | null;
  @Field(() => String, { nullable: true }) group!: string | null;
  @Field(() => [FleetRolloutCellObject], {
    description: 'Objects the cluster runs (absent ones are missing).',
  })
  cells!: FleetRolloutCellObject[];
  @Field(() => [FleetRolloutPendingCellObject], {
    description: 'Objects placed on the cluster that it has not reported (Pending), with the reason.',
  })
  pending!: FleetRolloutPendingCellObject[];
}

@ObjectType('FleetRolloutClusterConnection')
export class FleetRolloutClusterConnectionObject {
  @Field(() => [FleetRolloutRowObject]) rows!: FleetRolloutRowObject[];
  @Field(() => Int) totalCount!: number;
  @Field(() => PageInfoObject) pageInfo!: PageInfoObject;
}

@ObjectType('FleetRolloutSpreadPoint')
export class FleetRolloutSpreadPointObject {
  @Field(() => Date) at!: Date;
  @Field(() => Int, { description: 'Clusters that had reported the revision by then.' }) clusters!: number;
}

@ObjectType('FleetRolloutSpread')
export class FleetRolloutSpreadObject {
  @Field(() => String) revision!: string;
  @Field(() => [FleetRolloutSpreadPointObject]) points!: FleetRolloutSpreadPointObject[];
}
