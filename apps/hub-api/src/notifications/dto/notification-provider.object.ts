import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('NotificationProvider', {
  description:
    'A Flux Provider (notification.toolkit.fluxcd.io/v1beta3) kept by the hub. The secret is write-only: only the names of its keys are shown.',
})
export class NotificationProviderObject {
  @Field(() => ID) id!: string;
  @Field(() => String) namespace!: string;
  @Field(() => String) name!: string;
  @Field(() => String) type!: string;
  @Field(() => String, { nullable: true }) address!: string | null;
  @Field(() => String, { nullable: true }) channel!: string | null;
  @Field(() => String, { nullable: true }) username!: string | null;
  @Field(() => String, { nullable: true, description: 'Go duration; null means 15s.' }) timeout!:
    string | null;
  @Field(() => String, {
    nullable: true,
    description: 'The spec’s http(s) proxy (without credentials; a proxy with credentials is in the secret).',
  })
  proxy!: string | null;
  @Field(() => Boolean) suspend!: boolean;
  @Field(() => [String], {
    description: 'Which keys the stored secret holds (address, token, headers, proxy); never their values.',
  })
  secretKeys!: string[];
  @Field(() => Boolean) hasCertificate!: boolean;
  @Field(() => String, { nullable: true, description: 'The Secret Flux YAML’s spec.secretRef names (never read by the hub).' })
  secretRefName!: string | null;
  @Field(() => String, { nullable: true, description: 'The Secret Flux YAML’s spec.certSecretRef names (never read by the hub).' })
  certSecretRefName!: string | null;
  @Field(() => Boolean, {
    description: 'Ready=False when the Provider cannot send: `field` names what is missing or wrong.',
  })
  ready!: boolean;
  @Field(() => String, { nullable: true }) message!: string | null;
  @Field(() => String, { nullable: true }) field!: string | null;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
  @Field(() => GraphQLISODateTime) updatedAt!: Date;
}

@ObjectType('NotificationAttempt', {
  description:
    'One delivery attempt of a Provider: when, the answer and how long it took. Never the request.',
})
export class NotificationAttemptObject {
  @Field(() => ID) id!: string;
  @Field(() => ID) deliveryId!: string;
  @Field(() => GraphQLISODateTime) at!: Date;
  @Field(() => Int, { nullable: true }) statusCode!: number | null;
  @Field(() => String, { nullable: true }) error!: string | null;
  @Field(() => Int) latencyMs!: number;
  @Field(() => String, {
    description:
      'What the message that attempt was for came to: pending (to retry), delivered or failed (given up).',
  })
  deliveryState!: string;
  @Field(() => String, { description: 'What the message said, as `reason: message` of its (first) event.' })
  summary!: string;
}
