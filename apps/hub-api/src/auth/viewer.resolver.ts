import { UseGuards } from '@nestjs/common';
import { Query, Resolver } from '@nestjs/graphql';
import type { Actor } from './actor.js';
import { CurrentActor } from './current-actor.decorator.js';
import { UserObject } from './dto/user.object.js';
import { RequireRole, RolesGuard } from './roles.guard.js';

@Resolver(() => UserObject)
@UseGuards(RolesGuard)
export class ViewerResolver {
  @Query(() => UserObject, { description: 'The logged-in user.' })
  @RequireRole('VIEWER')
  viewer(@CurrentActor() actor: Actor): UserObject {
    return { id: actor.userId, username: actor.username, role: actor.role };
  }
}
