import { FLUX_KINDS, durationMs, parseGoDuration } from '@flotilla/reconcile-core';
import { RegistrySession, type RegistryAuth, type RegistryTls } from '@flotilla/oci-client';
import { contentConfigChanged, OciPullFailure, ociRepositorySpecOf, pullOciArtifact, type OciRepositoryTarget } from '@flotilla/oci-source';
import type { KubeClient } from '../../../k8s/kube-client.js';
import { jittered } from '../../../reconcile/index.js';
import type { FluxEvent, FluxObject, KindReconciler, ReconcileContext, ReconcileResult } from '../../kind-reconciler.js';
import { ARTIFACTS_KEPT_PER_OBJECT, type GitArtifactStorage } from '../git-repository/git-artifact-storage.js';
import { registryAuth, registryTls } from './oci-credentials.js';
import { verifyOciSignature } from './oci-verify.js';
import { conditionOf, sourceReconcileFrame, type OciArtifact, type OciCondition, type OciConditionType, type OciRepositoryStatus } from './oci-repository-status.js';

// OCIRepository objects in the cluster, pulled by the agent as source-controller pulls them, with the pull the
// hub uses too (@flotilla/oci-source): resolve the ref, verify the cosign signature when asked, skip the pull
// when that revision is already stored with the same ignore and layer selector, else pull and store the
// selected layer. Every failure keeps the last good artifact and sets Ready=False with source-controller's
// reason and message; registry credentials and verification keys are read from the cluster and never appear
// in a message.

export interface OciRepositoryReconcilerOptions {
  kube: KubeClient;
  storage: GitArtifactStorage;
  random?: () => number;
}

