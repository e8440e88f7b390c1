import type { FluxKindName } from '@flotilla/reconcile-core';
import { Field, InputType } from '@nestjs/graphql';
import { FluxKindEnum } from '../../flux-objects/dto/flux-object.enums.js';

@InputType('FleetRolloutTarget', {
  description:
    'What the rollout view follows: a Kustomization or HelmRelease (any origin) by kind, namespace and name on every cluster; or a hub GitRepository (HelmRepository), whose columns are the hub Kustomizations (HelmReleases) that read it.',
})
export class FleetRolloutTargetInput {
  @Field(() => FluxKindEnum) kind!: FluxKindName;
  @Field(() => String) namespace!: string;
  @Field(() => String) name!: string;
}
