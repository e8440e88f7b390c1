import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { decryptSops } from './decrypt-sops.js';

// Random documents encrypted by the real sops binary at test time, decrypted by us: a broad check of the value
// typing and MAC byte rules. The sops binary comes from scripts/build-test-binaries.sh.
const sops = process.env.SOPS ?? join(homedir(), '.cache/flotilla/bin/sops-v3.13.3/sops');
const haveSops = existsSync(sops);
const keyFile = new URL('../../testdata/sops/keys/test.agekey', import.meta.url);
const key = readFileSync(keyFile, 'utf8');
const recipient = /public key: (age1[0-9a-z]+)/.exec(key)?.[1] ?? '';
const dir = mkdtempSync(join(tmpdir(), 'flotilla-sops-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A small deterministic generator (mulberry32) so a failure can be replayed.
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomValue(r: () => number, depth: number): unknown {
  const pick = Math.floor(r() * (depth > 2 ? 6 : 8));
  switch (pick) {
    case 0:
      return [
        'plain',
        'with: colon',
        'ünïcødé ✓',
        '',
        ' padded ',
        'line1\nline2\n',
        'yes',
        '0644',
        '#hash',
        "it's",
      ][Math.floor(r() * 10)];
    case 1:
      return Math.floor(r() * 2 ** 40) - 2 ** 39;
    case 2:
      return [0.5, 1.25e-9, 3.14159, -2.5e21, 1e300, 0.1][Math.floor(r() * 6)];
    case 3:
      return r() < 0.5;
    case 4:
      return null;
    case 5:
      return `s${Math.floor(r() * 1000)}`;
    case 6:
      return Array.from({ length: 1 + Math.floor(r() * 3) }, () => randomValue(r, depth + 1));
    default: {
      const out: Record<string, unknown> = {};
      for (let i = 0; i < 1 + Math.floor(r() * 4); i++)
        out[`k${i}${r() < 0.2 ? '_unencrypted' : ''}`] = randomValue(r, depth + 1);
      return out;
    }
  }
}

describe.skipIf(!haveSops)('decryptSops against documents the real sops encrypted just now', () => {
  for (let seed = 1; seed <= 60; seed++) {
    it(`random document #${seed}`, async () => {
      const r = rng(seed);
      const doc: Record<string, unknown> = {};
      for (let i = 0; i < 3 + Math.floor(r() * 4); i++) doc[`key${i}`] = randomValue(r, 0);
      const format = seed % 2 === 0 ? 'json' : 'yaml';
      const plainPath = join(dir, `doc${seed}.${format}`);
      writeFileSync(plainPath, format === 'json' ? JSON.stringify(doc) : stringify(doc));
      const encrypted = execFileSync(sops, ['encrypt', '--age', recipient, plainPath], {
        encoding: 'utf8',
        env: { ...process.env, SOPS_AGE_KEY_FILE: '' },
      });
      const res = await decryptSops(encrypted, { format, ageIdentities: [key] });
      expect(res.ok ? res.value.documents[0] : res.errors).toEqual(
        format === 'json' ? JSON.parse(JSON.stringify(doc)) : parse(stringify(doc)),
      );
    });
  }
});
