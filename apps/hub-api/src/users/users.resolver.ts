import { UseGuards } from '@nestjs/common';
import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Role } from '@flotilla/prisma/client';
import type { Actor, RequestOrigin } from '../auth/actor.js';
import { CurrentActor, Origin } from '../auth/current-actor.decorator.js';
import { RoleEnum } from '../auth/dto/user.object.js';
import { RequireRole, RolesGuard } from '../auth/roles.guard.js';
import { CreateUserInput, UserAccountObject, UserWithPasswordObject } from './dto/user-account.object.js';
import { UsersService } from './users.service.js';

@Resolver(() => UserAccountObject)
@UseGuards(RolesGuard)
@RequireRole('ADMIN')
export class UsersResolver {
  constructor(private readonly service: UsersService) {}

  @Query(() => [UserAccountObject], { description: 'Every user, by username.' })
  users(@CurrentActor() actor: Actor): Promise<UserAccountObject[]> {
    return this.service.list(actor);
  }

  @Mutation(() => UserWithPasswordObject, { description: 'A new user; without `password` the hub generates one, shown once.' })
  createUser(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Args('input', { type: () => CreateUserInput }) input: CreateUserInput,
  ): Promise<UserWithPasswordObject> {
    return this.service.create(actor, origin, input);
  }

  @Mutation(() => UserAccountObject, { description: 'Their own role on the whole fleet; null leaves them only what their teams grant. Refused for the last enabled admin (LAST_ADMIN).' })
  setUserRole(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Args('userId', { type: () => ID }) userId: string,
    @Args('role', { type: () => RoleEnum, nullable: true }) role: Role | null,
  ): Promise<UserAccountObject> {
    return this.service.setRole(actor, origin, userId, role);
  }

  @Mutation(() => UserAccountObject, { description: 'Ends their sessions; their API tokens are refused until enabled again. Refused for the last enabled admin.' })
  disableUser(@CurrentActor() actor: Actor, @Origin() origin: RequestOrigin, @Args('userId', { type: () => ID }) userId: string): Promise<UserAccountObject> {
    return this.service.disable(actor, origin, userId);
  }

  @Mutation(() => UserAccountObject)
  enableUser(@CurrentActor() actor: Actor, @Origin() origin: RequestOrigin, @Args('userId', { type: () => ID }) userId: string): Promise<UserAccountObject> {
    return this.service.enable(actor, origin, userId);
  }

  @Mutation(() => UserWithPasswordObject, { description: 'A new generated password, shown once; the user\'s sessions end.' })
  resetUserPassword(@CurrentActor() actor: Actor, @Origin() origin: RequestOrigin, @Args('userId', { type: () => ID }) userId: string): Promise<UserWithPasswordObject> {
    return this.service.resetPassword(actor, origin, userId);
  }

  @Mutation(() => ID, { description: 'Deletes the user, their sessions and API tokens; audit entries keep the name. Not yourself, not the last enabled admin.' })
  deleteUser(@CurrentActor() actor: Actor, @Origin() origin: RequestOrigin, @Args('userId', { type: () => ID }) userId: string): Promise<string> {
    return this.service.delete(actor, origin, userId);
  }
}
