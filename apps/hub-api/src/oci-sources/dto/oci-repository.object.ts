import { FLUX_KINDS } from '@flotilla/reconcile-core';
import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { LabelObject } from '../../clusters/dto/cluster.object.js';
import { GraphQLJSON } from '../../common/json.scalar.js';
import { ConditionObject } from '../../sources/dto/condition.object.js';
import { SourceArtifactObject } from '../../sources/dto/git-repository.object.js';

@ObjectType('CosignPublicKey')
export class CosignPublicKeyObject {
  @Field(() => String) name!: string;
  @Field(() => String) pem!: string;
}

@ObjectType(FLUX_KINDS.OCIRepository.kind)
export class OciRepositoryObject {
  @Field(() => ID) id!: string;
  @Field(() => String) namespace!: string;
  @Field(() => String) name!: string;
  @Field(() => String) url!: string;
  @Field(() => GraphQLJSON, { description: 'The Flux spec as stored (defaults filled in).' }) spec!: unknown;
  @Field(() => Boolean) suspend!: boolean;
  @Field(() => [LabelObject]) labels!: LabelObject[];
  @Field(() => String, { nullable: true, description: '`basic` or `dockerconfigjson` when credentials are stored; never the credentials.' }) credentialsKind!: string | null;
  @Field(() => Boolean, { description: 'Whether a CA certificate is stored (Flux’s certSecretRef ca.crt); never the certificate.' }) hasCaCertificate!: boolean;
  @Field(() => Boolean, { description: 'Whether a client certificate and key are stored (tls.crt, tls.key); never them.' }) hasClientCertificate!: boolean;
  @Field(() => [CosignPublicKeyObject]) verifyPublicKeys!: CosignPublicKeyObject[];
  @Field(() => String, { description: 'Status of the Ready condition.' }) ready!: string;
  @Field(() => String, { nullable: true }) message!: string | null;
  @Field(() => [ConditionObject]) conditions!: ConditionObject[];
  @Field(() => SourceArtifactObject, { nullable: true, description: 'The stored artifact (revision `<tag>@sha256:<digest>`); after a failed pull still the last good one.' })
  artifact!: SourceArtifactObject | null;
  @Field(() => Int) generation!: number;
  @Field(() => Int, { nullable: true }) observedGeneration!: number | null;
  @Field(() => String, { nullable: true, description: 'Flux status.lastHandledReconcileAt: the last reconcile request acted on.' })
  lastHandledReconcileAt!: string | null;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date) updatedAt!: Date;
}
