import type { JsonLogger } from './logger.js';

/**
 * A wait that `poke()` ends early: how a background loop sleeps until its next due time, yet reacts at once to
 * news (a request, a stored event, a finished job). Once stopped, every sleep returns at once.
 */
export class Waker {
  private wake: (() => void) | undefined;
  private stopped = false;

  poke(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  stop(): void {
    this.stopped = true;
    this.poke();
  }

  sleep(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = undefined;
        resolve();
      }, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

/** Rows whose due time lives in Postgres, claimed with FOR UPDATE SKIP LOCKED under a lease. */
export interface ClaimQueue<Row extends { id: string }> {
  claimDue(limit: number, leaseMs: number): Promise<Row[]>;
  renewClaims(ids: readonly string[], leaseMs: number): Promise<void>;
  releaseClaim(id: string, retryMs: number): Promise<void>;
  /** Milliseconds until the next row is due, or null when none is scheduled. */
  msUntilNextDue(): Promise<number | null>;
}

export interface ClaimLoopOptions<Row extends { id: string }> {
  /** Names the work in log lines: "<what> crashed", "renewing <what> claims failed". */
  what: string;
  /** Names the loop in its log line when a tick fails: "<scheduler> tick failed". */
  scheduler: string;
  queue: ClaimQueue<Row>;
  work(row: Row): Promise<void>;
  concurrency(): number;
  pollIntervalMs(): number;
  log: JsonLogger;
  /** The log field naming a row (`sourceId`, `imageRepositoryId`). */
  idField: string;
  leaseMs: number;
  leaseRenewMs: number;
  /** When a job throws (a bug, not a failed fetch): the row is released and due again after this long. */
  unexpectedErrorRetryMs: number;
  onCrash?(row: Row): void;
  /** Called on every tick after claiming, with the number of jobs still running (e.g. to collect garbage when idle). */
  afterClaim?(inFlight: number): Promise<void>;
}

/**
 * Runs due rows in this hub process, up to a concurrency, renewing the leases of the rows it works on so a
 * replica that dies mid-job loses its claims within a lease and another replica takes them over. Any number of
 * replicas share one queue without running a row twice.
 */
export class ClaimLoop<Row extends { id: string }> {
  private running = false;
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly waker = new Waker();
  private loop: Promise<void> | undefined;
  private renewTimer: NodeJS.Timeout | undefined;

  constructor(private readonly opts: ClaimLoopOptions<Row>) {}

  start(): void {
    this.running = true;
    this.loop = this.run();
    this.renewTimer = setInterval(() => {
      this.opts.queue.renewClaims([...this.inFlight.keys()], this.opts.leaseMs).catch((err: unknown) => this.opts.log.warn(`renewing ${this.opts.what} claims failed`, { error: String(err) }));
    }, this.opts.leaseRenewMs);
    this.renewTimer.unref();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.renewTimer) clearInterval(this.renewTimer);
    this.waker.stop();
    await this.loop;
    await Promise.allSettled(this.inFlight.values());
  }

  /** Something became due: look now instead of at the next poll. */
  poke(): void {
    this.waker.poke();
  }

  private async run(): Promise<void> {
    const { queue, log, what } = this.opts;
    while (this.running) {
      try {
        const concurrency = this.opts.concurrency();
        const free = concurrency - this.inFlight.size;
        const claimed = free > 0 ? await queue.claimDue(free, this.opts.leaseMs) : [];
        for (const row of claimed) {
          const job = this.opts
            .work(row)
            .catch(async (err: unknown) => {
              this.opts.onCrash?.(row);
              log.error(`${what} crashed`, { [this.opts.idField]: row.id, error: err instanceof Error ? err.message : String(err) });
              await queue.releaseClaim(row.id, this.opts.unexpectedErrorRetryMs).catch(() => undefined);
            })
            .finally(() => {
              this.inFlight.delete(row.id);
              this.poke();
            });
          this.inFlight.set(row.id, job);
        }
        await this.opts.afterClaim?.(this.inFlight.size);
        if (claimed.length > 0 && this.inFlight.size < concurrency) continue;
        const poll = this.opts.pollIntervalMs();
        const nextDue = this.inFlight.size < concurrency ? await queue.msUntilNextDue() : null;
        await this.waker.sleep(nextDue === null ? poll : Math.max(10, Math.min(poll, nextDue)));
      } catch (err) {
        // Database down or similar: keep the loop alive and try again shortly.
        log.error(`${this.opts.scheduler} tick failed`, { error: err instanceof Error ? err.message : String(err) });
        await this.waker.sleep(1000);
      }
    }
  }
}
