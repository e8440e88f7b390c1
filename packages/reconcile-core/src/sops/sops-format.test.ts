import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { looksSopsEncrypted, sopsFormatForPath } from './sops-format.js';

const read = (p: string) => readFileSync(new URL(`../../testdata/sops/${p}`, import.meta.url), 'utf8');

describe('sopsFormatForPath / looksSopsEncrypted', () => {
  it('picks the store from the file name like sops does', () => {
    expect(['a.yaml', 'b.YML', 'c.json', 'd.env', 'e.bin', 'f', 'x/y.ini'].map(sopsFormatForPath)).toEqual([
      'yaml',
      'yaml',
      'json',
      'dotenv',
      'binary',
      'binary',
      'binary',
    ]);
  });
  it('recognises the real sops fixtures and not their plaintexts', () => {
    for (const [file, format] of [
      ['secret.yaml', 'yaml'],
      ['config.json', 'json'],
      ['app.env', 'dotenv'],
      ['blob.bin.json', 'binary'],
    ] as const) {
      expect(looksSopsEncrypted(read(`encrypted/${file}`), format), file).toBe(true);
    }
    expect(looksSopsEncrypted(read('plain/secret.yaml'), 'yaml')).toBe(false);
    expect(looksSopsEncrypted(read('plain/config.json'), 'json')).toBe(false);
    expect(looksSopsEncrypted(read('plain/app.env'), 'dotenv')).toBe(false);
  });
});
