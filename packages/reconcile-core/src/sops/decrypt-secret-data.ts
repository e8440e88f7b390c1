import { stringify } from 'yaml';
import { coreError, fail, ok, type Result } from '../errors.js';
import { isRecord } from '../object/kube-object.js';
import { decryptSops, type SopsFormat, type SopsPlaintext } from './decrypt-sops.js';
import { base64ToBytes } from './encrypted-value.js';
import { sopsFormatForPath } from './sops-format.js';

// How kustomize-controller spots a SOPS file inside a Secret data value (a secretGenerator built from an
// encrypted file): by the MAC line each store writes.
const MARKERS: [SopsFormat, string][] = [
  ['dotenv', 'sops_mac=ENC['],
  ['yaml', 'mac: ENC['],
  ['json', '"mac": "ENC['],
];

function bytesToBase64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

/** The output store for a Secret key, as Flux picks it: `.dockerconfigjson` is JSON, otherwise by extension. */
function outputFormat(key: string): SopsFormat {
  return key.endsWith('.dockerconfigjson') ? 'json' : sopsFormatForPath(key);
}

function convert(plain: SopsPlaintext, to: SopsFormat): Uint8Array | string {
  if (plain.format === to) return plain.bytes;
  const doc = plain.documents[0];
  switch (to) {
    case 'json':
      return doc === undefined
        ? 'the decrypted file has no document to write as JSON'
        : new TextEncoder().encode(JSON.stringify(doc, null, '\t') + '\n');
    case 'yaml':
      return doc === undefined
        ? 'the decrypted file has no document to write as YAML'
        : new TextEncoder().encode(stringify(doc, { lineWidth: 0 }));
    case 'dotenv': {
      if (!isRecord(doc) || Object.values(doc).some((v) => typeof v === 'object' && v !== null))
        return 'only a flat mapping can be written as dotenv';
      return new TextEncoder().encode(
        Object.entries(doc)
          .map(([k, v]) => `${k}=${String(v ?? '').replaceAll('\n', '\\n')}\n`)
          .join(''),
      );
    }
    case 'binary': {
      const data = isRecord(doc) ? doc.data : undefined;
      return typeof data === 'string'
        ? new TextEncoder().encode(data)
        : 'no binary data found in the decrypted file';
    }
  }
}

/** The keys of a Secret's data whose values are SOPS-encrypted files. */
export function encryptedSecretDataKeys(data: Readonly<Record<string, unknown>>): string[] {
  return Object.entries(data)
    .filter(([, value]) => {
      const bytes = typeof value === 'string' ? base64ToBytes(value) : undefined;
      const text = bytes ? new TextDecoder().decode(bytes) : '';
      return MARKERS.some(([, marker]) => text.includes(marker));
    })
    .map(([key]) => key);
}

/**
 * Decrypts the SOPS files a Secret carries in its `data` values (secretGenerator over encrypted env, JSON, YAML
 * or binary files), as kustomize-controller does: values are base64-decoded, recognised by the store's MAC
 * marker, decrypted, and written back in the format the key's file extension asks for. Other values are left
 * as they are; a value that is not base64 is left for the apply to reject.
 */
export async function decryptSecretData(
  data: Readonly<Record<string, unknown>>,
  ageIdentities: readonly string[],
  path: string,
): Promise<Result<Record<string, unknown>>> {
  const out: Record<string, unknown> = { ...data };
  for (const [key, value] of Object.entries(data)) {
    if (typeof value !== 'string') continue;
    const bytes = base64ToBytes(value);
    if (!bytes) continue;
    const text = new TextDecoder().decode(bytes);
    const detected = MARKERS.find(([, marker]) => text.includes(marker))?.[0];
    if (!detected) continue;
    const to = outputFormat(key);
    // The binary store is a JSON envelope with the same marker; read it as binary when binary is wanted, so
    // bytes that are not UTF-8 survive.
    const format = detected === 'json' && to === 'binary' ? 'binary' : detected;
    const plain = await decryptSops(bytes, { format, ageIdentities, path: `${path} data.${key}` });
    if (!plain.ok) return plain;
    const converted = convert(plain.value, to);
    if (typeof converted === 'string')
      return fail(coreError('SOPS_FORMAT_INVALID', `Secret field '${key}': ${converted}`, path));
    out[key] = bytesToBase64(converted);
  }
  return ok(out);
}
