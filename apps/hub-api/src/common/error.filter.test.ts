import { describe, expect, it } from 'vitest';
import { classify } from './error.filter.js';

describe(classify.name, () => {
  it.each([
    ['UNAUTHENTICATED', 'UNAUTHENTICATED', 401],
    ['INVALID_CREDENTIALS', 'UNAUTHENTICATED', 401],
    ['REGISTRATION_TOKEN_EXPIRED', 'UNAUTHENTICATED', 401],
    ['FORBIDDEN', 'FORBIDDEN', 403],
    ['CSRF_TOKEN_INVALID', 'FORBIDDEN', 403],
    ['BAD_USER_INPUT', 'BAD_USER_INPUT', 400],
    ['CLUSTER_NOT_FOUND', 'NOT_FOUND', 404],
    ['CLUSTER_NAME_TAKEN', 'CONFLICT', 409],
  ] as const)('%s → GraphQL %s, HTTP %i', (code, graphql, status) => {
    expect(classify(code)).toEqual({ graphql, status });
  });
});
