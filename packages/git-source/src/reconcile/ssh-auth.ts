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
  const body = /-----BEGIN OPENSSH PRIVATE KEY-----([\s\S]*?)-----END OPENSSH PRIVATE KEY-----/.exec(pem)?.[1];
  if (!body) return false;
  const raw = Buffer.from(body.replace(/\s+/g, ''), 'base64');
  const magic = 'openssh-key-v1\0';
  if (raw.subarray(0, magic.length).toString('latin1') !== magic) return false;
  const len = raw.readUInt32BE(magic.length);
  return raw.subarray(magic.length + 4, magic.length + 4 + len).toString('latin1') !== 'none';
}
