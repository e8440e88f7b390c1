import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { FailureThrottle } from '../common/failure-throttle.js';

const key = (ip: string | null, username: string): string => `${ip ?? '?'}\u0000${username.toLowerCase()}`;

/** Slows password guessing: after 10 failed logins for one username from one address within 5 minutes, further attempts are refused until the window passes. */
@Injectable()
export class LoginThrottle {
  private readonly throttle: FailureThrottle;

  constructor(clock: Clock) {
    this.throttle = new FailureThrottle(clock, { windowMs: 5 * 60_000, maxFailures: 10, maxTracked: 10_000 });
  }

  check(ip: string | null, username: string): { retryAfterSeconds: number; firstRefusal: boolean } {
    return this.throttle.check(key(ip, username));
  }

  recordFailure(ip: string | null, username: string): void {
    this.throttle.recordFailure(key(ip, username));
  }

  recordSuccess(ip: string | null, username: string): void {
    this.throttle.recordSuccess(key(ip, username));
  }
}
