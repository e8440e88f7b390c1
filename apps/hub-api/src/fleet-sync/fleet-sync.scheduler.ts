import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { HubEvents } from '../common/hub-events.js';
import { JsonLogger } from '../common/logger.js';
import { GitRepositoriesRepository } from '../sources/git-repositories.repository.js';
import { FleetSyncRepository } from './fleet-sync.repository.js';
import { FleetSyncService } from './fleet-sync.service.js';

/** How often due FleetSyncs are looked for; a new revision does not wait for it (source.artifactChanged). */
const TICK_MS = 5_000;

/**
 * When FleetSyncs run: at once when their source stores a new revision (a fetch on its interval, a
 * `requestReconcile`, or a Receiver's webhook), and on their own interval. Several replicas may both run one:
 * the apply takes a transaction-scoped lock and finds nothing left to change.
 */
@Injectable()
export class FleetSyncScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private off: (() => void) | undefined;
  private ticking = false;

  constructor(
    private readonly repo: FleetSyncRepository,
    private readonly sources: GitRepositoriesRepository,
    private readonly service: FleetSyncService,
    private readonly events: HubEvents,
    private readonly clock: Clock,
    private readonly log: JsonLogger,
  ) {}

  onApplicationBootstrap(): void {
    this.off = this.events.on('source.artifactChanged', ({ sourceId }) => {
      void this.forSource(sourceId).catch((err: unknown) => this.log.error('fleet sync trigger failed', { sourceId, error: String(err) }));
    });
    this.timer = setInterval(() => void this.tick(), TICK_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
    this.off?.();
  }

  private async forSource(sourceId: string): Promise<void> {
    const source = await this.sources.findById(sourceId);
    if (!source) return;
    for (const s of await this.repo.readingSource(source.namespace, source.name)) this.service.reconcileSoon(s.id);
  }

  private async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      for (const s of await this.repo.due(this.clock.now())) await this.service.reconcile(s.id);
    } catch (err) {
      this.log.error('fleet sync tick failed', { error: String(err) });
    } finally {
      this.ticking = false;
    }
  }
}
