import { Field, InputType, PickType } from '@nestjs/graphql';
import { LabelInput } from '../../clusters/dto/cluster.inputs.js';

@InputType('NotificationSecretInput', {
  description: 'Flux’s Provider secret keys. Stored encrypted; never returned.',
})
export class NotificationSecretInput {
  @Field(() => String, {
    nullable: true,
    description: 'Replaces the spec’s address (webhook URLs that hold a key belong here).',
  })
  address?: string | null;
  @Field(() => String, { nullable: true, description: 'API token, bot token or HMAC key, by type.' }) token?:
    string | null;
  @Field(() => [LabelInput], {
    nullable: true,
    description: 'Extra HTTP headers (generic and generic-hmac).',
  })
  headers?: LabelInput[] | null;
  @Field(() => String, {
    nullable: true,
    description: 'An http(s) proxy URL that overrides the spec’s; may hold user:password.',
  })
  proxy?: string | null;
}

@InputType('NotificationProviderInput')
export class NotificationProviderInput {
  @Field(() => String, { nullable: true, description: 'Default `flotilla-system`.' }) namespace?:
    string | null;
  @Field(() => String) name!: string;
  @Field(() => String, {
    description:
      'generic, generic-hmac, slack, rocket, mattermost, msteams, discord, googlechat, alertmanager, pagerduty, opsgenie, telegram; commit statuses: github, gitlab, gitea, bitbucket (address: the repository URL).',
  })
  type!: string;
  @Field(() => String, { nullable: true }) address?: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'Channel; the routing key for pagerduty, the chat id for telegram.',
  })
  channel?: string | null;
  @Field(() => String, { nullable: true }) username?: string | null;
  @Field(() => String, { nullable: true, description: 'Go duration (ms, s, m), default 15s.' }) timeout?:
    string | null;
  @Field(() => String, {
    nullable: true,
    description: 'An http(s) proxy URL without credentials (put a proxy with credentials in secret.proxy).',
  })
  proxy?: string | null;
  @Field(() => Boolean, { nullable: true }) suspend?: boolean | null;
  @Field(() => NotificationSecretInput, {
    nullable: true,
    description: 'On update: replaces the stored secret; omit to keep it.',
  })
  secret?: NotificationSecretInput | null;
  @Field(() => Boolean, { nullable: true, description: 'On update: remove the stored secret.' })
  clearSecret?: boolean | null;
  @Field(() => String, {
    nullable: true,
    description:
      'PEM CA certificates trusted for an https address (Flux’s certSecretRef ca.crt). On update: omit to keep the stored ones.',
  })
  certificate?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'On update: remove the stored CA certificates.' })
  clearCertificate?: boolean | null;
  @Field(() => String, {
    nullable: true,
    description:
      'The Secret Flux YAML’s spec.secretRef names. The hub never reads it (the credentials are `secret`); Flux YAML export writes it. Omit to keep the stored name, null to remove it.',
  })
  secretRefName?: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      'The Secret Flux YAML’s spec.certSecretRef names. The hub never reads it (the CA bundle is `certificate`); Flux YAML export writes it. Omit to keep the stored name, null to remove it.',
  })
  certSecretRefName?: string | null;
}

@InputType('NotificationProviderSecretsInput', {
  description: 'What the hub holds for a Provider instead of its secretRef and certSecretRef Secrets; each field as in NotificationProviderInput, omitted ones kept.',
})
export class NotificationProviderSecretsInput extends PickType(NotificationProviderInput, ['secret', 'clearSecret', 'certificate', 'clearCertificate'] as const, InputType) {}
