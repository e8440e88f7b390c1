import { FLUX_KINDS } from '@flotilla/reconcile-core';
import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { LabelObject } from '../../clusters/dto/cluster.object.js';
import { GraphQLJSON } from '../../common/json.scalar.js';
import { PlacementObject } from '../../kustomizations/dto/kustomization.object.js';
import { ConditionObject } from '../../sources/dto/condition.object.js';
import { SourceArtifactObject } from '../../sources/dto/git-repository.object.js';

@ObjectType(FLUX_KINDS.HelmRepository.kind)
export class HelmRepositoryObject {
  @Field(() => ID) id!: string;
  @Field(() => String) namespace!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { description: '`default` or `oci`.' }) type!: string;
  @Field(() => String) url!: string;
  @Field(() => Boolean, { description: 'Plain HTTP to the registry (type oci).' }) insecure!: boolean;
  @Field(() => String) interval!: string;
  @Field(() => String) timeout!: string;
  @Field(() => Boolean) passCredentials!: boolean;
  @Field(() => Boolean) suspend!: boolean;
  @Field(() => [LabelObject]) labels!: LabelObject[];
  @Field(() => String, { nullable: true, description: '`basic` or (type oci) `dockerconfigjson` when credentials are stored; never the credentials.' }) credentialsKind!: string | null;
  @Field(() => Boolean, { description: 'Whether a CA certificate is stored (Flux’s certSecretRef ca.crt); never the certificate.' }) hasCaCertificate!: boolean;
  @Field(() => Boolean, { description: 'Whether a client certificate and key are stored (tls.crt, tls.key); never them.' }) hasClientCertificate!: boolean;
  @Field(() => String, { description: 'Status of the Ready condition.' }) ready!: string;
  @Field(() => String, { nullable: true }) message!: string | null;
  @Field(() => [ConditionObject]) conditions!: ConditionObject[];
  @Field(() => SourceArtifactObject, { nullable: true, description: 'The stored index.yaml (revision `sha256:<hex>`); after a failed fetch still the last good one. None for type oci (Flux: no index, no artifact).' })
  artifact!: SourceArtifactObject | null;
  @Field(() => Int) generation!: number;
  @Field(() => Int, { nullable: true }) observedGeneration!: number | null;
  @Field(() => String, { nullable: true, description: 'Flux status.lastHandledReconcileAt: the last reconcile request acted on.' })
  lastHandledReconcileAt!: string | null;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date) updatedAt!: Date;
}

@ObjectType('HelmValuesOverlay')
export class HelmValuesOverlayObject {
  @Field(() => String) clusterSelector!: string;
  @Field(() => GraphQLJSON) values!: unknown;
}

@ObjectType('HelmReleaseChart', { description: 'The chart the hub resolved once for the fleet, and the last failure to resolve one.' })
export class HelmReleaseChartObject {
  @Field(() => String, { nullable: true }) name!: string | null;
  @Field(() => String, { nullable: true }) version!: string | null;
  @Field(() => String, { nullable: true }) digest!: string | null;
  @Field(() => Int, { nullable: true }) size!: number | null;
  @Field(() => String, { nullable: true, description: 'source-controller’s reason, e.g. ChartPullFailed.' }) failureReason!: string | null;
  @Field(() => String, { nullable: true }) failureMessage!: string | null;
}

@ObjectType('HelmReleaseClusterValues', { description: 'What one targeted cluster runs.' })
export class HelmReleaseClusterValuesObject {
  @Field(() => ID) clusterId!: string;
  @Field(() => String) clusterName!: string;
  @Field(() => GraphQLJSON, { nullable: true, description: 'The rendered values: overlays merged, cluster variables substituted.' }) values!: unknown;
  @Field(() => String, { nullable: true, description: 'Why the values cannot be rendered for this cluster (it is then not assigned there).' }) error!: string | null;
}

@ObjectType('HelmChartInfo', { description: 'A chart version of a hub HelmRepository as the values editor needs it: its defaults and values schema.' })
export class HelmChartInfoObject {
  @Field(() => String) chart!: string;
  @Field(() => String, { description: 'The version the range selected in the stored index.' }) version!: string;
  @Field(() => String, { description: 'sha256 of the chart archive.' }) digest!: string;
  @Field(() => String, { description: 'The chart’s values.yaml as written (comments kept); empty when it has none.' }) defaultValues!: string;
  @Field(() => String, { nullable: true, description: 'The chart’s values.schema.json (JSON text); null when it has none.' }) valuesSchema!: string | null;
}

@ObjectType(FLUX_KINDS.HelmRelease.kind)
export class HelmReleaseObject {
  @Field(() => ID) id!: string;
  @Field(() => String) namespace!: string;
  @Field(() => String) name!: string;
  @Field(() => GraphQLJSON, { description: 'The Flux spec as stored.' }) spec!: unknown;
  @Field(() => [HelmValuesOverlayObject]) overlays!: HelmValuesOverlayObject[];
  @Field(() => PlacementObject) placement!: PlacementObject;
  @Field(() => [LabelObject]) labels!: LabelObject[];
  @Field(() => Int) generation!: number;
  @Field(() => HelmReleaseChartObject) chart!: HelmReleaseChartObject;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date) updatedAt!: Date;
}
