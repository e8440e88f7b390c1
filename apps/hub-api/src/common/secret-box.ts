import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

// Encryption of secrets at rest (git credentials, provider tokens): AES-256-GCM with a 32-byte key from
// config (`FLOTILLA_SECRET_KEY`, base64). Sealed values are text:
//   v1:<keyId>:<iv>:<tag>:<ciphertext>      (each part base64url; keyId = 8 chars of sha256(key))
// The key id lets a rotated box open values sealed under a previous key and say which ones still need
// re-sealing. An optional context (e.g. the owning row's id) is bound as associated data, so a value
// copied onto another row does not open there. Errors carry a code and never the plaintext or the key.

export type SecretBoxErrorCode = 'SECRET_KEY_INVALID' | 'CIPHERTEXT_MALFORMED' | 'UNKNOWN_KEY' | 'DECRYPT_FAILED';

export class SecretBoxError extends Error {
  constructor(
    readonly code: SecretBoxErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SecretBoxError';
  }
}

export const secretKeyEnv = 'FLOTILLA_SECRET_KEY';
const version = 'v1';
const ivLength = 12;
const tagLength = 16;

/** Decodes a base64/base64url key and insists on exactly 32 bytes. */
export function parseSecretKey(encoded: string, name = secretKeyEnv): Buffer {
  const text = encoded.trim();
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) throw new SecretBoxError('SECRET_KEY_INVALID', `${name} is not base64`);
  const key = Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (key.length !== 32) throw new SecretBoxError('SECRET_KEY_INVALID', `${name} must decode to 32 bytes (got ${key.length}); generate one with: openssl rand -base64 32`);
  return key;
}

export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update(key).digest('base64url').slice(0, 8);
}

export interface SecretBoxKeys {
  /** The key new values are sealed with. */
  current: Buffer;
  /** Older keys that may still open values sealed before a rotation. */
  previous?: readonly Buffer[];
}

export class SecretBox {
  private readonly keys = new Map<string, Buffer>();
  readonly keyId: string;

  constructor(keys: SecretBoxKeys) {
    for (const key of [keys.current, ...(keys.previous ?? [])]) {
      if (key.length !== 32) throw new SecretBoxError('SECRET_KEY_INVALID', 'secret keys must be 32 bytes');
      this.keys.set(keyIdOf(key), Buffer.from(key));
    }
    this.keyId = keyIdOf(keys.current);
  }

  /** From config strings: the current key and any previous ones, base64. */
  static fromBase64(current: string, previous: readonly string[] = []): SecretBox {
    return new SecretBox({ current: parseSecretKey(current), previous: previous.map((k, i) => parseSecretKey(k, `previous key #${i + 1}`)) });
  }

  seal(plaintext: string, context = ''): string {
    const key = this.keys.get(this.keyId) as Buffer;
    const iv = randomBytes(ivLength);
    const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: tagLength });
    cipher.setAAD(aad(this.keyId, context));
    const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [version, this.keyId, iv.toString('base64url'), tag.toString('base64url'), ct.toString('base64url')].join(':');
  }

  open(sealed: string, context = ''): string {
    const parts = sealed.split(':');
    if (parts.length !== 5 || parts[0] !== version) {
      throw new SecretBoxError('CIPHERTEXT_MALFORMED', `sealed secret is not in the ${version}:<keyId>:<iv>:<tag>:<ciphertext> format`);
    }
    const [, kid = '', ivText = '', tagText = '', ctText = ''] = parts;
    const key = this.keys.get(kid);
    if (!key) throw new SecretBoxError('UNKNOWN_KEY', `sealed secret uses key ${kid}, which is not configured (current key ${this.keyId})`);
    const iv = Buffer.from(ivText, 'base64url');
    const tag = Buffer.from(tagText, 'base64url');
    if (iv.length !== ivLength || tag.length !== tagLength) throw new SecretBoxError('CIPHERTEXT_MALFORMED', 'sealed secret has a bad iv or tag length');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: tagLength });
      decipher.setAAD(aad(kid, context));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(Buffer.from(ctText, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      // Node's message ("Unsupported state or unable to authenticate data") says nothing useful or secret.
      throw new SecretBoxError('DECRYPT_FAILED', 'sealed secret failed authentication: wrong key, wrong context or tampered data');
    }
  }

  /** True when the value was sealed under a key other than the current one and should be re-sealed. */
  needsReseal(sealed: string): boolean {
    return sealed.split(':')[1] !== this.keyId;
  }
}

/**
 * Opens a sealed JSON value and checks its shape: one that is not JSON or has another shape is
 * CIPHERTEXT_MALFORMED naming only `what`, never the plaintext.
 */
export function openSealedJson<T>(box: SecretBox, sealed: string, context: string, schema: { safeParse(value: unknown): { success: true; data: T } | { success: false } }, what: string): T {
  const text = box.open(sealed, context);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new SecretBoxError('CIPHERTEXT_MALFORMED', `sealed ${what} are not JSON`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new SecretBoxError('CIPHERTEXT_MALFORMED', `sealed ${what} have an unexpected shape`);
  return parsed.data;
}

function aad(kid: string, context: string): Buffer {
  return Buffer.from(`${version}:${kid}:${context}`, 'utf8');
}

/**
 * Development convenience: the key from the environment if set, otherwise one generated on first use and
 * kept in `<dataDir>/secret.key` (mode 0600), so encrypted rows survive restarts of a local hub.
 */
export async function loadOrCreateDevSecretKey(dataDir: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const fromEnv = env[secretKeyEnv];
  if (fromEnv) {
    parseSecretKey(fromEnv);
    return fromEnv.trim();
  }
  const file = path.join(dataDir, 'secret.key');
  try {
    const existing = (await readFile(file, 'utf8')).trim();
    parseSecretKey(existing, file);
    return existing;
  } catch (err) {
    if (err instanceof SecretBoxError) throw err;
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  await mkdir(dataDir, { recursive: true });
  const key = randomBytes(32).toString('base64');
  // `wx`: two hubs starting at once must not each write a different key.
  try {
    await writeFile(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return loadOrCreateDevSecretKey(dataDir, {});
    throw err;
  }
  await chmod(file, 0o600);
  return key;
}
