import { Inject, Injectable } from '@nestjs/common';
import type { Prisma } from '@flotilla/prisma/client';
import { jitteredInterval, retryBackoff, type ArtifactStore } from '@flotilla/git-source';
import { registryBaseUrl, RegistrySession, type RegistryAuth, type RegistryTls } from '@flotilla/oci-client';
import { contentConfigChanged, OciPullFailure, ociRepositorySpecOf, pullOciArtifact, verifyOciSignature } from '@flotilla/oci-source';
import { conditionsOf, failedConditions, parseFluxDuration, succeededConditions, type SourceFailureType } from '@flotilla/reconcile-core';
import { artifactUrlPath } from '../artifacts/artifact-url.js';
import { Clock } from '../common/clock.js';
import { HubEvents } from '../common/hub-events.js';
import { JsonLogger } from '../common/logger.js';
import type { SecretBox } from '../common/secret-box.js';
import { openImageCredentials, registryAuthOf } from '../images/image-credentials.sealed.js';
import type { SourceUrlPolicy } from '../sources/git/source-url-policy.js';
import { openRegistryTls } from '../sources/registry-tls/registry-tls.sealed.js';
import { ARTIFACT_STORE, SECRET_BOX, SOURCE_URL_POLICY } from '../sources/sources.providers.js';
import { ociArtifactOf, ociCredentialsContext, ociTlsContext, publicKeysOf, type OciArtifact } from './oci-repository-row.js';
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

    const parsed = ociRepositorySpecOf(row.spec);
    if (!parsed.ok) return fail('FetchFailed', parsed.reason, parsed.message, true);
    const target = parsed.target;
    const { spec } = target;

    let auth: RegistryAuth | undefined;
    try {
      auth = registryAuthOf(row.credentialsSealed ? openImageCredentials(this.box, row.credentialsSealed, ociCredentialsContext(row.id)) : undefined, target.registry);
    } catch {
      return fail('FetchFailed', 'AuthenticationFailed', 'failed to get credential: the stored registry credentials cannot be opened or read: set them again');
    }
    let tls: RegistryTls | undefined;
    try {
      tls = row.tlsSealed ? openRegistryTls(this.box, row.tlsSealed, ociTlsContext(row.id)) : undefined;
    } catch {
      // source-controller's reason when the certSecretRef cannot be turned into a TLS configuration.
      return fail('FetchFailed', 'AuthenticationFailed', 'failed to get TLS configuration: the stored CA or client certificate cannot be opened: set them again');
    }
    try {
      await this.policy.assertReachable(new URL(registryBaseUrl(target.registry, spec.insecure ?? false, tls !== undefined)));
    } catch (err) {
      return fail('FetchFailed', 'OCIArtifactPullFailed', `failed to determine artifact digest: ${errorMessage(err)}`);
    }

    // spec.timeout bounds the whole pull (every request), as source-controller's context deadline does.
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(new Error(`timeout of ${spec.timeout ?? '60s'} exceeded`)), msOf(spec.timeout, 60_000, 'sourceTimeout'));
    const session = new RegistrySession(target.registry, target.repository, auth, { ...(spec.insecure ? { insecure: true } : {}), ...(tls ? { tls } : {}), signal: deadline.signal });
    const verifiedBefore = conditionsOf(previous).find((c) => c.type === 'SourceVerified');
    const keys = publicKeysOf(row.verifyPublicKeys);
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
      clearTimeout(timer);
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
