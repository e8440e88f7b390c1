import { Clock } from '../src/common/clock.js';

/** Real time plus an offset the test can advance (token expiry without sleeping). */
export class TestClock extends Clock {
  offsetMs = 0;
  override now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}
