import { afterEach, describe, expect, it, vi } from 'vitest';
import { jittered } from '../reconcile/index.js';
import { ItemBackoff, ITEM_BACKOFF } from './item-backoff.js';
import { WorkQueue } from './work-queue.js';

const tick = () => new Promise<void>((r) => setImmediate(r));

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { opened, open };
}

afterEach(() => vi.useRealTimers());

describe('ItemBackoff (controller-runtime default limiter, as Flux: 750ms doubling to 15m)', () => {
  it('doubles per consecutive failure from 750 ms and stops at 15 minutes', () => {
    const b = new ItemBackoff();
    const seq = Array.from({ length: 14 }, () => b.next('k'));
    expect(seq.slice(0, 6)).toEqual([750, 1500, 3000, 6000, 12_000, 24_000]);
    expect(seq.at(-1)).toBe(ITEM_BACKOFF.maxMs);
    expect(Math.max(...seq)).toBe(15 * 60_000);
  });

  it('is per key, and a success starts the key over', () => {
    const b = new ItemBackoff();
    b.next('a');
    b.next('a');
    expect(b.next('b')).toBe(750);
    b.forget('a');
    expect(b.next('a')).toBe(750);
  });
});

describe('WorkQueue', () => {
  it('de-duplicates keys: adding a queued key again runs it once', async () => {
    const seen: string[] = [];
    const q = new WorkQueue({ concurrency: 1, handle: async (k) => void seen.push(k) });
    // The first key starts at once; the rest wait in the queue while it runs.
    q.add('a');
    q.add('b');
    q.add('b');
    q.add('b');
    await q.whenIdle();
    expect(seen).toEqual(['a', 'b']);
  });

  it('never runs one key twice at once: an add during its run queues exactly one more run after it', async () => {
    let running = 0;
    let maxSame = 0;
    const runs: string[] = [];
    const hold = gate();
    const q = new WorkQueue({
      concurrency: 4,
      handle: async (k) => {
        running += 1;
        maxSame = Math.max(maxSame, running);
        runs.push(k);
        if (runs.length === 1) await hold.opened;
        running -= 1;
      },
    });
    q.add('a');
    await tick();
    q.add('a');
    q.add('a');
    expect(q.stateOf('a')).toEqual({ queued: false, running: true, delayed: false });
    hold.open();
    await q.whenIdle();
    await q.whenIdle();
    expect(runs).toEqual(['a', 'a']);
    expect(maxSame).toBe(1);
  });

  it('handles at most `concurrency` keys at once', async () => {
    let running = 0;
    let peak = 0;
    const q = new WorkQueue({
      concurrency: 3,
      handle: async () => {
        running += 1;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 5));
        running -= 1;
      },
    });
    for (let i = 0; i < 20; i++) q.add(`k${i}`);
    expect(q.active).toBe(3);
    await q.whenIdle();
    expect(peak).toBe(3);
  });

  it('addRateLimited retries after 750 ms, then 1.5 s; forget resets; a later addAfter replaces an earlier delay', async () => {
    vi.useFakeTimers();
    const runs: number[] = [];
    const q = new WorkQueue({ concurrency: 1, handle: async () => void runs.push(Date.now()) });
    const start = Date.now();
    expect(q.addRateLimited('a')).toBe(750);
    await vi.advanceTimersByTimeAsync(749);
    expect(runs).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(runs).toEqual([start + 750]);
    expect(q.addRateLimited('a')).toBe(1500);
    q.forget('a');
    expect(q.addRateLimited('a')).toBe(750);
    q.addAfter('a', 10_000);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(runs).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(runs).toHaveLength(2);
    await q.stop();
  });

  it('a handler that throws is reported and the queue goes on', async () => {
    const errors: string[] = [];
    const q = new WorkQueue({ concurrency: 1, handle: async (k) => { if (k === 'bad') throw new Error('boom'); }, onError: (k, e) => errors.push(`${k}: ${(e as Error).message}`) });
    q.add('bad');
    q.add('good');
    await q.whenIdle();
    expect(errors).toEqual(['bad: boom']);
  });

  it('stop drops delayed keys and waits for running handlers', async () => {
    const runs: string[] = [];
    const q = new WorkQueue({ concurrency: 1, handle: async (k) => { runs.push(k); await new Promise((r) => setTimeout(r, 20)); } });
    q.add('a');
    q.addAfter('b', 10);
    await q.stop();
    await new Promise((r) => setTimeout(r, 30));
    expect(runs).toEqual(['a']);
  });
});

describe('requeue jitter (Flux --interval-jitter-percentage default 5%)', () => {
  it('stays within ±5 % of the interval and spreads over that whole window', () => {
    const interval = 300_000;
    const values = Array.from({ length: 2000 }, () => jittered(interval));
    expect(Math.min(...values)).toBeGreaterThanOrEqual(interval * 0.95);
    expect(Math.max(...values)).toBeLessThanOrEqual(interval * 1.05);
    expect(Math.min(...values)).toBeLessThan(interval * 0.96);
    expect(Math.max(...values)).toBeGreaterThan(interval * 1.04);
    expect(jittered(interval, () => 0)).toBe(285_000);
    expect(jittered(interval, () => 1)).toBe(315_000);
  });
});
