import { describe, expect, it } from 'vitest';
import { validVariables } from './cluster-input.validation.js';

describe('validVariables', () => {
  it('keeps a variable named __proto__ or constructor as an own entry instead of dropping it', () => {
    const out = validVariables([{ key: '__proto__', value: 'a' }, { key: 'constructor', value: 'b' }], 'input.variables');
    expect(Object.entries(out)).toEqual([['__proto__', 'a'], ['constructor', 'b']]);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
  });
});
