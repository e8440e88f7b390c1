import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { JsonLogger } from '../common/logger.js';
import { HUB_CONFIG, type HubConfig } from '../config.js';
import { ArtifactGc } from './artifact-gc.service.js';
import { GitRepositoriesRepository } from './git-repositories.repository.js';
import { SourceMetrics } from './source-metrics.js';
import { SourceReconciler } from './source-reconciler.js';

// Leases are renewed while a fetch runs, so a replica that dies mid-fetch (kill -9, lost host) loses its
// claims within a lease and another replica, or this one restarted, takes the sources over.
const leaseMs = 2 * 60_000;
const leaseRenewMs = 30_000;
const unexpectedErrorRetryMs = 30_000;

/**
 * Runs due GitRepository reconciles in this hub process. Due times live in Postgres (`next_reconcile_at`,
 * interval ±5% jitter from the engine), and rows are claimed with FOR UPDATE SKIP LOCKED, so any number of
 * replicas share the work without fetching a source twice.
 */
@Injectable()
export class SourceScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private running = false;
  private readonly inFlight = new Map<string, Promise<void>>();
  private wake: (() => void) | undefined;
  private loop: Promise<void> | undefined;
  private gcTimer: NodeJS.Timeout | undefined;
  private renewTimer: NodeJS.Timeout | undefined;
  private gcWanted = false;

  constructor(
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    private readonly repo: GitRepositoriesRepository,
    private readonly reconciler: SourceReconciler,
    private readonly gc: ArtifactGc,
    private readonly log: JsonLogger,
    private readonly metrics: SourceMetrics,
  ) {}

  private get concurrency(): number {
    return this.config.sources?.concurrency ?? 4;
  }

  onApplicationBootstrap(): void {
    if (this.config.sources?.scheduler === false) return;
    this.running = true;
    this.loop = this.run();
    this.gcTimer = setInterval(() => this.requestGc(), this.config.sources?.gcIntervalMs ?? 10 * 60_000);
    this.gcTimer.unref();
    this.renewTimer = setInterval(() => {
      this.repo.renewClaims([...this.inFlight.keys()], leaseMs).catch((err: unknown) => this.log.warn('renewing source claims failed', { error: String(err) }));
    }, leaseRenewMs);
    this.renewTimer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    if (this.gcTimer) clearInterval(this.gcTimer);
    if (this.renewTimer) clearInterval(this.renewTimer);
    this.poke();
    await this.loop;
    await Promise.allSettled(this.inFlight.values());
  }

  /** Something became due (a request, a new source): look now instead of at the next poll. */
  poke(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  requestGc(): void {
    this.gcWanted = true;
    this.poke();
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        const free = this.concurrency - this.inFlight.size;
        const claimed = free > 0 ? await this.repo.claimDue(free, leaseMs) : [];
        for (const row of claimed) {
          const job = this.reconciler
            .reconcile(row)
            .then((outcome) => {
              if (outcome === 'new-artifact') this.gcWanted = true;
            })
            .catch(async (err: unknown) => {
              this.metrics.reconciles.inc({ outcome: 'crashed' });
              this.log.error('git source reconcile crashed', { sourceId: row.id, error: err instanceof Error ? err.message : String(err) });
              await this.repo.releaseClaim(row.id, unexpectedErrorRetryMs).catch(() => undefined);
            })
            .finally(() => {
              this.inFlight.delete(row.id);
              this.poke();
            });
          this.inFlight.set(row.id, job);
        }
        if (this.gcWanted && this.inFlight.size === 0) {
          this.gcWanted = false;
          await this.gc.run().catch((err: unknown) => this.log.error('artifact gc failed', { error: String(err) }));
        }
        if (claimed.length > 0 && this.inFlight.size < this.concurrency) continue;
        const poll = this.config.sources?.pollIntervalMs ?? 1000;
        const nextDue = this.inFlight.size < this.concurrency ? await this.repo.msUntilNextDue() : null;
        await this.sleep(nextDue === null ? poll : Math.max(10, Math.min(poll, nextDue)));
      } catch (err) {
        // Database down or similar: keep the loop alive and try again shortly.
        this.log.error('source scheduler tick failed', { error: err instanceof Error ? err.message : String(err) });
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
