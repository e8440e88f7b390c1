import { describe, expect, it } from 'vitest';
import { compileGlob, globMatches } from './glob.js';

const m = (pattern: string, text: string) => {
  const g = compileGlob(pattern);
  return g === undefined ? 'bad' : globMatches(g, text);
};

describe('glob patterns of ${var#pat} / ${var%pat}', () => {
  it.each([
    ['*', 'a/b/c', true],
    ['*/', 'a/b/', true],
    ['?', '/', true],
    ['a?c', 'abc', true],
    ['[abc]x', 'bx', true],
    ['[^abc]x', 'bx', false],
    ['[a-c]*', 'cat', true],
    ['[]]', ']', true],
    ['\\*', '*', true],
    ['\\*', 'a', false],
    ['h*o', 'hello', true],
    ['h*l', 'hello', false],
  ])('%j matches %j: %s', (pattern, text, expected) => {
    expect(m(pattern, text)).toBe(expected);
  });

  it('malformed patterns are refused (the value is then left untrimmed)', () => {
    expect(m('[abc', 'a')).toBe('bad');
    expect(m('abc\\', 'abc')).toBe('bad');
  });

  it('stays linear on patterns that make backtracking regexes explode', () => {
    const pattern = '*a'.repeat(30) + 'b';
    expect(m(pattern, 'a'.repeat(5000))).toBe(false);
  });
});
