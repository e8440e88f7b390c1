import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import type { Role } from '@flotilla/prisma/client';
import { RoleEnum } from '../../auth/dto/user.object.js';

@ObjectType('TeamMember')
export class TeamMemberObject {
  @Field(() => ID) userId!: string;
  @Field(() => String) username!: string;
}

@ObjectType('TeamGrant', { description: 'A role on the clusters whose labels match clusterSelector, and on them the objects in namespaces.' })
export class TeamGrantObject {
  @Field(() => ID) id!: string;
  @Field(() => RoleEnum) role!: Role;
  @Field(() => String, { description: 'A Kubernetes label selector over cluster labels; empty: every cluster.' }) clusterSelector!: string;
  @Field(() => [String], { description: 'Empty: every namespace.' }) namespaces!: string[];
}

@ObjectType('Team', { description: "A group of users; each member holds the team's grants in addition to their own role." })
export class TeamObject {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => Date) createdAt!: Date;
  @Field(() => [TeamMemberObject], { description: 'By username.' }) members!: TeamMemberObject[];
  @Field(() => [TeamGrantObject], { description: 'Oldest first.' }) grants!: TeamGrantObject[];
}

@InputType('AddTeamGrantInput')
export class AddTeamGrantInput {
  @Field(() => ID) teamId!: string;
  @Field(() => RoleEnum) role!: Role;
  @Field(() => String, { nullable: true, description: 'e.g. `env=dev,region in (eu,us)`; omit or empty: every cluster.' }) clusterSelector?: string | null;
  @Field(() => [String], { nullable: true, description: 'Limits the grant to objects in these namespaces; omit or empty: every namespace.' })
  namespaces?: string[] | null;
}
