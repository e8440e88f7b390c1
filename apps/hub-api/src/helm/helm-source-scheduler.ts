import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { ClaimLoop } from '../common/claim-loop.js';
import { JsonLogger } from '../common/logger.js';
import { HUB_CONFIG, type HubConfig } from '../config.js';
import { sourceClaimLoop } from '../sources/source-claim-loop.js';
import { HelmRepositoriesRepository, type ClaimedHelmRepository } from './helm-repositories.repository.js';
import { HelmRepositoryReconciler } from './helm-repository-reconciler.js';

/**
 * Runs due hub HelmRepository fetches in this hub process, as the GitRepository scheduler does (due times in
 * Postgres, rows claimed with FOR UPDATE SKIP LOCKED under a renewed lease): each index is fetched once for the
 * fleet whatever the number of replicas. It follows the sources' scheduler switch and concurrency.
 */
@Injectable()
export class HelmSourceScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly loop: ClaimLoop<ClaimedHelmRepository>;

  constructor(@Inject(HUB_CONFIG) private readonly config: HubConfig, repo: HelmRepositoriesRepository, reconciler: HelmRepositoryReconciler, log: JsonLogger) {
    this.loop = sourceClaimLoop(config, log, { what: 'helm repository reconcile', scheduler: 'helm source scheduler', idField: 'helmRepositoryId', queue: repo, work: (row) => reconciler.reconcile(row) });
  }

  onApplicationBootstrap(): void {
    if (this.config.sources?.scheduler === false) return;
    this.loop.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }

  poke(): void {
    this.loop.poke();
  }
}
