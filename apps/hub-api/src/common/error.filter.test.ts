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

describe('clientErrorOf', () => {
  it("turns body-parser's client errors into a status and a message, and leaves other errors alone", async () => {
    const { clientErrorOf } = await import('./error.filter.js');
    const tooLarge = Object.assign(new Error('request entity too large'), { status: 413, expose: true, type: 'entity.too.large', limit: 1_048_576, length: 5_000_000 });
    expect(clientErrorOf(tooLarge)).toEqual({ status: 413, code: 'PAYLOAD_TOO_LARGE', message: 'the request body has 5000000 bytes; the limit is 1048576 bytes' });
    const notJson = Object.assign(new SyntaxError('Unexpected end of JSON input'), { status: 400, expose: true, type: 'entity.parse.failed' });
    expect(clientErrorOf(notJson)).toMatchObject({ status: 400, code: 'BAD_REQUEST' });
    expect(clientErrorOf(new Error('database down'))).toBeUndefined();
    expect(clientErrorOf(Object.assign(new Error('boom'), { status: 500, expose: false }))).toBeUndefined();
  });
});
