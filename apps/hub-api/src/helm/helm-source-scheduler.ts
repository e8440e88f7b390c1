import { Inject, Injectable } from '@nestjs/common';
import { JsonLogger } from '../common/logger.js';
import { HUB_CONFIG, type HubConfig } from '../config.js';
import { sourceClaimLoop } from '../sources/source-claim-loop.js';
import { SourceLoopService } from '../sources/source-loop-service.js';
import { HelmRepositoriesRepository, type ClaimedHelmRepository } from './helm-repositories.repository.js';
import { HelmRepositoryReconciler } from './helm-repository-reconciler.js';

/**
 * Runs due hub HelmRepository fetches in this hub process, as the GitRepository scheduler does (due times in
 * Postgres, rows claimed with FOR UPDATE SKIP LOCKED under a renewed lease): each index is fetched once for the
 * fleet whatever the number of replicas. It follows the sources' scheduler switch and concurrency.
 */
@Injectable()
export class HelmSourceScheduler extends SourceLoopService<ClaimedHelmRepository> {
  constructor(@Inject(HUB_CONFIG) config: HubConfig, repo: HelmRepositoriesRepository, reconciler: HelmRepositoryReconciler, log: JsonLogger) {
    super(config, sourceClaimLoop(config, log, { what: 'helm repository reconcile', scheduler: 'helm source scheduler', idField: 'helmRepositoryId', queue: repo, work: (row) => reconciler.reconcile(row) }));
  }
}
