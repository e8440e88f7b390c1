import { Inject, Injectable } from '@nestjs/common';
import type { Prisma } from '@flotilla/prisma/client';
import { jitteredInterval, retryBackoff, type ArtifactStore } from '@flotilla/git-source';
import { failedConditions, MAX_INDEX_BYTES, parseFluxDuration, parseHelmIndex, succeededConditions } from '@flotilla/reconcile-core';
import { artifactUrlPath } from '../artifacts/artifact-url.js';
import { Clock } from '../common/clock.js';
import { HubEvents } from '../common/hub-events.js';
import { JsonLogger } from '../common/logger.js';
import type { SecretBox } from '../common/secret-box.js';
import type { SourceUrlPolicy } from '../sources/git/source-url-policy.js';
import { ARTIFACT_STORE, SECRET_BOX, SOURCE_URL_POLICY } from '../sources/sources.providers.js';
import { ChartResolver } from './chart-resolver.js';
import { repositoryArtifactOf, type HelmRepositoryArtifact } from './helm-repository-artifact.js';
import { helmHttpCredentials, openHelmCredentials, openHelmTls } from './helm-credentials.js';
import { helmGet } from './helm-http.js';
import { HelmRepositoriesRepository, type ClaimedHelmRepository } from './helm-repositories.repository.js';

// One fetch of a hub HelmRepository's index.yaml for the whole fleet, as source-controller fetches one: under
// the 50 MiB limit, parsed as helm parses it, stored in the hub's artifact store with revision `sha256:<hex>` of
// the index, Flux's conditions (Ready/ArtifactInStorage, FetchFailed with IndexationFailed or
// AuthenticationFailed) and the last artifact kept on failure. The releases that use it then resolve their chart.
// A HelmRepository of type oci has no index: as in source-controller it is a static object with no fetch and no
// artifact. source-controller (and the agent, for one in a cluster) leaves it without conditions; the hub writes
// Ready=True with reason Succeeded instead, so its lists show the repository usable rather than never fetched.
// Also unlike Flux, where each HelmChart polls the registry on its own interval, the hub
// re-resolves the charts of the releases using it on the repository's interval (a HelmRelease at the hub has no
// HelmChart of its own).

const msOf = (text: string, fallback: number, format: 'interval' | 'sourceTimeout' = 'interval'): number => {
  const parsed = parseFluxDuration(text, format);
  return parsed.ok ? parsed.value : fallback;
};

/** The hub's status of a HelmRepository of type oci: only Ready, reason Succeeded (source-controller writes none). */
const staticOciConditions = (now: Date) => [{ type: 'Ready', status: 'True', reason: 'Succeeded', message: 'Helm repository is ready', lastTransitionTime: now.toISOString().replace(/\.\d+Z$/, 'Z') }];

@Injectable()
export class HelmRepositoryReconciler {
  constructor(
    private readonly repo: HelmRepositoriesRepository,
    private readonly charts: ChartResolver,
    @Inject(ARTIFACT_STORE) private readonly store: ArtifactStore,
    @Inject(SECRET_BOX) private readonly box: SecretBox,
    @Inject(SOURCE_URL_POLICY) private readonly policy: SourceUrlPolicy,
    private readonly clock: Clock,
    private readonly events: HubEvents,
    private readonly log: JsonLogger,
  ) {}

