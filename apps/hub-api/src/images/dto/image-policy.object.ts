import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { ConditionObject } from '../../sources/dto/condition.object.js';
import { GraphQLJSON } from '../../common/json.scalar.js';
import { LabelObject } from '../../clusters/dto/cluster.object.js';

@ObjectType('ImageRef')
export class ImageRefObject {
  @Field(() => String, { description: 'The image name, as the ImageRepository’s spec.image.' }) name!: string;
  @Field(() => String) tag!: string;
  @Field(() => String, { nullable: true }) digest!: string | null;
}

@ObjectType('ImagePolicy')
export class ImagePolicyObject {
  @Field(() => ID) id!: string;
  @Field(() => String) namespace!: string;
  @Field(() => String) name!: string;
  @Field(() => [LabelObject]) labels!: LabelObject[];
  @Field(() => String, { description: '`namespace/name` of the ImageRepository.' }) imageRepository!: string;
  @Field(() => GraphQLJSON, { description: 'Flux’s spec.policy.' }) policy!: unknown;
  @Field(() => GraphQLJSON, { nullable: true, description: 'Flux’s spec.filterTags.' }) filterTags!: unknown;
  @Field(() => String) digestReflectionPolicy!: string;
  @Field(() => String, { nullable: true }) interval!: string | null;
  @Field(() => Boolean) suspend!: boolean;
  @Field(() => ImageRefObject, { nullable: true }) latestRef!: ImageRefObject | null;
  @Field(() => ImageRefObject, { nullable: true }) observedPreviousRef!: ImageRefObject | null;
  @Field(() => String, { description: 'Status of the Ready condition: True, False or Unknown.' }) ready!: string;
  @Field(() => String, { nullable: true }) message!: string | null;
  @Field(() => [ConditionObject]) conditions!: ConditionObject[];
  @Field(() => Int) generation!: number;
  @Field(() => Int, { nullable: true }) observedGeneration!: number | null;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date) updatedAt!: Date;
}

@ObjectType('ImagePolicyPreview', { description: 'The tag a policy would pick now from its repository’s stored tags (nothing is saved).' })
export class ImagePolicyPreviewObject {
  @Field(() => String, { nullable: true, description: 'The tag chosen; null when none can be.' }) tag!: string | null;
  @Field(() => String, { description: 'What the policy’s Ready condition would say.' }) message!: string;
  @Field(() => Int, { nullable: true, description: 'Tags stored for the repository; null before its first scan.' }) tagCount!: number | null;
}
