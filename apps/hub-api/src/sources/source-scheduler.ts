import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ClaimLoop } from '../common/claim-loop.js';
import { JobLeases } from '../common/job-leases.repository.js';
import { JsonLogger } from '../common/logger.js';
import { HUB_CONFIG, type HubConfig } from '../config.js';
import { ArtifactGc } from './artifact-gc.service.js';
import { GitRepositoriesRepository, type GitRepositoryRow } from './git-repositories.repository.js';
import { SourceMetrics } from './source-metrics.js';
import { SourceReconciler } from './source-reconciler.js';

// Leases are renewed while a fetch runs, so a replica that dies mid-fetch (kill -9, lost host) loses its
// claims within a lease and another replica, or this one restarted, takes the sources over.
const leaseMs = 2 * 60_000;
const leaseRenewMs = 30_000;
const unexpectedErrorRetryMs = 30_000;
const gcLeaseMs = 30_000;

/**
 * Runs due GitRepository reconciles in this hub process. Due times live in Postgres (`next_reconcile_at`,
 * interval ±5% jitter from the engine), and rows are claimed with FOR UPDATE SKIP LOCKED, so any number of
 * replicas share the work without fetching a source twice.
 */
@Injectable()
export class SourceScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private gcTimer: NodeJS.Timeout | undefined;
  private gcWanted = false;
  private readonly loop: ClaimLoop<GitRepositoryRow & { claimedAt: Date }>;

  constructor(
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    repo: GitRepositoriesRepository,
    reconciler: SourceReconciler,
    private readonly gc: ArtifactGc,
    private readonly log: JsonLogger,
    metrics: SourceMetrics,
    leases: JobLeases,
  ) {
    this.loop = new ClaimLoop({
      what: 'git source reconcile',
      scheduler: 'source scheduler',
      queue: repo,
      work: async (row) => {
        if ((await reconciler.reconcile(row)) === 'new-artifact') this.gcWanted = true;
      },
      concurrency: () => this.config.sources?.concurrency ?? 4,
      pollIntervalMs: () => this.config.sources?.pollIntervalMs ?? 1000,
      log,
      idField: 'sourceId',
      leaseMs,
      leaseRenewMs,
      unexpectedErrorRetryMs,
      onCrash: () => metrics.reconciles.inc({ outcome: 'crashed' }),
      // Garbage is collected between fetches, never beside one that may be writing the artifact it would judge.
      afterClaim: async (inFlight) => {
        if (!this.gcWanted || inFlight > 0) return;
        this.gcWanted = false;
        // One replica collects at a time: the store is shared, and a second listing of it finds nothing new.
        if (!(await leases.take('artifact-gc', gcLeaseMs))) return;
        await this.gc.run().catch((err: unknown) => this.log.error('artifact gc failed', { error: String(err) }));
      },
    });
  }

  onApplicationBootstrap(): void {
    if (this.config.sources?.scheduler === false) return;
    this.loop.start();
    this.gcTimer = setInterval(() => this.requestGc(), this.config.sources?.gcIntervalMs ?? 10 * 60_000);
    this.gcTimer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.gcTimer) clearInterval(this.gcTimer);
    await this.loop.stop();
  }

  /** Something became due (a request, a new source): look now instead of at the next poll. */
  poke(): void {
    this.loop.poke();
  }

  requestGc(): void {
    this.gcWanted = true;
    this.poke();
  }
}
