import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Clock } from './clock.js';
import type { JobLeases } from './job-leases.repository.js';
import type { JsonLogger } from './logger.js';

/**
 * Deletes rows older than a retention on a timer: every tenth of the retention, at least once a second and at
 * most hourly apart. Every replica ticks; the one that takes the sweep's lease for the period sweeps, so the
 * rows are deleted once rather than raced for by every replica. A subclass names what it keeps and how old rows go.
 */
export abstract class RetentionSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;

  protected constructor(
    readonly retentionMs: number,
    private readonly what: string,
    private readonly clock: Clock,
    private readonly log: JsonLogger,
    private readonly leases: JobLeases,
  ) {}

  /** Deletes the rows written before `cutoff`; returns how many went. */
  protected abstract deleteBefore(cutoff: Date): Promise<number>;

  onApplicationBootstrap(): void {
    const every = Math.max(1_000, Math.min(3_600_000, Math.floor(this.retentionMs / 10)));
    this.timer = setInterval(() => {
      // Slightly shorter than the period, so the holder's next tick finds its own lease expired or renewable.
      this.leases
        .take(`retention:${this.what}`, Math.floor(every * 0.9))
        .then((mine) => (mine ? this.sweep() : 0))
        .catch((err: unknown) => this.log.error(`${this.what} retention sweep failed`, { error: String(err) }));
    }, every);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Deletes what is past retention now; returns how many rows went. */
  async sweep(): Promise<number> {
    const cutoff = new Date(this.clock.now().getTime() - this.retentionMs);
    const deleted = await this.deleteBefore(cutoff);
    if (deleted > 0) this.log.info(`deleted ${this.what} past retention`, { deleted, cutoff: cutoff.toISOString() });
    return deleted;
  }
}
