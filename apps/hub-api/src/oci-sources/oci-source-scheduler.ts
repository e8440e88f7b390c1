import { Inject, Injectable } from '@nestjs/common';
import { JsonLogger } from '../common/logger.js';
import { HUB_CONFIG, type HubConfig } from '../config.js';
import { sourceClaimLoop } from '../sources/source-claim-loop.js';
import { SourceLoopService } from '../sources/source-loop-service.js';
import { OciRepositoriesRepository, type ClaimedOciRepository } from './oci-repositories.repository.js';
import { OciRepositoryReconciler } from './oci-repository-reconciler.js';

/** Runs due hub OCIRepository pulls in this hub process: each artifact is pulled once for the fleet whatever the number of replicas. */
@Injectable()
export class OciSourceScheduler extends SourceLoopService<ClaimedOciRepository> {
  constructor(@Inject(HUB_CONFIG) config: HubConfig, repo: OciRepositoriesRepository, reconciler: OciRepositoryReconciler, log: JsonLogger) {
    super(config, sourceClaimLoop(config, log, { what: 'oci repository reconcile', scheduler: 'oci source scheduler', idField: 'ociRepositoryId', queue: repo, work: (row) => reconciler.reconcile(row) }));
  }
}