  async reconcile(row: ClaimedHelmRepository): Promise<void> {
    if (row.type === 'oci') return this.reconcileOci(row);
    const previous = (row.status ?? {}) as Record<string, unknown>;
    const kept = repositoryArtifactOf(previous);
    const now = this.clock.now();
    const failures = typeof previous.failures === 'number' ? previous.failures : 0;
    const fail = async (reason: string, message: string): Promise<void> => {
      const status = {
        conditions: failedConditions(previous, { type: 'FetchFailed', reason, message, artifactKept: kept !== undefined }, now),
        ...(kept ? { artifact: kept, url: kept.url } : {}),
        failures: failures + 1,
        ...(row.lastReconcileRequestedAt ? { lastHandledReconcileAt: row.lastReconcileRequestedAt.toISOString() } : {}),
      };
      // The message names the URL without user-info and the HTTP status; never credentials.
      this.log.warn('helm repository fetch failed', { helmRepositoryId: row.id, namespace: row.namespace, name: row.name, reason, message });
      await this.finish(row, status, retryBackoff(failures + 1));
    };

    let credentials;
    try {
      credentials = helmHttpCredentials(openHelmCredentials(this.box, row));
    } catch {
      return fail('AuthenticationFailed', 'failed to open the stored credentials: set them again');
    }
    let tls;
    try {
      tls = openHelmTls(this.box, row);
    } catch {
      // source-controller's reason when the certSecretRef cannot be turned into a TLS configuration.
      return fail('AuthenticationFailed', 'failed to get TLS configuration: the stored CA or client certificate cannot be opened: set them again');
    }
    const indexUrl = `${row.url.replace(/\/+$/, '')}/index.yaml`;
    const got = await helmGet(indexUrl, { repositoryUrl: row.url, ...(credentials ? { credentials } : {}), ...(tls ? { tls } : {}), passCredentials: row.passCredentials, guard: this.policy, maxBytes: MAX_INDEX_BYTES, timeoutMs: msOf(row.timeout, 60_000, 'sourceTimeout') });
    if (!got.ok) return fail(got.status === 401 || got.status === 403 ? 'AuthenticationFailed' : 'IndexationFailed', `failed to fetch Helm repository index: failed to cache index to temporary file: ${got.message}`);
    const index = parseHelmIndex(got.body);
    if (!index.ok) return fail('IndexationFailed', `failed to fetch Helm repository index: ${index.message}`);

    const stored = await this.store.put(got.body);
    const artifact: HelmRepositoryArtifact =
      kept && kept.digest === stored.digest
        ? kept
        : { path: stored.key, url: artifactUrlPath(stored.digest), revision: stored.digest, digest: stored.digest, size: stored.size, lastUpdateTime: now.toISOString().replace(/\.\d+Z$/, 'Z') };
    if (artifact !== kept) this.log.info('helm repository index stored', { helmRepositoryId: row.id, namespace: row.namespace, name: row.name, revision: artifact.revision, size: artifact.size });
    const status = {
      observedGeneration: row.generation,
      conditions: succeededConditions(previous, `stored artifact: revision '${artifact.revision}'`, now),
      artifact,
      url: artifact.url,
      failures: 0,
      ...(row.lastReconcileRequestedAt ? { lastHandledReconcileAt: row.lastReconcileRequestedAt.toISOString() } : {}),
    };
    if (!(await this.finish(row, status, jitteredInterval(msOf(row.interval, 10 * 60_000))))) return;
    await this.charts.resolveForRepository({ ...row, status: status as unknown as Prisma.JsonValue }, index.index);
  }

  private async reconcileOci(row: ClaimedHelmRepository): Promise<void> {
    const now = this.clock.now();
    const status = {
      observedGeneration: row.generation,
      conditions: staticOciConditions(now),
      ...(row.lastReconcileRequestedAt ? { lastHandledReconcileAt: row.lastReconcileRequestedAt.toISOString() } : {}),
    };
    if (!(await this.finish(row, status, jitteredInterval(msOf(row.interval, 10 * 60_000))))) return;
    await this.charts.resolveForRepository({ ...row, status: status as unknown as Prisma.JsonValue }, undefined);
  }

  private async finish(row: ClaimedHelmRepository, status: Record<string, unknown>, requeueAfterMs: number): Promise<boolean> {
    const there = await this.repo.finishReconcile(row.id, { status: status as Prisma.InputJsonValue, requeueAfterMs, claimedAt: row.claimedAt, claimedGeneration: row.generation });
    if (there) this.events.emit('helmRepository.changed', { helmRepositoryId: row.id });
    return there;
  }
}
