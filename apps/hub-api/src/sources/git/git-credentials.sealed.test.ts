import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SecretBox } from '../../common/secret-box.js';
import { openGitSecret, sealGitSecret } from './git-credentials.sealed.js';

const box = new SecretBox({ current: randomBytes(32) });

describe('sealed git credentials', () => {
  it('round-trips basic and bearer credentials bound to their source', () => {
    const basic = { username: 'bot', password: 'pa55-word' };
    const sealed = sealGitSecret(box, { auth: basic }, 'source:1');
    expect(sealed).not.toContain('pa55-word');
    expect(openGitSecret(box, sealed, 'source:1')).toEqual({ auth: basic });
    expect(openGitSecret(box, sealGitSecret(box, { auth: { bearerToken: 't0k' } }, 'source:2'), 'source:2')).toEqual({ auth: { bearerToken: 't0k' } });
  });

  it('a value from another source or of another shape does not open, and says nothing secret', () => {
    const sealed = sealGitSecret(box, { auth: { username: 'bot', password: 'pa55-word' } }, 'source:1');
    expect(() => openGitSecret(box, sealed, 'source:2')).toThrow(expect.objectContaining({ code: 'DECRYPT_FAILED' }));
    const odd = box.seal(JSON.stringify({ token: 'pa55-word' }), 'source:3');
    try {
      openGitSecret(box, odd, 'source:3');
      expect.unreachable();
    } catch (err) {
      expect(err).toMatchObject({ code: 'CIPHERTEXT_MALFORMED' });
      expect((err as Error).message).not.toContain('pa55-word');
    }
  });

  it('a CA certificate (Flux’s ca.crt) is sealed with the credentials or alone; values sealed before CAs existed still open', () => {
    const caCert = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    const both = sealGitSecret(box, { auth: { username: 'bot', password: 'pa55-word' }, caCert }, 'source:4');
    expect(both).not.toContain('pa55-word');
    expect(openGitSecret(box, both, 'source:4')).toEqual({ auth: { username: 'bot', password: 'pa55-word' }, caCert });
    expect(openGitSecret(box, sealGitSecret(box, { caCert }, 'source:5'), 'source:5')).toEqual({ caCert });
    expect(openGitSecret(box, box.seal(JSON.stringify({ bearerToken: 't0k' }), 'source:6'), 'source:6')).toEqual({ auth: { bearerToken: 't0k' } });
    for (const odd of [{}, { caCert: 7 }, { caCert, token: 'pa55-word' }, []]) {
      const sealed = box.seal(JSON.stringify(odd), 'source:7');
      expect(() => openGitSecret(box, sealed, 'source:7')).toThrow(expect.objectContaining({ code: 'CIPHERTEXT_MALFORMED' }));
    }
  });
});
