import { describe, expect, it } from 'vitest';
import { policyText } from './policy-text';

describe('policyText', () => {
  it.each([
    [{ semver: { range: '~1.0' } }, 'semver ~1.0'],
    [{ alphabetical: {} }, 'alphabetical asc'],
    [{ numerical: { order: 'desc' } }, 'numerical desc'],
    [null, '—'],
    [{}, '—'],
  ])('%j → %s', (policy, text) => {
    expect(policyText(policy)).toBe(text);
  });
});
