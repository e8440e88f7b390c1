import { describe, expect, it } from 'vitest';
import { setValueAtPath } from './target-path.js';

describe('valuesFrom targetPath (helm --set paths)', () => {
  it('sets nested keys, list indexes and escaped dots, typing values as --set does', () => {
    const r = setValueAtPath({ a: { keep: 1 } }, 'a.b.c', 'true', false);
    expect(r).toEqual({ ok: true, values: { a: { keep: 1, b: { c: true } } } });
    expect(setValueAtPath({}, 'list[1].name', 'x', false)).toEqual({ ok: true, values: { list: [null, { name: 'x' }] } });
    expect(setValueAtPath({}, 'annotations.example\\.com/key', '42', false)).toEqual({ ok: true, values: { annotations: { 'example.com/key': 42 } } });
    expect(setValueAtPath({}, 'n', '42', true)).toEqual({ ok: true, values: { n: '42' } });
  });

  it('refuses a path that is not one, leaving the values untouched', () => {
    const values = { a: 1 };
    for (const bad of ['a..b', '.a', 'a.', 'a[x]', 'a[1']) expect(setValueAtPath(values, bad, 'v', false).ok).toBe(false);
    expect(values).toEqual({ a: 1 });
  });
});
