import { Field, InputType, ObjectType } from '@nestjs/graphql';

@InputType('ManagedObjectRefInput', { description: 'One object in the inventory of a Kustomization or of a HelmRelease’s current release.' })
export class ManagedObjectRefInput {
  @Field(() => String, { description: "'' for the core group." }) group!: string;
  @Field(() => String) kind!: string;
  @Field(() => String, { nullable: true, description: 'Null for a cluster-scoped object.' }) namespace?: string | null;
  @Field(() => String) name!: string;
}

@ObjectType('LiveObject', {
  description:
    'One object a Kustomization applied (or a HelmRelease’s current release holds), read through its cluster’s agent: live, and as the Kustomization’s last build would apply it now (a server-side dry-run; none for a HelmRelease). Secrets’ values are replaced by the agent; managedFields are left out.',
})
export class LiveObjectObject {
  @Field(() => String, { nullable: true, description: 'The live object as YAML, status included; null when it is gone from the cluster.' })
  live!: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'The desired object as YAML; null for a HelmRelease’s object, or when the agent has not built the Kustomization since it started, or its build no longer holds the object.',
  })
  desired!: string | null;
  @Field(() => String, { nullable: true, description: 'The live object without status and server bookkeeping (uid, resourceVersion, …), to diff.' })
  liveComparable!: string | null;
  @Field(() => String, { nullable: true, description: 'The desired object without status and server bookkeeping, to diff.' })
  desiredComparable!: string | null;
}
