import { Inject, Injectable } from '@nestjs/common';
import type { Prisma } from '@flotilla/prisma/client';
import { jitteredInterval, retryBackoff, type ArtifactStore } from '@flotilla/git-source';
import { contentConfigChanged, OciPullFailure, pullOciArtifact, verifyOciSignature } from '@flotilla/oci-source';
import { conditionsOf, failedConditions, parseFluxDuration, succeededConditions, type SourceFailureType } from '@flotilla/reconcile-core';
import { artifactUrlPath } from '../artifacts/artifact-url.js';
import { Clock } from '../common/clock.js';
import { HubEvents } from '../common/hub-events.js';
import { JsonLogger } from '../common/logger.js';
import type { SecretBox } from '../common/secret-box.js';
import type { SourceUrlPolicy } from '../sources/git/source-url-policy.js';
import { ARTIFACT_STORE, SECRET_BOX, SOURCE_URL_POLICY } from '../sources/sources.providers.js';
import { setUpOciPull } from './oci-pull-setup.js';
import { ociArtifactOf, type OciArtifact } from './oci-repository-row.js';
import { OciRepositoriesRepository, type ClaimedOciRepository } from './oci-repositories.repository.js';

// One pull of a hub OCIRepository for the whole fleet, as source-controller pulls one and with the agent's
// code (@flotilla/oci-source): the ref resolved to a digest (revision `<tag>@sha256:<digest>`), the cosign
// signature checked with the stored public keys before anything is stored, the selected layer extracted and
// archived again (or copied) into the hub's artifact store. Flux's conditions and reasons; a failure keeps the
// last good artifact and backs off. The registry host passes the hub's source URL policy first; credentials
// and the CA or client certificate (Flux's certSecretRef) are opened only for the pull, serve every request of
// it (manifests, blobs, token endpoint) and appear in no message or log line.

const msOf = (text: string | undefined, fallback: number, format: 'interval' | 'sourceTimeout' = 'interval'): number => {
  const parsed = text === undefined ? undefined : parseFluxDuration(text, format);
  return parsed?.ok ? parsed.value : fallback;
};
const errorMessage = (err: unknown): string => (err instanceof Error ? err.message : String(err));

@Injectable()
export class OciRepositoryReconciler {
  constructor(
    private readonly repo: OciRepositoriesRepository,
    @Inject(ARTIFACT_STORE) private readonly store: ArtifactStore,
    @Inject(SECRET_BOX) private readonly box: SecretBox,
    @Inject(SOURCE_URL_POLICY) private readonly policy: SourceUrlPolicy,
    private readonly clock: Clock,
    private readonly events: HubEvents,
    private readonly log: JsonLogger,
  ) {}

  async reconcile(row: ClaimedOciRepository): Promise<void> {
    const previous = (row.status ?? {}) as Record<string, unknown>;
    const last = ociArtifactOf(previous);
    const kept = last && (await this.store.has(last.digest)) ? last : undefined;
    const now = this.clock.now();
    const failures = typeof previous.failures === 'number' ? previous.failures : 0;
    const handled = row.lastReconcileRequestedAt ? { lastHandledReconcileAt: row.lastReconcileRequestedAt.toISOString() } : {};
    const fail = async (type: SourceFailureType, reason: string, message: string, stalled = false): Promise<void> => {
      const status = {
        ...(typeof previous.observedGeneration === 'number' ? { observedGeneration: previous.observedGeneration } : {}),
        conditions: failedConditions(previous, { type, reason, message, stalled, artifactKept: kept !== undefined }, now),
        ...(kept ? { artifact: kept, url: kept.url, ...observedOf(previous) } : {}),
        failures: failures + 1,
        ...handled,
      };
      // Messages name the URL and the registry's answer; never credentials.
      this.log.warn('oci repository pull failed', { ociRepositoryId: row.id, namespace: row.namespace, name: row.name, reason, message });
      await this.finish(row, status, stalled ? undefined : retryBackoff(failures + 1));
    };

    const opened = await setUpOciPull(row, { box: this.box, policy: this.policy });
    if (!opened.ok) return fail(opened.type, opened.reason, opened.message, opened.stalled);
    const { target, session, keys } = opened.setup;
    const { spec } = target;
    const verifiedBefore = conditionsOf(previous).find((c) => c.type === 'SourceVerified');
    let result;
    try {
      result = await pullOciArtifact({
        target,
        session,
        keptRevision: kept?.revision,
        contentChanged: contentConfigChanged(previous, spec.ignore, spec.layerSelector),
        verifyAgain: (revision) => kept?.revision !== revision || previous.observedGeneration !== row.generation || verifiedBefore?.status !== 'True',
        verify: (digest) => verifyOciSignature(session, `${target.registry}/${target.repository}`, digest, { provider: spec.verify?.provider ?? 'cosign', hasKeys: keys.length > 0 }, () => Promise.resolve(keys)),
        store: this.store,
      });
    } catch (err) {
      if (err instanceof OciPullFailure) return fail(err.type, err.reason, err.message);
      return fail('FetchFailed', 'OCIArtifactPullFailed', `failed to pull artifact from '${spec.url}': ${errorMessage(err)}`);
    } finally {
      opened.setup.done();
    }

    // Unchanged means the kept artifact already has this revision.
    const artifact: OciArtifact = result.unchanged
      ? kept!
      : {
          path: result.stored.key,
          url: artifactUrlPath(result.stored.digest),
          revision: result.revision,
          digest: result.stored.digest,
          size: result.stored.size,
          lastUpdateTime: now.toISOString().replace(/\.\d+Z$/, 'Z'),
          ...(result.annotations ? { metadata: result.annotations } : {}),
        };
    const message = `stored artifact for digest '${artifact.revision}'`;
    const verified = spec.verify ? (result.verified ? `verified signature of revision ${result.revision}` : verifiedBefore?.message) : undefined;
    const status = {
      observedGeneration: row.generation,
      conditions: succeededConditions(previous, message, now, verified),
      artifact,
      url: artifact.url,
      ...(spec.ignore !== undefined ? { observedIgnore: spec.ignore } : {}),
      ...(spec.layerSelector ? { observedLayerSelector: spec.layerSelector } : {}),
      failures: 0,
      ...handled,
    };
    if (!(await this.finish(row, status, jitteredInterval(msOf(spec.interval, 10 * 60_000))))) return;
    if (artifact.digest !== last?.digest) {
      this.log.info('oci repository artifact stored', { ociRepositoryId: row.id, namespace: row.namespace, name: row.name, revision: artifact.revision, digest: artifact.digest, size: artifact.size });
      this.events.emit('source.artifactChanged', { sourceId: row.id });
    }
  }

  private async finish(row: ClaimedOciRepository, status: Record<string, unknown>, requeueAfterMs: number | undefined): Promise<boolean> {
    const there = await this.repo.finishReconcile(row.id, { status: status as Prisma.InputJsonValue, requeueAfterMs, claimedAt: row.claimedAt, claimedGeneration: row.generation });
    if (there) this.events.emit('ociRepository.changed', { ociRepositoryId: row.id });
    return there;
  }
}

function observedOf(previous: Record<string, unknown>): Record<string, unknown> {
  return { ...(previous.observedIgnore !== undefined ? { observedIgnore: previous.observedIgnore } : {}), ...(previous.observedLayerSelector !== undefined ? { observedLayerSelector: previous.observedLayerSelector } : {}) };
}
