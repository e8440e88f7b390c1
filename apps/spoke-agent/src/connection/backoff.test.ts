import { describe, expect, it } from 'vitest';
import { backoffDelayMs, sleep } from './backoff.js';

const policy = { baseMs: 1000, maxMs: 30_000 };

describe('backoffDelayMs', () => {
  it('doubles the ceiling per attempt up to the cap', () => {
    const top = (attempt: number): number => backoffDelayMs(attempt, policy, () => 0.999999);
    expect([0, 1, 2, 3, 4].map(top)).toEqual([999, 1999, 3999, 7999, 15_999]);
    expect(top(5)).toBe(29_999);
    expect(top(50)).toBe(29_999);
    expect(top(Number.MAX_SAFE_INTEGER)).toBe(29_999);
  });

  it('is full jitter: the lowest draw waits 0 ms, so the window starts at zero', () => {
    expect(backoffDelayMs(6, policy, () => 0)).toBe(0);
  });

  it('spreads draws uniformly over the window (no bunching at the ceiling)', () => {
    let seed = 42;
    const random = (): number => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const draws = Array.from({ length: 10_000 }, () => backoffDelayMs(10, policy, random));
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(30_000);
    const buckets = [0, 0, 0, 0, 0];
    for (const d of draws) buckets[Math.floor(d / 6000)]!++;
    for (const b of buckets) expect(b).toBeGreaterThan(1700);
  });

  it('treats negative or fractional attempts as the first ones', () => {
    expect(backoffDelayMs(-3, policy, () => 0.5)).toBe(500);
    expect(backoffDelayMs(1.7, policy, () => 0.5)).toBe(1000);
  });
});

describe('sleep', () => {
  it('ends early when aborted', async () => {
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 20);
    await sleep(10_000, controller.signal);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
