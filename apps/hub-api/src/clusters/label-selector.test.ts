import { describe, expect, it } from 'vitest';
import { matchesSelector, parseLabelSelector } from './label-selector.js';

describe('parseLabelSelector', () => {
  it('parses every Kubernetes operator', () => {
    const r = parseLabelSelector('env=prod, tier in (a, b),!legacy,zone!=eu,region,team notin (x),app==web');
    expect(r).toEqual({
      ok: true,
      requirements: [
        { op: 'eq', key: 'env', value: 'prod' },
        { op: 'in', key: 'tier', values: ['a', 'b'] },
        { op: 'notexists', key: 'legacy' },
        { op: 'neq', key: 'zone', value: 'eu' },
        { op: 'exists', key: 'region' },
        { op: 'notin', key: 'team', values: ['x'] },
        { op: 'eq', key: 'app', value: 'web' },
      ],
    });
  });

  it('accepts prefixed keys and an empty selector', () => {
    expect(parseLabelSelector('flotilla.io/tier=gold').ok).toBe(true);
    expect(parseLabelSelector('  ')).toEqual({ ok: true, requirements: [] });
  });

  it.each([
    ['env=prod,', 'empty requirement'],
    ['tier in (a,b', 'unbalanced'],
    ['env=pr od', 'cannot parse'],
    ['-bad=1', 'not a valid label key'],
    ['env=$x', 'not a valid label value'],
  ])('rejects %s with a message naming the fault', (selector, message) => {
    const r = parseLabelSelector(selector);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain(message);
  });
});

describe('matchesSelector', () => {
  const labels = { env: 'prod', tier: 'a' };
  const m = (s: string): boolean => {
    const r = parseLabelSelector(s);
    if (!r.ok) throw new Error(r.message);
    return matchesSelector(labels, r.requirements);
  };
  it('follows Kubernetes semantics: != and notin also match clusters without the key', () => {
    expect(m('env=prod,tier in (a,b)')).toBe(true);
    expect(m('zone!=eu')).toBe(true);
    expect(m('zone notin (eu)')).toBe(true);
    expect(m('!env')).toBe(false);
    expect(m('env in (dev)')).toBe(false);
  });
});
