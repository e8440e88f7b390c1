import { UseGuards } from '@nestjs/common';
import { Args, Mutation, Resolver } from '@nestjs/graphql';
import type { Actor, RequestOrigin } from './actor.js';
import { AuthService } from './auth.service.js';
import { CurrentActor, Origin } from './current-actor.decorator.js';
import { CreateApiTokenInput, CreatedApiTokenObject } from './dto/api-token.object.js';
import { RequireRole, RolesGuard } from './roles.guard.js';

@Resolver(() => CreatedApiTokenObject)
@UseGuards(RolesGuard)
export class ApiTokensResolver {
  constructor(private readonly auth: AuthService) {}

  @Mutation(() => CreatedApiTokenObject, { description: 'An API token for scripts, with the caller\'s own role.' })
  @RequireRole('VIEWER')
  createApiToken(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Args('input', { type: () => CreateApiTokenInput }) input: CreateApiTokenInput,
  ): Promise<CreatedApiTokenObject> {
    return this.auth.issueApiToken(actor, origin, input);
  }
}
