import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { JsonLogger } from '../common/logger.js';
import { HUB_CONFIG, type HubConfig } from '../config.js';
import { ImageRepositoriesRepository } from './image-repositories.repository.js';
import { ImageScanner } from './image-scanner.js';

// As for git sources: leases renewed while a scan runs, so a replica that dies mid-scan loses its claims
// within a lease and another replica takes the repositories over.
const leaseMs = 2 * 60_000;
const leaseRenewMs = 30_000;
const unexpectedErrorRetryMs = 30_000;
const concurrency = 4;

/**
 * Runs due ImageRepository scans in this hub process. Due times live in Postgres (`next_scan_at`) and rows
 * are claimed with FOR UPDATE SKIP LOCKED, so any number of replicas share the scans.
 */
@Injectable()
export class ImageScanScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private running = false;
  private readonly inFlight = new Map<string, Promise<void>>();
  private wake: (() => void) | undefined;
  private loop: Promise<void> | undefined;
  private renewTimer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    private readonly repo: ImageRepositoriesRepository,
    private readonly scanner: ImageScanner,
    private readonly log: JsonLogger,
  ) {}

  onApplicationBootstrap(): void {
    // The source scheduler switch covers every background fetch the hub makes.
    if (this.config.sources?.scheduler === false) return;
    this.running = true;
    this.loop = this.run();
    this.renewTimer = setInterval(() => {
      this.repo.renewClaims([...this.inFlight.keys()], leaseMs).catch((err: unknown) => this.log.warn('renewing image scan claims failed', { error: String(err) }));
    }, leaseRenewMs);
    this.renewTimer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    if (this.renewTimer) clearInterval(this.renewTimer);
    this.poke();
    await this.loop;
    await Promise.allSettled(this.inFlight.values());
  }

  /** Something became due (a request, a new repository): look now instead of at the next poll. */
  poke(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        const free = concurrency - this.inFlight.size;
        const claimed = free > 0 ? await this.repo.claimDue(free, leaseMs) : [];
        for (const row of claimed) {
          const job = this.scanner
            .scan(row)
            .catch(async (err: unknown) => {
              this.log.error('image scan crashed', { imageRepositoryId: row.id, error: err instanceof Error ? err.message : String(err) });
              await this.repo.releaseClaim(row.id, unexpectedErrorRetryMs).catch(() => undefined);
            })
            .finally(() => {
              this.inFlight.delete(row.id);
              this.poke();
            });
          this.inFlight.set(row.id, job);
        }
        if (claimed.length > 0 && this.inFlight.size < concurrency) continue;
        const poll = this.config.sources?.pollIntervalMs ?? 1000;
        const nextDue = this.inFlight.size < concurrency ? await this.repo.msUntilNextDue() : null;
        await this.sleep(nextDue === null ? poll : Math.max(10, Math.min(poll, nextDue)));
      } catch (err) {
        this.log.error('image scan scheduler tick failed', { error: err instanceof Error ? err.message : String(err) });
        await this.sleep(1000);
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    if (!this.running) return Promise.resolve();
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
