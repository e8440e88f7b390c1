import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzParams, fuzzTimeoutMs, hostileString, withinMs } from '@flotilla/reconcile-core/testing/fuzz';
import { digestOf, paxRecord, tarStreamOf, type TarEntrySpec, type TarSpecial } from '../testing/make-tarball.js';
import { openArtifact, type ArtifactLimits } from '@flotilla/git-source';
import { readTar, TarError } from '@flotilla/git-source';

// An artifact is bytes from the hub, which got them from a repository: untrusted. openArtifact answers any
// bytes with files or a refusal, within its limits, and the files it returns never name a path outside the
// artifact root.

const revision = 'main@sha1:3333333333333333333333333333333333333333';
const LIMITS: ArtifactLimits = { maxUnpackedBytes: 4 * 1024 * 1024, maxEntries: 64, maxRatio: 200, ratioFloorBytes: 1024 * 1024 };

const segment = fc.oneof(
  { weight: 6, arbitrary: fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,12}$/) },
  { weight: 2, arbitrary: fc.constantFrom('..', '.', '', 'C:', '\\..', 'a\\b', '~', ' ') },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 }).filter((s) => !s.includes('/') && !s.includes('\0')) },
  { weight: 1, arbitrary: hostileString.map((s) => s.replace(/[/\0]/g, '_').slice(0, 300)) },
);
const entryPath = fc.tuple(fc.constantFrom('', '/', './'), fc.array(segment, { minLength: 1, maxLength: 5 })).map(([lead, parts]) => lead + parts.join('/'));
const special: fc.Arbitrary<TarSpecial> = fc.oneof(
  fc.record({ type: fc.constantFrom('symlink' as const, 'hardlink' as const), target: fc.oneof(entryPath, fc.constantFrom('../x', '/etc/passwd', '.', 'a/../..')) }),
  fc.constantFrom<TarSpecial>({ type: 'dir' }, { type: 'chardev' }, { type: 'fifo' }),
);
const entry: fc.Arbitrary<Array<readonly [string, TarEntrySpec]>> = fc.oneof(
  { weight: 5, arbitrary: fc.tuple(entryPath, fc.string({ maxLength: 64 })).map(([p, d]) => [[p, d] as const]) },
  { weight: 2, arbitrary: fc.tuple(entryPath, special).map(([p, s]) => [[p, s] as const]) },
  // A long name through pax or a GNU header, naming the entry after it.
  {
    weight: 2,
    arbitrary: fc.tuple(entryPath, fc.constantFrom('pax' as const, 'gnuLongName' as const), fc.string({ maxLength: 16 })).map(([p, how, d]) => [
      ['PaxHeader', { type: how, data: how === 'pax' ? paxRecord('path', p) : `${p}\0` }] as const,
      ['short-name', d] as const,
    ]),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }).map((junk) => [['PaxHeader', { type: 'pax' as const, data: junk }] as const, ['after-junk-pax', 'x'] as const]) },
);
const entries = fc.array(entry, { maxLength: 8 }).map((groups) => groups.flat());

/** What a returned path must look like: relative, normalised, inside the root. */
function isSafePath(path: string): boolean {
  return path !== '' && !path.startsWith('/') && !path.includes('\\') && !/^[A-Za-z]:/.test(path) && path.split('/').every((s) => s !== '' && s !== '.' && s !== '..');
}

function open(bytes: Uint8Array, limits = LIMITS) {
  return withinMs(3_000, () => openArtifact({ kind: 'tarball', revision, digest: digestOf(bytes), bytes }, limits));
}

function expectAnswered(result: ReturnType<typeof open>): void {
  if (result.ok) for (const path of result.files.keys()) expect(isSafePath(path), path).toBe(true);
  else expect(result.message).toMatch(/^artifact for revision main@sha1:3{40} (refused|is not a readable tar\.gz)/);
}

