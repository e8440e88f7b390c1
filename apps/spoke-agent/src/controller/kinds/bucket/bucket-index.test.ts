import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { indexRevision, trimEtag } from './bucket-index.js';

describe('indexRevision (source-controller internal/index Digester, canonical sha256)', () => {
  it('an empty index hashes nothing: the sha256 of the empty string, as in Flux’s buckets.md example', () => {
    expect(indexRevision(new Map())).toBe('sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('hashes sorted `<key> <etag>\\n` lines, whatever the insertion order', () => {
    const expected = `sha256:${createHash('sha256').update('bar.yaml etag2\nbaz.yaml etag3\nfoo.yaml etag1\n').digest('hex')}`;
    expect(indexRevision(new Map([['foo.yaml', 'etag1'], ['bar.yaml', 'etag2'], ['baz.yaml', 'etag3']]))).toBe(expected);
    expect(indexRevision(new Map([['baz.yaml', 'etag3'], ['foo.yaml', 'etag1'], ['bar.yaml', 'etag2']]))).toBe(expected);
  });

  it('orders keys by UTF-8 bytes as Go’s sort.Strings does, not by UTF-16 code units', () => {
    // U+FF5E sorts after U+1F600 in UTF-16 (0xFF5E > 0xD83D) but before it in UTF-8 (0xEF < 0xF0).
    const wide = '\u{FF5E}';
    const astral = '\u{1F600}';
    const expected = `sha256:${createHash('sha256').update(`${wide} a\n${astral} b\n`).digest('hex')}`;
    expect(indexRevision(new Map([[astral, 'b'], [wide, 'a']]))).toBe(expected);
  });

  it('a changed ETag is a new revision', () => {
    expect(indexRevision(new Map([['a', '1']]))).not.toBe(indexRevision(new Map([['a', '2']])));
  });
});

describe('trimEtag (minio-go)', () => {
  it('drops the surrounding quotes only', () => {
    expect(trimEtag('"abc"')).toBe('abc');
    expect(trimEtag('abc')).toBe('abc');
    expect(trimEtag('"a"b"')).toBe('a"b');
  });
});
