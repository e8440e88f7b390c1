import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { ClusterObject, LabelObject } from '../../clusters/dto/cluster.object.js';
import { GraphQLJSON } from '../../common/json.scalar.js';
import { ConditionObject } from '../../sources/dto/condition.object.js';

@ObjectType('SourceRef')
export class SourceRefObject {
  @Field(() => String) kind!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) namespace!: string | null;
}

@ObjectType('DependencyRef')
export class DependencyRefObject {
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) namespace!: string | null;
}

@ObjectType('Placement')
export class PlacementObject {
  @Field(() => String, { nullable: true, description: 'Kubernetes label selector over cluster labels; null selects none by label.' })
  clusterSelector!: string | null;
  @Field(() => [String]) clusterNames!: string[];
}

@ObjectType('InventoryEntry', { description: 'One applied object, from Flux inventory id `<namespace>_<name>_<group>_<kind>` and version.' })
export class InventoryEntryObject {
  @Field(() => String) id!: string;
  @Field(() => String) version!: string;
  @Field(() => String, { description: 'Empty for the core group.' }) group!: string;
  @Field(() => String) kind!: string;
  @Field(() => String, { nullable: true }) namespace!: string | null;
  @Field(() => String) name!: string;
}

@ObjectType('ClusterEvent')
export class ClusterEventObject {
  @Field(() => ID) id!: string;
  @Field(() => ID) clusterId!: string;
  @Field(() => String) clusterName!: string;
  @Field(() => String) involvedKind!: string;
  @Field(() => String, { nullable: true }) involvedNamespace!: string | null;
  @Field(() => String) involvedName!: string;
  @Field(() => String, { description: 'info or error.' }) severity!: string;
  @Field(() => String) reason!: string;
  @Field(() => String) message!: string;
  @Field(() => String, { nullable: true }) revision!: string | null;
  @Field(() => Date) occurredAt!: Date;
}

@ObjectType('KustomizationClusterStatus')
export class KustomizationClusterStatusObject {
  /** Resolved by KustomizationClusterStatusResolver.kustomization. */
  kustomizationId!: string;
  @Field(() => ClusterObject) cluster!: ClusterObject;
  @Field(() => String, { description: 'Status of the Ready condition on that cluster: True, False or Unknown.' }) ready!: string;
  @Field(() => String, { nullable: true }) reason!: string | null;
  @Field(() => String, { nullable: true }) message!: string | null;
  @Field(() => [ConditionObject]) conditions!: ConditionObject[];
  @Field(() => String, { nullable: true }) lastAppliedRevision!: string | null;
  @Field(() => String, { nullable: true }) lastAttemptedRevision!: string | null;
  @Field(() => Int, { nullable: true }) observedGeneration!: number | null;
  @Field(() => String, { nullable: true, description: 'Flux status.lastHandledReconcileAt.' }) lastHandledReconcileAt!: string | null;
  @Field(() => Date, { nullable: true, description: 'When the agent last reported; null before its first report.' }) updatedAt!: Date | null;
  @Field(() => [InventoryEntryObject]) inventory!: InventoryEntryObject[];
}

@ObjectType('Kustomization')
export class KustomizationObject {
  @Field(() => ID) id!: string;
  @Field(() => String) namespace!: string;
  @Field(() => String) name!: string;
  @Field(() => [LabelObject], { description: 'metadata.labels.' }) labels!: LabelObject[];
  @Field(() => SourceRefObject) sourceRef!: SourceRefObject;
  @Field(() => String) path!: string;
  @Field(() => String) interval!: string;
  @Field(() => String, { nullable: true, description: 'Flux default: interval.' }) retryInterval!: string | null;
  @Field(() => String, { nullable: true, description: 'Flux default: interval less 30s, never less than 30s.' }) timeout!: string | null;
  @Field(() => Boolean) prune!: boolean;
  @Field(() => Boolean) wait!: boolean;
  @Field(() => Boolean) force!: boolean;
  @Field(() => String, { nullable: true }) targetNamespace!: string | null;
  @Field(() => [DependencyRefObject]) dependsOn!: DependencyRefObject[];
  @Field(() => Boolean) suspend!: boolean;
  @Field(() => GraphQLJSON, { description: 'The whole Flux spec as stored (defaults filled in).' }) spec!: unknown;
  @Field(() => PlacementObject) placement!: PlacementObject;
  @Field(() => Int) generation!: number;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date) updatedAt!: Date;
}
