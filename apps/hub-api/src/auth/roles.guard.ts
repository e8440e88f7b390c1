import { type CanActivate, type ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { Role } from '@flotilla/prisma/client';
import { DomainError } from '../common/domain-error.js';
import { fleetRole, highestRole } from './access.js';
import { roleAtLeast, type Actor } from './actor.js';
import type { HubRequest } from './http-request.js';

/**
 * Where the role must be held:
 * - `fleet`: on the whole fleet (own role or a team grant without selector and namespaces); definitions,
 *   users, the audit log.
 * - `scoped`: somewhere; the service then reads and acts only within the actor's scope (AccessService).
 * - `self`: any signed-in user, on their own account only (who they are, their password and API tokens).
 */
export type RoleScope = 'fleet' | 'scoped' | 'self';
export interface RoleRequirement {
  role: Role;
  scope: RoleScope;
}

export const ROLE_KEY = 'flotilla:role';
const PASSWORD_CHANGE_KEY = 'flotilla:allow-while-password-change-required';
/** The least role a resolver method needs and where; every resolver method must carry one (the guard refuses otherwise). */
export const RequireRole = (role: Role, scope: RoleScope = 'fleet'): MethodDecorator & ClassDecorator =>
  SetMetadata(ROLE_KEY, { role, scope } satisfies RoleRequirement);
/** Marks what a session may do before its user has replaced a generated password: see who they are, change it. */
export const AllowWhilePasswordChangeRequired = (): MethodDecorator => SetMetadata(PASSWORD_CHANGE_KEY, true);

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
    const needed = this.reflector.getAllAndOverride<RoleRequirement | undefined>(ROLE_KEY, [context.getHandler(), context.getClass()]);
    if (!needed) throw new DomainError('FORBIDDEN', 'this operation declares no role and is refused');
    const actor = requestOf(context).actor;
    if (!actor) throw new DomainError('UNAUTHENTICATED', 'log in or send an API token');
    if (actor.passwordChangeRequired && !this.reflector.get<boolean | undefined>(PASSWORD_CHANGE_KEY, context.getHandler())) {
      throw new DomainError('PASSWORD_CHANGE_REQUIRED', 'choose your own password first (changeOwnPassword); the one you signed in with was generated');
    }
    requireRole(actor, needed);
    return true;
  }
}

/**
 * FORBIDDEN unless `actor` holds the role where `needed` says: the guard's check, also for a mutation whose
 * role depends on its arguments (it declares the least of them and checks the rest with this).
 */
export function requireRole(actor: Actor, needed: RoleRequirement): void {
  if (needed.scope === 'self') return;
  const held = needed.scope === 'fleet' ? fleetRole(actor) : highestRole(actor);
  if (!roleAtLeast(held, needed.role)) {
    const where = needed.scope === 'fleet' ? ' on the whole fleet' : '';
    throw new DomainError('FORBIDDEN', `this needs the ${needed.role.toLowerCase()} role${where}; you have ${held?.toLowerCase() ?? 'none'}${where}`);
  }
}
