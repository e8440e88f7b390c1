import { Field, InputType, Int } from '@nestjs/graphql';

@InputType('ImageUpdateAutomationInput')
export class ImageUpdateAutomationInput {
  @Field(() => String, { nullable: true, description: 'Default `flotilla-system`. Setter markers name policies of this namespace.' }) namespace?: string | null;
  @Field(() => String) name!: string;
  @Field(() => String, { description: 'A hub GitRepository (http or https).' }) sourceName!: string;
  @Field(() => String, { nullable: true, description: 'Default: the automation’s namespace.' }) sourceNamespace?: string | null;
  @Field(() => String, { nullable: true, description: 'git.checkout.ref.branch; default the GitRepository’s branch.' }) checkoutBranch?: string | null;
  @Field(() => String, { nullable: true, description: 'git.push.branch (push mode); default the checkout branch.' }) pushBranch?: string | null;
  @Field(() => String) authorName!: string;
  @Field(() => String) authorEmail!: string;
  @Field(() => String, { nullable: true, description: 'A Go template over Flux’s data (.AutomationObject, .Changed.FileChanges, .Changed.Changes, .Changed.Objects).' }) messageTemplate?: string | null;
  @Field(() => String, { nullable: true, description: 'update.path, default `./`.' }) updatePath?: string | null;
  @Field(() => String, { nullable: true, description: '`proposal` (default: an UpdateProposal to approve) or `push` (Flux: commit straight to the branch).' }) mode?: string | null;
  @Field(() => Int, { nullable: true, description: 'Approvals a proposal needs, default 1.' }) requiredApprovals?: number | null;
  @Field(() => String, { nullable: true, description: 'A team whose members may approve, besides operators.' }) approverTeam?: string | null;
  @Field(() => String, { nullable: true, description: 'spec.policySelector as a label selector, e.g. `app=web,tier in (fe)`: only ImagePolicies (of this namespace) whose labels match are applied. Default: all of them.' })
  policySelector?: string | null;
  @Field(() => String, { nullable: true, description: 'How a merged proposal reaches the base branch: `fast-forward` (default) or `merge-commit`.' }) mergeStrategy?: string | null;
  @Field(() => String, { nullable: true, description: 'Where proposals are reviewed besides the hub: `native` (default: the hub only), `github`, `gitlab` or `gitea` (a pull request there, proposal mode only).' }) provider?: string | null;
  @Field(() => String, { nullable: true, description: 'The forge’s API base URL (GitHub Enterprise `https://HOST/api/v3`, GitLab `https://HOST/api/v4`, Gitea `https://HOST/api/v1`). Default: derived from the GitRepository URL.' })
  providerApiUrl?: string | null;
  @Field(() => String, { nullable: true, description: '`owner/name` (GitHub, Gitea) or the project path or id (GitLab). Default: derived from the GitRepository URL.' }) providerRepository?: string | null;
  @Field(() => String, { nullable: true, description: 'The forge token (stored sealed, never returned). Omitted on update: the stored one is kept. A forge needs one; empty removes it, which only `native` accepts (switching to `native` drops it anyway).' }) providerToken?: string | null;
  @Field(() => String, { nullable: true, description: 'Proposal mode: a Go duration (e.g. `30m`) after which the hub merges the open proposal if nobody rejected it and its diff did not change meanwhile. Default: never.' })
  autoMergeAfter?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Whether auto-merge also waits for the required approvals (default true); false merges an unapproved open proposal too.' })
  autoMergeRequiresApproval?: boolean | null;
  @Field(() => String, { nullable: true, description: 'Go duration, default `1m`.' }) interval?: string | null;
  @Field(() => Boolean, { nullable: true }) suspend?: boolean | null;
}
