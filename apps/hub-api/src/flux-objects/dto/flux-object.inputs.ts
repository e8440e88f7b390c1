import type { FluxKindName } from '@flotilla/reconcile-core';
import { Field, ID, InputType } from '@nestjs/graphql';
import { FluxKindEnum, FluxObjectOriginEnum, FluxObjectStateEnum, type FluxObjectOriginValue, type FluxObjectStateValue } from './flux-object.enums.js';

@InputType('FluxObjectFilter')
export class FluxObjectFilterInput {
  @Field(() => ID, { nullable: true, description: 'Only this cluster’s objects.' }) clusterId?: string | null;
  @Field(() => [FluxKindEnum], { nullable: true, description: 'Any of these kinds.' }) kinds?: FluxKindName[] | null;
  @Field(() => FluxObjectOriginEnum, { nullable: true }) origin?: FluxObjectOriginValue | null;
  @Field(() => [FluxObjectStateEnum], { nullable: true, description: 'Any of these states.' }) states?: FluxObjectStateValue[] | null;
  @Field(() => String, { nullable: true, description: 'Part of the name, any case.' }) search?: string | null;
}

@InputType('FluxObjectRefInput')
export class FluxObjectRefInput {
  @Field(() => ID) clusterId!: string;
  @Field(() => FluxKindEnum) kind!: FluxKindName;
  @Field(() => String) namespace!: string;
  @Field(() => String) name!: string;
}
