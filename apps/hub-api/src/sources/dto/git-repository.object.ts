import { FLUX_KINDS } from '@flotilla/reconcile-core';
import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { LabelObject } from '../../clusters/dto/cluster.object.js';
import { ConditionObject } from './condition.object.js';

@ObjectType('GitRef')
export class GitRefObject {
  @Field(() => String, { nullable: true }) branch!: string | null;
  @Field(() => String, { nullable: true }) tag!: string | null;
  @Field(() => String, { nullable: true }) semver!: string | null;
  @Field(() => String, { nullable: true }) commit!: string | null;
  @Field(() => String, { nullable: true }) name!: string | null;
}

@ObjectType('SourceArtifact')
export class SourceArtifactObject {
  @Field(() => String, { description: 'Flux revision, e.g. `main@sha1:<commit>`.' }) revision!: string;
  @Field(() => String, { description: '`sha256:<hex>` of the tar.gz.' }) digest!: string;
  @Field(() => Int) size!: number;
  @Field(() => Date) lastUpdateTime!: Date;
}

@ObjectType(FLUX_KINDS.GitRepository.kind)
export class GitRepositoryObject {
  @Field(() => ID) id!: string;
  @Field(() => String) namespace!: string;
  @Field(() => String) name!: string;
  @Field(() => String) url!: string;
  @Field(() => GitRefObject, { nullable: true }) ref!: GitRefObject | null;
  @Field(() => String) interval!: string;
  @Field(() => String) timeout!: string;
  @Field(() => String, { nullable: true }) ignore!: string | null;
  @Field(() => Boolean) suspend!: boolean;
  @Field(() => [LabelObject], { description: 'metadata.labels.' }) labels!: LabelObject[];
  @Field(() => String, { nullable: true, description: 'What is stored, never the values: `basic`, `bearer` or `ssh`, with `+ca` when a CA certificate is kept too (`basic+ca`), or `ca` for a CA certificate alone.' })
  credentialsKind!: string | null;
  @Field(() => String, { description: 'Status of the Ready condition: True, False or Unknown.' }) ready!: string;
  @Field(() => String, { nullable: true, description: 'Message of the Ready condition.' }) message!: string | null;
  @Field(() => [ConditionObject]) conditions!: ConditionObject[];
  @Field(() => SourceArtifactObject, { nullable: true, description: 'The artifact agents use; after a failed fetch still the last good one.' })
  artifact!: SourceArtifactObject | null;
  @Field(() => Int) generation!: number;
  @Field(() => Int, { nullable: true }) observedGeneration!: number | null;
  @Field(() => String, { nullable: true, description: 'Flux status.lastHandledReconcileAt: the last reconcile request acted on.' })
  lastHandledReconcileAt!: string | null;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date) updatedAt!: Date;
}
