import { describe, expect, it } from 'vitest';
import { formatLabelSelector, parseLabelSelector, withEquality } from './label-selector';

describe('parseLabelSelector (Kubernetes label-selector syntax)', () => {
  it('parses every requirement form', () => {
    const result = parseLabelSelector(
      'env=prod, tier in (web,api), region notin (us), !legacy, gpu, owner!=bob, a==b',
    );
    expect(result).toEqual({
      ok: true,
      requirements: [
        { key: 'env', operator: '=', values: ['prod'] },
        { key: 'tier', operator: 'in', values: ['web', 'api'] },
        { key: 'region', operator: 'notin', values: ['us'] },
        { key: 'legacy', operator: 'notExists', values: [] },
        { key: 'gpu', operator: 'exists', values: [] },
        { key: 'owner', operator: '!=', values: ['bob'] },
        { key: 'a', operator: '=', values: ['b'] },
      ],
    });
  });

  it('accepts prefixed keys and empty values', () => {
    expect(parseLabelSelector('example.com/team=,app.kubernetes.io/name=web').ok).toBe(true);
  });

  it.each([
    ['env=prod,', /must not end with ","/],
    ['env in prod', /Expected "\("/],
    ['env in ()', /at least one value/],
    ['env in (a b)', /Expected "," or "\)"/],
    ['env=pr od', /Expected "," between requirements/],
    ['=prod', /Expected a label key/],
    ['env=prod!', /Expected a value|Expected "," between/],
    ['-env=x', /Invalid key/],
    ['env=bad$', /Unexpected character "\$" at position 8/],
    ['env > 3', /Unexpected character/],
    ['env prod', /Expected an operator/],
  ])('rejects %j with a pointed message', (input, message) => {
    const result = parseLabelSelector(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(message);
  });

  it('an empty selector selects everything', () => {
    expect(parseLabelSelector('')).toEqual({ ok: true, requirements: [] });
  });
});

describe('formatLabelSelector and withEquality', () => {
  it('formats what it parses back to an equivalent selector', () => {
    const input = 'env=prod,tier in (web,api),region notin (us),!legacy,gpu,owner!=bob';
    const parsed = parseLabelSelector(input);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(formatLabelSelector(parsed.requirements)).toBe(input);
  });

  it('adds key=value to an empty or existing selector', () => {
    expect(withEquality('', 'env', 'prod')).toBe('env=prod');
    expect(withEquality('tier in (web,api)', 'env', 'prod')).toBe('tier in (web,api),env=prod');
  });

  it('replaces an equality on the same key instead of stacking an impossible pair', () => {
    expect(withEquality('env=dev,tier=web', 'env', 'prod')).toBe('tier=web,env=prod');
  });

  it('replaces a selector that does not parse', () => {
    expect(withEquality('env in (', 'env', 'prod')).toBe('env=prod');
  });
});
