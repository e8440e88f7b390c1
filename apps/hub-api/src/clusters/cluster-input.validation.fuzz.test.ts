import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzParams, fuzzTimeoutMs, hostileString, prototypeKey } from '@flotilla/reconcile-core/testing/fuzz';
import { DomainError } from '../common/domain-error.js';
import { validClusterName, validLabels, validVariables } from './cluster-input.validation.js';

// Cluster names, labels and variables come from GraphQL inputs. Valid ones are kept exactly (every pair,
// whatever its key); anything else is BAD_USER_INPUT naming the entry at fault, never another error.

function expectBadInput(fn: () => unknown, field: RegExp): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    expect((e as DomainError).code).toBe('BAD_USER_INPUT');
    expect((e as DomainError).field).toMatch(field);
    return;
  }
  throw new Error('expected BAD_USER_INPUT');
}

const labelKey = fc.oneof(fc.stringMatching(/^([a-z0-9]([a-z0-9.-]{0,20}[a-z0-9])?\/)?[A-Za-z0-9]([A-Za-z0-9_.-]{0,20}[A-Za-z0-9])?$/), prototypeKey, hostileString);
const labelValue = fc.oneof(fc.stringMatching(/^([A-Za-z0-9]([A-Za-z0-9_.-]{0,20}[A-Za-z0-9])?)?$/), hostileString);
const variableKey = fc.oneof(fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,30}$/), prototypeKey, hostileString);

/** A valid list comes back as a record of exactly its pairs; an invalid one is BAD_USER_INPUT on the list or an entry. */
function expectKeptOrRefused(validate: (list: Array<{ key: string; value: string }>, field: string) => Record<string, string>, list: Array<{ key: string; value: string }>, field: string): void {
  let out: Record<string, string>;
  try {
    out = validate(list, field);
  } catch {
    expectBadInput(() => validate(list, field), new RegExp(`^${field.replace('.', '\\.')}(\\[\\d+\\]\\.(key|value))?$`));
    return;
  }
  expect(Object.entries(out).sort()).toEqual(list.map((p) => [p.key, p.value]).sort());
}

/** Pairs with unique keys, so a valid list must come back whole. */
const pairs = (key: fc.Arbitrary<string>, value: fc.Arbitrary<string>, maxLength: number) =>
  fc.uniqueArray(fc.record({ key, value }), { selector: (p) => p.key, maxLength });

describe('cluster input validation (fuzz)', () => {
  it('validLabels keeps every pair of a valid list, or names the entry at fault', { timeout: fuzzTimeoutMs() }, () => {
    const labels = fc.oneof(pairs(labelKey, labelValue, 5), fc.array(fc.record({ key: labelKey, value: labelValue }), { maxLength: 70 }));
    fc.assert(fc.property(labels, (list) => expectKeptOrRefused(validLabels, list, 'input.labels')), fuzzParams(300));
  });

  it('validVariables keeps every pair of a valid list (`__proto__` and `constructor` included), or names the entry at fault', { timeout: fuzzTimeoutMs() }, () => {
    const variables = pairs(variableKey, fc.oneof(fc.string(), hostileString), 5);
    fc.assert(fc.property(variables, (list) => expectKeptOrRefused(validVariables, list, 'input.variables')), fuzzParams(300));
  });

  it('validClusterName answers any string with the name or BAD_USER_INPUT on the field', { timeout: fuzzTimeoutMs() }, () => {
    fc.assert(
      fc.property(fc.oneof(fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/), hostileString), (name) => {
        try {
          expect(validClusterName(name, 'input.name')).toBe(name);
        } catch {
          expectBadInput(() => validClusterName(name, 'input.name'), /^input\.name$/);
        }
      }),
      fuzzParams(300),
    );
  });
});
