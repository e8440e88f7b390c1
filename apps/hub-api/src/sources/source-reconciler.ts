import { Inject, Injectable } from '@nestjs/common';
import type { Prisma } from '@flotilla/prisma/client';
import { createGitTransport, gitSecretOf, reconcileGitRepository, type ArtifactStore, type GitSecret, type GitRepositoryReconcileResult, type GitTransport } from '@flotilla/git-source';
import { artifactUrlPath } from '../artifacts/artifact-url.js';
import { Clock } from '../common/clock.js';
import { HubEvents } from '../common/hub-events.js';
import { JsonLogger } from '../common/logger.js';
import type { SecretBox } from '../common/secret-box.js';
import { ArtifactsRepository } from './artifacts.repository.js';
import { GitRepositoriesRepository, type GitRepositoryRow } from './git-repositories.repository.js';
import { storedStatus, type StoredGitRepositoryStatus } from './git-repository.mapper.js';
import { specOfRow } from './git-repository.validation.js';
import { openGitSecret, type StoredGitSecret } from './git/git-credentials.sealed.js';
import type { SourceUrlPolicy } from './git/source-url-policy.js';
import { SourceMetrics } from './source-metrics.js';
import { ARTIFACT_STORE, SECRET_BOX, SOURCE_URL_POLICY } from './sources.providers.js';

/** One reconcile of one claimed GitRepository row: run the engine, persist status and artifact, announce. */

/** The engine's secret for what the hub keeps sealed: Flux's Secret keys, `ca.crt` included. */
export const hubGitSecret = (s: StoredGitSecret): GitSecret => ({ ...(s.auth ? gitSecretOf(s.auth) : {}), ...(s.caCert ? { caCert: s.caCert } : {}) });

@Injectable()
export class SourceReconciler {
  private readonly transport: GitTransport;

  constructor(
    private readonly repo: GitRepositoriesRepository,
    private readonly artifacts: ArtifactsRepository,
    @Inject(ARTIFACT_STORE) private readonly store: ArtifactStore,
    @Inject(SECRET_BOX) private readonly box: SecretBox,
    private readonly clock: Clock,
    private readonly events: HubEvents,
    private readonly log: JsonLogger,
    private readonly metrics: SourceMetrics,
    @Inject(SOURCE_URL_POLICY) policy: SourceUrlPolicy,
  ) {
    this.transport = createGitTransport({ guard: policy });
  }

  async reconcile(row: GitRepositoryRow & { claimedAt: Date }): Promise<GitRepositoryReconcileResult['outcome']> {
    const previous = storedStatus(row);
    const result = await reconcileGitRepository({
      spec: specOfRow(row),
      generation: row.generation,
      previous: previous.conditions ? previous : undefined,
      store: this.store,
      artifactUrl: (stored) => artifactUrlPath(stored.digest),
      clock: this.clock,
      transport: this.transport,
      // The sealed value is bound to this row (`source:<id>`): a ciphertext copied to another row does not open.
      secrets: async () => (row.credentialsSealed ? hubGitSecret(openGitSecret(this.box, row.credentialsSealed, `source:${row.id}`)) : undefined),
    });
    this.metrics.reconciles.inc({ outcome: result.outcome });
    for (const [phase, ms] of [['resolve', result.timings.resolveMs], ['fetch', result.timings.fetchMs], ['archive', result.timings.archiveMs]] as const) {
      if (ms > 0) this.metrics.duration.observe({ phase }, ms / 1000);
    }
    const status: StoredGitRepositoryStatus = {
      ...result.status,
      failures: result.failures,
      ...(row.lastReconcileRequestedAt ? { lastHandledReconcileAt: row.lastReconcileRequestedAt.toISOString() } : {}),
    };
    const artifact = result.status.artifact;
    if (result.outcome === 'new-artifact' && artifact) {
      await this.artifacts.record({
        digest: artifact.digest,
        sourceId: row.id,
        revision: artifact.revision,
        size: artifact.size,
        storageKey: artifact.path,
        createdAt: this.clock.now(),
      });
    }
    const stillThere = await this.repo.finishReconcile(row.id, {
      status: status as unknown as Prisma.InputJsonValue,
      requeueAfterMs: result.requeueAfterMs,
      claimedAt: row.claimedAt,
      claimedGeneration: row.generation,
    });
    if (!stillThere) return result.outcome;
    const fields = { sourceId: row.id, namespace: row.namespace, name: row.name, outcome: result.outcome, ...result.timings };
    // A trace event (a fetch that found nothing new) is for the cluster's event list, not the hub's log.
    if (result.event && result.event.severity !== 'trace') {
      // Engine messages name the URL without user-info and the ref; never credentials.
      const line = { ...fields, reason: result.event.reason, message: result.event.message, revision: result.event.revision };
      if (result.event.severity === 'error') this.log.warn('git source reconcile failed', line);
      else this.log.info('git source reconciled', line);
    }
    if (result.outcome === 'new-artifact') this.events.emit('source.artifactChanged', { sourceId: row.id });
    this.events.emit('source.changed', { sourceId: row.id });
    return result.outcome;
  }
}
