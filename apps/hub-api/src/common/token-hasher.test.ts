import { describe, expect, it } from 'vitest';
import { TokenHasher } from './token-hasher.js';
import { IdGenerator } from './id-generator.js';

describe(TokenHasher.name, () => {
  const sut = new TokenHasher();

  it('verifies the right password and refuses a wrong one or a malformed hash', async () => {
    const hash = await sut.hashPassword('correct horse');
    expect(hash).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/);
    expect(hash).not.toContain('correct horse');
    expect(await sut.verifyPassword('correct horse', hash)).toBe(true);
    expect(await sut.verifyPassword('correct horsE', hash)).toBe(false);
    expect(await sut.verifyPassword('correct horse', 'plain')).toBe(false);
    expect(await sut.verifyPassword('correct horse', hash.replace('scrypt', 'bcrypt'))).toBe(false);
  });

  it('salts: the same password hashes differently each time', async () => {
    expect(await sut.hashPassword('x')).not.toBe(await sut.hashPassword('x'));
  });

  it('hashes tokens deterministically (lookup by hash) without revealing them', () => {
    const token = new IdGenerator().secret('flc');
    expect(token).toMatch(/^flc_[A-Za-z0-9_-]{43}$/);
    expect(sut.hashToken(token)).toBe(sut.hashToken(token));
    expect(sut.hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
  });
});
