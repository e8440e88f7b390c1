import { describe, expect, it } from 'vitest';
import { AgentRateLimiter } from './agent-rate-limiter.js';

const limit = { batchesPerSecond: 2, batchBurst: 3, bytesPerSecond: 1_000, byteBurst: 5_000 };

describe(AgentRateLimiter.name, () => {
  it('allows the batch burst at once, then refuses with the time until the next token', () => {
    const sut = new AgentRateLimiter(limit);
    expect([1, 2, 3].map(() => sut.take('a', 10, 0).ok)).toEqual([true, true, true]);
    expect(sut.take('a', 10, 0)).toEqual({ ok: false, retryAfterMs: 500 });
    // Half a second later one token is back: one more passes.
    expect(sut.take('a', 10, 500).ok).toBe(true);
    expect(sut.take('a', 10, 500).ok).toBe(false);
  });

  it('limits bytes separately: a large payload waits until enough byte tokens accumulated', () => {
    const sut = new AgentRateLimiter(limit);
    expect(sut.take('a', 4_500, 0).ok).toBe(true);
    expect(sut.take('a', 2_000, 0)).toEqual({ ok: false, retryAfterMs: 1_500 });
    expect(sut.take('a', 2_000, 1_500).ok).toBe(true);
  });

  it('keeps one bucket per key, and a refilled bucket is forgotten without changing behaviour', () => {
    const sut = new AgentRateLimiter(limit);
    for (let i = 0; i < 3; i++) sut.take('a', 1, 0);
    expect(sut.take('a', 1, 0).ok).toBe(false);
    expect(sut.take('b', 1, 0).ok).toBe(true);
    sut.prune(1_000);
    expect(sut.size).toBe(2);
    sut.prune(5_000);
    expect(sut.size).toBe(0);
    expect(sut.take('a', 1, 5_000).ok).toBe(true);
  });
});
