// One SOPS-encrypted value: `ENC[AES256_GCM,data:<b64>,iv:<b64>,tag:<b64>,type:<str|int|float|bool|bytes|time|comment>]`.
// AES-256-GCM through WebCrypto so the package also runs in a browser; the additional data binds the value
// to its place in the tree (`key1:key2:`), so moving a ciphertext elsewhere fails authentication.

const PREFIX = 'ENC[AES256_GCM,data:';

/**
 * Splits `ENC[AES256_GCM,data:…,iv:…,tag:…,type:…]` into its parts. SOPS matches it with a regular expression
 * of greedy `(.+)` groups; hand-splitting at the last separators gives the same parts for every real value
 * (base64 has no commas) without the cubic backtracking such a regex has in JavaScript on hostile input.
 */
function splitEncValue(value: string): [string, string, string, string] | undefined {
  if (!value.startsWith(PREFIX)) return undefined;
  const close = value.lastIndexOf(']');
  const typeAt = value.lastIndexOf(',type:', close);
  const tagAt = typeAt < 0 ? -1 : value.lastIndexOf(',tag:', typeAt - 1);
  const ivAt = tagAt < 0 ? -1 : value.lastIndexOf(',iv:', tagAt - 1);
  if (close < 0 || ivAt < PREFIX.length) return undefined;
  const parts: [string, string, string, string] = [
    value.slice(PREFIX.length, ivAt),
    value.slice(ivAt + 4, tagAt),
    value.slice(tagAt + 5, typeAt),
    value.slice(typeAt + 6, close),
  ];
  return parts.every((p) => p.length > 0 && !p.includes('\n')) ? parts : undefined;
}

/** WebCrypto's CryptoKey, named without DOM typings (the package is typed for Node and runs in browsers too). */
export type AesKey = Awaited<ReturnType<typeof globalThis.crypto.subtle.importKey>>;

export type SopsValueType = 'str' | 'int' | 'float' | 'bool' | 'bytes' | 'time' | 'comment';

export interface DecryptedValue {
  type: SopsValueType;
  bytes: Uint8Array;
}

export class SopsValueError extends Error {}

export function looksEncrypted(value: string): boolean {
  return splitEncValue(value) !== undefined;
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
  const m = splitEncValue(value);
  if (!m) throw new SopsValueError('value does not match the SOPS data format');
  const [data, iv, tag] = [base64ToBytes(m[0]), base64ToBytes(m[1]), base64ToBytes(m[2])];
  if (!data || !iv || !tag || iv.length === 0) throw new SopsValueError('value has malformed base64 parts');
  const type = m[3] as SopsValueType;
  if (!['str', 'int', 'float', 'bool', 'bytes', 'time', 'comment'].includes(type))
    throw new SopsValueError(`unknown datatype ${JSON.stringify(m[3].slice(0, 20))}`);
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
