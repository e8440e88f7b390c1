import { Field, Int, ObjectType } from '@nestjs/graphql';
import { ClusterObject } from '../../clusters/dto/cluster.object.js';
import { ConditionObject } from '../../sources/dto/condition.object.js';

@ObjectType('HelmTestHook', { description: 'A test hook that ran on a release revision (Flux’s status.history[].testHooks).' })
export class HelmTestHookObject {
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) phase!: string | null;
  @Field(() => String, { nullable: true }) lastStarted!: string | null;
  @Field(() => String, { nullable: true }) lastCompleted!: string | null;
}

@ObjectType('HelmReleaseSnapshot', { description: 'One Helm release revision as helm-controller keeps it in status.history (newest first).' })
export class HelmReleaseSnapshotObject {
  @Field(() => Int, { description: 'Helm’s release revision.' }) version!: number;
  @Field(() => String, { description: 'Helm’s release status: deployed, failed, superseded, pending-upgrade, …' }) status!: string;
  @Field(() => String) chartName!: string;
  @Field(() => String) chartVersion!: string;
  @Field(() => String, { nullable: true }) appVersion!: string | null;
  @Field(() => String, { description: '`sha256:` of the values the revision was made with.' }) configDigest!: string;
  @Field(() => String, { nullable: true }) firstDeployed!: string | null;
  @Field(() => String, { nullable: true }) lastDeployed!: string | null;
  @Field(() => String, { nullable: true }) deleted!: string | null;
  @Field(() => [HelmTestHookObject]) testHooks!: HelmTestHookObject[];
}

@ObjectType('HelmReleaseClusterStatus', { description: 'A hub HelmRelease on one targeted cluster, as its agent reported it.' })
export class HelmReleaseClusterStatusObject {
  @Field(() => ClusterObject) cluster!: ClusterObject;
  @Field(() => String, { description: 'Status of the Ready condition on that cluster: True, False or Unknown.' }) ready!: string;
  @Field(() => String, { nullable: true, description: 'Flux’s reason: InstallSucceeded, UpgradeFailed, …; Pending before the first report.' }) reason!: string | null;
  @Field(() => String, { nullable: true }) message!: string | null;
  @Field(() => [ConditionObject], { description: 'Ready, Released, TestSuccess, Remediated, Stalled, Reconciling as Flux writes them.' }) conditions!: ConditionObject[];
  @Field(() => Boolean, { description: 'Stalled=True: Flux gave up (RetriesExceeded) until the spec changes.' }) stalled!: boolean;
  @Field(() => String, { nullable: true, description: 'The chart version of the latest release (what `flux get helmreleases` shows).' }) revision!: string | null;
  @Field(() => String, { nullable: true }) lastAttemptedRevision!: string | null;
  @Field(() => String, { nullable: true }) lastAttemptedConfigDigest!: string | null;
  @Field(() => String, { nullable: true, description: 'install or upgrade.' }) lastAttemptedReleaseAction!: string | null;
  @Field(() => Int, { description: 'Failed attempts since the last success (Flux’s failures; 0 when absent).' }) failures!: number;
  @Field(() => Int) installFailures!: number;
  @Field(() => Int) upgradeFailures!: number;
  @Field(() => Int, { nullable: true, description: 'The hub generation the agent last observed.' }) observedGeneration!: number | null;
  @Field(() => Date, { nullable: true, description: 'When the agent last reported; null before its first report.' }) updatedAt!: Date | null;
  @Field(() => [HelmReleaseSnapshotObject], { description: 'Newest first, as status.history.' }) history!: HelmReleaseSnapshotObject[];
}
