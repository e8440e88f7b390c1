import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { decryptSops, type SopsFormat } from './decrypt-sops.js';

// Fixtures made by the real sops 3.13.3 + Debian age (testdata/sops/make-fixtures.sh); the keys are test-only.
const dir = new URL('../../testdata/sops/', import.meta.url);
const read = (p: string) => readFileSync(new URL(p, dir));
const text = (p: string) => read(p).toString('utf8');
const testKey = text('keys/test.agekey');
const otherKey = text('keys/other.agekey');
const secretPart = (k: string) => k.split('\n').find((l) => l.startsWith('AGE-SECRET-KEY-')) ?? '';

async function decrypt(file: string, format: SopsFormat, keys = [testKey]) {
  return decryptSops(text(`encrypted/${file}`), { format, ageIdentities: keys, path: file });
}

describe('decryptSops with files encrypted by the real sops + age', () => {
  it('YAML decrypts to the plaintext values, types and key order', async () => {
    const res = await decrypt('secret.yaml', 'yaml');
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.value.documents[0]).toEqual(parse(text('plain/secret.yaml')));
    // file order, which the MAC depends on, survives even for a key a JS object would move to the front
    const out = new TextDecoder().decode(res.value.bytes);
    const order = [
      'username',
      'password',
      'port',
      'ratio',
      'enabled',
      'empty',
      'nothing',
      'multiline',
      '"10"',
      'list',
    ].map((k) => out.indexOf(`  ${k}:`));
    expect(order.every((at, i) => at > 0 && (i === 0 || at > (order[i - 1] as number)))).toBe(true);
  });

  it('YAML output decrypts encrypted comments and drops the sops metadata', async () => {
    const res = await decrypt('secret.yaml', 'yaml');
    const out = res.ok ? new TextDecoder().decode(res.value.bytes) : '';
    expect(out).toContain('# database credentials for the apps namespace');
    expect(out).toContain('inline comment');
    expect(out).not.toContain('ENC[');
    expect(out).not.toContain('sops:');
  });

  it('JSON decrypts to the plaintext, keeping key order', async () => {
    const res = await decrypt('config.json', 'json');
    expect(res.ok && res.value.documents[0]).toEqual(JSON.parse(text('plain/config.json')));
    expect(res.ok && Object.keys(res.value.documents[0] as object)[0]).toBe('zeta');
  });

  it('dotenv decrypts to the plaintext file, byte for byte, with comments and escaped newlines', async () => {
    const res = await decrypt('app.env', 'dotenv');
    expect(res.ok && new TextDecoder().decode(res.value.bytes)).toBe(text('plain/app.env'));
    expect(res.ok && res.value.documents[0]).toEqual({
      DB_USER: 'admin',
      DB_PASSWORD: 'p@ss=word',
      MULTI: 'first\nsecond',
      EMPTY: '',
    });
  });

  it('binary decrypts to the exact bytes, including non-UTF-8 ones', async () => {
    const res = await decrypt('blob.bin.json', 'binary');
    expect(res.ok && Buffer.from(res.value.bytes).equals(read('plain/blob.bin'))).toBe(true);
  });

  it('partially encrypted files keep plain values (encrypted_regex, unencrypted_suffix, unencrypted_regex, encrypted_suffix, mac_only_encrypted)', async () => {
    for (const [file, plain] of [
      ['partial-regex.yaml', 'plain/partial-regex.yaml'],
      ['partial-suffix.yaml', 'plain/partial-suffix.yaml'],
      ['unencrypted-regex.yaml', 'plain/partial-suffix.yaml'],
      ['mac-only-encrypted.yaml', 'plain/partial-regex.yaml'],
      ['encrypted-suffix.yaml', 'plain/encrypted-suffix.yaml'],
    ] as const) {
      const res = await decrypt(file, 'yaml');
      expect(res.ok ? res.value.documents[0] : res.errors, file).toEqual(parse(text(plain)));
    }
    // the plain parts really were plain in the encrypted file
    expect(parse(text('encrypted/partial-regex.yaml')).metadata.name).toBe('partial');
    expect(parse(text('encrypted/partial-suffix.yaml')).host_unencrypted).toBe('db.example.com');
  });

  it('tricky YAML scalars (timestamps, octal, underscores, exponents, .inf) pass the MAC and decrypt as sops decrypts them', async () => {
    const res = await decrypt('yaml-scalars.yaml', 'yaml');
    expect(res.ok ? 'ok' : res.errors).toBe('ok');
    if (!res.ok) return;
    const bySops = parse(text('encrypted/yaml-scalars.sops-decrypted.yaml')) as Record<string, unknown>;
    expect(res.value.documents[0]).toEqual(bySops);
  });

  it('multi-document YAML: every document is decrypted and the MAC covers them all', async () => {
    const res = await decrypt('multi-doc.yaml', 'yaml');
    const plain = text('plain/multi-doc.yaml')
      .split('---\n')
      .map((d) => parse(d) as unknown);
    expect(res.ok && res.value.documents).toEqual(plain);
    const tampered = text('encrypted/multi-doc.yaml').replace('name: second', 'name: third');
    const bad = await decryptSops(tampered, { format: 'yaml', ageIdentities: [testKey] });
    expect(bad.ok ? 'ok' : bad.errors[0]?.code).toBe('SOPS_MAC_MISMATCH');
  });

  it('a file for several recipients opens with any one of their keys, whichever stanza it is in', async () => {
    const plain = JSON.parse(text('plain/config.json')) as unknown;
    for (const key of [testKey, otherKey]) {
      const res = await decrypt('two-recipients.json', 'json', [key]);
      expect(res.ok && res.value.documents[0]).toEqual(plain);
    }
    const both = await decrypt('two-recipients.json', 'json', [
      `# two keys in one .agekey entry\n${secretPart(otherKey)}\n${secretPart(testKey)}\n`,
    ]);
    expect(both.ok).toBe(true);
  });

  it('post-quantum age identities (Flux 2.9) open files sops encrypted for an age1pq recipient', async () => {
    const res = await decrypt('post-quantum.yaml', 'yaml', [text('keys/pq.agekey')]);
    expect(res.ok ? res.value.documents[0] : res.errors).toEqual(parse(text('plain/partial-regex.yaml')));
    const classic = await decrypt('post-quantum.yaml', 'yaml', [testKey]);
    expect(classic.ok ? 'ok' : classic.errors[0]?.code).toBe('SOPS_NO_MATCHING_KEY');
  });

  it('a wrong key gives SOPS_NO_MATCHING_KEY without any key material in the message', async () => {
    const res = await decrypt('secret.yaml', 'yaml', [otherKey]);
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.errors[0]?.code).toBe('SOPS_NO_MATCHING_KEY');
    const message = JSON.stringify(res.errors);
    expect(message).not.toContain(secretPart(otherKey));
    expect(message).not.toContain(secretPart(testKey));
    expect(message).not.toContain('AGE-SECRET-KEY');
    expect(message).not.toContain('BEGIN AGE');
  });

  it('a malformed key gives SOPS_KEY_INVALID without echoing it', async () => {
    const bogus = 'AGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ';
    for (const key of [bogus, 'not a key at all']) {
      const res = await decrypt('secret.yaml', 'yaml', [key]);
      expect(res.ok ? 'ok' : res.errors[0]?.code).toBe('SOPS_KEY_INVALID');
      expect(JSON.stringify(res)).not.toContain(key);
    }
  });

  it('a tampered value fails: changed ciphertext is SOPS_VALUE_INVALID, a changed plain value is SOPS_MAC_MISMATCH', async () => {
    const original = text('encrypted/secret.yaml');
    const data = /password: ENC\[AES256_GCM,data:([^,]+),/.exec(original)?.[1] ?? '';
    const flipped = (data[0] === 'A' ? 'B' : 'A') + data.slice(1);
    const badCipher = await decryptSops(original.replace(data, flipped), {
      format: 'yaml',
      ageIdentities: [testKey],
    });
    expect(badCipher.ok ? 'ok' : badCipher.errors[0]?.code).toBe('SOPS_VALUE_INVALID');

    const partial = text('encrypted/partial-regex.yaml').replace('name: partial', 'name: evil');
    const badPlain = await decryptSops(partial, { format: 'yaml', ageIdentities: [testKey] });
    expect(badPlain.ok ? 'ok' : badPlain.errors[0]?.code).toBe('SOPS_MAC_MISMATCH');
  });

  it('moving a ciphertext to another key fails authentication (the path is the additional data)', async () => {
    const doc = text('encrypted/secret.yaml');
    const user = /username: (ENC\[[^\]]+\])/.exec(doc)?.[1] ?? '';
    const pass = /password: (ENC\[[^\]]+\])/.exec(doc)?.[1] ?? '';
    const swapped = doc.replace(`password: ${pass}`, `password: ${user}`);
    const res = await decryptSops(swapped, { format: 'yaml', ageIdentities: [testKey] });
    expect(res.ok ? 'ok' : res.errors[0]?.code).toBe('SOPS_VALUE_INVALID');
  });

  it('removing a value or reordering values breaks the MAC', async () => {
    const doc = text('encrypted/partial-suffix.yaml');
    const removed = doc.replace(/\n {4}mode: fast/, '');
    const r1 = await decryptSops(removed, { format: 'yaml', ageIdentities: [testKey] });
    expect(r1.ok ? 'ok' : r1.errors[0]?.code).toBe('SOPS_MAC_MISMATCH');
  });

  it('a tampered MAC or lastmodified is SOPS_MAC_MISMATCH', async () => {
    const doc = text('encrypted/config.json');
    const mac = /"mac": "ENC\[AES256_GCM,data:([^,]+),/.exec(doc)?.[1] ?? '';
    const badMac = await decryptSops(doc.replace(mac, (mac[0] === 'A' ? 'B' : 'A') + mac.slice(1)), {
      format: 'json',
      ageIdentities: [testKey],
    });
    expect(badMac.ok ? 'ok' : badMac.errors[0]?.code).toBe('SOPS_MAC_MISMATCH');
    const badTime = await decryptSops(doc.replace(/"lastmodified": "(\d{4})/, '"lastmodified": "1999'), {
      format: 'json',
      ageIdentities: [testKey],
    });
    expect(badTime.ok ? 'ok' : badTime.errors[0]?.code).toBe('SOPS_MAC_MISMATCH');
  });

  it('a file without sops metadata, or that does not parse, is refused with a code', async () => {
    const plain = await decryptSops(text('plain/secret.yaml'), { format: 'yaml', ageIdentities: [testKey] });
    expect(plain.ok ? 'ok' : plain.errors[0]?.code).toBe('SOPS_METADATA_INVALID');
    const broken = await decryptSops('{"a": ', { format: 'json', ageIdentities: [testKey] });
    expect(broken.ok ? 'ok' : broken.errors[0]?.code).toBe('SOPS_FORMAT_INVALID');
    const env = await decryptSops('A=1\n', { format: 'dotenv', ageIdentities: [testKey] });
    expect(env.ok ? 'ok' : env.errors[0]?.code).toBe('SOPS_METADATA_INVALID');
  });

  it('a file encrypted only for PGP/KMS is SOPS_UNSUPPORTED, naming the recipient kinds', async () => {
    const doc = parse(text('encrypted/config.json')) as { sops: Record<string, unknown> };
    delete doc.sops.age;
    doc.sops.kms = [{ arn: 'arn:aws:kms:eu-west-1:1:key/x', enc: 'x', created_at: 'x' }];
    const res = await decryptSops(JSON.stringify(doc), { format: 'json', ageIdentities: [testKey] });
    expect(res.ok ? 'ok' : res.errors[0]).toMatchObject({
      code: 'SOPS_UNSUPPORTED',
      message: expect.stringContaining('kms'),
    });
  });
});

