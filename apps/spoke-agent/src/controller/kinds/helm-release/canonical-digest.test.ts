import { describe, expect, it } from 'vitest';
import { canonicalJson, valuesDigest } from './canonical-digest.js';

describe('config digest of values', () => {
  it('does not depend on key order, and changes with any value', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}');
    expect(valuesDigest({ a: 1, b: 2 })).toBe(valuesDigest({ b: 2, a: 1 }));
    expect(valuesDigest({ a: 1 })).not.toBe(valuesDigest({ a: 2 }));
    expect(valuesDigest({})).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});
