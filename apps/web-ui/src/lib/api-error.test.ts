import { describe, expect, it } from 'vitest';
import { ApiError, describeError, errorFromBody } from './api-error';
import { readCookie } from './csrf';

describe('errorFromBody', () => {
  it('reads the REST shape {error:{code,message}}', () => {
    const e = errorFromBody(
      { error: { code: 'INVALID_CREDENTIALS', message: 'Invalid username or password.' } },
      401,
    );
    expect(e).toMatchObject({
      code: 'INVALID_CREDENTIALS',
      message: 'Invalid username or password.',
      status: 401,
    });
  });
  it('reads GraphQL extensions.code and extensions.field', () => {
    const e = errorFromBody(
      { errors: [{ message: 'Name taken', extensions: { code: 'BAD_USER_INPUT', field: 'clusterName' } }] },
      200,
    );
    expect(e).toMatchObject({ code: 'BAD_USER_INPUT', field: 'clusterName', message: 'Name taken' });
  });
  it('falls back to the HTTP status when the body says nothing', () => {
    expect(errorFromBody(undefined, 401).code).toBe('UNAUTHENTICATED');
    expect(errorFromBody('<html>', 502)).toMatchObject({
      code: 'INTERNAL',
      message: 'The hub answered with HTTP 502.',
    });
  });
});

describe('describeError', () => {
  it('explains FORBIDDEN in terms of the role', () => {
    expect(describeError(new ApiError('FORBIDDEN', 'Forbidden resource'))).toMatch(/role/);
  });
  it('keeps specific hub messages', () => {
    expect(describeError(new ApiError('NOT_FOUND', 'Cluster c9 not found'))).toBe('Cluster c9 not found');
  });
});

describe('readCookie', () => {
  it('finds a cookie among others and decodes it', () => {
    expect(readCookie('flotilla_csrf', 'a=1; flotilla_csrf=x%2By; b=2')).toBe('x+y');
    expect(readCookie('flotilla_csrf', 'a=1')).toBeUndefined();
  });
});
