import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { makeTempDir } from '@flotilla/testenv';
import { openSshPublicKey, isEncryptedPrivateKey } from '@flotilla/git-source';
import { generateSshKey, type SshKeygenOptions } from './ssh-keygen.js';

const run = promisify(execFile);

// Each generated key is read back by OpenSSH's own ssh-keygen: it must load the private key (ssh-keygen -y
// prints the public key it derives from it) and agree with the public line written beside it.
describe('generateSshKey: flux bootstrap’s deploy key in OpenSSH format', () => {
  const cases: [string, SshKeygenOptions, RegExp, string][] = [
    ['ecdsa p384 (flux’s default: --ssh-key-algorithm ecdsa --ssh-ecdsa-curve p384)', { algorithm: 'ecdsa', curve: 'p384', rsaBits: 2048 }, /^ecdsa-sha2-nistp384 /, '384'],
    ['ecdsa p256', { algorithm: 'ecdsa', curve: 'p256', rsaBits: 2048 }, /^ecdsa-sha2-nistp256 /, '256'],
    ['ecdsa p521', { algorithm: 'ecdsa', curve: 'p521', rsaBits: 2048 }, /^ecdsa-sha2-nistp521 /, '521'],
    ['rsa 2048 (flux’s --ssh-rsa-bits default)', { algorithm: 'rsa', curve: 'p384', rsaBits: 2048 }, /^ssh-rsa /, '2048'],
    ['rsa 3072', { algorithm: 'rsa', curve: 'p384', rsaBits: 3072 }, /^ssh-rsa /, '3072'],
    ['ed25519', { algorithm: 'ed25519', curve: 'p384', rsaBits: 2048 }, /^ssh-ed25519 /, '256'],
  ];
  for (const [name, options, type, bits] of cases) {
    it(`${name}: ssh-keygen loads it and derives the same public key; unencrypted; the size is the one asked for`, async () => {
      const key = generateSshKey(options, 'flotilla');
      expect(key.identityPub).toMatch(type);
      expect(key.identity).toMatch(/^-----BEGIN OPENSSH PRIVATE KEY-----\n[\s\S]+\n-----END OPENSSH PRIVATE KEY-----\n$/);
      expect(isEncryptedPrivateKey(key.identity)).toBe(false);
      expect(openSshPublicKey(key.identity)).toBe(key.identityPub);
      const dir = await makeTempDir('keygen');
      const file = path.join(dir, 'id');
      await writeFile(file, key.identity, { mode: 0o600 });
      const derived = (await run('ssh-keygen', ['-y', '-f', file])).stdout.trim().split(/\s+/).slice(0, 2).join(' ');
      expect(derived).toBe(key.identityPub);
      expect((await run('ssh-keygen', ['-l', '-f', file])).stdout.split(' ')[0]).toBe(bits);
    });
  }

  it('two keys are never the same', () => {
    const o: SshKeygenOptions = { algorithm: 'ecdsa', curve: 'p384', rsaBits: 2048 };
    expect(generateSshKey(o).identityPub).not.toBe(generateSshKey(o).identityPub);
  });
});
