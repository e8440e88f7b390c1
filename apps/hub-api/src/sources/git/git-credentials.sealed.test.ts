import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SecretBox } from '../../common/secret-box.js';
import { openGitCredentials, sealGitCredentials } from './git-credentials.sealed.js';

const box = new SecretBox({ current: randomBytes(32) });

describe('sealed git credentials', () => {
  it('round-trips basic and bearer credentials bound to their source', () => {
    const basic = { username: 'bot', password: 'pa55-word' };
    const sealed = sealGitCredentials(box, basic, 'source:1');
    expect(sealed).not.toContain('pa55-word');
    expect(openGitCredentials(box, sealed, 'source:1')).toEqual(basic);
    expect(openGitCredentials(box, sealGitCredentials(box, { bearerToken: 't0k' }, 'source:2'), 'source:2')).toEqual({ bearerToken: 't0k' });
  });

  it('a value from another source or of another shape does not open, and says nothing secret', () => {
    const sealed = sealGitCredentials(box, { username: 'bot', password: 'pa55-word' }, 'source:1');
    expect(() => openGitCredentials(box, sealed, 'source:2')).toThrow(expect.objectContaining({ code: 'DECRYPT_FAILED' }));
    const odd = box.seal(JSON.stringify({ token: 'pa55-word' }), 'source:3');
    try {
      openGitCredentials(box, odd, 'source:3');
      expect.unreachable();
    } catch (err) {
      expect(err).toMatchObject({ code: 'CIPHERTEXT_MALFORMED' });
      expect((err as Error).message).not.toContain('pa55-word');
    }
  });
});
