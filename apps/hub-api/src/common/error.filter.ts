import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException } from '@nestjs/common';
import type { GqlContextType } from '@nestjs/graphql';
import type { Response } from 'express';
import { GraphQLError } from 'graphql';
import { DomainError, type DomainErrorCode } from './domain-error.js';
import type { JsonLogger } from './logger.js';

type GraphqlCode = 'UNAUTHENTICATED' | 'FORBIDDEN' | 'BAD_USER_INPUT' | 'NOT_FOUND' | 'CONFLICT' | 'AGENT_TIMEOUT' | 'AGENT_FAILED' | 'PROVIDER_FAILED';

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
    case 'ACCOUNT_DISABLED':
    case 'PASSWORD_CHANGE_REQUIRED':
    case 'CANNOT_DELETE_SELF':
    case 'TOKEN_ROLE_TOO_HIGH':
    case 'PROPOSAL_SELF_APPROVAL':
      return { graphql: 'FORBIDDEN', status: 403 };
    case 'TOO_MANY_ATTEMPTS':
    case 'TOO_MANY_FETCHES':
      return { graphql: 'FORBIDDEN', status: 429 };
    case 'BAD_USER_INPUT':
    case 'BAD_REQUEST':
    case 'CURRENT_PASSWORD_WRONG':
    case 'REVISION_PICKING_UNSUPPORTED':
      return { graphql: 'BAD_USER_INPUT', status: 400 };
    case 'SOURCE_FETCH_FAILED':
      return { graphql: 'BAD_USER_INPUT', status: 422 };
    case 'USER_NOT_FOUND':
    case 'TEAM_NOT_FOUND':
    case 'TEAM_GRANT_NOT_FOUND':
    case 'API_TOKEN_NOT_FOUND':
    case 'CLUSTER_NOT_FOUND':
    case 'SOURCE_NOT_FOUND':
    case 'PROVIDER_NOT_FOUND':
    case 'ALERT_NOT_FOUND':
    case 'RECEIVER_NOT_FOUND':
    case 'KUSTOMIZATION_NOT_FOUND':
    case 'FLEET_SYNC_NOT_FOUND':
    case 'FLUX_OBJECT_NOT_FOUND':
    case 'IMAGE_OBJECT_NOT_FOUND':
    case 'PROPOSAL_NOT_FOUND':
      return { graphql: 'NOT_FOUND', status: 404 };
    case 'USERNAME_TAKEN':
    case 'LAST_ADMIN':
    case 'CLUSTER_NAME_TAKEN':
    case 'NAME_TAKEN':
    case 'SOURCE_IN_USE':
    case 'MANAGED_BY_GIT':
    case 'NOT_MANAGED_BY_GIT':
    case 'PROVIDER_IN_USE':
    case 'AGENT_NOT_CONNECTED':
    case 'PROPOSAL_STATE':
    case 'PROPOSAL_OUTDATED':
    case 'NOT_PLACED':
      return { graphql: 'CONFLICT', status: 409 };
    case 'AGENT_TIMEOUT':
      return { graphql: 'AGENT_TIMEOUT', status: 504 };
    case 'AGENT_FAILED':
      return { graphql: 'AGENT_FAILED', status: 502 };
    case 'PROPOSAL_PROVIDER':
      return { graphql: 'PROVIDER_FAILED', status: 502 };
  }
}

/**
 * Errors that Express middleware raises for a bad request (body-parser's follow the http-errors convention:
 * a 4xx `status`, `expose: true`, a `type`), as the code and message the client gets.
 */
export function clientErrorOf(exception: unknown): { status: number; code: string; message: string } | undefined {
  if (typeof exception !== 'object' || exception === null) return undefined;
  const e = exception as { status?: unknown; expose?: unknown; type?: unknown; limit?: unknown; length?: unknown };
  if (typeof e.status !== 'number' || e.status < 400 || e.status >= 500 || e.expose !== true) return undefined;
  switch (e.type) {
    case 'entity.too.large':
      return {
        status: 413,
        code: 'PAYLOAD_TOO_LARGE',
        message: `the request body has ${typeof e.length === 'number' ? `${e.length} bytes` : 'more bytes than allowed'}; the limit is ${typeof e.limit === 'number' ? e.limit : '?'} bytes`,
      };
    case 'entity.parse.failed':
      return { status: 400, code: 'BAD_REQUEST', message: 'the request body is not valid JSON' };
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: 'send the body as UTF-8 JSON' };
    default:
      return { status: e.status, code: `HTTP_${e.status}`, message: exception instanceof Error ? exception.message : 'bad request' };
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
    const refused = clientErrorOf(exception);
    if (refused) {
      // The client's fault (a body too large or not JSON), already answered with a reason: no stack trace.
      this.log.warn('request refused', { status: refused.status, code: refused.code, method: host.switchToHttp().getRequest<{ method?: string }>().method });
      res.status(refused.status).json({ error: { code: refused.code, message: refused.message } });
      return undefined;
    }
    this.log.error('request failed', { error: exception instanceof Error ? (exception.stack ?? exception.message) : String(exception) });
    res.status(500).json({ error: { code: 'INTERNAL', message: 'internal error; see the hub log' } });
    return undefined;
  }
}
