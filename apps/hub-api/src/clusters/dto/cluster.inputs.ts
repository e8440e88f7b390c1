import { Field, ID, InputType, Int } from '@nestjs/graphql';

@InputType('LabelInput')
export class LabelInput {
  @Field(() => String) key!: string;
  @Field(() => String) value!: string;
}

@InputType('VariableInput')
export class VariableInput {
  @Field(() => String) key!: string;
  @Field(() => String) value!: string;
}

@InputType('CreateRegistrationTokenInput')
export class CreateRegistrationTokenInput {
  @Field(() => ID, { nullable: true, description: 'A new token for an existing cluster.' }) clusterId?: string | null;
  @Field(() => String, { nullable: true, description: 'Creates a cluster with this name.' }) clusterName?: string | null;
  @Field(() => [LabelInput], { nullable: true }) labels?: LabelInput[] | null;
  @Field(() => Int, { nullable: true, description: 'Default 3600 (1 h); 60 to 604800.' }) ttlSeconds?: number | null;
}

@InputType('UpdateClusterInput')
export class UpdateClusterInput {
  @Field(() => ID) id!: string;
  @Field(() => [LabelInput], { nullable: true }) labels?: LabelInput[] | null;
  @Field(() => [VariableInput], { nullable: true }) variables?: VariableInput[] | null;
}
