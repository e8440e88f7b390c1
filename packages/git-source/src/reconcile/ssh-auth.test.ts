import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { generateKeyPairSync } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isEncryptedPrivateKey, openSshPublicKey, sshAuthOptions } from './ssh-auth.js';

const dir = mkdtempSync(path.join(tmpdir(), 'ssh-auth-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function opensshKey(name: string, passphrase: string): string {
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', passphrase, '-f', path.join(dir, name)]);
  return readFileSync(path.join(dir, name), 'utf8');
}

describe(isEncryptedPrivateKey.name, () => {
  it('reads the cipher of an OpenSSH key and the markers of PEM keys', () => {
    expect(isEncryptedPrivateKey(opensshKey('plain', ''))).toBe(false);
    expect(isEncryptedPrivateKey(opensshKey('locked', 'pw'))).toBe(true);
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(isEncryptedPrivateKey(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString())).toBe(false);
    expect(isEncryptedPrivateKey(privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw' }).toString())).toBe(true);
    expect(isEncryptedPrivateKey(privateKey.export({ type: 'sec1', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw' }).toString())).toBe(true);
    expect(isEncryptedPrivateKey('not a key')).toBe(false);
  });
});

describe(openSshPublicKey.name, () => {
  it.each([
    ['ed25519', []],
    ['ecdsa', ['-b', '384']],
    ['rsa', ['-b', '2048']],
  ])('gives ssh-keygen’s own public key of a %s OpenSSH key, encrypted or not, without the passphrase', (type, bits) => {
    for (const passphrase of ['', 'secret pw']) {
      const file = path.join(dir, `pub-${type}-${passphrase.length}`);
      execFileSync('ssh-keygen', ['-q', '-t', type, ...bits, '-N', passphrase, '-C', 'comment', '-f', file]);
      const expected = readFileSync(`${file}.pub`, 'utf8').split(' ').slice(0, 2).join(' ');
      expect(openSshPublicKey(readFileSync(file, 'utf8'))).toBe(expected);
    }
  });

  it('gives nothing for a PEM key or text that is not a key', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(openSshPublicKey(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString())).toBeUndefined();
    expect(openSshPublicKey('-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEA\n-----END OPENSSH PRIVATE KEY-----\n')).toBeUndefined();
    expect(openSshPublicKey('not a key')).toBeUndefined();
  });
});

describe(sshAuthOptions.name, () => {
  it("checks identity, then known_hosts, then an encrypted key's password, with fluxcd/pkg's and source-controller's messages", () => {
    expect(sshAuthOptions(undefined, 'ns/s')).toEqual({ ok: false, message: "failed to configure authentication options: invalid 'ssh' auth option: 'identity' is required" });
    expect(sshAuthOptions({ identity: 'k' }, 'ns/s')).toEqual({ ok: false, message: "failed to configure authentication options: invalid 'ssh' auth option: 'known_hosts' is required" });
    expect(sshAuthOptions({ identity: opensshKey('locked2', 'pw'), knownHosts: 'h' }, 'ns/s')).toEqual({
      ok: false,
      message: "SSH identity key is encrypted but no 'password' field was provided in the secret 'ns/s'",
    });
    expect(sshAuthOptions({ identity: 'k', knownHosts: 'h', password: 'pw' }, 'ns/s')).toEqual({ ok: true, ssh: { identity: 'k', knownHosts: 'h', password: 'pw' } });
  });
});
