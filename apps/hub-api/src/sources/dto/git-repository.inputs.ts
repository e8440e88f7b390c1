import { Field, InputType } from '@nestjs/graphql';
import { LabelInput } from '../../clusters/dto/cluster.inputs.js';

@InputType('GitRefInput')
export class GitRefInput {
  @Field(() => String, { nullable: true }) branch?: string | null;
  @Field(() => String, { nullable: true }) tag?: string | null;
  @Field(() => String, { nullable: true }) semver?: string | null;
  @Field(() => String, { nullable: true }) commit?: string | null;
  @Field(() => String, { nullable: true }) name?: string | null;
}

@InputType('GitCredentialsInput', {
  description:
    'For http(s): username + password (basic auth) or bearerToken, and caCert for a server whose certificate a private CA signed. For ssh://: identity + knownHosts, and password when the key is encrypted (Flux’s Secret keys identity, known_hosts, password). Stored encrypted; never returned.',
})
export class GitCredentialsInput {
  @Field(() => String, { nullable: true }) username?: string | null;
  @Field(() => String, { nullable: true, description: 'Basic auth password, or the passphrase of an encrypted ssh key.' }) password?: string | null;
  @Field(() => String, { nullable: true }) bearerToken?: string | null;
  @Field(() => String, { nullable: true, description: 'ssh: the private key (OpenSSH or PEM).' }) identity?: string | null;
  @Field(() => String, { nullable: true, description: 'ssh: known_hosts lines for the server’s host keys; no other host key is trusted.' }) knownHosts?: string | null;
  @Field(() => String, { nullable: true, description: 'https: CA certificates (PEM) trusted beside the system CAs, Flux’s Secret key ca.crt; alone or with username + password or bearerToken.' }) caCert?: string | null;
}

@InputType('GitRepositoryInput')
export class GitRepositoryInput {
  @Field(() => String, { nullable: true, description: 'Default `flotilla-system`.' }) namespace?: string | null;
  @Field(() => String) name!: string;
  @Field(() => String, { description: 'http(s):// or ssh:// (ssh://[user@]host[:port]/path; the scp-like user@host:path is not accepted, as in Flux).' }) url!: string;
  @Field(() => GitRefInput, { nullable: true, description: 'Default: branch `master` (Flux).' }) ref?: GitRefInput | null;
  @Field(() => String, { nullable: true, description: 'Go duration, default `1m`.' }) interval?: string | null;
  @Field(() => String, { nullable: true, description: 'Go duration, default `60s`.' }) timeout?: string | null;
  @Field(() => String, { nullable: true, description: '.gitignore-syntax exclusions (replaces Flux’s default list).' }) ignore?: string | null;
  @Field(() => Boolean, { nullable: true }) suspend?: boolean | null;
  @Field(() => [LabelInput], { nullable: true, description: 'metadata.labels, which Receivers’ matchLabels select. On update: omit to keep them.' }) labels?: LabelInput[] | null;
  @Field(() => GitCredentialsInput, { nullable: true, description: 'On update: replaces the stored credentials; omit to keep them.' })
  credentials?: GitCredentialsInput | null;
  @Field(() => Boolean, { nullable: true, description: 'On update: remove the stored credentials.' }) clearCredentials?: boolean | null;
}
