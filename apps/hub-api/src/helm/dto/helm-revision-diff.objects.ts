import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('HelmRevisionContent', { description: 'One revision of a helm release as its agent read it from helm’s records, masked by the agent.' })
export class HelmRevisionContentObject {
  @Field(() => Int) revision!: number;
  @Field(() => String, { description: 'Helm’s release status: deployed, failed, superseded, …' }) status!: string;
  @Field(() => String) chartName!: string;
  @Field(() => String) chartVersion!: string;
  @Field(() => String, { nullable: true }) appVersion!: string | null;
  @Field(() => String, {
    description: 'The user-supplied values as YAML (`helm get values --revision N -o yaml`); values under credential-looking keys read `***`, or `*** (before)`/`*** (after)` when they differ between the two revisions.',
  })
  values!: string;
  @Field(() => String, { description: 'The rendered manifest (`helm get manifest --revision N`); every value of a Secret’s data masked the same way, its keys kept.' })
  manifest!: string;
}

@ObjectType('HelmReleaseRevisionDiff', { description: 'Two revisions of a hub HelmRelease’s helm release on one cluster, read through its agent, and their unified diffs.' })
export class HelmReleaseRevisionDiffObject {
  @Field(() => String) clusterId!: string;
  @Field(() => String) clusterName!: string;
  @Field(() => String, { description: 'The helm release name on the cluster.' }) releaseName!: string;
  @Field(() => String, { description: 'The namespace helm stores the release in.' }) releaseNamespace!: string;
  @Field(() => HelmRevisionContentObject) from!: HelmRevisionContentObject;
  @Field(() => HelmRevisionContentObject) to!: HelmRevisionContentObject;
  @Field(() => String, { description: 'Unified diff of the values, from → to; empty when they are the same.' }) valuesDiff!: string;
  @Field(() => String, { description: 'Unified diff of the manifests, from → to; empty when they are the same.' }) manifestDiff!: string;
}
