import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import type { Role } from '@flotilla/prisma/client';
import { RoleEnum } from '../../auth/dto/user.object.js';

@ObjectType('UserAccount', { description: 'A user as admins manage it: never a password or its hash.' })
export class UserAccountObject {
  @Field(() => ID) id!: string;
  @Field(() => String) username!: string;
  @Field(() => RoleEnum, { nullable: true, description: 'Their own role, held on the whole fleet; null: only what their teams grant.' }) role!: Role | null;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date, { nullable: true }) lastLoginAt!: Date | null;
  @Field(() => Boolean, { description: 'A disabled user cannot log in; their API tokens are refused.' }) disabled!: boolean;
  @Field(() => Date, { nullable: true }) disabledAt!: Date | null;
  @Field(() => Boolean, { description: 'They hold a password the hub generated and must choose their own at sign-in.' })
  passwordChangeRequired!: boolean;
}

@ObjectType('UserWithPassword', { description: 'A user and the one-time password the hub generated, shown once.' })
export class UserWithPasswordObject {
  @Field(() => UserAccountObject) user!: UserAccountObject;
  @Field(() => String, { nullable: true, description: 'The generated password, shown once; null when the admin chose one.' })
  oneTimePassword!: string | null;
}

@InputType('CreateUserInput')
export class CreateUserInput {
  @Field(() => String, { description: 'Lowercase letters, digits, `.`, `_`, `-`, `@`; 1 to 64 characters, starting with a letter or digit.' })
  username!: string;
  @Field(() => RoleEnum, { nullable: true, description: 'A role on the whole fleet; omit it for a user who gets access only through teams.' })
  role?: Role | null;
  @Field(() => String, { nullable: true, description: '8 to 1024 characters; omit it and the hub generates a one-time password.' })
  password?: string | null;
}
