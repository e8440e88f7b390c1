import { describe, expect, it } from 'vitest';
import { safeNext } from './login-route';

describe('safeNext (redirect after login)', () => {
  it.each([
    ['/clusters/c1?x=1', '/clusters/c1?x=1'],
    [null, '/'],
    ['https://evil.example/', '/'],
    ['//evil.example/path', '/'],
    ['javascript:alert(1)', '/'],
  ])('%s → %s', (input, expected) => {
    expect(safeNext(input)).toBe(expected);
  });
});
