import type { FluxKindName } from '@flotilla/reconcile-core';
import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { PageInfoObject } from '../../clusters/dto/cluster.object.js';
import { ConditionObject } from '../../sources/dto/condition.object.js';
import {
  FluxKindEnum,
  FluxObjectOriginEnum,
  FluxObjectStateEnum,
  FluxOperationEnum,
  type FluxObjectOriginValue,
  type FluxObjectStateValue,
  type FluxOperation,
} from './flux-object.enums.js';

@ObjectType('FluxObjectParent', { description: 'The Kustomization that applied the object (Flux’s kustomize.toolkit.fluxcd.io/name and /namespace labels).' })
export class FluxObjectParentObject {
  @Field(() => String) namespace!: string;
  @Field(() => String) name!: string;
}

@ObjectType('FluxObject', { description: 'A Flux object on one cluster, as its agent last reported it.' })
export class FluxObjectObject {
  @Field(() => ID, { description: 'Opaque; stable for (cluster, kind, namespace, name).' }) id!: string;
  @Field(() => ID) clusterId!: string;
  @Field(() => String) clusterName!: string;
  @Field(() => FluxKindEnum) kind!: FluxKindName;
  @Field(() => String) namespace!: string;
  @Field(() => String) name!: string;
  @Field(() => FluxObjectOriginEnum) origin!: FluxObjectOriginValue;
  @Field(() => ID, { nullable: true, description: 'The hub’s Kustomization, for origin HUB.' }) kustomizationId!: string | null;
  @Field(() => FluxObjectParentObject, { nullable: true }) parent!: FluxObjectParentObject | null;
  @Field(() => String, { description: 'Status of the Ready condition: True, False or Unknown.' }) ready!: string;
  @Field(() => String, { nullable: true }) reason!: string | null;
  @Field(() => String, { nullable: true }) message!: string | null;
  @Field(() => FluxObjectStateEnum) state!: FluxObjectStateValue;
  @Field(() => String, { nullable: true, description: 'lastAppliedRevision of a Kustomization or HelmRelease, status.artifact.revision of a source.' })
  revision!: string | null;
  @Field(() => String, { nullable: true }) lastAttemptedRevision!: string | null;
  @Field(() => Int, { nullable: true }) observedGeneration!: number | null;
  @Field(() => Boolean) suspended!: boolean;
  @Field(() => [ConditionObject]) conditions!: ConditionObject[];
  @Field(() => Int, { description: 'Objects in its inventory (Kustomizations, HelmReleases).' }) inventoryCount!: number;
  @Field(() => [FluxOperationEnum], { description: 'What may be done to it, by the hub’s kind registry (for operators).' }) operations!: FluxOperation[];
  @Field(() => Date, { description: 'When its agent last reported on it.' }) updatedAt!: Date;
}

@ObjectType('FluxObjectEdge')
export class FluxObjectEdgeObject {
  @Field(() => String) cursor!: string;
  @Field(() => FluxObjectObject) node!: FluxObjectObject;
}

@ObjectType('FluxObjectConnection')
export class FluxObjectConnectionObject {
  @Field(() => [FluxObjectEdgeObject]) edges!: FluxObjectEdgeObject[];
  @Field(() => PageInfoObject) pageInfo!: PageInfoObject;
  @Field(() => Int, { description: 'Objects matching the filter, on all pages.' }) totalCount!: number;
}

/** GraphQL names for kstatus's statuses (the values are kstatus's, as the agent reports them). */
export const ManagedHealthStatusEnum = {
  CURRENT: 'Current',
  IN_PROGRESS: 'InProgress',
  FAILED: 'Failed',
  TERMINATING: 'Terminating',
  UNKNOWN: 'Unknown',
} as const;
export type ManagedHealthStatus = (typeof ManagedHealthStatusEnum)[keyof typeof ManagedHealthStatusEnum];
registerEnumType(ManagedHealthStatusEnum, {
  name: 'ManagedHealthStatus',
  description: 'kstatus: CURRENT (a Deployment available, a Job complete…), IN_PROGRESS, FAILED, TERMINATING, UNKNOWN.',
});

@ObjectType('ManagedObjectHealth', { description: 'kstatus’s verdict on a live object, computed by the agent.' })
export class ManagedObjectHealthObject {
  @Field(() => ManagedHealthStatusEnum) status!: ManagedHealthStatus;
  @Field(() => String, { nullable: true }) message!: string | null;
}

@ObjectType('FluxTreeNode', { description: 'One line of `flux tree`: an object in an inventory, at its depth below the root.' })
export class FluxTreeNodeObject {
  @Field(() => Int, { description: '1 for the root’s own inventory, 2 for the inventory of a Flux object in it, …' }) depth!: number;
  @Field(() => String, { description: 'Empty for the core group.' }) group!: string;
  @Field(() => String) kind!: string;
  @Field(() => String, { nullable: true }) namespace!: string | null;
  @Field(() => String) name!: string;
  @Field(() => FluxObjectObject, { nullable: true, description: 'Set when the object is a Flux object its agent reported on.' })
  fluxObject!: FluxObjectObject | null;
  @Field(() => ManagedObjectHealthObject, {
    nullable: true,
    description: 'For a workload (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, Pod): its health as the agent read it with the inventory.',
  })
  health!: ManagedObjectHealthObject | null;
}

/** Named a connection so the cost estimate counts its nodes once per `first` of the query, like a page. */
@ObjectType('FluxObjectTreeConnection')
export class FluxObjectTreeObject {
  @Field(() => FluxObjectObject) root!: FluxObjectObject;
  @Field(() => [FluxTreeNodeObject], { description: 'Depth first, in inventory order, as `flux tree ks` prints them.' }) nodes!: FluxTreeNodeObject[];
  @Field(() => Boolean, { description: 'True when the tree has more nodes than `first`.' }) truncated!: boolean;
}
