import type { Clock } from './clock.js';

export interface FailureThrottleLimits {
  windowMs: number;
  /** Failures within the window after which further attempts are refused until the oldest leaves it. */
  maxFailures: number;
  /** Keys remembered at most; the oldest are forgotten first, so a flood of new keys cannot grow memory. */
  maxTracked: number;
}

/**
 * Counts failed attempts per key (an address, an address and a username) in a sliding window and refuses
 * attempts past the limit until the window passes. In memory per hub process (a replica restart forgets it),
 * bounded in size.
 */
export class FailureThrottle {
  private readonly failures = new Map<string, number[]>();
  /** When each lockout already reported ends. */
  private readonly lockouts = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    private readonly limits: FailureThrottleLimits,
  ) {}

  private recent(key: string, now: number): number[] {
    const list = (this.failures.get(key) ?? []).filter((t) => now - t < this.limits.windowMs);
    if (list.length) this.failures.set(key, list);
    else this.failures.delete(key);
    return list;
  }

  /**
   * Seconds to wait, or 0 when an attempt may be made. `firstRefusal` is true for the first refused attempt
   * of a lockout only, so the caller can record the lockout once instead of once per hammered request.
   */
  check(key: string): { retryAfterSeconds: number; firstRefusal: boolean } {
    const now = this.clock.now().getTime();
    const list = this.recent(key, now);
    if (list.length < this.limits.maxFailures) return { retryAfterSeconds: 0, firstRefusal: false };
    const endsAt = list[0]! + this.limits.windowMs;
    const firstRefusal = this.lockouts.get(key) !== endsAt;
    if (firstRefusal) {
      if (!this.lockouts.has(key) && this.lockouts.size >= this.limits.maxTracked) this.lockouts.delete(this.lockouts.keys().next().value!);
      this.lockouts.set(key, endsAt);
    }
    return { retryAfterSeconds: Math.ceil((endsAt - now) / 1000), firstRefusal };
  }

  recordFailure(key: string): void {
    const now = this.clock.now().getTime();
    if (!this.failures.has(key) && this.failures.size >= this.limits.maxTracked) {
      const oldest = this.failures.keys().next().value;
      if (oldest !== undefined) this.failures.delete(oldest);
    }
    this.failures.set(key, [...this.recent(key, now), now]);
  }

  recordSuccess(key: string): void {
    this.failures.delete(key);
    this.lockouts.delete(key);
  }
}
