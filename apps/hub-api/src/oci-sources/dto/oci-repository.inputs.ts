import { Field, InputType, PickType } from '@nestjs/graphql';
import { LabelInput } from '../../clusters/dto/cluster.inputs.js';
import { GraphQLJSON } from '../../common/json.scalar.js';
import { ImageRegistryCredentialsInput } from '../../images/dto/image-repository.inputs.js';
import { RegistryTlsInput } from '../../sources/registry-tls/registry-tls.input.js';

@InputType('CosignPublicKeyInput', { description: 'A cosign public key (what `cosign generate-key-pair` writes to cosign.pub).' })
export class CosignPublicKeyInput {
  @Field(() => String, { description: 'A name for messages, like the key of a verify Secret (`cosign.pub`).' }) name!: string;
  @Field(() => String, { description: 'PEM public key.' }) pem!: string;
}

@InputType('OCIRepositoryInput')
export class OciRepositoryInput {
  @Field(() => String, { nullable: true, description: 'Default `flotilla-system`.' }) namespace?: string | null;
  @Field(() => String) name!: string;
  @Field(() => GraphQLJSON, {
    description:
      'Flux OCIRepository spec (source.toolkit.fluxcd.io/v1): url `oci://…`, ref (tag, semver, semverFilter, digest), layerSelector, insecure, interval (default `10m`), timeout (default `60s`), ignore, suspend, verify.provider `cosign`. No secretRef or certSecretRef: credentials, tls and verifyPublicKeys stand for the Secrets. Errors name `spec.<field>`.',
  })
  spec!: unknown;
  @Field(() => ImageRegistryCredentialsInput, { nullable: true, description: 'On update: replaces the stored credentials; omit to keep them.' }) credentials?: ImageRegistryCredentialsInput | null;
  @Field(() => Boolean, { nullable: true, description: 'On update: remove the stored credentials.' }) clearCredentials?: boolean | null;
  @Field(() => RegistryTlsInput, { nullable: true, description: 'Flux’s certSecretRef. On update: each value given replaces the stored one; omit to keep them.' }) tls?: RegistryTlsInput | null;
  @Field(() => Boolean, { nullable: true, description: 'On update: remove the stored CA and client certificate.' }) clearTls?: boolean | null;
  @Field(() => [CosignPublicKeyInput], { nullable: true, description: 'With spec.verify: the keys a signature must be made with (Flux: the `*.pub` entries of verify.secretRef). Without it they are kept, unused, until spec.verify is set.' })
  verifyPublicKeys?: CosignPublicKeyInput[] | null;
  @Field(() => [LabelInput], { nullable: true, description: 'metadata.labels. On update: omit to keep them.' }) labels?: LabelInput[] | null;
}

@InputType('OCIRepositorySecretsInput', {
  description: 'What the hub holds for an OCIRepository instead of its Secrets; each field as in OCIRepositoryInput, omitted ones kept.',
})
export class OciRepositorySecretsInput extends PickType(OciRepositoryInput, ['credentials', 'clearCredentials', 'tls', 'clearTls', 'verifyPublicKeys'] as const, InputType) {}
