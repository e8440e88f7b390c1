import { describe, expect, it } from 'vitest';
import {
  clusterNameError,
  filledRows,
  labelKeyError,
  labelValueError,
  mergeRowErrors,
  rowErrorFromField,
  validateRows,
  variableNameError,
} from './label-validation';

describe('labelKeyError (Kubernetes label key rules)', () => {
  it.each(['env', 'app.kubernetes.io/name', 'example.com/owner', 'a', 'A_b-c.d', 'x'.repeat(63)])(
    'accepts %s',
    (key) => {
      expect(labelKeyError(key)).toBeNull();
    },
  );
  it.each([
    ['', 'Key is required.'],
    ['-env', 'Use letters, digits, "-", "_" and ".", starting and ending with a letter or digit.'],
    ['env-', 'Use letters, digits, "-", "_" and ".", starting and ending with a letter or digit.'],
    ['a b', 'Use letters, digits, "-", "_" and ".", starting and ending with a letter or digit.'],
    ['x'.repeat(64), 'The key must be at most 63 characters (not counting a prefix and "/").'],
    ['Example.com/owner', 'The prefix before "/" must be a lowercase DNS name, e.g. example.com.'],
    ['/name', 'Put a domain before the "/" (e.g. example.com/tier), or remove the "/".'],
    ['a/b/c', 'A label key has at most one "/" (e.g. example.com/tier).'],
    [`${'a'.repeat(254)}/x`, 'The prefix before "/" must be at most 253 characters.'],
  ])('rejects %s in plain words', (key, message) => {
    expect(labelKeyError(key)).toBe(message);
  });

  it('never calls a label key a "name part" or quotes a regular expression, and says every problem at once', () => {
    const message = labelKeyError('Bad_/-x-')!;
    expect(message).not.toMatch(/name part|regex|Name/);
    expect(message).toBe(
      'The prefix before "/" must be a lowercase DNS name, e.g. example.com. Use letters, digits, "-", "_" and ".", starting and ending with a letter or digit.',
    );
    expect(labelKeyError('example.com/')).toBe(
      'Put the key after the "/", e.g. example.com/tier. Use letters, digits, "-", "_" and ".", starting and ending with a letter or digit.',
    );
  });
});

describe('labelValueError', () => {
  it('accepts an empty value (Kubernetes allows it)', () => expect(labelValueError('')).toBeNull());
  it.each(['prod', 'eu-west-1', 'v1.2_3'])('accepts %s', (v) => expect(labelValueError(v)).toBeNull());
  it.each([
    [
      'prod!',
      'Use letters, digits, "-", "_" and ".", starting and ending with a letter or digit, or leave it empty.',
    ],
    [
      '-a',
      'Use letters, digits, "-", "_" and ".", starting and ending with a letter or digit, or leave it empty.',
    ],
    ['x'.repeat(64), 'A value must be at most 63 characters.'],
  ])('rejects %s in plain words', (v, message) => expect(labelValueError(v)).toBe(message));
});

describe('clusterNameError', () => {
  it('accepts DNS labels', () => expect(clusterNameError('prod-eu-1')).toBeNull());
  it.each(['', 'Prod', 'prod_eu', '-prod', 'prod.eu', 'x'.repeat(64)])('rejects %j', (n) =>
    expect(clusterNameError(n)).not.toBeNull(),
  );
});

describe('variableNameError (Flux postBuild names, flux.md §2 substitution)', () => {
  it.each(['cluster_region', '_x', 'A1'])('accepts %s', (n) => expect(variableNameError(n)).toBeNull());
  it.each(['1a', 'a-b', 'a.b', ''])('rejects %j', (n) => expect(variableNameError(n)).not.toBeNull());
});

describe('validateRows', () => {
  const rules = { key: labelKeyError, value: labelValueError };
  it('ignores blank rows and flags duplicates with the row of the first', () => {
    const { errors, valid } = validateRows(
      [
        { key: 'env', value: 'prod' },
        { key: '', value: '' },
        { key: 'env', value: 'dev' },
      ],
      rules,
    );
    expect(valid).toBe(false);
    expect(errors[0]).toEqual({});
    expect(errors[1]).toEqual({});
    expect(errors[2]?.key).toMatch(/Duplicate key \(also in row 1\)/);
  });
  it('reports key and value errors of one row together', () => {
    const { errors } = validateRows([{ key: '-x', value: 'bad!' }], rules);
    expect(errors[0]?.key).toBeTruthy();
    expect(errors[0]?.value).toBeTruthy();
  });
  it('a value without a key is an error, not silently dropped', () => {
    expect(validateRows([{ key: '', value: 'orphan' }], rules).valid).toBe(false);
  });
  it('filledRows drops only fully blank rows', () => {
    expect(
      filledRows([
        { key: 'a', value: '' },
        { key: '', value: '' },
      ]),
    ).toEqual([{ key: 'a', value: '' }]);
  });
});

describe('rowErrorFromField (hub BAD_USER_INPUT fields)', () => {
  it('maps labels[i].key and input.variables[i].value to rows', () => {
    expect(rowErrorFromField('labels[2].key', 'labels', 'bad')).toEqual({ index: 2, errors: { key: 'bad' } });
    expect(rowErrorFromField('input.variables[0].value', 'variables', 'long')).toEqual({
      index: 0,
      errors: { value: 'long' },
    });
  });
  it('ignores fields of other lists and whole-list errors', () => {
    expect(rowErrorFromField('labels[0].key', 'variables', 'x')).toBeNull();
    expect(rowErrorFromField('labels', 'labels', 'at most 64')).toBeNull();
    expect(rowErrorFromField(undefined, 'labels', 'x')).toBeNull();
  });
  it('mergeRowErrors keeps client errors and adds the server one', () => {
    expect(mergeRowErrors([{}, { value: 'client' }], { index: 1, errors: { key: 'server' } })).toEqual([
      {},
      { key: 'server', value: 'client' },
    ]);
  });
});
