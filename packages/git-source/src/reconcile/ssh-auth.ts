import type { SshCredentials } from '../spec/git-repository.spec.js';

// Flux's checks of an ssh remote's secret, in its order (source-controller getAuthOpts with fluxcd/pkg git
// NewAuthOptions): the key and known_hosts are required, and an encrypted key needs its `password`. Each
// failure is AuthenticationFailed before anything is fetched.

/** What a secret holds for ssh, each key possibly missing. */
export interface SshSecretData {
  identity?: string;
  knownHosts?: string;
  password?: string;
}

export type SshAuthResult = { ok: true; ssh: SshCredentials } | { ok: false; message: string };

export function sshAuthOptions(data: SshSecretData | undefined, secretShown: string | undefined): SshAuthResult {
  const invalid = (key: string): SshAuthResult => ({ ok: false, message: `failed to configure authentication options: invalid 'ssh' auth option: '${key}' is required` });
  if (!data?.identity) return invalid('identity');
  if (!data.knownHosts) return invalid('known_hosts');
  if (!data.password && isEncryptedPrivateKey(data.identity)) {
    return { ok: false, message: `SSH identity key is encrypted but no 'password' field was provided in the secret '${secretShown ?? ''}'` };
  }
  return { ok: true, ssh: { identity: data.identity, knownHosts: data.knownHosts, ...(data.password ? { password: data.password } : {}) } };
}

/**
 * Whether a private key needs a passphrase: an OpenSSH key whose cipher is not `none`, or a PEM key marked
 * encrypted (legacy `Proc-Type: 4,ENCRYPTED` or PKCS#8 `ENCRYPTED PRIVATE KEY`).
 */
export function isEncryptedPrivateKey(pem: string): boolean {
  if (/-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type:\s*4,ENCRYPTED/.test(pem)) return true;
  const fields = openSshKeyFields(pem, 1);
  return fields !== undefined && fields[0]!.toString('latin1') !== 'none';
}

const OPENSSH_MAGIC = 'openssh-key-v1\0';

/** The first `count` length-prefixed fields of an OpenSSH private key, or undefined for another format. */
function openSshKeyFields(pem: string, count: number): Buffer[] | undefined {
  const body = /-----BEGIN OPENSSH PRIVATE KEY-----([\s\S]*?)-----END OPENSSH PRIVATE KEY-----/.exec(pem)?.[1];
  if (!body) return undefined;
  const raw = Buffer.from(body.replace(/\s+/g, ''), 'base64');
  if (raw.subarray(0, OPENSSH_MAGIC.length).toString('latin1') !== OPENSSH_MAGIC) return undefined;
  const fields: Buffer[] = [];
  let at = OPENSSH_MAGIC.length;
  // ciphername, kdfname, kdfoptions, then the key count (a bare uint32) before the first public key.
  for (let i = 0; i < count; i++) {
    if (i === 3) at += 4;
    if (at + 4 > raw.length) return undefined;
    const len = raw.readUInt32BE(at);
    if (at + 4 + len > raw.length) return undefined;
    fields.push(raw.subarray(at + 4, at + 4 + len));
    at += 4 + len;
  }
  return fields;
}

/**
 * The `identity.pub` line (`<type> <base64>`) of an OpenSSH private key, read from the key file's public
 * part, which is stored unencrypted: no passphrase is needed. Undefined for other key formats.
 */
export function openSshPublicKey(pem: string): string | undefined {
  const blob = openSshKeyFields(pem, 4)?.[3];
  if (!blob || blob.length < 4) return undefined;
  const typeLength = blob.readUInt32BE(0);
  const type = blob.subarray(4, 4 + typeLength).toString('latin1');
  if (!/^[a-z0-9@.-]+$/.test(type)) return undefined;
  return `${type} ${blob.toString('base64')}`;
}
