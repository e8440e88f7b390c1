import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { ClaimLoop } from '../common/claim-loop.js';
import { JsonLogger } from '../common/logger.js';
import { HUB_CONFIG, type HubConfig } from '../config.js';
import { sourceClaimLoop } from '../sources/source-claim-loop.js';
import { OciRepositoriesRepository, type ClaimedOciRepository } from './oci-repositories.repository.js';
import { OciRepositoryReconciler } from './oci-repository-reconciler.js';

/** Runs due hub OCIRepository pulls in this hub process: each artifact is pulled once for the fleet whatever the number of replicas. */
@Injectable()
export class OciSourceScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly loop: ClaimLoop<ClaimedOciRepository>;

  constructor(@Inject(HUB_CONFIG) private readonly config: HubConfig, repo: OciRepositoriesRepository, reconciler: OciRepositoryReconciler, log: JsonLogger) {
    this.loop = sourceClaimLoop(config, log, { what: 'oci repository reconcile', scheduler: 'oci source scheduler', idField: 'ociRepositoryId', queue: repo, work: (row) => reconciler.reconcile(row) });
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
