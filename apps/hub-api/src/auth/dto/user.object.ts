import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { Role } from '@flotilla/prisma/client';

export const RoleEnum = { VIEWER: 'VIEWER', OPERATOR: 'OPERATOR', ADMIN: 'ADMIN' } as const;
registerEnumType(RoleEnum, { name: 'Role', description: 'viewer reads; operator changes clusters, sources and Kustomizations; admin also deletes, manages users and reads the audit log.' });

@ObjectType('User')
export class UserObject {
  @Field(() => ID) id!: string;
  @Field(() => String) username!: string;
  @Field(() => RoleEnum, { nullable: true, description: 'Their own role, held on the whole fleet; null: only what their teams grant.' }) role!: Role | null;
  @Field(() => RoleEnum, {
    nullable: true,
    description: 'The highest role they hold anywhere (own or through a team grant); each operation is still checked against the scope of the grants.',
  })
  highestRole!: Role | null;
  @Field(() => Boolean, {
    description: 'True while this session signed in with a password the hub generated: only viewer and changeOwnPassword work until it is replaced.',
  })
  passwordChangeRequired!: boolean;
}
