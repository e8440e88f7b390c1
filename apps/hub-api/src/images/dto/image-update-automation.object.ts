import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { ConditionObject } from '../../sources/dto/condition.object.js';

@ObjectType('ImageUpdateAutomation')
export class ImageUpdateAutomationObject {
  @Field(() => ID) id!: string;
  @Field(() => String) namespace!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { description: '`namespace/name` of the GitRepository.' }) source!: string;
  @Field(() => String, { nullable: true }) checkoutBranch!: string | null;
  @Field(() => String, { nullable: true }) pushBranch!: string | null;
  @Field(() => String) authorName!: string;
  @Field(() => String) authorEmail!: string;
  @Field(() => String, { nullable: true }) messageTemplate!: string | null;
  @Field(() => String) updatePath!: string;
  @Field(() => String) mode!: string;
  @Field(() => Int) requiredApprovals!: number;
  @Field(() => String, { nullable: true }) approverTeam!: string | null;
  @Field(() => String, { nullable: true, description: 'The label selector over ImagePolicy labels; null: every policy of the namespace.' }) policySelector!: string | null;
  @Field(() => String, { description: '`fast-forward` or `merge-commit`.' }) mergeStrategy!: string;
  @Field(() => String, { description: '`native`, `github`, `gitlab` or `gitea`.' }) provider!: string;
  @Field(() => String, { nullable: true, description: 'Set API base URL; null: derived from the GitRepository URL.' }) providerApiUrl!: string | null;
  @Field(() => String, { nullable: true, description: 'Set repository; null: derived from the GitRepository URL.' }) providerRepository!: string | null;
  @Field(() => Boolean, { description: 'Whether a forge token is stored (the token itself is never returned).' }) providerTokenSet!: boolean;
  @Field(() => String, { nullable: true, description: 'Null: proposals are never merged by the hub on its own.' }) autoMergeAfter!: string | null;
  @Field(() => Boolean) autoMergeRequiresApproval!: boolean;
  @Field(() => String) interval!: string;
  @Field(() => Boolean) suspend!: boolean;
  @Field(() => String) ready!: string;
  @Field(() => String, { nullable: true }) message!: string | null;
  @Field(() => [ConditionObject]) conditions!: ConditionObject[];
  @Field(() => [String], { description: 'Warnings of the last run (e.g. a marker naming a missing policy).' }) warnings!: string[];
  @Field(() => String, { nullable: true }) lastPushCommit!: string | null;
  @Field(() => Date, { nullable: true }) lastPushTime!: Date | null;
  @Field(() => Date, { nullable: true }) lastAutomationRunTime!: Date | null;
}
