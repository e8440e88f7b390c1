import { describe, expect, it } from 'vitest';
import { formatGoDuration, parseGoDuration } from './duration.js';

describe('parseGoDuration (Go time.ParseDuration, flux.md §1.1 interval/timeout)', () => {
  it.each([
    ['0', 0],
    ['60s', 60_000],
    ['1m30s', 90_000],
    ['10m0s', 600_000],
    ['1h', 3_600_000],
    ['1.5h', 5_400_000],
    ['500ms', 500],
    ['2h45m', 9_900_000],
    ['1us', 0.001],
    ['+5s', 5_000],
    ['.5s', 500],
  ])('%s → %d ms', (text, ms) => {
    expect(parseGoDuration(text)).toEqual({ ok: true, ms });
  });

  it.each([
    ['', /empty/],
    ['10', /missing unit/],
    ['1d', /unknown unit/],
    ['-1m', /negative/],
    ['1m 30s', /expected/],
    ['m', /expected/],
    ['1m30', /missing unit/],
    ['99999999999h', /out of range/],
  ])('rejects %j', (text, why) => {
    const r = parseGoDuration(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(why);
  });
});

describe('formatGoDuration (Go Duration.String)', () => {
  it.each([
    [0, '0s'],
    [60_000, '1m0s'],
    [90_000, '1m30s'],
    [3_600_000, '1h0m0s'],
    [500, '500ms'],
    [1_500, '1.5s'],
    [0.001, '1µs'],
  ])('%d ms → %s', (ms, text) => {
    expect(formatGoDuration(ms)).toBe(text);
  });

  it('round-trips what it formats', () => {
    for (const ms of [1, 999, 61_000, 7_261_000, 86_400_000]) {
      const r = parseGoDuration(formatGoDuration(ms));
      expect(r).toEqual({ ok: true, ms });
    }
  });
});
