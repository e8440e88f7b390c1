import { describe, expect, it } from 'vitest';
import { holdsUnstorableText } from './storable-input.js';

describe('holdsUnstorableText (what Postgres text and jsonb refuse)', () => {
  it('finds NUL and unpaired surrogates in strings and keys, anywhere in the value', () => {
    for (const bad of ['\ud800', { name: '\ud800' }, { a: ['x', { b: 'nul\u0000' }] }, { ['\udc00key']: 1 }, ['ok', '\udfff']]) {
      expect(holdsUnstorableText(bad)).toBe(true);
    }
  });

  it('passes well-formed values, paired surrogates (emoji) included, and walks deep nesting without recursion', () => {
    const deep = JSON.parse(`${'['.repeat(100_000)}"🦎"${']'.repeat(100_000)}`) as unknown;
    expect(holdsUnstorableText({ a: '🦎', b: [1, null, true] })).toBe(false);
    expect(holdsUnstorableText(deep)).toBe(false);
    expect(holdsUnstorableText(new Array<number>(600_000).fill(0))).toBe(false);
    expect(holdsUnstorableText(undefined)).toBe(false);
  });
});
