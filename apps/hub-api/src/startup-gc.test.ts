import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { collectStartupGarbage } from './startup-gc.js';

describe('collectStartupGarbage', () => {
  it('frees what is no longer referenced, and leaves no gc function to the code that runs after it', () => {
    let garbage: { i: number; s: string }[] | undefined = Array.from({ length: 300_000 }, (_, i) => ({ i, s: `item ${i}` }));
    expect(garbage).toHaveLength(300_000);
    garbage = undefined;
    const before = process.memoryUsage().heapUsed;
    collectStartupGarbage();
    // 300,000 objects and strings: well over 10 MiB.
    expect(before - process.memoryUsage().heapUsed).toBeGreaterThan(10 * 1024 * 1024);
    expect(typeof (globalThis as { gc?: unknown }).gc).toBe('undefined');
    expect(runInNewContext('typeof gc')).toBe('undefined');
  });
});
