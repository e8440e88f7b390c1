import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock.js';

const windowMs = 5 * 60_000;
const maxFailures = 10;
const maxTracked = 10_000;

/**
 * Slows password guessing: after 10 failed logins for one username from one address within 5 minutes, further
 * attempts are refused until the window passes. In memory per hub process (a replica restart forgets it),
 * bounded in size.
 */
@Injectable()
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();
  /** When each lockout already reported ends. */
  private readonly lockouts = new Map<string, number>();

  constructor(private readonly clock: Clock) {}

  private key(ip: string | null, username: string): string {
    return `${ip ?? '?'}\u0000${username.toLowerCase()}`;
  }

  private recent(key: string, now: number): number[] {
    const list = (this.failures.get(key) ?? []).filter((t) => now - t < windowMs);
    if (list.length) this.failures.set(key, list);
    else this.failures.delete(key);
    return list;
  }

  /**
   * Seconds to wait, or 0 when an attempt may be made. `firstRefusal` is true for the first refused attempt
   * of a lockout only, so the caller can record the lockout once instead of once per hammered request.
   */
  check(ip: string | null, username: string): { retryAfterSeconds: number; firstRefusal: boolean } {
    const key = this.key(ip, username);
    const now = this.clock.now().getTime();
    const list = this.recent(key, now);
    if (list.length < maxFailures) return { retryAfterSeconds: 0, firstRefusal: false };
    const endsAt = list[0]! + windowMs;
    const firstRefusal = this.lockouts.get(key) !== endsAt;
    if (firstRefusal) {
      if (!this.lockouts.has(key) && this.lockouts.size >= maxTracked) this.lockouts.delete(this.lockouts.keys().next().value!);
      this.lockouts.set(key, endsAt);
    }
    return { retryAfterSeconds: Math.ceil((endsAt - now) / 1000), firstRefusal };
  }

  recordFailure(ip: string | null, username: string): void {
    const key = this.key(ip, username);
    const now = this.clock.now().getTime();
    if (!this.failures.has(key) && this.failures.size >= maxTracked) {
      const oldest = this.failures.keys().next().value;
      if (oldest !== undefined) this.failures.delete(oldest);
    }
    this.failures.set(key, [...this.recent(key, now), now]);
  }

  recordSuccess(ip: string | null, username: string): void {
    this.failures.delete(this.key(ip, username));
    this.lockouts.delete(this.key(ip, username));
  }
}
