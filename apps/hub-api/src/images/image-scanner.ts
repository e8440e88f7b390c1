import { Injectable } from '@nestjs/common';
import { durationMs, parseGoDuration } from '@flotilla/reconcile-core';
import { jitteredInterval, retryBackoff } from '@flotilla/git-source';
import { Clock } from '../common/clock.js';
import { HubEvents } from '../common/hub-events.js';
import { JsonLogger } from '../common/logger.js';
import { ImageRegistryAccess } from './image-registry-access.js';
import { ImageRepositoriesRepository, type ImageRepositoryRow } from './image-repositories.repository.js';
import { storedScanStatus } from './image-repository.mapper.js';
import { scanImageRepository } from './image-scan.js';

const durationOr = (text: string | null, fallbackMs: number): number => {
  const d = text ? parseGoDuration(text) : undefined;
  return d?.ok ? durationMs(d.value) : fallbackMs;
};

/** Runs one claimed scan: registry → tags and status in Postgres → `imageRepository.scanned`. */
@Injectable()
export class ImageScanner {
  constructor(
    private readonly repo: ImageRepositoriesRepository,
    private readonly clock: Clock,
    private readonly events: HubEvents,
    private readonly log: JsonLogger,
    private readonly registry: ImageRegistryAccess,
  ) {}

  async scan(row: ImageRepositoryRow & { claimedAt: Date }): Promise<void> {
    const intervalMs = durationOr(row.interval, 60_000);
    const previous = storedScanStatus(row);
    const outcome = await scanImageRepository({
      image: row.image,
      insecure: row.insecure,
      exclusionList: row.exclusionList,
      generation: row.generation,
      previous,
      now: () => this.clock.now(),
      timeoutMs: durationOr(row.timeout, intervalMs),
      auth: (registry) => this.registry.auth(row, registry),
      checkHost: (url) => this.registry.checkHost(url),
    });
    const requestedAt = row.lastScanRequestedAt;
    const status = {
      ...outcome.status,
      ...(requestedAt && requestedAt <= row.claimedAt ? { lastHandledReconcileAt: requestedAt.toISOString() } : {}),
    };
    const requeueAfterMs = outcome.stalled ? undefined : outcome.reason === 'Succeeded' ? jitteredInterval(intervalMs) : Math.min(intervalMs, retryBackoff(status.failures ?? 1));
    const stored = await this.repo.finishScan(row.id, {
      status,
      tags: outcome.tags,
      scannedAt: this.clock.now(),
      requeueAfterMs,
      claimedAt: row.claimedAt,
      claimedGeneration: row.generation,
    });
    if (!stored) return;
    if (outcome.reason !== 'Succeeded') this.log.warn('image scan failed', { imageRepositoryId: row.id, reason: outcome.reason, message: status.conditions?.[0]?.message });
    this.events.emit('imageRepository.scanned', { imageRepositoryId: row.id, namespace: row.namespace, name: row.name, tagsChanged: outcome.tags !== undefined && outcome.status.lastScanResult?.revision !== previous.lastScanResult?.revision });
  }
}
