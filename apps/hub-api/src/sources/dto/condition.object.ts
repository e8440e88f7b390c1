import { Field, ObjectType } from '@nestjs/graphql';

/** A Kubernetes/Flux status condition (kstatus). */
@ObjectType('Condition')
export class ConditionObject {
  @Field(() => String) type!: string;
  @Field(() => String, { description: 'True, False or Unknown.' }) status!: string;
  @Field(() => String) reason!: string;
  @Field(() => String) message!: string;
  @Field(() => Date, { nullable: true }) lastTransitionTime!: Date | null;
}
