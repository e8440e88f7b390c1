import { Inject, Injectable } from '@nestjs/common';
import { ClaimLoop } from '../common/claim-loop.js';
import { JsonLogger } from '../common/logger.js';
import { HUB_CONFIG, type HubConfig } from '../config.js';
import { SourceLoopService } from '../sources/source-loop-service.js';
import { ImageRepositoriesRepository, type ImageRepositoryRow } from './image-repositories.repository.js';
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
export class ImageScanScheduler extends SourceLoopService<ImageRepositoryRow & { claimedAt: Date }> {
  constructor(@Inject(HUB_CONFIG) config: HubConfig, repo: ImageRepositoriesRepository, scanner: ImageScanner, log: JsonLogger) {
    super(
      config,
      new ClaimLoop({
        what: 'image scan',
        scheduler: 'image scan scheduler',
        queue: repo,
        work: (row) => scanner.scan(row),
        concurrency: () => concurrency,
        pollIntervalMs: () => config.sources?.pollIntervalMs ?? 1000,
        log,
        idField: 'imageRepositoryId',
        leaseMs,
        leaseRenewMs,
        unexpectedErrorRetryMs,
      }),
    );
  }
}
