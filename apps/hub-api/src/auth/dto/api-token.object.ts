import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import type { Role } from '@flotilla/prisma/client';
import { RoleEnum } from './user.object.js';

@InputType('CreateApiTokenInput')
export class CreateApiTokenInput {
  @Field(() => String, { description: 'What the token is for (shown in lists and audit entries).' }) name!: string;
  @Field(() => Int, { nullable: true, description: 'Lifetime in days (1-365); default 90.' }) ttlDays?: number | null;
  @Field(() => RoleEnum, { nullable: true, description: "The token's role: the caller's own (default) or lower." }) role?: Role | null;
}

@ObjectType('CreatedApiToken')
export class CreatedApiTokenObject {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => RoleEnum) role!: Role;
  @Field(() => String, { description: 'Send as `Authorization: Bearer <token>`. Shown once; the hub keeps only its hash.' }) token!: string;
  @Field(() => Date) expiresAt!: Date;
}

@ObjectType('ApiToken', { description: 'An API token as listed: never its value or hash.' })
export class ApiTokenObject {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => ID) userId!: string;
  @Field(() => String) username!: string;
  @Field(() => RoleEnum, { description: "What the token may do, capped at its owner's current role." }) role!: Role;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date, { nullable: true }) expiresAt!: Date | null;
  @Field(() => Date, { nullable: true, description: 'Exact to the minute.' }) lastUsedAt!: Date | null;
  @Field(() => Date, { nullable: true }) revokedAt!: Date | null;
}
