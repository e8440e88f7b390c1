import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { ClusterConnectionState } from '@flotilla/prisma/client';
import type { FluxKindName } from '@flotilla/reconcile-core';
import { ConnectionStateEnum, LabelObject, PageInfoObject } from '../../clusters/dto/cluster.object.js';
import { FluxKindEnum } from '../../flux-objects/dto/flux-object.enums.js';
import { FleetHealthEnum, type FleetHealth } from '../fleet-health.js';
import { EventSeverityEnum, type EventSeverity } from './fleet.inputs.js';

@ObjectType('FleetClusterStates')
export class FleetClusterStatesObject {
  @Field(() => Int) connected!: number;
  @Field(() => Int) disconnected!: number;
  @Field(() => Int, { description: 'Registered, no agent connected yet.' }) pending!: number;
  @Field(() => Int) revoked!: number;
}

@ObjectType('FleetHealthCounts')
export class FleetHealthCountsObject {
  @Field(() => Int) ready!: number;
  @Field(() => Int) progressing!: number;
  @Field(() => Int) failing!: number;
  @Field(() => Int) stalled!: number;
  @Field(() => Int) suspended!: number;
}

@ObjectType('FleetSummary')
export class FleetSummaryObject {
  @Field(() => FleetClusterStatesObject) clusters!: FleetClusterStatesObject;
  @Field(() => FleetHealthCountsObject, { description: 'Flux objects of every kind and origin, by health.' })
  objects!: FleetHealthCountsObject;
}

export const AttentionTypeEnum = {
  DISCONNECTED: 'disconnected',
  FAILING: 'failing',
  STALLED: 'stalled',
} as const;
export type AttentionType = (typeof AttentionTypeEnum)[keyof typeof AttentionTypeEnum];
registerEnumType(AttentionTypeEnum, {
  name: 'FleetAttentionType',
  description: 'DISCONNECTED: an agent that was connected and is gone; FAILING, STALLED: a Flux object.',
});

@ObjectType('FleetAttentionItem')
export class FleetAttentionItemObject {
  @Field(() => AttentionTypeEnum) type!: AttentionType;
  @Field(() => ID) clusterId!: string;
  @Field(() => String) clusterName!: string;
  @Field(() => FluxKindEnum, { nullable: true }) kind!: FluxKindName | null;
  @Field(() => String, { nullable: true }) namespace!: string | null;
  @Field(() => String, { nullable: true }) name!: string | null;
  @Field(() => String, { nullable: true }) reason!: string | null;
  @Field(() => String, { nullable: true }) message!: string | null;
  @Field(() => Date, {
    nullable: true,
    description: 'Since when Ready is False (an object), the last time the agent was seen (a cluster).',
  })
  since!: Date | null;
}

@ObjectType('FleetAttentionConnection')
export class FleetAttentionConnectionObject {
  @Field(() => [FleetAttentionItemObject]) items!: FleetAttentionItemObject[];
  @Field(() => PageInfoObject) pageInfo!: PageInfoObject;
  @Field(() => Int) totalCount!: number;
}

@ObjectType('FleetClusterRow')
export class FleetClusterRowObject {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => [LabelObject]) labels!: LabelObject[];
  @Field(() => ConnectionStateEnum) connectionState!: ClusterConnectionState;
  @Field(() => Date, { nullable: true }) lastSeenAt!: Date | null;
  @Field(() => Int, { description: 'Flux objects of the cluster you may see.' }) total!: number;
  @Field(() => Int) ready!: number;
  @Field(() => Int) failing!: number;
  @Field(() => Int) stalled!: number;
  @Field(() => Int) progressing!: number;
  @Field(() => Int) suspended!: number;
  @Field(() => FleetHealthEnum, {
    nullable: true,
    description: 'The worst health among its objects; null without objects.',
  })
  worst!: FleetHealth | null;
  @Field(() => String, {
    nullable: true,
    description: 'Ready reason of its worst object (the newest among equals).',
  })
  worstReason!: string | null;
  @Field(() => Int, { description: 'Distinct revisions its objects run.' }) revisions!: number;
  @Field(() => Int, {
    description: 'Its objects that attempted a newer revision than the one they run (applied).',
  })
  behind!: number;
}

@ObjectType('FleetClusterConnection')
export class FleetClusterConnectionObject {
  @Field(() => [FleetClusterRowObject]) rows!: FleetClusterRowObject[];
  @Field(() => PageInfoObject) pageInfo!: PageInfoObject;
  @Field(() => Int) totalCount!: number;
}

@ObjectType('FleetEvent')
export class FleetEventObject {
  @Field(() => ID) id!: string;
  @Field(() => ID) clusterId!: string;
  @Field(() => String) clusterName!: string;
  @Field(() => String) kind!: string;
  @Field(() => String, { nullable: true }) namespace!: string | null;
  @Field(() => String) name!: string;
  @Field(() => EventSeverityEnum) severity!: EventSeverity;
  @Field(() => String) reason!: string;
  @Field(() => String) message!: string;
  @Field(() => String, { nullable: true }) revision!: string | null;
  @Field(() => Date) occurredAt!: Date;
}

@ObjectType('FleetEventConnection')
export class FleetEventConnectionObject {
  @Field(() => [FleetEventObject]) items!: FleetEventObject[];
  @Field(() => PageInfoObject) pageInfo!: PageInfoObject;
}

@ObjectType('FleetObjectHit')
export class FleetObjectHitObject {
  @Field(() => ID) clusterId!: string;
  @Field(() => String) clusterName!: string;
  @Field(() => FluxKindEnum) kind!: FluxKindName;
  @Field(() => String) namespace!: string;
  @Field(() => String) name!: string;
  @Field(() => FleetHealthEnum) health!: FleetHealth;
  @Field(() => String, { nullable: true }) revision!: string | null;
}

@ObjectType('FleetInventoryHit')
export class FleetInventoryHitObject {
  @Field(() => ID) clusterId!: string;
  @Field(() => String) clusterName!: string;
  @Field(() => String) group!: string;
  @Field(() => String) kind!: string;
  @Field(() => String, { nullable: true, description: 'Null for a cluster-scoped object.' }) namespace!:
    string | null;
  @Field(() => String) name!: string;
  @Field(() => FluxKindEnum, { description: 'The Flux object whose inventory holds it.' })
  ownerKind!: FluxKindName;
  @Field(() => String) ownerNamespace!: string;
  @Field(() => String) ownerName!: string;
}

@ObjectType('FleetImageHit')
export class FleetImageHitObject extends FleetInventoryHitObject {
  @Field(() => String, { description: 'The image reference, as the workload’s container spec holds it.' })
  image!: string;
}

@ObjectType('FleetSearchResult')
export class FleetSearchResultObject {
  @Field(() => [FleetObjectHitObject], {
    description: 'Flux objects whose name or namespace holds the text.',
  })
  objects!: FleetObjectHitObject[];
  @Field(() => [FleetInventoryHitObject], {
    description: 'Objects Flux applied whose name starts with the text, or whose kind it is.',
  })
  inventory!: FleetInventoryHitObject[];
  @Field(() => [FleetImageHitObject], {
    description:
      'Workloads in inventories running an image whose whole reference, repository, tag or digest is the text (exactly).',
  })
  images!: FleetImageHitObject[];
  @Field(() => Boolean, { description: 'More matches exist than were returned in either list.' })
  truncated!: boolean;
}
