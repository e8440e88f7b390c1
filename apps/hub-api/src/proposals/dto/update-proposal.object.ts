import { Field, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('ProposalFileDiff')
export class ProposalFileDiffObject {
  @Field(() => String) path!: string;
  @Field(() => String, { description: 'Unified diff of the file, base → head.' }) diff!: string;
  @Field(() => String, { nullable: true, description: 'The whole file at the base commit.' }) before!: string | null;
  @Field(() => String, { nullable: true, description: 'The whole file at the head commit.' }) after!: string | null;
}

@ObjectType('ProposalImageChange')
export class ProposalImageChangeObject {
  @Field(() => String) file!: string;
  @Field(() => String, { nullable: true, description: '`Kind/namespace/name` of the object the value is in.' }) object!: string | null;
  @Field(() => String, { description: 'The marker, e.g. `flux-system:app` or `flux-system:app:tag`.' }) setter!: string;
  @Field(() => String, { description: '`namespace:name` of the ImagePolicy that chose the new value.' }) policy!: string;
  @Field(() => String) oldValue!: string;
  @Field(() => String) newValue!: string;
}

@ObjectType('ProposalObjectChange')
export class ProposalObjectChangeObject {
  @Field(() => String, { description: '`Kind/namespace/name`.' }) object!: string;
  @Field(() => [String], { description: 'Field paths that differ, e.g. `spec.template.spec.containers[0].image`.' }) fields!: string[];
  @Field(() => String, { nullable: true, description: 'The object rendered at the base, as YAML.' }) before!: string | null;
  @Field(() => String, { nullable: true, description: 'The object rendered at the head, as YAML.' }) after!: string | null;
}

@ObjectType('ProposalClusterDiff', { description: 'What the change does on one cluster a Kustomization or HelmRelease reading this source targets (for a proposed edit of a Kustomization, that Kustomization before and after the edit): both sides rendered with its variables or values.' })
export class ProposalClusterDiffObject {
  @Field(() => String, { nullable: true, description: '`namespace/name` of the Kustomization; null for a HelmRelease’s diff.' }) kustomization!: string | null;
  @Field(() => String, { nullable: true, description: '`namespace/name` of the HelmRelease whose chart this source holds; null for a Kustomization’s diff.' }) helmRelease!: string | null;
  @Field(() => String) cluster!: string;
  @Field(() => [String]) added!: string[];
  @Field(() => [ProposalObjectChangeObject]) changed!: ProposalObjectChangeObject[];
  @Field(() => [String]) removed!: string[];
  @Field(() => String, { nullable: true, description: 'Why the head revision did not render for this cluster.' }) error!: string | null;
  @Field(() => [String], { description: 'Variables whose values come from Secrets in the cluster: rendered as placeholders, their values never leave it.' }) hiddenVariables!: string[];
  @Field(() => String, { nullable: true, description: 'What this render could not take into account on this cluster (e.g. substituteFrom while its agent is offline), or that Flux deletes none of the removed objects (prune false, deletionPolicy Orphan).' }) note!: string | null;
}

@ObjectType('ProposalClusterRollout', { description: 'Where the merged commit is on one targeted cluster.' })
export class ProposalClusterRolloutObject {
  @Field(() => String) kustomization!: string;
  @Field(() => String) cluster!: string;
  @Field(() => String, { description: 'waiting, applied, healthy or failed.' }) phase!: string;
  @Field(() => String, { nullable: true, description: 'The revision the cluster last applied.' }) revision!: string | null;
  @Field(() => String) message!: string;
}

@ObjectType('ProposalApproval')
export class ProposalApprovalObject {
  @Field(() => String) username!: string;
  @Field(() => String, { nullable: true }) comment!: string | null;
  @Field(() => Date) at!: Date;
}

@ObjectType('ProposalManualEdit', { description: 'A file someone edited by hand on the proposal; re-applied whenever the automation rebuilds it.' })
export class ProposalManualEditObject {
  @Field(() => String) path!: string;
  @Field(() => String) username!: string;
  @Field(() => Date) at!: Date;
}

@ObjectType('ProposalFleetEdit', { description: 'A hand edit of an object a FleetSync made from git, proposed as a commit to its file.' })
export class ProposalFleetEditObject {
  @Field(() => ID) fleetSyncId!: string;
  @Field(() => String, { description: '`namespace/name` of the FleetSync.' }) fleetSync!: string;
  @Field(() => String, { description: 'The Flux kind of the object.' }) kind!: string;
  @Field(() => String) namespace!: string;
  @Field(() => String) name!: string;
  @Field(() => ID, { description: 'The hub object’s id.' }) objectId!: string;
  @Field(() => String, { description: 'The file declaring it, from the repository root.' }) file!: string;
  @Field(() => String, { description: '`edit` (its document changes) or `delete` (its document, or the file, is removed).' }) action!: string;
  @Field(() => String) proposedBy!: string;
}

@ObjectType('UpdateProposal', { description: 'A change waiting for review on a head branch: an image update automation’s, or a proposed edit of an object managed by git.' })
export class UpdateProposalObject {
  @Field(() => ID) id!: string;
  @Field(() => String, { nullable: true, description: '`namespace/name` of the ImageUpdateAutomation; null for a FleetSync edit.' }) automation!: string | null;
  @Field(() => ProposalFleetEditObject, { nullable: true, description: 'Set when the proposal is a hand edit of an object a FleetSync made.' }) fleetEdit!: ProposalFleetEditObject | null;
  @Field(() => String, { description: 'open, approved, merged, rejected, superseded or conflicted.' }) state!: string;
  @Field(() => String) baseBranch!: string;
  @Field(() => String) headBranch!: string;
  @Field(() => String) baseCommit!: string;
  @Field(() => String) headCommit!: string;
  @Field(() => String) message!: string;
  @Field(() => [ProposalFileDiffObject]) files!: ProposalFileDiffObject[];
  @Field(() => [ProposalImageChangeObject]) imageChanges!: ProposalImageChangeObject[];
  @Field(() => [ProposalClusterDiffObject]) clusterDiffs!: ProposalClusterDiffObject[];
  @Field(() => [ProposalApprovalObject]) approvals!: ProposalApprovalObject[];
  @Field(() => Int) requiredApprovals!: number;
  @Field(() => [ProposalManualEditObject], { description: 'Hand edits; who made one may not approve the proposal.' }) manualEdits!: ProposalManualEditObject[];
  @Field(() => [String], { description: 'While conflicted: the files the base branch changed since they were edited by hand. Edit them again to resolve.' }) conflictFiles!: string[];
  @Field(() => String, { nullable: true }) rejectedReason!: string | null;
  @Field(() => String, { nullable: true, description: 'The commit now on the base branch: the head commit (fast-forward) or the merge commit.' }) mergedCommit!: string | null;
  @Field(() => String, { nullable: true, description: 'Who closed it: a user, `automation`, or the forge (`GitHub`, `GitLab`, `Gitea`) when merged or closed there.' }) closedBy!: string | null;
  @Field(() => String, { nullable: true, description: 'The pull request at the forge of its automation or FleetSync (GitHub, GitLab, Gitea); null for native proposals and until it is opened.' }) forgeUrl!: string | null;
  @Field(() => Int, { nullable: true, description: 'Its number (GitLab: the merge request iid).' }) forgeNumber!: number | null;
  @Field(() => String, { nullable: true, description: 'Why the last call to the forge failed (it is retried at the automation’s next run, or the FleetSync’s next reconcile); null once one succeeds.' }) forgeError!: string | null;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date) updatedAt!: Date;
  @Field(() => Date, { nullable: true }) closedAt!: Date | null;
}
