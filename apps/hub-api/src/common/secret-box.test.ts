import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadOrCreateDevSecretKey, parseSecretKey, SecretBox, SecretBoxError } from './secret-box.js';

const key = () => randomBytes(32);
const plaintext = 'ghp_SuperSecretToken_1234567890';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(SecretBoxError);
    expect(String((err as Error).message)).not.toContain(plaintext);
    return (err as SecretBoxError).code;
  }
  return undefined;
}

describe(SecretBox.name, () => {
  it('round-trips, in the v1:<keyId>:<iv>:<tag>:<ct> base64url format, with a fresh iv each time', () => {
    const sut = new SecretBox({ current: key() });
    const a = sut.seal(plaintext);
    const b = sut.seal(plaintext);
    expect(a).toMatch(/^v1:[A-Za-z0-9_-]{8}:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain(plaintext);
    expect(sut.open(a)).toBe(plaintext);
    expect(sut.open(sut.seal(''))).toBe('');
    expect(sut.open(sut.seal('ünïcødé ✓'))).toBe('ünïcødé ✓');
  });

  it('tampering with any part fails with DECRYPT_FAILED or CIPHERTEXT_MALFORMED', () => {
    const sut = new SecretBox({ current: key() });
    const sealed = sut.seal(plaintext);
    const parts = sealed.split(':');
    const flip = (s: string) => (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
    for (const i of [2, 3, 4]) {
      const tampered = parts.map((p, j) => (j === i ? flip(p) : p)).join(':');
      expect(codeOf(() => sut.open(tampered))).toMatch(/DECRYPT_FAILED|CIPHERTEXT_MALFORMED/);
    }
    expect(codeOf(() => sut.open('garbage'))).toBe('CIPHERTEXT_MALFORMED');
    expect(codeOf(() => sut.open(sealed.replace(/^v1/, 'v2')))).toBe('CIPHERTEXT_MALFORMED');
  });

  it('a wrong key fails: UNKNOWN_KEY for another key id, DECRYPT_FAILED for a forged key id', () => {
    const sealed = new SecretBox({ current: key() }).seal(plaintext);
    const other = new SecretBox({ current: key() });
    expect(codeOf(() => other.open(sealed))).toBe('UNKNOWN_KEY');
    const forged = sealed.split(':').map((p, i) => (i === 1 ? other.keyId : p)).join(':');
    expect(codeOf(() => other.open(forged))).toBe('DECRYPT_FAILED');
  });

  it('binds the context: a value moved to another row does not open', () => {
    const sut = new SecretBox({ current: key() });
    const sealed = sut.seal(plaintext, 'source:1');
    expect(sut.open(sealed, 'source:1')).toBe(plaintext);
    expect(codeOf(() => sut.open(sealed, 'source:2'))).toBe('DECRYPT_FAILED');
  });

  it('rotation: the new box opens old values and reports they need re-sealing', () => {
    const oldKey = key();
    const sealed = new SecretBox({ current: oldKey }).seal(plaintext);
    const rotated = new SecretBox({ current: key(), previous: [oldKey] });
    expect(rotated.open(sealed)).toBe(plaintext);
    expect(rotated.needsReseal(sealed)).toBe(true);
    expect(rotated.needsReseal(rotated.seal(plaintext))).toBe(false);
  });

  it('config keys must be base64 of exactly 32 bytes; the message does not echo the value', () => {
    const good = randomBytes(32).toString('base64');
    expect(SecretBox.fromBase64(good).open(SecretBox.fromBase64(good).seal('x'))).toBe('x');
    expect(parseSecretKey(randomBytes(32).toString('base64url'))).toHaveLength(32);
    const short = randomBytes(16).toString('base64');
    expect(() => parseSecretKey(short)).toThrow(/32 bytes \(got 16\)/);
    try {
      parseSecretKey(short);
    } catch (err) {
      expect((err as Error).message).not.toContain(short);
    }
    expect(() => parseSecretKey('not base64 !!')).toThrow(SecretBoxError);
  });
});

describe(loadOrCreateDevSecretKey.name, () => {
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  });

  it('generates a key once (mode 0600) and returns the same key afterwards; the env wins', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'secret-box-'));
    dirs.push(dir);
    const first = await loadOrCreateDevSecretKey(dir, {});
    expect(parseSecretKey(first)).toHaveLength(32);
    expect(await loadOrCreateDevSecretKey(dir, {})).toBe(first);
    expect((await stat(path.join(dir, 'secret.key'))).mode & 0o777).toBe(0o600);
    expect((await readFile(path.join(dir, 'secret.key'), 'utf8')).trim()).toBe(first);
    const envKey = randomBytes(32).toString('base64');
    expect(await loadOrCreateDevSecretKey(dir, { FLOTILLA_SECRET_KEY: envKey })).toBe(envKey);
  });
});
