import type { AgentRateLimit } from '../config.js';

export type RateDecision = { ok: true } | { ok: false; retryAfterMs: number };

interface Bucket {
  batches: number;
  bytes: number;
  at: number;
}

/**
 * Two token buckets per agent credential: one message costs one batch token and its payload size in byte tokens.
 * Keyed by credential rather than by connection, so reconnecting does not refill the buckets. Pure apart from
 * the time passed in, so it is tested without a clock.
 */
export class AgentRateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly limit: AgentRateLimit) {}

  take(key: string, bytes: number, nowMs: number): RateDecision {
    const b = this.refilled(key, nowMs);
    if (b.batches >= 1 && b.bytes >= bytes) {
      b.batches -= 1;
      b.bytes -= bytes;
      return { ok: true };
    }
    // When both buckets will hold enough for this message again (a message is never larger than the byte burst).
    const batchWait = b.batches >= 1 ? 0 : (1 - b.batches) / this.limit.batchesPerSecond;
    const byteWait = b.bytes >= bytes ? 0 : (Math.min(bytes, this.limit.byteBurst) - b.bytes) / this.limit.bytesPerSecond;
    return { ok: false, retryAfterMs: Math.max(100, Math.ceil(Math.max(batchWait, byteWait) * 1000)) };
  }

  /** Forgets buckets that have refilled completely (they behave exactly like a new one). */
  prune(nowMs: number): void {
    const fullAfterMs = 1000 * Math.max(this.limit.batchBurst / this.limit.batchesPerSecond, this.limit.byteBurst / this.limit.bytesPerSecond);
    for (const [key, b] of this.buckets) if (nowMs - b.at >= fullAfterMs) this.buckets.delete(key);
  }

  get size(): number {
    return this.buckets.size;
  }

  private refilled(key: string, nowMs: number): Bucket {
    let b = this.buckets.get(key);
    if (!b) {
      b = { batches: this.limit.batchBurst, bytes: this.limit.byteBurst, at: nowMs };
      this.buckets.set(key, b);
      return b;
    }
    const seconds = Math.max(0, nowMs - b.at) / 1000;
    b.batches = Math.min(this.limit.batchBurst, b.batches + seconds * this.limit.batchesPerSecond);
    b.bytes = Math.min(this.limit.byteBurst, b.bytes + seconds * this.limit.bytesPerSecond);
    b.at = nowMs;
    return b;
  }
}
