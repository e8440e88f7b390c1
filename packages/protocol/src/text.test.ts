import { describe, expect, it } from 'vitest';
import { storableText, storableValue } from './text.js';

describe('storableText', () => {
  it('replaces lone surrogates with U+FFFD and keeps surrogate pairs', () => {
    expect(storableText('missing-\ud800.yaml')).toBe('missing-\ufffd.yaml');
    expect(storableText('\udc00 at the start, high at the end \udbff')).toBe('\ufffd at the start, high at the end \ufffd');
    expect(storableText('two highs \ud800\ud800\udc00')).toBe('two highs \ufffd\ud800\udc00');
    expect(storableText('emoji 🚀 stays')).toBe('emoji 🚀 stays');
  });

  it('removes NUL characters', () => {
    expect(storableText('bad\u0000 yaml\u0000')).toBe('bad yaml');
  });

  it('gives strings that JSON round-trips and Postgres accepts (no \\u0000, no unpaired \\uD8xx escape)', () => {
    const json = JSON.stringify(storableText('a\u0000b\ud800c\udfffd'));
    expect(json).toBe('"ab\ufffdc\ufffdd"');
  });
});

describe('storableValue', () => {
  it('cleans every string and key of nested objects and arrays, leaving other values alone', () => {
    expect(storableValue({ 'k\u0000': ['a\u0000b', 1, null, true, { m: 'x\ud800' }] })).toEqual({ k: ['ab', 1, null, true, { m: 'x\ufffd' }] });
  });

  it('gives a copy, and keeps a "__proto__" key of parsed JSON as an own key (not the copy’s prototype)', () => {
    const parsed = JSON.parse('{"__proto__": {"polluted": "x\\u0000"}, "a": ["b"]}') as Record<string, unknown>;
    const clean = storableValue(parsed);
    expect(clean).not.toBe(parsed);
    expect(clean['a']).not.toBe(parsed['a']);
    expect(Object.getPrototypeOf(clean)).toBe(Object.prototype);
    expect(Object.keys(clean)).toEqual(['__proto__', 'a']);
    expect(Object.getOwnPropertyDescriptor(clean, '__proto__')?.value).toEqual({ polluted: 'x' });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
