import { Field, InputType } from '@nestjs/graphql';

@InputType('RegistryTlsInput', {
  description:
    'What Flux’s certSecretRef Secret holds, given to the hub instead: a CA that signed the server’s certificate (`ca.crt`) and/or a client certificate with its key (`tls.crt`, `tls.key`), all PEM. Used for every request to that registry or chart repository and nothing else. Stored encrypted; never returned.',
})
export class RegistryTlsInput {
  @Field(() => String, { nullable: true, description: 'PEM CA certificates (Flux’s `ca.crt`), trusted besides the system’s.' }) caCertificate?: string | null;
  @Field(() => String, { nullable: true, description: 'PEM client certificate (Flux’s `tls.crt`); with clientKey.' }) clientCertificate?: string | null;
  @Field(() => String, { nullable: true, description: 'PEM private key of clientCertificate (Flux’s `tls.key`).' }) clientKey?: string | null;
}
