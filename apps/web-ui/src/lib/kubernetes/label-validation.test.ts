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
    ['', /required/],
    ['-env', /start and end with an alphanumeric/],
    ['env-', /start and end with an alphanumeric/],
    ['x'.repeat(64), /^Name part must be no more than 63 bytes\.$/],
    ['Example.com/owner', /^Prefix part a lowercase RFC 1123 subdomain/],
    ['/name', /^Prefix part must be non-empty\.$/],
    ['example.com/', /^Name part must be non-empty\.$/],
    ['a b', /alphanumeric characters, '-', '_' or '\.'/],
    [`${'a'.repeat(254)}/x`, /253 bytes/],
  ])('rejects %s', (key, message) => {
    expect(labelKeyError(key)).toMatch(message);
  });
});

describe('labelValueError', () => {
  it('accepts an empty value (Kubernetes allows it)', () => expect(labelValueError('')).toBeNull());
  it.each(['prod', 'eu-west-1', 'v1.2_3'])('accepts %s', (v) => expect(labelValueError(v)).toBeNull());
  it.each(['prod!', '-a', 'a/b', 'x'.repeat(64)])('rejects %s', (v) =>
    expect(labelValueError(v)).not.toBeNull(),
  );
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
