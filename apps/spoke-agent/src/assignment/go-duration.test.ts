import { describe, expect, it } from 'vitest';
import { parseGoDurationMs } from './go-duration.js';

describe('parseGoDurationMs (Go time.ParseDuration, flux.md §1.6 interval/retryInterval/timeout)', () => {
  it.each([
    ['1m', 60_000],
    ['1h30m', 5_400_000],
    ['90s', 90_000],
    ['500ms', 500],
    ['1.5h', 5_400_000],
    ['0', 0],
  ])('%s = %d ms', (text, ms) => expect(parseGoDurationMs(text)).toBe(ms));
  it.each(['', '1', '1d', '-1m', 'm', '1m ', 'abc'])('refuses %j', (text) => expect(parseGoDurationMs(text)).toBeUndefined());
});
