import { describe, expect, it } from 'vitest';
import { GraphQLJSON } from './json.scalar.js';

describe('GraphQLJSON', () => {
  it('refuses strings and keys Postgres cannot store (NUL, unpaired surrogates), anywhere in the value', () => {
    for (const bad of [{ name: '\ud800' }, { a: ['x', { b: 'nul\u0000' }] }, { ['\udc00key']: 1 }]) {
      expect(() => GraphQLJSON.parseValue(bad)).toThrow(/NUL characters or unpaired surrogates/);
    }
  });

  it('keeps well-formed values, paired surrogates (emoji) included, and walks deep nesting without recursion', () => {
    const deep = JSON.parse(`${'['.repeat(100_000)}"🦎"${']'.repeat(100_000)}`) as unknown;
    expect(GraphQLJSON.parseValue({ a: '🦎', b: [1, null, true] })).toEqual({ a: '🦎', b: [1, null, true] });
    expect(GraphQLJSON.parseValue(deep)).toBe(deep);
    const wide = new Array<number>(600_000).fill(0);
    expect(GraphQLJSON.parseValue(wide)).toBe(wide);
  });
});
