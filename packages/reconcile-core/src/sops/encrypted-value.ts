// One SOPS-encrypted value: `ENC[AES256_GCM,data:<b64>,iv:<b64>,tag:<b64>,type:<str|int|float|bool|bytes|time|comment>]`.
// AES-256-GCM through WebCrypto so the package also runs in a browser; the additional data binds the value
// to its place in the tree (`key1:key2:`), so moving a ciphertext elsewhere fails authentication.

const ENC_VALUE = /^ENC\[AES256_GCM,data:(.+),iv:(.+),tag:(.+),type:(.+)\]/;

/** WebCrypto's CryptoKey, named without DOM typings (the package is typed for Node and runs in browsers too). */
export type AesKey = Awaited<ReturnType<typeof globalThis.crypto.subtle.importKey>>;

export type SopsValueType = 'str' | 'int' | 'float' | 'bool' | 'bytes' | 'time' | 'comment';

export interface DecryptedValue {
  type: SopsValueType;
  bytes: Uint8Array;
}

export class SopsValueError extends Error {}

export function looksEncrypted(value: string): boolean {
  return ENC_VALUE.test(value);
}

export function base64ToBytes(b64: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 !== 0) return undefined;
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export async function importDataKey(raw: Uint8Array): Promise<AesKey> {
  return globalThis.crypto.subtle.importKey('raw', raw as Uint8Array<ArrayBuffer>, 'AES-GCM', false, [
    'decrypt',
  ]);
}

/** Decrypts one value; throws SopsValueError (caught by the caller) with a message free of any secret. */
export async function decryptValue(
  key: AesKey,
  value: string,
  additionalData: string,
): Promise<DecryptedValue> {
  const m = ENC_VALUE.exec(value);
  if (!m) throw new SopsValueError('value does not match the SOPS data format');
  const [data, iv, tag] = [base64ToBytes(m[1] ?? ''), base64ToBytes(m[2] ?? ''), base64ToBytes(m[3] ?? '')];
  if (!data || !iv || !tag || iv.length === 0) throw new SopsValueError('value has malformed base64 parts');
  const type = m[4] as SopsValueType;
  if (!['str', 'int', 'float', 'bool', 'bytes', 'time', 'comment'].includes(type))
    throw new SopsValueError(`unknown datatype ${JSON.stringify(m[4])}`);
  const sealed = new Uint8Array(data.length + tag.length);
  sealed.set(data);
  sealed.set(tag, data.length);
  try {
    const plain = await globalThis.crypto.subtle.decrypt(
      {
        name: 'AES-GCM',
        iv: iv as Uint8Array<ArrayBuffer>,
        additionalData: new TextEncoder().encode(additionalData),
        tagLength: 128,
      },
      key,
      sealed,
    );
    return { type, bytes: new Uint8Array(plain) };
  } catch {
    throw new SopsValueError('could not decrypt with AES_GCM: authentication failed');
  }
}
