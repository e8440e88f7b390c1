import { ClaimLoop, type ClaimQueue } from '../common/claim-loop.js';
import type { JsonLogger } from '../common/logger.js';
import type { HubConfig } from '../config.js';

/**
 * The claim loop of a hub source fetched once for the fleet (HelmRepository, OCIRepository): due times in
 * Postgres, rows claimed with FOR UPDATE SKIP LOCKED under a lease renewed while the fetch runs, the sources'
 * scheduler switch, concurrency and poll interval.
 */
export function sourceClaimLoop<T extends { id: string }>(
  config: HubConfig,
  log: JsonLogger,
  o: { what: string; scheduler: string; idField: string; queue: ClaimQueue<T>; work: (row: T) => Promise<void> },
): ClaimLoop<T> {
  return new ClaimLoop({
    ...o,
    concurrency: () => config.sources?.concurrency ?? 4,
    pollIntervalMs: () => config.sources?.pollIntervalMs ?? 1000,
    log,
    leaseMs: 2 * 60_000,
    leaseRenewMs: 30_000,
    unexpectedErrorRetryMs: 30_000,
  });
}
