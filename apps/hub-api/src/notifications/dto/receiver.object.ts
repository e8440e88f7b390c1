import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { LabelObject } from '../../clusters/dto/cluster.object.js';

@ObjectType('ReceiverResource')
export class ReceiverResourceObject {
  @Field(() => String) kind!: string;
  @Field(() => String, { description: 'A name or `*`.' }) name!: string;
  @Field(() => String, { nullable: true, description: 'Null: the Receiver’s namespace.' }) namespace!:
    string | null;
  @Field(() => [LabelObject], { description: 'With name `*`: the labels an object must hold.' })
  matchLabels!: LabelObject[];
}

@ObjectType('Receiver', {
  description:
    'A Flux Receiver (notification.toolkit.fluxcd.io/v1) at the hub: a webhook that reconciles hub GitRepositories and Kustomizations at once.',
})
export class ReceiverObject {
  @Field(() => ID) id!: string;
  @Field(() => String) namespace!: string;
  @Field(() => String) name!: string;
  @Field(() => String) type!: string;
  @Field(() => [String]) events!: string[];
  @Field(() => [ReceiverResourceObject]) resources!: ReceiverResourceObject[];
  @Field(() => Boolean) suspend!: boolean;
  @Field(() => String, { nullable: true, description: 'gcr: the audience its push token must carry.' })
  gcrAudience!: string | null;
  @Field(() => String, { nullable: true, description: 'gcr: the service account its push token names.' })
  gcrEmail!: string | null;
  @Field(() => String, {
    description:
      'Flux’s status.webhookPath: `/hook/` + sha256(token + name + namespace); POST webhooks to the hub’s URL + this path.',
  })
  webhookPath!: string;
  @Field(() => String, { nullable: true, description: 'The Secret Flux YAML’s spec.secretRef names (never read by the hub).' })
  secretRefName!: string | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) lastReceivedAt!: Date | null;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
}

@ObjectType('ReceiverWithToken', {
  description: 'A Receiver and its token, returned once: when it is created or its token is renewed.',
})
export class ReceiverWithTokenObject {
  @Field(() => ReceiverObject) receiver!: ReceiverObject;
  @Field(() => String, {
    description:
      'The webhook secret to give the sender (GitHub’s secret, GitLab’s token, the HMAC key). Not shown again.',
  })
  token!: string;
}
