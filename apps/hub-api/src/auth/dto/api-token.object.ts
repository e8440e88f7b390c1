import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';

@InputType('CreateApiTokenInput')
export class CreateApiTokenInput {
  @Field(() => String, { description: 'What the token is for (shown in audit entries).' }) name!: string;
  @Field(() => Int, { nullable: true, description: 'Lifetime in days (1-365); default 90.' }) ttlDays?: number | null;
}

@ObjectType('CreatedApiToken')
export class CreatedApiTokenObject {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { description: 'Send as `Authorization: Bearer <token>`. Shown once; the hub keeps only its hash.' }) token!: string;
  @Field(() => Date) expiresAt!: Date;
}
