import { UseGuards } from '@nestjs/common';
import { Args, Field, InputType, Mutation, Query, Resolver } from '@nestjs/graphql';
import { highestRole } from './access.js';
import type { Actor, RequestOrigin } from './actor.js';
import { AuthService } from './auth.service.js';
import { CurrentActor, Origin } from './current-actor.decorator.js';
import { UserObject } from './dto/user.object.js';
import { AllowWhilePasswordChangeRequired, RequireRole, RolesGuard } from './roles.guard.js';

@InputType('ChangeOwnPasswordInput')
export class ChangeOwnPasswordInput {
  @Field(() => String) currentPassword!: string;
  @Field(() => String, { description: '8 to 1024 characters, not the username.' }) newPassword!: string;
}

/** The logged-in user as the UI sees them (the GraphQL viewer and the login answer). */
export const viewerOf = (actor: Actor): UserObject => ({
  id: actor.userId,
  username: actor.username,
  role: actor.role,
  highestRole: highestRole(actor),
  passwordChangeRequired: actor.passwordChangeRequired ?? false,
});

@Resolver(() => UserObject)
@UseGuards(RolesGuard)
export class ViewerResolver {
  constructor(private readonly auth: AuthService) {}

  @Query(() => UserObject, { description: 'The logged-in user.' })
  @RequireRole('VIEWER', 'self')
  @AllowWhilePasswordChangeRequired()
  viewer(@CurrentActor() actor: Actor): UserObject {
    return viewerOf(actor);
  }

  @Mutation(() => Boolean, { description: 'Sets your own password (the current one is required); your other sessions end.' })
  @RequireRole('VIEWER', 'self')
  @AllowWhilePasswordChangeRequired()
  async changeOwnPassword(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Args('input', { type: () => ChangeOwnPasswordInput }) input: ChangeOwnPasswordInput,
  ): Promise<boolean> {
    await this.auth.changeOwnPassword(actor, origin, input.currentPassword, input.newPassword);
    return true;
  }
}
