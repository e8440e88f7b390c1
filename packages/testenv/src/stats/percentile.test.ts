import { describe, expect, it } from 'vitest';
import { percentile } from './percentile.js';

describe(percentile.name, () => {
  it('takes the nearest rank: p50 of 1..10 is 5, p99 of 50 samples is the largest, p0 the smallest', () => {
    const ten = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
    expect(percentile(ten, 50)).toBe(5);
    expect(percentile(ten, 95)).toBe(10);
    expect(percentile(Array.from({ length: 50 }, (_, i) => i + 1), 99)).toBe(50);
    expect(percentile(ten, 0)).toBe(1);
  });

  it('is NaN without samples and leaves its input unsorted', () => {
    expect(percentile([], 50)).toBeNaN();
    const xs = [3, 1, 2];
    percentile(xs, 50);
    expect(xs).toEqual([3, 1, 2]);
  });
});
