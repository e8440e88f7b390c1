import { describe, expect, it } from 'vitest';
import { sha256Digest, verifyContent } from './digest.js';
import { parseChallenge, registryBaseUrl } from './session.js';

describe('verifyContent', () => {
  const data = Buffer.from('hello');
  it('accepts bytes that hash to their digest', () => {
    expect(() => verifyContent(data, sha256Digest(data), 'blob', 5)).not.toThrow();
  });
  it('rejects altered bytes, wrong sizes and unknown algorithms', () => {
    expect(() => verifyContent(Buffer.from('hellO'), sha256Digest(data), 'blob')).toThrow(
      expect.objectContaining({ code: 'DIGEST_MISMATCH' }),
    );
    expect(() => verifyContent(data, sha256Digest(data), 'blob', 6)).toThrow(
      expect.objectContaining({ code: 'SIZE_MISMATCH' }),
    );
    expect(() => verifyContent(data, 'sha512:abc', 'blob')).toThrow(
      expect.objectContaining({ code: 'DIGEST_UNSUPPORTED' }),
    );
  });
});

describe('parseChallenge', () => {
  it('reads a distribution Bearer challenge', () => {
    expect(
      parseChallenge(
        'Bearer realm="https://auth.example/token",service="registry.example",scope="repository:a/b:pull,push"',
      ),
    ).toEqual({
      scheme: 'bearer',
      params: {
        realm: 'https://auth.example/token',
        service: 'registry.example',
        scope: 'repository:a/b:pull,push',
      },
    });
  });
  it('reads a Basic challenge', () => {
    expect(parseChallenge('Basic realm="x"')).toEqual({ scheme: 'basic', params: { realm: 'x' } });
  });
});

describe('registryBaseUrl', () => {
  it('uses http only for loopback hosts', () => {
    expect(registryBaseUrl('127.0.0.1:5000')).toBe('http://127.0.0.1:5000');
    expect(registryBaseUrl('localhost:5000')).toBe('http://localhost:5000');
    expect(registryBaseUrl('ghcr.io')).toBe('https://ghcr.io');
    expect(registryBaseUrl('http://10.0.0.1:5000/')).toBe('http://10.0.0.1:5000');
  });
  it('uses http for any host when insecure, and https on loopback when given TLS material', () => {
    expect(registryBaseUrl('registry.internal:5000', true)).toBe('http://registry.internal:5000');
    expect(registryBaseUrl('127.0.0.1:5000', false, true)).toBe('https://127.0.0.1:5000');
  });
});
