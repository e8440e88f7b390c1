import { Field, InputType } from '@nestjs/graphql';
import { LabelInput } from '../../clusters/dto/cluster.inputs.js';

@InputType('ReceiverResourceInput')
export class ReceiverResourceInput {
  @Field(() => String, { description: 'GitRepository, Kustomization or ImageRepository.' }) kind!: string;
  @Field(() => String, { description: 'A name or `*`.' }) name!: string;
  @Field(() => String, { nullable: true }) namespace?: string | null;
  @Field(() => [LabelInput], {
    nullable: true,
    description: 'With name `*`: only objects whose labels hold all of these (Flux ignores them with a name).',
  })
  matchLabels?: LabelInput[] | null;
}

@InputType('ReceiverInput')
export class ReceiverInput {
  @Field(() => String, { nullable: true, description: 'Default `flotilla-system`.' }) namespace?:
    string | null;
  @Field(() => String) name!: string;
  @Field(() => String, {
    description:
      'generic, generic-hmac, github (also Gitea), gitlab, bitbucket, harbor, dockerhub, quay, nexus, acr, gcr, cdevents.',
  })
  type!: string;
  @Field(() => [String], {
    nullable: true,
    description: 'Event types taken (github, gitlab, bitbucket, cdevents); empty takes all.',
  })
  events?: string[] | null;
  @Field(() => [ReceiverResourceInput]) resources!: ReceiverResourceInput[];
  @Field(() => Boolean, { nullable: true }) suspend?: boolean | null;
  @Field(() => String, {
    nullable: true,
    description: 'gcr (required): the audience the Pub/Sub push subscription puts in its token.',
  })
  gcrAudience?: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'gcr (required): the service account email the Pub/Sub push subscription signs as.',
  })
  gcrEmail?: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      'The Secret Flux YAML’s spec.secretRef names. The hub never reads it (it makes and keeps the token); Flux YAML export writes it. Omit to keep the stored name.',
  })
  secretRefName?: string | null;
}
