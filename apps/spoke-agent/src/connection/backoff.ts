export interface BackoffPolicy {
  /** Delay ceiling of the first retry. */
  baseMs: number;
  /** Cap of the ceiling; the ceiling doubles per attempt until it reaches this. */
  maxMs: number;
}

// 30 s cap: against a 60 s cap it keeps the same peak after a 20 s hub restart (bench/agent-reconnect-storm)
// and brings the whole fleet back in 30 s instead of 60 s.
export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, maxMs: 30_000 };

/**
 * Exponential backoff with "full jitter": a uniform delay in [0, min(max, base·2^attempt)).
 * Full jitter spreads 10 000 agents that lost the hub at the same instant over the whole window instead
 * of bunching them at each doubling, so a restarting hub sees a flat reconnect rate (DESIGN.md §4).
 */
export function backoffDelayMs(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(0, Math.floor(attempt)), 30);
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** exponent);
  return Math.floor(random() * ceiling);
}

/** Resolves after `ms`, or early (without throwing) when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
