import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { DomainError } from '../common/domain-error.js';
import type { Actor, RequestOrigin } from './actor.js';
import { originOf } from './http-request.js';
import { requestOf } from './roles.guard.js';

export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const actor = requestOf(context).actor;
  if (!actor) throw new DomainError('UNAUTHENTICATED', 'log in or send an API token');
  return actor;
});

export const Origin = createParamDecorator(
  (_data: unknown, context: ExecutionContext): RequestOrigin => originOf(requestOf(context)),
);
