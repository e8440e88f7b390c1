import { Field, ID, InputType, PickType } from '@nestjs/graphql';
import { LabelInput } from '../../clusters/dto/cluster.inputs.js';
import { GraphQLJSON } from '../../common/json.scalar.js';
import { PlacementInput } from '../../kustomizations/dto/kustomization.inputs.js';
import { RegistryTlsInput } from '../../sources/registry-tls/registry-tls.input.js';

@InputType('HelmRepositoryCredentialsInput', {
  description: 'Basic auth (Flux’s Secret keys username, password), or for type oci a docker config (a kubernetes.io/dockerconfigjson Secret’s `.dockerconfigjson`) naming the registry. Stored encrypted; never returned.',
})
export class HelmRepositoryCredentialsInput {
  @Field(() => String, { nullable: true }) username?: string | null;
  @Field(() => String, { nullable: true }) password?: string | null;
  @Field(() => String, { nullable: true, description: 'Type oci only; instead of username and password.' }) dockerConfigJson?: string | null;
}

@InputType('HelmRepositoryInput')
export class HelmRepositoryInput {
  @Field(() => String, { nullable: true, description: 'Default `flotilla-system`.' }) namespace?: string | null;
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true, description: 'Flux’s `type`: `default` (an HTTP index.yaml) or `oci` (a registry prefix). Default `default`.' }) type?: string | null;
  @Field(() => String, { description: 'http(s):// URL of a chart repository (its index.yaml) for type default; oci://host/path for type oci.' }) url!: string;
  @Field(() => Boolean, { nullable: true, description: 'Plain HTTP to the registry (type oci only).' }) insecure?: boolean | null;
  @Field(() => String, { nullable: true, description: 'Go duration, default `10m`.' }) interval?: string | null;
  @Field(() => String, { nullable: true, description: 'Go duration, default `60s`.' }) timeout?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Send the credentials to chart URLs on other hosts too (Flux’s passCredentials).' }) passCredentials?: boolean | null;
  @Field(() => Boolean, { nullable: true }) suspend?: boolean | null;
  @Field(() => [LabelInput], { nullable: true, description: 'metadata.labels. On update: omit to keep them.' }) labels?: LabelInput[] | null;
  @Field(() => HelmRepositoryCredentialsInput, { nullable: true, description: 'On update: replaces the stored credentials; omit to keep them.' }) credentials?: HelmRepositoryCredentialsInput | null;
  @Field(() => Boolean, { nullable: true, description: 'On update: remove the stored credentials.' }) clearCredentials?: boolean | null;
  @Field(() => RegistryTlsInput, { nullable: true, description: 'Flux’s certSecretRef, for an https:// chart repository or a registry. On update: each value given replaces the stored one; omit to keep them.' })
  tls?: RegistryTlsInput | null;
  @Field(() => Boolean, { nullable: true, description: 'On update: remove the stored CA and client certificate.' }) clearTls?: boolean | null;
}

@InputType('HelmRepositorySecretsInput', {
  description: 'What the hub holds for a HelmRepository instead of its Secrets; each field as in HelmRepositoryInput, omitted ones kept.',
})
export class HelmRepositorySecretsInput extends PickType(HelmRepositoryInput, ['credentials', 'clearCredentials', 'tls', 'clearTls'] as const, InputType) {}

@InputType('HelmValuesOverlayInput')
export class HelmValuesOverlayInput {
  @Field(() => String, { description: 'Kubernetes label selector of the clusters this overlay applies to.' }) clusterSelector!: string;
  @Field(() => GraphQLJSON, { description: 'Values merged over the release’s values on those clusters.' }) values!: unknown;
}

@InputType('HelmValuesPreviewInput', { description: 'Values and overlays not saved yet, rendered for one cluster.' })
export class HelmValuesPreviewInput {
  @Field(() => ID) clusterId!: string;
  @Field(() => GraphQLJSON, { nullable: true, description: 'spec.values (a map).' }) values?: unknown;
  @Field(() => [HelmValuesOverlayInput], { nullable: true }) overlays?: HelmValuesOverlayInput[] | null;
}

@InputType('HelmReleaseInput')
export class HelmReleaseInput {
  @Field(() => String, { nullable: true, description: 'Default `flotilla-system`.' }) namespace?: string | null;
  @Field(() => String) name!: string;
  @Field(() => GraphQLJSON, { description: 'Flux HelmRelease spec; `chart.spec.sourceRef` names a hub HelmRepository. Errors name `spec.<field>`.' })
  spec!: unknown;
  @Field(() => [HelmValuesOverlayInput], { nullable: true, description: 'Per-cluster values (a Flotilla extension), merged in order over `spec.values`.' })
  overlays?: HelmValuesOverlayInput[] | null;
  @Field(() => PlacementInput) placement!: PlacementInput;
  @Field(() => [LabelInput], { nullable: true, description: 'metadata.labels. On update: omit to keep them.' }) labels?: LabelInput[] | null;
}
