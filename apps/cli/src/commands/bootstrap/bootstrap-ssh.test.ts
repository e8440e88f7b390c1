import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { CliError } from '../../hub/exit-codes.js';
import type { SshSettings } from './bootstrap-flags.js';
import { hostKeyFingerprint, keyFromFile, sshIdentity } from './bootstrap-ssh.js';

const dir = mkdtempSync(path.join(tmpdir(), 'bootstrap-ssh-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const io = { stdout: new PassThrough(), stderr: new PassThrough() };

function keygen(name: string, passphrase: string): string {
  const file = path.join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', passphrase, '-C', 'c', '-f', file]);
  return file;
}

const knownHosts = path.join(dir, 'known_hosts');
writeFileSync(knownHosts, '[git.example.com]:2222 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\n');
const settings = (over: Partial<SshSettings>): SshSettings => ({ privateKeyFile: keygen(`k${Math.random()}`, ''), keygen: { algorithm: 'ecdsa', curve: 'p384', rsaBits: 2048 }, knownHostsFile: knownHosts, hosts: [{ hostname: 'git.example.com', port: 2222 }], silent: false, ...over });
const loadSshIdentity = async (o: SshSettings) => sshIdentity(io, o, await keyFromFile(o.privateKeyFile!, o.password), () => {});
const refusal = async (over: Partial<SshSettings>) =>
  loadSshIdentity(settings(over)).then(
    () => 'accepted',
    (err: unknown) => (err instanceof CliError ? `${err.exitCode} ${err.message}` : String(err)),
  );

describe('bootstrap ssh identity', () => {
  it('the host key fingerprint is ssh-keygen -l’s SHA256 form', () => {
    const line = readFileSync(knownHosts, 'utf8').trim();
    const fromKeygen = execFileSync('ssh-keygen', ['-l', '-f', knownHosts]).toString().split(' ')[1];
    expect(hostKeyFingerprint(line.split(' ')[2]!)).toBe(fromKeygen);
  });

  it('Flux’s ssh Secret keys (sourcesecret): identity, identity.pub, known_hosts, and password for an encrypted key', async () => {
    const file = keygen('locked', 'pass phrase');
    const id = await loadSshIdentity(settings({ privateKeyFile: file, password: 'pass phrase' }));
    expect(Object.keys(id.secretData)).toEqual(['identity', 'identity.pub', 'known_hosts', 'password']);
    expect(id.secretData['identity.pub']).toBe(`${readFileSync(`${file}.pub`, 'utf8').split(' ').slice(0, 2).join(' ')}\n`);
    expect(id.secretData.known_hosts).toBe(readFileSync(knownHosts, 'utf8'));
    expect(id.credentials).toEqual({ identity: readFileSync(file, 'utf8'), knownHosts: readFileSync(knownHosts, 'utf8'), password: 'pass phrase' });
  });

  it('bad key files and known_hosts are usage errors naming the flag, before anything is contacted', async () => {
    expect(await refusal({ privateKeyFile: path.join(dir, 'missing') })).toBe(`2 --private-key-file: cannot read ${path.join(dir, 'missing')}: ENOENT`);
    expect(await refusal({ privateKeyFile: knownHosts })).toBe(`2 --private-key-file: ${knownHosts} holds no private key`);
    expect(await refusal({ privateKeyFile: keygen('locked2', 'pw') })).toBe('2 --private-key-file: the key is encrypted: give its passphrase with --password (or GIT_PASSWORD)');
    const pem = path.join(dir, 'pem');
    writeFileSync(pem, generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    expect(await refusal({ privateKeyFile: pem })).toMatch(/^2 --private-key-file: .*pem is not an OpenSSH key and .*pem\.pub is missing/);
    writeFileSync(`${pem}.pub`, 'ecdsa-sha2-nistp256 AAAAE2VjZHNh comment\n');
    expect(await refusal({ privateKeyFile: pem })).toBe('accepted');
    const empty = path.join(dir, 'empty_known_hosts');
    writeFileSync(empty, '# nothing\n');
    expect(await refusal({ knownHostsFile: empty })).toBe(`2 --known-hosts-file: ${empty} holds no host key`);
  });

  it('a host that offers no ssh host key to scan: exit 5 before any question', async () => {
    // Port 1 offers no ssh: the scan fails before any question, as an unreachable server (exit 5).
    expect(await refusal({ knownHostsFile: undefined, hosts: [{ hostname: '127.0.0.1', port: 1 }] })).toBe('5 cannot scan the SSH host key of [127.0.0.1]:1: no key was offered (is an ssh server listening there?)');
  });
});
