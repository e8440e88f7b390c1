import { describe, expect, it } from 'vitest';
import { Coalescer } from './coalescer.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A flush that records what it was given and answers each item doubled, after `ms`. */
function recorder(ms = 0, fail?: (items: number[]) => boolean) {
  const flushes: number[][] = [];
  let running = 0;
  let peak = 0;
  const flush = async (items: number[]): Promise<number[]> => {
    flushes.push(items);
    running += 1;
    peak = Math.max(peak, running);
    await sleep(ms);
    running -= 1;
    if (fail?.(items)) throw new Error(`flush of ${items.join(',')} failed`);
    return items.map((i) => i * 2);
  };
  return { flushes, flush, peak: () => peak };
}

describe('Coalescer', () => {
  it('hands requests arriving within the window to one flush and answers each with its own result', async () => {
    const r = recorder();
    const c = new Coalescer({ windowMs: 20, maxItems: 100, concurrency: 1, key: String, flush: r.flush });
    expect(await Promise.all([1, 2, 3].map((i) => c.submit(i)))).toEqual([2, 4, 6]);
    expect(r.flushes).toEqual([[1, 2, 3]]);
  });

  it('starts a flush as soon as maxItems wait, without waiting for the window', async () => {
    const r = recorder();
    const c = new Coalescer({ windowMs: 10_000, maxItems: 2, concurrency: 1, key: String, flush: r.flush });
    const started = Date.now();
    expect(await Promise.all([c.submit(1), c.submit(2)])).toEqual([2, 4]);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('runs at most `concurrency` flushes; what arrives meanwhile goes together into the next one', async () => {
    const r = recorder(50);
    const c = new Coalescer({ windowMs: 0, maxItems: 100, concurrency: 1, key: String, flush: r.flush });
    const first = c.submit(1);
    await sleep(10);
    const rest = [2, 3, 4].map((i) => c.submit(i));
    await Promise.all([first, ...rest]);
    expect(r.flushes).toEqual([[1], [2, 3, 4]]);
    expect(r.peak()).toBe(1);
  });

  it('with windowAfterFlush, what arrives during a flush waits for a window after it instead of chaining flushes at once', async () => {
    for (const windowAfterFlush of [false, true]) {
      const flushes: number[][] = [];
      let release = (): void => undefined;
      const gate = new Promise<void>((r) => (release = r));
      const c = new Coalescer({
        windowMs: 30,
        maxItems: 100,
        concurrency: 1,
        windowAfterFlush,
        key: String,
        flush: async (items: number[]) => {
          flushes.push(items);
          if (items.includes(1)) await gate;
          return items;
        },
      });
      const first = c.submit(1);
      while (flushes.length === 0) await sleep(5);
      const second = c.submit(2);
      // Its window passes while the first flush still runs.
      await sleep(60);
      release();
      await first;
      await sleep(0);
      const third = c.submit(3);
      await Promise.all([second, third]);
      expect(flushes).toEqual(windowAfterFlush ? [[1], [2, 3]] : [[1], [2], [3]]);
    }
  });

  it('never puts two requests of one key in one flush nor runs them in two flushes at once, and keeps their order', async () => {
    const r = recorder(20);
    const c = new Coalescer({ windowMs: 5, maxItems: 100, concurrency: 3, key: (i: number) => (i % 2 === 0 ? 'even' : 'odd'), flush: r.flush });
    await Promise.all([1, 2, 3, 4, 5].map((i) => c.submit(i)));
    expect(r.flushes).toEqual([[1, 2], [3, 4], [5]]);
    expect(r.peak()).toBe(1);
  });

  it('a failed flush fails every request in it and none of the others', async () => {
    const r = recorder(0, (items) => items.includes(2));
    const c = new Coalescer({ windowMs: 20, maxItems: 2, concurrency: 1, key: String, flush: r.flush });
    const settled = await Promise.allSettled([1, 2, 3].map((i) => c.submit(i)));
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected', 'fulfilled']);
    expect(settled[2]).toEqual({ status: 'fulfilled', value: 6 });
  });

  it('a flush that answers the wrong number of results fails its requests', async () => {
    const c = new Coalescer({ windowMs: 1, maxItems: 10, concurrency: 1, key: String, flush: async (items: number[]) => items.slice(1) });
    await expect(Promise.all([c.submit(1), c.submit(2)])).rejects.toThrow('answered 1 results for 2 requests');
  });
});
