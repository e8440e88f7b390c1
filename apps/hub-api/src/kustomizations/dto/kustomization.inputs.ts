import { FLUX_KINDS } from '@flotilla/reconcile-core';
import { Field, ID, InputType, registerEnumType } from '@nestjs/graphql';
import { LabelInput } from '../../clusters/dto/cluster.inputs.js';
import { GraphQLJSON } from '../../common/json.scalar.js';

/** The kinds a reconcile, suspend or resume request may name; values are the Flux kind names. */
export const ReconcileKind = {
  GitRepository: FLUX_KINDS.GitRepository.kind,
  Kustomization: FLUX_KINDS.Kustomization.kind,
} as const;
export type ReconcileKind = (typeof ReconcileKind)[keyof typeof ReconcileKind];
registerEnumType(ReconcileKind, { name: 'ReconcileKind' });

@InputType('PlacementInput')
export class PlacementInput {
  @Field(() => String, { nullable: true, description: 'Kubernetes label selector (`env=prod,tier in (a,b)`); blank selects none by label.' })
  clusterSelector?: string | null;
  @Field(() => [String], { nullable: true }) clusterNames?: string[] | null;
}

@InputType('KustomizationInput')
export class KustomizationInput {
  @Field(() => String, { nullable: true, description: 'Default `flotilla-system`.' }) namespace?: string | null;
  @Field(() => String) name!: string;
  @Field(() => GraphQLJSON, { description: 'Flux Kustomization spec (sourceRef, path, interval, prune, …). Errors name `spec.<field>`.' })
  spec!: unknown;
  @Field(() => PlacementInput) placement!: PlacementInput;
  @Field(() => [LabelInput], { nullable: true, description: 'metadata.labels, which Receivers’ and Alerts’ matchLabels select. On update: omit to keep them.' }) labels?: LabelInput[] | null;
}

@InputType('RequestReconcileInput')
export class RequestReconcileInput {
  @Field(() => ReconcileKind) kind!: ReconcileKind;
  @Field(() => ID) id!: string;
  @Field(() => ID, { nullable: true, description: 'Kustomization only: just this cluster.' }) clusterId?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Kustomization only: refetch its source first (flux reconcile --with-source).' })
  withSource?: boolean | null;
}