describe('decryptSops never throws on hostile input', () => {
  it('a huge malformed ENC value is refused at once (no regex backtracking), with a code', async () => {
    const doc = text('encrypted/config.json');
    const hostile = 'ENC[AES256_GCM,data:' + 'a,iv:b,tag:'.repeat(20_000);
    const res = await decryptSops(doc.replace(/"apiKey": "[^"]+"/, `"apiKey": "${hostile}"`), {
      format: 'json',
      ageIdentities: [testKey],
    });
    expect(res.ok ? 'ok' : res.errors[0]?.code).toBe('SOPS_VALUE_INVALID');
  });

  it('an alias to an unknown anchor or an alias bomb is SOPS_FORMAT_INVALID or a metadata error, not an exception', async () => {
    const keys = [readFileSync(new URL('../../testdata/sops/keys/test.agekey', import.meta.url), 'utf8')];
    const unknownAlias = await decryptSops('a: *nope\nsops: {}\n', { format: 'yaml', ageIdentities: keys });
    expect(unknownAlias.ok).toBe(false);
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x]',
      ...'bcdefgh'
        .split('')
        .map(
          (c, i) =>
            `${c}: &${c} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`,
        ),
      'sops: {}',
    ].join('\n');
    const res = await decryptSops(bomb, { format: 'yaml', ageIdentities: keys });
    expect(res.ok).toBe(false);
  });

  it('a file nested deeper than the YAML parser can recurse is SOPS_FORMAT_INVALID, not a stack overflow', async () => {
    const deep = `${': '.repeat(6_000)}\n\tb\n`;
    for (const format of ['yaml', 'json'] as const) {
      const res = await decryptSops(deep, { format, ageIdentities: [testKey] });
      expect(res.ok ? 'ok' : res.errors[0]?.code).toBe('SOPS_FORMAT_INVALID');
    }
  });

  it('a file with many invalid escapes is refused in linear time (no per-error source context)', async () => {
    const started = performance.now();
    const res = await decryptSops(`{"a": "x",\n"${'\\C'.repeat(100_000)}`, { format: 'json', ageIdentities: [testKey] });
    expect(res.ok ? 'ok' : res.errors[0]?.code).toBe('SOPS_FORMAT_INVALID');
    // Quadratic parsing took about 25 s here; linear is well under a second, with room for a busy machine.
    expect(performance.now() - started).toBeLessThan(8_000);
  });
});

