import { Field, InputType } from '@nestjs/graphql';
import { LabelInput } from '../../clusters/dto/cluster.inputs.js';

@InputType('ImageRepositoryRefInput')
export class ImageRepositoryRefInput {
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true, description: 'Default: the policy’s namespace.' }) namespace?: string | null;
}

@InputType('SemverPolicyInput')
export class SemverPolicyInput {
  @Field(() => String, { description: 'A Masterminds semver range, e.g. `~1.0` or `>=1.0.0 <2.0.0`.' }) range!: string;
}

@InputType('OrderPolicyInput')
export class OrderPolicyInput {
  @Field(() => String, { nullable: true, description: '`asc` (default: the last tag in ascending order) or `desc`.' }) order?: string | null;
}

@InputType('ImagePolicyChoiceInput', { description: 'Exactly one of semver, alphabetical and numerical.' })
export class ImagePolicyChoiceInput {
  @Field(() => SemverPolicyInput, { nullable: true }) semver?: SemverPolicyInput | null;
  @Field(() => OrderPolicyInput, { nullable: true }) alphabetical?: OrderPolicyInput | null;
  @Field(() => OrderPolicyInput, { nullable: true }) numerical?: OrderPolicyInput | null;
}

@InputType('TagFilterInput')
export class TagFilterInput {
  @Field(() => String, { nullable: true, description: 'A Go regular expression tags must match.' }) pattern?: string | null;
  @Field(() => String, { nullable: true, description: 'A `$name` template over the pattern’s groups: the value the policy compares.' }) extract?: string | null;
}

@InputType('ImagePolicyInput')
export class ImagePolicyInput {
  @Field(() => String, { nullable: true, description: 'Default `flotilla-system`.' }) namespace?: string | null;
  @Field(() => String) name!: string;
  @Field(() => [LabelInput], { nullable: true, description: 'metadata.labels; an ImageUpdateAutomation’s policySelector matches them.' }) labels?: LabelInput[] | null;
  @Field(() => ImageRepositoryRefInput) imageRepositoryRef!: ImageRepositoryRefInput;
  @Field(() => ImagePolicyChoiceInput) policy!: ImagePolicyChoiceInput;
  @Field(() => TagFilterInput, { nullable: true }) filterTags?: TagFilterInput | null;
  @Field(() => String, { nullable: true, description: '`Never` (default), `IfNotPresent` or `Always` (which needs interval).' }) digestReflectionPolicy?: string | null;
  @Field(() => String, { nullable: true, description: 'Go duration; only with digestReflectionPolicy `Always`.' }) interval?: string | null;
  @Field(() => Boolean, { nullable: true }) suspend?: boolean | null;
}

@InputType('ImagePolicyPreviewInput', { description: 'The part of an ImagePolicy that decides which tag it picks.' })
export class ImagePolicyPreviewInput {
  @Field(() => String, { nullable: true, description: 'The policy’s namespace; default `flotilla-system`.' }) namespace?: string | null;
  @Field(() => ImageRepositoryRefInput) imageRepositoryRef!: ImageRepositoryRefInput;
  @Field(() => ImagePolicyChoiceInput) policy!: ImagePolicyChoiceInput;
  @Field(() => TagFilterInput, { nullable: true }) filterTags?: TagFilterInput | null;
}
