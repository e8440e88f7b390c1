import { type CanActivate, type ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { Role } from '@flotilla/prisma/client';
import { DomainError } from '../common/domain-error.js';
import { roleAtLeast } from './actor.js';
import type { HubRequest } from './http-request.js';

const ROLE_KEY = 'flotilla:role';
/** The least role a resolver method needs; every resolver method must carry one (the guard refuses otherwise). */
export const RequireRole = (role: Role): MethodDecorator & ClassDecorator => SetMetadata(ROLE_KEY, role);

export function requestOf(context: ExecutionContext): HubRequest {
  if (context.getType<string>() === 'graphql') {
    return GqlExecutionContext.create(context).getContext<{ req: HubRequest }>().req;
  }
  return context.switchToHttp().getRequest<HubRequest>();
}

/** Checks the role on every resolver call; sits on each resolver class. */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const needed = this.reflector.getAllAndOverride<Role | undefined>(ROLE_KEY, [context.getHandler(), context.getClass()]);
    if (!needed) throw new DomainError('FORBIDDEN', 'this operation declares no role and is refused');
    const actor = requestOf(context).actor;
    if (!actor) throw new DomainError('UNAUTHENTICATED', 'log in or send an API token');
    if (!roleAtLeast(actor.role, needed)) {
      throw new DomainError('FORBIDDEN', `this needs the ${needed.toLowerCase()} role; you are ${actor.role.toLowerCase()}`);
    }
    return true;
  }
}
