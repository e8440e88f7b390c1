import { describe, expect, it } from 'vitest';
import { tlsFailureMessage } from './tls-failure.js';

describe('tlsFailureMessage', () => {
  it('a certificate no trusted CA signed reads as Go’s x509 unknown authority, with Node’s words after it, also when it is the cause of a fetch failure', () => {
    const self = Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    expect(tlsFailureMessage(self)).toBe('tls: failed to verify certificate: x509: certificate signed by unknown authority (self-signed certificate)');
    const fetchFailed = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('unable to verify the first certificate'), { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' }) });
    expect(tlsFailureMessage(fetchFailed)).toBe('tls: failed to verify certificate: x509: certificate signed by unknown authority (unable to verify the first certificate)');
  });

  it('an expired certificate and a wrong host name are TLS failures too; any other error is none', () => {
    expect(tlsFailureMessage(Object.assign(new Error('certificate has expired'), { code: 'CERT_HAS_EXPIRED' }))).toMatch(/^tls: failed to verify certificate: x509: certificate has expired or is not yet valid/);
    expect(tlsFailureMessage(Object.assign(new Error("Hostname/IP does not match certificate's altnames"), { code: 'ERR_TLS_CERT_ALTNAME_INVALID' }))).toMatch(/^tls: failed to verify certificate: Hostname/);
    expect(tlsFailureMessage(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }))).toBeUndefined();
    expect(tlsFailureMessage('not an error')).toBeUndefined();
  });
});
