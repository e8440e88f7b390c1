import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { isEncryptedPrivateKey, openSshPublicKey, type SshCredentials } from '@flotilla/git-source';
import type { CliIo } from '../../command.js';
import { confirmed } from '../../hub/confirm.js';
import { CliError, EXIT } from '../../hub/exit-codes.js';
import type { SshHost, SshSettings } from './bootstrap-flags.js';

export interface SshIdentity {
  /** What the CLI's git over ssh uses: the key, its passphrase and the host keys to trust. */
  credentials: SshCredentials;
  /** The cluster's Secret, with Flux's keys for an ssh git secret (never committed, never printed). */
  secretData: Record<string, string>;
  /** How failures name the key. */
  shown: string;
}

const hostName = (h: SshHost) => (h.port === 22 ? h.hostname : `[${h.hostname}]:${h.port}`);

/** `SHA256:<base64>` of a host key, as ssh and ssh-keygen -l print it. */
export function hostKeyFingerprint(base64Key: string): string {
  return `SHA256:${createHash('sha256').update(Buffer.from(base64Key, 'base64')).digest('base64').replace(/=+$/, '')}`;
}

async function readText(flag: string, file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw new CliError(EXIT.usage, `${flag}: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}

/** known_hosts lines for a host, as `ssh-keyscan` finds them (every key type the server offers). */
function scanHostKeys(h: SshHost): Promise<string[]> {
  return new Promise((resolve, reject) => {
    execFile('ssh-keyscan', ['-T', '15', '-p', String(h.port), '--', h.hostname], { env: { PATH: process.env.PATH, LANG: 'C' } }, (err, stdout) => {
      if (err && (err as NodeJS.ErrnoException).code === 'ENOENT') return reject(new CliError(EXIT.failed, 'ssh-keyscan is not installed: ssh:// repositories need openssh-client (git and ssh too)'));
      const lines = stdout.split('\n').filter((l) => l.trim() && !l.startsWith('#'));
      if (lines.length === 0) return reject(new CliError(EXIT.unreachable, `cannot scan the SSH host key of ${hostName(h)}: no key was offered (is an ssh server listening there?)`));
      resolve(lines);
    });
  });
}

/** The key bootstrap pushes with and gives the cluster. */
export interface SshKey {
  identity: string;
  /** `<type> <base64>`. */
  identityPub: string;
  password?: string;
  /** How failures name it: the flag it came from, or the generated deploy key. */
  shown: string;
}

/** The key from --private-key-file with its public half. */
export async function keyFromFile(file: string, password: string | undefined): Promise<SshKey> {
  const identity = await readText('--private-key-file', file);
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(identity)) throw new CliError(EXIT.usage, `--private-key-file: ${file} holds no private key`);
  if (isEncryptedPrivateKey(identity) && !password) throw new CliError(EXIT.usage, `--private-key-file: the key is encrypted: give its passphrase with --password (or GIT_PASSWORD)`);
  let identityPub = openSshPublicKey(identity);
  if (!identityPub) {
    // A PEM key does not carry its public half readably without the passphrase: take ssh-keygen's .pub next to it.
    const pub = await readFile(`${file}.pub`, 'utf8').catch(() => '');
    identityPub = pub.trim().split(/\s+/).slice(0, 2).join(' ') || undefined;
    if (!identityPub) throw new CliError(EXIT.usage, `--private-key-file: ${file} is not an OpenSSH key and ${file}.pub is missing: give the key in OpenSSH format (ssh-keygen -p -f <file> converts it) or put its public key next to it`);
  }
  return { identity, identityPub, ...(password ? { password } : {}), shown: `the key given (--private-key-file${password ? ' with --password' : ''})` };
}

/**
 * The host keys to trust: the --known-hosts-file, or, as flux's bootstrap does, the keys scanned from the
 * host. Flux trusts a scanned key silently; here its fingerprint is printed and confirmed on the terminal
 * unless --silent, so the first use is never unseen.
 */
async function trustedHostKeys(io: CliIo, o: SshSettings, say: (line: string) => void): Promise<string> {
  if (o.knownHostsFile) {
    const knownHosts = await readText('--known-hosts-file', o.knownHostsFile);
    if (!knownHosts.split('\n').some((l) => l.trim() && !l.startsWith('#'))) throw new CliError(EXIT.usage, `--known-hosts-file: ${o.knownHostsFile} holds no host key`);
    return knownHosts;
  }
  const lines: string[] = [];
  for (const h of o.hosts) {
    say(`► scanning the SSH host key of ${hostName(h)}`);
    const scanned = await scanHostKeys(h);
    for (const line of scanned) {
      const [, type, key] = line.trim().split(/\s+/);
      say(`  ${hostName(h)} ${type} ${hostKeyFingerprint(key ?? '')}`);
    }
    if (!o.silent && !(await confirmed(io, `Is this the host key of ${hostName(h)}`, `no terminal to confirm the SSH host key of ${hostName(h)} on: give its known_hosts with --known-hosts-file, or -s/--silent to trust the scanned key`))) {
      throw new CliError(EXIT.failed, `the SSH host key of ${hostName(h)} was not confirmed: nothing was changed`);
    }
    lines.push(...scanned);
  }
  return `${lines.join('\n')}\n`;
}

/** The key with the host keys to trust: what git over ssh uses, and the cluster's Secret (Flux's keys). */
export async function sshIdentity(io: CliIo, o: SshSettings, key: SshKey, say: (line: string) => void): Promise<SshIdentity> {
  const knownHosts = await trustedHostKeys(io, o, say);
  const password: { password?: string } = key.password ? { password: key.password } : {};
  return {
    credentials: { identity: key.identity, knownHosts, ...password },
    secretData: { identity: key.identity, 'identity.pub': `${key.identityPub}\n`, known_hosts: knownHosts, ...password },
    shown: key.shown,
  };
}
