/** controller-runtime's default per-item limiter, which Flux's controllers keep (`--min/max-retry-delay`). */
export const ITEM_BACKOFF = { baseMs: 750, maxMs: 15 * 60_000 } as const;

/**
 * Per-key exponential backoff: the n-th consecutive failure of a key waits base·2^(n-1), capped at max. A success
 * (`forget`) starts the key over. Unlike the hub connection's backoff there is no jitter: each key is one object,
 * and its retries must be as regular as Flux's so `flux get` shows the same cadence.
 */
export class ItemBackoff {
  private readonly failures = new Map<string, number>();

  constructor(private readonly policy: { baseMs: number; maxMs: number } = ITEM_BACKOFF) {}

  /** The delay before the next retry of `key`, counting this failure. */
  next(key: string): number {
    const n = this.failures.get(key) ?? 0;
    this.failures.set(key, n + 1);
    return Math.min(this.policy.maxMs, this.policy.baseMs * 2 ** Math.min(n, 40));
  }

  failuresOf(key: string): number {
    return this.failures.get(key) ?? 0;
  }

  forget(key: string): void {
    this.failures.delete(key);
  }
}
