import { describe, expect, it } from 'vitest';
import { classify } from './error.filter.js';

describe(classify.name, () => {
  it.each([
    ['UNAUTHENTICATED', 'UNAUTHENTICATED', 401],
    ['INVALID_CREDENTIALS', 'UNAUTHENTICATED', 401],
    ['REGISTRATION_TOKEN_EXPIRED', 'UNAUTHENTICATED', 401],
    ['FORBIDDEN', 'FORBIDDEN', 403],
    ['CSRF_TOKEN_INVALID', 'FORBIDDEN', 403],
    ['TOO_MANY_ATTEMPTS', 'FORBIDDEN', 429],
    ['BAD_USER_INPUT', 'BAD_USER_INPUT', 400],
    ['CLUSTER_NOT_FOUND', 'NOT_FOUND', 404],
    ['CLUSTER_NAME_TAKEN', 'CONFLICT', 409],
  ] as const)('%s → GraphQL %s, HTTP %i', (code, graphql, status) => {
    expect(classify(code)).toEqual({ graphql, status });
  });
});

describe('HubErrorFilter', () => {
  it('hides unexpected errors from GraphQL clients and logs them', async () => {
    const { HubErrorFilter } = await import('./error.filter.js');
    const { JsonLogger } = await import('./logger.js');
    const logged: string[] = [];
    const log = new (class extends JsonLogger {
      override error(msg: string, fields?: Record<string, unknown>): void {
        logged.push(`${msg} ${String(fields?.error)}`);
      }
    })('silent');
    const host = { getType: () => 'graphql' } as never;
    const out = new HubErrorFilter(log).catch(new Error('connect ECONNREFUSED postgres://user:pw@db'), host) as { message: string; extensions: { code: string } };
    expect(out.message).not.toContain('postgres');
    expect(out.extensions.code).toBe('INTERNAL_SERVER_ERROR');
    expect(logged[0]).toContain('ECONNREFUSED');
  });
});
