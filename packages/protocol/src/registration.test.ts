import { describe, expect, it } from 'vitest';
import { connectErrorDataSchema } from './messages/connection-end.js';
import { registrationErrorResponseSchema, registrationRequestSchema, registrationResponseSchema } from './registration.js';

describe('registration REST bodies', () => {
  it('accepts the contract request and response', () => {
    expect(registrationRequestSchema.safeParse({ token: 'flr_abc', agentVersion: '0.1.0' }).success).toBe(true);
    expect(registrationRequestSchema.safeParse({ token: 'flr_abc' }).success).toBe(true);
    const response = { clusterId: 'c1', clusterName: 'prod-eu', credential: 'flc_0123456789abcdefABCDEF-_' };
    expect(registrationResponseSchema.parse(response)).toEqual(response);
  });

  it('rejects an empty token and a credential of the wrong form', () => {
    expect(registrationRequestSchema.safeParse({ token: '' }).success).toBe(false);
    expect(registrationRequestSchema.safeParse({}).success).toBe(false);
    expect(registrationResponseSchema.safeParse({ clusterId: 'c', clusterName: 'n', credential: 'not-a-credential' }).success).toBe(false);
  });

  it('knows each 401 code and the 400 code', () => {
    for (const code of ['REGISTRATION_TOKEN_INVALID', 'REGISTRATION_TOKEN_EXPIRED', 'REGISTRATION_TOKEN_USED', 'BAD_REQUEST']) {
      expect(registrationErrorResponseSchema.safeParse({ error: { code, message: 'm' } }).success, code).toBe(true);
    }
    expect(registrationErrorResponseSchema.safeParse({ error: { code: 'NOPE', message: 'm' } }).success).toBe(false);
  });

  it('parses the connect_error data of a refused credential', () => {
    expect(connectErrorDataSchema.safeParse({ code: 'CREDENTIAL_REVOKED', message: 'revoked' }).success).toBe(true);
    expect(connectErrorDataSchema.safeParse({ code: 'CREDENTIAL_INVALID', message: 'unknown' }).success).toBe(true);
    expect(connectErrorDataSchema.safeParse({ message: 'xhr poll error' }).success).toBe(false);
  });
});
