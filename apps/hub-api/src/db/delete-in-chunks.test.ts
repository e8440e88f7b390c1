import { describe, expect, it } from 'vitest';
import { deleteInChunks } from './delete-in-chunks.js';

describe('deleteInChunks', () => {
  it('repeats full chunks and stops after the first short one', async () => {
    const limits: number[] = [];
    let left = 25;
    const total = await deleteInChunks(async (limit) => {
      limits.push(limit);
      const n = Math.min(limit, left);
      left -= n;
      return n;
    }, 10);
    expect(total).toBe(25);
    expect(limits).toEqual([10, 10, 10]);
  });

  it('runs once when nothing is due', async () => {
    let calls = 0;
    expect(await deleteInChunks(async () => (calls++, 0))).toBe(0);
    expect(calls).toBe(1);
  });
});
