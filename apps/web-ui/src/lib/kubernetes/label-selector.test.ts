import { describe, expect, it } from 'vitest';
import { labelSelectorError, withEquality } from './label-selector';

describe('labelSelectorError (Kubernetes label-selector syntax, through reconcile-core)', () => {
  it('accepts every requirement form, prefixed keys and empty values', () => {
    expect(labelSelectorError('env=prod, tier in (web,api), region notin (us), !legacy, gpu, owner!=bob, a==b, size>2')).toBeNull();
    expect(labelSelectorError('example.com/team=,app.kubernetes.io/name=web')).toBeNull();
    expect(labelSelectorError('')).toBeNull();
  });

  it.each([
    ['env=prod,', /identifier after ','/],
    ['env in prod', /found 'prod' expected: '\('/],
    ['env in (a b)', /expected: ',' or '\)'/],
    ['env=pr od', /found 'od', expected: ',' or 'end of string'/],
    ['=prod', /expected: !, identifier/],
    ['-env=x', /Invalid value: "-env"/],
    ['env=bad$', /Invalid value: "bad\$"/],
    ['env prod', /expected: in, notin, =, ==, !=, gt, lt/],
  ])('rejects %j with Kubernetes’ message', (input, message) => {
    expect(labelSelectorError(input)).toMatch(message);
  });
});

describe('withEquality', () => {
  it('adds key=value to an empty or existing selector, in Kubernetes’ order', () => {
    expect(withEquality('', 'env', 'prod')).toBe('env=prod');
    expect(withEquality('tier in (web,api)', 'env', 'prod')).toBe('env=prod,tier in (api,web)');
  });

  it('replaces an equality on the same key instead of stacking an impossible pair', () => {
    expect(withEquality('env=dev,tier=web', 'env', 'prod')).toBe('env=prod,tier=web');
    expect(withEquality('env==dev', 'env', 'prod')).toBe('env=prod');
  });

  it('replaces a selector that does not parse', () => {
    expect(withEquality('env in (', 'env', 'prod')).toBe('env=prod');
  });
});
