import { describe, expect, it } from 'vitest';
import { isNamespaceName, isObjectName } from './object-names.js';

describe('object names', () => {
  it.each(['podinfo', 'flux-system', 'a', 'apps.v1', '0abc', 'x'.repeat(253)])('%s is an object name', (n) => expect(isObjectName(n)).toBe(true));
  it.each(['', 'Podinfo', 'a_b', 'a..b', '-a', 'a.', 'a/b', 'x'.repeat(254)])('%j is not', (n) => expect(isObjectName(n)).toBe(false));
  it.each(['flux-system', 'a', 'x'.repeat(63)])('%s is a namespace', (n) => expect(isNamespaceName(n)).toBe(true));
  it.each(['', 'a.b', 'Flux', 'x'.repeat(64)])('%j is not', (n) => expect(isNamespaceName(n)).toBe(false));
});
