import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { fuzzParams, fuzzTimeoutMs, hostileString } from '../../test/fuzz.js';
import { decryptSops, type SopsFormat } from './decrypt-sops.js';

// A SOPS file comes from a repository anyone with push access (or a compromised mirror) controls. Whatever is
// changed in it, decryption answers a typed SOPS error or, if it succeeds, exactly the plaintext the file was
// encrypted from: a tampered file never yields other plaintext. The time bound is loose: a 200 KB edited file
// takes about a second alone, and several times that on a machine busy with other work.

const dir = new URL('../../testdata/sops/', import.meta.url);
const text = (p: string) => readFileSync(new URL(p, dir), 'utf8');
const testKey = text('keys/test.agekey');
const SOPS_CODES = ['SOPS_FORMAT_INVALID', 'SOPS_METADATA_INVALID', 'SOPS_KEY_INVALID', 'SOPS_NO_MATCHING_KEY', 'SOPS_UNSUPPORTED', 'SOPS_VALUE_INVALID', 'SOPS_MAC_MISMATCH'];
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

const FIXTURES: Array<{ file: string; format: SopsFormat; plain: unknown }> = [
  { file: 'secret.yaml', format: 'yaml', plain: parse(text('plain/secret.yaml')) },
  { file: 'config.json', format: 'json', plain: JSON.parse(text('plain/config.json')) },
];

/** Where the authenticated parts of a SOPS file are: every ENC[...] field and the age stanzas. */
function authenticatedSpans(file: string): Array<{ start: number; end: number }> {
  const spans: Array<{ start: number; end: number }> = [];
  for (const m of file.matchAll(/(?:data|iv|tag):([A-Za-z0-9+/=]+)/g)) spans.push({ start: (m.index ?? 0) + m[0].indexOf(':') + 1, end: (m.index ?? 0) + m[0].length });
  for (const m of file.matchAll(/-----BEGIN AGE ENCRYPTED FILE-----([\s\S]*?)-----END AGE ENCRYPTED FILE-----/g)) {
    spans.push({ start: (m.index ?? 0) + 34, end: (m.index ?? 0) + 34 + (m[1]?.length ?? 0) });
  }
  return spans;
}

async function decryptChecked(file: string, format: SopsFormat, plain: unknown): Promise<void> {
  const started = performance.now();
  const result = await decryptSops(file, { format, ageIdentities: [testKey], path: 'fuzzed' });
  expect(performance.now() - started).toBeLessThan(10_000);
  if (result.ok) {
    expect(result.value.documents[0]).toEqual(plain);
    return;
  }
  for (const e of result.errors) {
    expect(SOPS_CODES).toContain(e.code);
    // Error messages never carry plaintext.
    expect(e.message).not.toContain('s3cr3t');
  }
}

describe('decryptSops (fuzz)', () => {
  it('refuses a file with one base64 character of a value, IV, tag, MAC or age stanza changed, or yields the true plaintext', { timeout: fuzzTimeoutMs() }, async () => {
    const cases = fc.constantFrom(...FIXTURES).chain((fixture) => {
      const file = text(`encrypted/${fixture.file}`);
      const spans = authenticatedSpans(file);
      return fc
        .tuple(fc.constantFrom(...spans), fc.nat(), fc.constantFrom(...BASE64))
        .map(([span, at, ch]) => {
          const i = span.start + (at % Math.max(1, span.end - span.start));
          return { ...fixture, mutated: file.slice(0, i) + ch + file.slice(i + 1) };
        });
    });
    await fc.assert(
      fc.asyncProperty(cases, async ({ mutated, format, plain }) => {
        await decryptChecked(mutated, format, plain);
      }),
      fuzzParams(120),
    );
  });

  it('answers arbitrary edits anywhere in the file (metadata, keys, structure) with a result, never a throw', { timeout: fuzzTimeoutMs() }, async () => {
    const cases = fc.constantFrom(...FIXTURES).chain((fixture) => {
      const file = text(`encrypted/${fixture.file}`);
      return fc
        .array(fc.tuple(fc.nat({ max: file.length }), fc.nat({ max: 40 }), fc.oneof(fc.string({ maxLength: 8 }), hostileString)), { minLength: 1, maxLength: 4 })
        .map((edits) => ({ format: fixture.format, mutated: edits.reduce((f, [at, del, ins]) => f.slice(0, at) + ins + f.slice(at + del), file) }));
    });
    await fc.assert(
      fc.asyncProperty(cases, async ({ mutated, format }) => {
        const started = performance.now();
        const result = await decryptSops(mutated, { format, ageIdentities: [testKey], path: 'fuzzed' });
        expect(performance.now() - started).toBeLessThan(10_000);
        if (!result.ok) for (const e of result.errors) expect(SOPS_CODES).toContain(e.code);
      }),
      fuzzParams(150),
    );
  });
});
