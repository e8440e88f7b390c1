import { generateKeyPairSync, randomBytes, type JsonWebKey } from 'node:crypto';

// A deploy key made as `flux bootstrap git` makes one when no --private-key-file is given (its flags
// --ssh-key-algorithm ecdsa|rsa|ed25519, --ssh-ecdsa-curve p256|p384|p521, --ssh-rsa-bits), written in
// OpenSSH's private key format, unencrypted. Node's crypto makes the keys but writes PEM/PKCS#8 only, and the
// lockfile has no SSH key library, so the small OpenSSH encoder is here: the key's parts come from its JWK.

export type SshKeyAlgorithm = 'ecdsa' | 'rsa' | 'ed25519';
export type SshEcdsaCurve = 'p256' | 'p384' | 'p521';

export interface SshKeygenOptions {
  algorithm: SshKeyAlgorithm;
  curve: SshEcdsaCurve;
  rsaBits: number;
}

export interface GeneratedSshKey {
  /** `-----BEGIN OPENSSH PRIVATE KEY-----` … (never printed, never committed). */
  identity: string;
  /** `<type> <base64>`, as an authorized_keys or deploy key line takes it. */
  identityPub: string;
}

export const SSH_KEY_ALGORITHMS: readonly SshKeyAlgorithm[] = ['ecdsa', 'rsa', 'ed25519'];
export const SSH_ECDSA_CURVES: readonly SshEcdsaCurve[] = ['p256', 'p384', 'p521'];

const CURVES: Record<SshEcdsaCurve, { node: string; ssh: string }> = {
  p256: { node: 'prime256v1', ssh: 'nistp256' },
  p384: { node: 'secp384r1', ssh: 'nistp384' },
  p521: { node: 'secp521r1', ssh: 'nistp521' },
};

const u32 = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};
/** SSH `string`: a uint32 length, then the bytes. */
const str = (v: Buffer | string): Buffer => {
  const b = typeof v === 'string' ? Buffer.from(v, 'latin1') : v;
  return Buffer.concat([u32(b.length), b]);
};
/** SSH `mpint` of an unsigned big-endian number: no leading zeros, one 0x00 when the high bit is set. */
const mpint = (unsigned: Buffer): Buffer => {
  let i = 0;
  while (i < unsigned.length && unsigned[i] === 0) i++;
  const v = unsigned.subarray(i);
  return str(v.length > 0 && v[0]! & 0x80 ? Buffer.concat([Buffer.alloc(1), v]) : v);
};
const b64u = (v: string | undefined): Buffer => {
  if (v === undefined) throw new Error('the generated key lacks a component');
  return Buffer.from(v, 'base64url');
};

/** The public blob and the private fields of the key, in OpenSSH's order. */
function parts(options: SshKeygenOptions): { type: string; pub: Buffer; priv: Buffer } {
  if (options.algorithm === 'ed25519') {
    const jwk = generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' });
    const pub = b64u(jwk.x);
    return { type: 'ssh-ed25519', pub: Buffer.concat([str('ssh-ed25519'), str(pub)]), priv: Buffer.concat([str(pub), str(Buffer.concat([b64u(jwk.d), pub]))]) };
  }
  if (options.algorithm === 'ecdsa') {
    const curve = CURVES[options.curve];
    const jwk: JsonWebKey = generateKeyPairSync('ec', { namedCurve: curve.node }).privateKey.export({ format: 'jwk' });
    const type = `ecdsa-sha2-${curve.ssh}`;
    const q = Buffer.concat([Buffer.from([4]), b64u(jwk.x), b64u(jwk.y)]);
    return { type, pub: Buffer.concat([str(type), str(curve.ssh), str(q)]), priv: Buffer.concat([str(curve.ssh), str(q), mpint(b64u(jwk.d))]) };
  }
  const jwk: JsonWebKey = generateKeyPairSync('rsa', { modulusLength: options.rsaBits, publicExponent: 0x10001 }).privateKey.export({ format: 'jwk' });
  const [n, e] = [b64u(jwk.n), b64u(jwk.e)];
  return {
    type: 'ssh-rsa',
    pub: Buffer.concat([str('ssh-rsa'), mpint(e), mpint(n)]),
    // OpenSSH keeps n, e, d, iqmp, p, q.
    priv: Buffer.concat([mpint(n), mpint(e), mpint(b64u(jwk.d)), mpint(b64u(jwk.qi)), mpint(b64u(jwk.p)), mpint(b64u(jwk.q))]),
  };
}

/** A new key pair in OpenSSH's format (PROTOCOL.key: unencrypted, one key), with `comment` on it. */
export function generateSshKey(options: SshKeygenOptions, comment = ''): GeneratedSshKey {
  const { type, pub, priv } = parts(options);
  const check = randomBytes(4);
  let body = Buffer.concat([check, check, str(type), priv, str(comment)]);
  // Padded with 1, 2, 3… to the cipher's block size (8 for `none`).
  const pad = (8 - (body.length % 8)) % 8;
  body = Buffer.concat([body, Buffer.from(Array.from({ length: pad }, (_, i) => i + 1))]);
  const raw = Buffer.concat([Buffer.from('openssh-key-v1\0', 'latin1'), str('none'), str('none'), str(''), u32(1), str(pub), str(body)]);
  const lines = raw.toString('base64').match(/.{1,70}/g) ?? [];
  return {
    identity: `-----BEGIN OPENSSH PRIVATE KEY-----\n${lines.join('\n')}\n-----END OPENSSH PRIVATE KEY-----\n`,
    identityPub: `${type} ${pub.toString('base64')}`,
  };
}

/** How the key is described to the person: `ecdsa p384`, `rsa 2048`, `ed25519`. */
export function describeKeygen(o: SshKeygenOptions): string {
  return o.algorithm === 'ecdsa' ? `ecdsa ${o.curve}` : o.algorithm === 'rsa' ? `rsa ${o.rsaBits}` : 'ed25519';
}