describe('openArtifact (fuzz)', () => {
  it('answers generated tarballs (escaping paths, links, devices, pax and GNU long names) with safe files or a refusal', { timeout: fuzzTimeoutMs() }, () => {
    fc.assert(
      fc.property(entries, (list) => expectAnswered(open(new Uint8Array(gzipSync(tarStreamOf(list)))))),
      fuzzParams(300),
    );
  });

  it('reads back every regular file of a tarball with plain and long (pax) names, non-ASCII included', { timeout: fuzzTimeoutMs() }, () => {
    const name = fc.array(fc.oneof(fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,30}$/), fc.constantFrom('déjà-vu', 'ファイル', 'emoji-😀', 'ü'.repeat(60))), { minLength: 1, maxLength: 6 }).map((p) => p.join('/'));
    const files = fc.uniqueArray(fc.tuple(name, fc.string({ maxLength: 32 }), fc.boolean()), { selector: ([p]) => p, maxLength: 6 })
      // A file path may not also be a directory of another file.
      .filter((fs) => fs.every(([a]) => fs.every(([b]) => !b.startsWith(`${a}/`))));
    fc.assert(
      fc.property(files, (list) => {
        const stream = tarStreamOf(list.flatMap(([p, d, viaPax]): Array<readonly [string, TarEntrySpec]> => (viaPax || new TextEncoder().encode(p).length > 100 ? [['PaxHeader', { type: 'pax' as const, data: paxRecord('path', p) }] as const, ['long', d] as const] : [[p, d] as const])));
        const result = open(new Uint8Array(gzipSync(stream)));
        expect(result.ok, result.ok ? '' : result.message).toBe(true);
        if (!result.ok) return;
        expect(Object.fromEntries([...result.files].map(([p, d]) => [p, new TextDecoder().decode(d)]))).toEqual(Object.fromEntries(list.map(([p, d]) => [p, d])));
      }),
      fuzzParams(200),
    );
  });

  it('answers a valid tarball with bytes flipped, cut or inserted (in the tar stream or the gzip) with a result', { timeout: fuzzTimeoutMs() }, () => {
    const mutation = fc.record({
      list: entries,
      inGzip: fc.boolean(),
      edits: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('flip', 'cut', 'insert')), { minLength: 1, maxLength: 4 }),
    });
    fc.assert(
      fc.property(mutation, ({ list, inGzip, edits }) => {
        let bytes = inGzip ? new Uint8Array(gzipSync(tarStreamOf(list))) : new Uint8Array(tarStreamOf(list));
        for (const [at, byte, how] of edits) {
          const i = bytes.length === 0 ? 0 : at % bytes.length;
          if (how === 'flip') bytes = Uint8Array.from(bytes, (b, j) => (j === i ? byte : b));
          else if (how === 'cut') bytes = bytes.slice(0, i);
          else bytes = new Uint8Array([...bytes.slice(0, i), byte, ...bytes.slice(i)]);
        }
        if (!inGzip) {
          expectReadTarTyped(bytes);
          bytes = new Uint8Array(gzipSync(bytes));
        }
        expectAnswered(open(bytes));
      }),
      fuzzParams(300),
    );
  });

  it('answers random bytes and bombs past the limits with a refusal', { timeout: fuzzTimeoutMs() }, () => {
    const input = fc.oneof(
      fc.uint8Array({ maxLength: 2048 }),
      fc.uint8Array({ maxLength: 2048 }).map((b) => new Uint8Array(gzipSync(b))),
      // Many entries, or a few huge ones that compress to almost nothing.
      fc.integer({ min: 65, max: 400 }).map((n) => new Uint8Array(gzipSync(tarStreamOf(Array.from({ length: n }, (_, i) => [`f${i}`, ''] as const))))),
      fc.integer({ min: 5, max: 12 }).map((mib) => new Uint8Array(gzipSync(tarStreamOf([['zeros', new Uint8Array(mib * 1024 * 1024)]]), { level: 9 }))),
    );
    fc.assert(
      fc.property(input, (bytes) => expectAnswered(open(bytes))),
      fuzzParams(30),
    );
  });
});

/** readTar itself throws only its typed error. */
function expectReadTarTyped(bytes: Uint8Array): void {
  try {
    withinMs(3_000, () => readTar(bytes, { maxEntries: LIMITS.maxEntries }));
  } catch (e) {
    expect(e).toBeInstanceOf(TarError);
  }
}
