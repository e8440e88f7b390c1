import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import type { ClusterConnectionState } from '@flotilla/prisma/client';
import type { FluxKindName } from '@flotilla/reconcile-core';
import { ConnectionStateEnum, PageInfoObject } from '../../clusters/dto/cluster.object.js';
import { FluxKindEnum } from '../../flux-objects/dto/flux-object.enums.js';
import { FleetHealthEnum, type FleetHealth } from '../fleet-health.js';

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
  @Field(() => [FleetRolloutGroupRevisionObject]) revisions!: FleetRolloutGroupRevisionObject[];
}

@ObjectType('FleetRolloutSummary')
export class FleetRolloutSummaryObject {
  @Field(() => [FleetRolloutObjectObject]) objects!: FleetRolloutObjectObject[];
  @Field(() => Boolean, { description: 'More objects read the source than the matrix shows (20).' })
  objectsTruncated!: boolean;
  @Field(() => Int, { description: 'Clusters that run any of the objects.' }) clusters!: number;
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

@ObjectType('FleetRolloutRow')
export class FleetRolloutRowObject {
  @Field(() => ID) clusterId!: string;
  @Field(() => String) clusterName!: string;
  @Field(() => ConnectionStateEnum) connectionState!: ClusterConnectionState;
  @Field(() => String, { nullable: true }) group!: string | null;
  @Field(() => [FleetRolloutCellObject], {
    description: 'Objects the cluster runs (absent ones are missing).',
  })
  cells!: FleetRolloutCellObject[];
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
