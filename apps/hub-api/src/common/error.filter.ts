import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException } from '@nestjs/common';
import type { GqlContextType } from '@nestjs/graphql';
import type { Response } from 'express';
import { GraphQLError } from 'graphql';
import { DomainError, type DomainErrorCode } from './domain-error.js';
import type { JsonLogger } from './logger.js';

type GraphqlCode = 'UNAUTHENTICATED' | 'FORBIDDEN' | 'BAD_USER_INPUT' | 'NOT_FOUND' | 'CONFLICT';

/** The one place domain codes become GraphQL codes and HTTP statuses. Exhaustive: a new code fails typecheck here. */
export function classify(code: DomainErrorCode): { graphql: GraphqlCode; status: number } {
  switch (code) {
    case 'UNAUTHENTICATED':
    case 'INVALID_CREDENTIALS':
    case 'REGISTRATION_TOKEN_INVALID':
    case 'REGISTRATION_TOKEN_EXPIRED':
    case 'REGISTRATION_TOKEN_USED':
      return { graphql: 'UNAUTHENTICATED', status: 401 };
    case 'FORBIDDEN':
    case 'CSRF_TOKEN_INVALID':
      return { graphql: 'FORBIDDEN', status: 403 };
    case 'TOO_MANY_ATTEMPTS':
      return { graphql: 'FORBIDDEN', status: 429 };
    case 'BAD_USER_INPUT':
    case 'BAD_REQUEST':
      return { graphql: 'BAD_USER_INPUT', status: 400 };
    case 'CLUSTER_NOT_FOUND':
    case 'SOURCE_NOT_FOUND':
    case 'KUSTOMIZATION_NOT_FOUND':
      return { graphql: 'NOT_FOUND', status: 404 };
    case 'CLUSTER_NAME_TAKEN':
    case 'NAME_TAKEN':
    case 'SOURCE_IN_USE':
      return { graphql: 'CONFLICT', status: 409 };
  }
}

@Catch()
export class HubErrorFilter implements ExceptionFilter {
  constructor(private readonly log: JsonLogger) {}

  catch(exception: unknown, host: ArgumentsHost): unknown {
    if (host.getType<GqlContextType>() === 'graphql') {
      if (exception instanceof DomainError) {
        const { graphql } = classify(exception.code);
        return new GraphQLError(exception.message, {
          extensions: { code: graphql, reason: exception.code, ...(exception.field ? { field: exception.field } : {}) },
        });
      }
      if (exception instanceof GraphQLError) return exception;
      // Unexpected failures (database, bugs) are logged here and reach the client without their details.
      this.log.error('graphql resolver failed', { error: exception instanceof Error ? (exception.stack ?? exception.message) : String(exception) });
      return new GraphQLError('internal error; see the hub log', { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    }
    const res = host.switchToHttp().getResponse<Response>();
    if (exception instanceof DomainError) {
      res.status(classify(exception.code).status).json({ error: { code: exception.code, message: exception.message } });
      return undefined;
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      res.status(status).json({ error: { code: status === 400 ? 'BAD_REQUEST' : `HTTP_${status}`, message: exception.message } });
      return undefined;
    }
    this.log.error('request failed', { error: exception instanceof Error ? (exception.stack ?? exception.message) : String(exception) });
    res.status(500).json({ error: { code: 'INTERNAL', message: 'internal error; see the hub log' } });
    return undefined;
  }
}