const errorMessage = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export function createOciRepositoryReconciler(opts: OciRepositoryReconcilerOptions): KindReconciler {
  const { kube, storage } = opts;
  const random = opts.random ?? Math.random;

  return {
    kind: FLUX_KINDS.OCIRepository,

    async reconcile(obj: FluxObject, ctx: ReconcileContext): Promise<ReconcileResult> {
      const namespace = obj.metadata?.namespace ?? 'default';
      const name = obj.metadata?.name ?? '';
      const { generation, previous, condition, finish, stalled } = sourceReconcileFrame(obj, () => ctx.now());
      const at = (): string => ctx.now().toISOString();

      const parsed = ociRepositorySpecOf(obj.spec);
      if (!parsed.ok) return stalled(parsed.reason, parsed.message);
      const target = parsed.target;
      const { spec } = target;
      if (spec.suspend) return { status: finish(previous), events: [] };

      await storage.removeLeftovers();
      const key = { namespace, name };
      // The last artifact counts while it is in storage, intact (ArtifactInStorage).
      const kept = previous.artifact && (await storage.read(key, previous.artifact.digest)).ok ? previous.artifact : undefined;
      if (!kept || previous.observedGeneration !== generation) {
        const message = !kept ? 'building artifact' : `processing object: new generation ${previous.observedGeneration ?? -1} -> ${generation}`;
        const inStorage = conditionOf(previous, 'ArtifactInStorage');
        const progressing = { ...previous, conditions: [condition('Ready', 'Unknown', 'Progressing', message), condition('Reconciling', 'True', 'Progressing', message), ...(kept && inStorage ? [inStorage] : [])] };
        await ctx.progress(finish(progressing));
      }

      // spec.timeout bounds the whole pull (every request), as source-controller's context deadline does.
      const timeout = parseGoDuration(spec.timeout);
      const deadline = new AbortController();
      const timer = setTimeout(() => deadline.abort(new Error(`timeout of ${spec.timeout} exceeded`)), timeout.ok ? durationMs(timeout.value) : 60_000);
      const signal = AbortSignal.any([ctx.signal, deadline.signal]);
      const verifiedBefore = conditionOf(previous, 'SourceVerified');

      let outcome: { artifact: OciArtifact; verified?: OciCondition; isNew: boolean };
      try {
        outcome = await pull(target, { namespace, key, kept, previous, generation, signal, verifiedBefore, condition, now: at }).finally(() => clearTimeout(timer));
      } catch (err) {
        const failure = err instanceof OciPullFailure ? err : new OciPullFailure('FetchFailed', 'OCIArtifactPullFailed', errorMessage(err));
        const conditions: OciCondition[] = [
          condition('Ready', 'False', failure.reason, failure.message),
          condition('Reconciling', 'True', 'ProgressingWithRetry', kept ? 'reconciliation in progress' : 'building artifact'),
          failure.type === 'SourceVerified' ? condition('SourceVerified', 'False', failure.reason, failure.message) : condition(failure.type, 'True', failure.reason, failure.message),
        ];
        if (failure.type !== 'SourceVerified' && spec.verify && verifiedBefore) conditions.push(verifiedBefore);
        if (kept) conditions.push(condition('ArtifactInStorage', 'True', 'Succeeded', `stored artifact for digest '${kept.revision}'`));
        const status: OciRepositoryStatus = { ...previous, conditions, ...(kept ? { artifact: kept } : {}) };
        if (!kept) {
          delete status.artifact;
          delete status.url;
        }
        return { status: finish(status), events: [{ type: 'Warning', reason: failure.reason, message: failure.message }], failed: true };
      }

      const { artifact } = outcome;
      const message = `stored artifact for digest '${artifact.revision}'`;
      const conditions = [condition('Ready', 'True', 'Succeeded', message), condition('ArtifactInStorage', 'True', 'Succeeded', message)];
      if (outcome.verified) conditions.push(outcome.verified);
      if (outcome.isNew) await storage.retain(key, [artifact.digest, previous.artifact?.digest].filter((d): d is string => d !== undefined).slice(0, ARTIFACTS_KEPT_PER_OBJECT));
      const status: OciRepositoryStatus = {
        observedGeneration: generation,
        conditions,
        artifact,
        url: artifact.url,
        ...(spec.ignore !== undefined ? { observedIgnore: spec.ignore } : {}),
        ...(spec.layerSelector ? { observedLayerSelector: spec.layerSelector } : {}),
      };
      const events: FluxEvent[] = [];
      const origin = artifact.metadata?.['org.opencontainers.image.source'];
      const originRevision = artifact.metadata?.['org.opencontainers.image.revision'];
      const eventMessage = `stored artifact with revision '${artifact.revision}' from '${spec.url}'${origin && originRevision ? `, origin source '${origin}', origin revision '${originRevision}'` : ''}`;
      const recovered = previous.conditions.some((c) => (c.type === 'FetchFailed' || c.type === 'StorageOperationFailed') && c.status === 'True') || verifiedBefore?.status === 'False';
      if (previous.artifact?.digest !== artifact.digest) events.push({ type: 'Normal', reason: 'NewArtifact', message: eventMessage, revision: artifact.revision });
      else if (recovered) events.push({ type: 'Normal', reason: 'Succeeded', message: eventMessage, revision: artifact.revision });
      const interval = parseGoDuration(spec.interval);
      return { status: finish(status), events, requeueAfterMs: jittered(interval.ok ? durationMs(interval.value) : 60_000, random) };
    },

    async finalize(obj: FluxObject): Promise<{ events: FluxEvent[] }> {
      const name = obj.metadata?.name;
      if (name) await storage.removeAll({ namespace: obj.metadata?.namespace ?? 'default', name });
      return { events: [] };
    },
  };

  interface PullContext {
    namespace: string;
    key: { namespace: string; name: string };
    kept: OciArtifact | undefined;
    previous: OciRepositoryStatus;
    generation: number;
    signal: AbortSignal;
    verifiedBefore: OciCondition | undefined;
    condition: (type: OciConditionType, status: OciCondition['status'], reason: string, message: string) => OciCondition;
    now: () => string;
  }

  /** Credentials from the cluster, then the shared pull; throws OciPullFailure with the phase's Flux reason. */
  async function pull(target: OciRepositoryTarget, p: PullContext): Promise<{ artifact: OciArtifact; verified?: OciCondition; isNew: boolean }> {
    const { spec } = target;
    const url = spec.url;
    let auth: RegistryAuth | undefined;
    let tls: RegistryTls | undefined;
    try {
      auth = await registryAuth(kube, p.namespace, target.registry, { ...(spec.secretRef ? { secretRef: spec.secretRef.name } : {}), ...(spec.serviceAccountName ? { serviceAccountName: spec.serviceAccountName } : {}) });
    } catch (err) {
      throw new OciPullFailure('FetchFailed', 'AuthenticationFailed', `failed to get credential: ${errorMessage(err)}`);
    }
    if (spec.certSecretRef) {
      try {
        tls = await registryTls(kube, p.namespace, spec.certSecretRef.name);
      } catch (err) {
        throw new OciPullFailure('FetchFailed', 'AuthenticationFailed', `failed to generate transport for '${url}': ${errorMessage(err)}`);
      }
    }
    const session = new RegistrySession(target.registry, target.repository, auth, { ...(spec.insecure ? { insecure: true } : {}), ...(tls ? { tls } : {}), signal: p.signal });
    const v = spec.verify;
    const result = await pullOciArtifact({
      target,
      session,
      keptRevision: p.kept?.revision,
      contentChanged: contentConfigChanged(p.previous, spec.ignore, spec.layerSelector),
      verifyAgain: (revision) => p.kept?.revision !== revision || p.verifiedBefore?.observedGeneration !== p.generation || p.verifiedBefore.status !== 'True',
      ...(v ? { verify: (digest: string) => verifyOciSignature(kube, p.namespace, session, `${target.registry}/${target.repository}`, digest, v) } : {}),
      store: storage.storeFor(p.key),
    });
    const verified = v ? (result.verified ? p.condition('SourceVerified', 'True', 'Succeeded', `verified signature of revision ${result.revision}`) : p.verifiedBefore) : undefined;
    if (result.unchanged && p.kept) return { artifact: { ...p.kept, url: storage.urlOf({ key: p.kept.path }) }, ...(verified ? { verified } : {}), isNew: false };
    if (result.unchanged) throw new OciPullFailure('StorageOperationFailed', 'ArchiveOperationFailed', 'the stored artifact went missing');
    const artifact: OciArtifact = {
      revision: result.revision,
      digest: result.stored.digest,
      size: result.stored.size,
      url: storage.urlOf(result.stored),
      path: result.stored.key,
      lastUpdateTime: p.now(),
      ...(result.annotations ? { metadata: result.annotations } : {}),
    };
    return { artifact, ...(verified ? { verified } : {}), isNew: p.previous.artifact?.digest !== artifact.digest };
  }
}
