import type * as Age from 'age-encryption';
import type { Decrypter } from 'age-encryption';
import type { SopsMetadata } from './metadata.js';

// age and its curve and cipher libraries are loaded by the first SOPS file opened (a long-lived agent without
// encrypted manifests never holds them: about 7 MiB once evaluated). Bundles put them in a chunk.
let loadingAge: Promise<typeof Age> | undefined;
const loadAge = (): Promise<typeof Age> => (loadingAge ??= import('age-encryption'));

export type DataKeyResult =
  | { ok: true; key: Uint8Array }
  | { ok: false; code: 'SOPS_KEY_INVALID' | 'SOPS_NO_MATCHING_KEY' | 'SOPS_UNSUPPORTED'; message: string };

/**
 * Splits what a Flux decryption Secret's `*.agekey` entries hold (one or more identities, `#` comments) into
 * identities. Only the shape is checked here; age itself validates the encoding.
 */
export function parseAgeIdentities(texts: readonly string[]): string[] | undefined {
  const out: string[] = [];
  for (const text of texts) {
    for (const raw of text.split(/\r?\n/)) {
      const line = raw.trim();
      if (line === '' || line.startsWith('#')) continue;
      if (line.length > 4096 || !/^AGE-SECRET-KEY-(?:[A-Z]+-)*1[02-9AC-HJ-NP-Z]+$/.test(line))
        return undefined;
      out.push(line);
    }
  }
  return out;
}

/**
 * Opens the file's data key with the given age identities. Errors never repeat an identity, a stanza or
 * anything age said (its messages could echo input); they name only the recipients.
 */
export async function unwrapDataKey(
  meta: SopsMetadata,
  identityTexts: readonly string[],
): Promise<DataKeyResult> {
  const identities = parseAgeIdentities(identityTexts);
  if (identities === undefined)
    return {
      ok: false,
      code: 'SOPS_KEY_INVALID',
      message: 'an age identity is malformed (expected AGE-SECRET-KEY-1…)',
    };
  if (meta.ageStanzas.length === 0) {
    const kinds = meta.otherKeyKinds.length > 0 ? meta.otherKeyKinds.join(', ') : 'none';
    return {
      ok: false,
      code: 'SOPS_UNSUPPORTED',
      message: `the file has no age recipients (recipients: ${kinds}); only age keys are supported`,
    };
  }
  const { Decrypter, armor } = await loadAge();
  let malformed = false;
  for (const stanza of meta.ageStanzas) {
    for (const identity of identities) {
      let decrypter: Decrypter;
      try {
        decrypter = new Decrypter();
        decrypter.addIdentity(identity);
      } catch {
        malformed = true;
        continue;
      }
      let sealed: Uint8Array;
      try {
        sealed = armor.decode(stanza.enc);
      } catch {
        break; // this stanza is damaged; another may still open
      }
      try {
        const key = await decrypter.decrypt(sealed);
        if (key.length === 32) return { ok: true, key };
      } catch (e) {
        if (e instanceof Error && !/no identity matched/.test(e.message))
          malformed ||= /invalid|length|bech32|checksum/i.test(e.message);
      }
    }
  }
  if (malformed && identities.length > 0)
    return {
      ok: false,
      code: 'SOPS_KEY_INVALID',
      message: 'an age identity could not be used (malformed key)',
    };
  const recipients = meta.ageStanzas
    .map((s) => s.recipient)
    .filter(Boolean)
    .join(', ');
  return {
    ok: false,
    code: 'SOPS_NO_MATCHING_KEY',
    message: `none of the ${identities.length} age identities can decrypt the data key (file recipients: ${recipients || 'unknown'})`,
  };
}
