import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { GraphQLJSON } from '../../common/json.scalar.js';
import { PageInfoObject } from '../../clusters/dto/cluster.object.js';

@ObjectType('AuditEntry')
export class AuditEntryObject {
  @Field(() => ID) id!: string;
  @Field(() => Date) createdAt!: Date;
  @Field(() => ID, { nullable: true, description: 'Null for agents, the system and failed logins; the user may be deleted since.' })
  actorUserId!: string | null;
  @Field(() => String, { description: 'The name as it was when the entry was written.' }) actorName!: string;
  @Field(() => String, { description: 'user, api-token, agent, system or anonymous (a failed login).' }) actorKind!: string;
  @Field(() => String) action!: string;
  @Field(() => String) targetType!: string;
  @Field(() => String, { nullable: true }) targetId!: string | null;
  @Field(() => GraphQLJSON, { description: 'Names and keys of the change, never secret values.' }) details!: unknown;
  @Field(() => String, { nullable: true }) ip!: string | null;
  @Field(() => String, { nullable: true }) userAgent!: string | null;
}

@ObjectType('AuditEntryEdge')
export class AuditEntryEdgeObject {
  @Field(() => String) cursor!: string;
  @Field(() => AuditEntryObject) node!: AuditEntryObject;
}

@ObjectType('AuditEntryConnection')
export class AuditEntryConnectionObject {
  @Field(() => [AuditEntryEdgeObject]) edges!: AuditEntryEdgeObject[];
  @Field(() => PageInfoObject) pageInfo!: PageInfoObject;
}

@InputType('AuditFilterInput', { description: 'Every field optional; entries must match all that are given.' })
export class AuditFilterInput {
  @Field(() => String, { nullable: true, description: 'Actor name, exactly (username, `agent:<cluster>`).' }) actor?: string | null;
  @Field(() => String, { nullable: true, description: 'One of `auditActions`.' }) action?: string | null;
  @Field(() => String, { nullable: true, description: 'user, apiToken, cluster, gitRepository, kustomization, …' }) targetType?: string | null;
  @Field(() => String, { nullable: true }) targetId?: string | null;
  @Field(() => Date, { nullable: true, description: 'At or after this instant.' }) since?: Date | null;
  @Field(() => Date, { nullable: true, description: 'Before this instant.' }) until?: Date | null;
}
