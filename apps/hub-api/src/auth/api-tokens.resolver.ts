import { UseGuards } from '@nestjs/common';
import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Actor, RequestOrigin } from './actor.js';
import { ApiTokensService } from './api-tokens.service.js';
import { CurrentActor, Origin } from './current-actor.decorator.js';
import { ApiTokenObject, CreateApiTokenInput, CreatedApiTokenObject } from './dto/api-token.object.js';
import { RequireRole, RolesGuard } from './roles.guard.js';

@Resolver(() => ApiTokenObject)
@UseGuards(RolesGuard)
export class ApiTokensResolver {
  constructor(private readonly tokens: ApiTokensService) {}

  @Query(() => [ApiTokenObject], { description: "The caller's API tokens, newest first; admins may pass `userId` or `all: true`." })
  @RequireRole('VIEWER', 'self')
  apiTokens(
    @CurrentActor() actor: Actor,
    @Args('userId', { type: () => ID, nullable: true }) userId: string | null,
    @Args('all', { type: () => Boolean, nullable: true }) all: boolean | null,
  ): Promise<ApiTokenObject[]> {
    return this.tokens.list(actor, { userId, all });
  }

  @Mutation(() => CreatedApiTokenObject, { description: "An API token for scripts, with the caller's role or a lower one." })
  @RequireRole('VIEWER', 'self')
  createApiToken(
    @CurrentActor() actor: Actor,
    @Origin() origin: RequestOrigin,
    @Args('input', { type: () => CreateApiTokenInput }) input: CreateApiTokenInput,
  ): Promise<CreatedApiTokenObject> {
    return this.tokens.issue(actor, origin, input);
  }

  @Mutation(() => ApiTokenObject, { description: 'Revokes one of your API tokens (any, for admins); it is refused from the next request on.' })
  @RequireRole('VIEWER', 'self')
  revokeApiToken(@CurrentActor() actor: Actor, @Origin() origin: RequestOrigin, @Args('id', { type: () => ID }) id: string): Promise<ApiTokenObject> {
    return this.tokens.revoke(actor, origin, id);
  }
}
