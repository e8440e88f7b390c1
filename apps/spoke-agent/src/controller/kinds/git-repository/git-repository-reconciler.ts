import {
  createGitTransport,
  mergeConditions,
  progressingStatus,
  reconcileGitRepository,
  type ArtifactStatus,
  type Condition,
  type GitRepositoryStatus,
  type GitTransport,
  type PreviousGitRepositoryStatus,
  type SourceEvent,
} from '@flotilla/git-source';
import { FLUX_KINDS } from '@flotilla/reconcile-core';
import type { KubeClient } from '../../../k8s/kube-client.js';
import { isRecord } from '../../../k8s/object-ref.js';
import type { FluxEvent, FluxObject, KindReconciler, ReconcileContext, ReconcileResult } from '../../kind-reconciler.js';
import { ARTIFACTS_KEPT_PER_OBJECT, type GitArtifactStorage } from './git-artifact-storage.js';
import { gitRepositorySpecOf } from './git-repository-spec.js';
import { readGitSecret } from './git-secret.js';

// GitRepository objects that live in the cluster (a fleet repository's gotk-sync.yaml), fetched by the agent
// itself with the same code the hub uses (@flotilla/git-source), so both give the same revision and digest.
// No host guard: like Flux's source-controller, the agent reaches whatever the cluster's network lets it
// reach. Credentials still go only to the exact origin of spec.url (git-source's HTTP client); ssh:// URLs
// run the image's git and ssh with the secret's key and known_hosts.

export interface GitRepositoryReconcilerOptions {
  kube: KubeClient;
  storage: GitArtifactStorage;
  /** Default: isomorphic-git over http(s), git and ssh over ssh, temporary clones in the storage's clone directory. */
  transport?: GitTransport;
  random?: () => number;
}

const conditionTypes = new Set(['Ready', 'Reconciling', 'Stalled', 'ArtifactInStorage', 'FetchFailed', 'StorageOperationFailed']);

function previousStatus(status: Record<string, unknown> | undefined): PreviousGitRepositoryStatus | undefined {
  if (!status) return undefined;
  const conditions = Array.isArray(status.conditions) ? (status.conditions.filter((c) => isRecord(c) && typeof c.type === 'string' && conditionTypes.has(c.type)) as unknown as Condition[]) : undefined;
  const a = status.artifact;
  // An artifact without its path (written by something else) counts as none: it is fetched again.
  const artifact = isRecord(a) && typeof a.revision === 'string' && typeof a.digest === 'string' && typeof a.path === 'string' ? (a as unknown as ArtifactStatus) : undefined;
  return {
    ...(typeof status.observedGeneration === 'number' ? { observedGeneration: status.observedGeneration } : {}),
    ...(conditions ? { conditions } : {}),
    ...(artifact ? { artifact } : {}),
    ...(typeof status.observedIgnore === 'string' ? { observedIgnore: status.observedIgnore } : {}),
  };
}

/** git-source's status as the object's status: what it computed, plus what the runtime keeps there. */
function toObjectStatus(next: GitRepositoryStatus, current: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = { observedGeneration: next.observedGeneration, conditions: next.conditions };
  if (next.artifact) out.artifact = next.artifact;
  if (next.observedIgnore !== undefined) out.observedIgnore = next.observedIgnore;
  if (typeof current?.lastHandledReconcileAt === 'string') out.lastHandledReconcileAt = current.lastHandledReconcileAt;
  return out;
}

function toFluxEvent(e: SourceEvent): FluxEvent {
  return { type: e.severity === 'error' ? 'Warning' : 'Normal', reason: e.reason, message: e.message, ...(e.revision ? { revision: e.revision } : {}) };
}

function stalledStatus(previous: PreviousGitRepositoryStatus | undefined, generation: number, now: Date, reason: string, message: string): GitRepositoryStatus {
  const at = now.toISOString();
  const c = (type: string, status: 'True' | 'False'): Condition => ({ type, status, reason, message, observedGeneration: generation, lastTransitionTime: at }) as Condition;
  return {
    observedGeneration: generation,
    // As source-controller marks an unusable URL or provider: FetchFailed with the same reason, and Stalled.
    conditions: mergeConditions(previous?.conditions, [c('Ready', 'False'), c('Stalled', 'True'), c('FetchFailed', 'True')]),
    ...(previous?.artifact ? { artifact: previous.artifact } : {}),
    ...(previous?.observedIgnore !== undefined ? { observedIgnore: previous.observedIgnore } : {}),
  };
}

export function createGitRepositoryReconciler(opts: GitRepositoryReconcilerOptions): KindReconciler {
  const transport = opts.transport ?? createGitTransport({ workDir: opts.storage.cloneDir });
  // Once, before this process's first fetch: nothing of ours can be in flight yet.
  let leftoversRemoved: Promise<void> | undefined;
  return {
    kind: FLUX_KINDS.GitRepository,

    async reconcile(obj: FluxObject, ctx: ReconcileContext): Promise<ReconcileResult> {
      const namespace = obj.metadata?.namespace ?? 'default';
      const name = obj.metadata?.name ?? '';
      const generation = obj.metadata?.generation ?? 1;
      const previous = previousStatus(obj.status);

      const parsed = gitRepositorySpecOf(obj.spec);
      if (!parsed.ok) {
        const status = stalledStatus(previous, generation, ctx.now(), parsed.reason, parsed.message);
        return { status: toObjectStatus(status, obj.status), events: [{ type: 'Warning', reason: parsed.reason, message: parsed.message }] };
      }
      const spec = parsed.spec;
      leftoversRemoved ??= opts.storage.removeLeftovers().catch(() => undefined);
      await leftoversRemoved;

      // Before a fetch that produces the first artifact or follows a spec change, say so (Flux's
      // "building artifact" / "processing object: new generation"); a routine interval writes nothing.
      if (!previous?.artifact || previous.observedGeneration !== generation) {
        await ctx.progress(toObjectStatus(progressingStatus(previous, generation, ctx.now()), obj.status));
      }

      const result = await reconcileGitRepository({
        spec,
        generation,
        ...(previous ? { previous } : {}),
        store: opts.storage.storeFor({ namespace, name }),
        artifactUrl: (stored) => opts.storage.urlOf(stored),
        clock: { now: () => ctx.now() },
        namespace,
        secrets: (secretName) => readGitSecret(opts.kube, namespace, secretName),
        transport,
        signal: ctx.signal,
        ...(opts.random ? { random: opts.random } : {}),
      });

      if (result.outcome === 'new-artifact' && result.status.artifact) {
        // Flux keeps the newest two per object: the one just stored and the one before it.
        const keep = [result.status.artifact.digest, previous?.artifact?.digest].filter((d): d is string => d !== undefined).slice(0, ARTIFACTS_KEPT_PER_OBJECT);
        await opts.storage.retain({ namespace, name }, keep);
      }

      // Flux rewrites the artifact URL for where storage is served now; here, where the cache directory is now.
      const next = result.status.artifact ? { ...result.status, artifact: { ...result.status.artifact, url: opts.storage.urlOf({ key: result.status.artifact.path }) } } : result.status;
      const status = toObjectStatus(next, obj.status);
      const events = result.event ? [toFluxEvent(result.event)] : [];
      switch (result.outcome) {
        case 'new-artifact':
        case 'unchanged':
          return { status, events, ...(result.requeueAfterMs !== undefined ? { requeueAfterMs: result.requeueAfterMs } : {}) };
        case 'failed':
          // The runtime's per-object backoff decides when to retry.
          return { status, events, failed: true };
        case 'stalled':
        case 'suspended':
          return { status, events };
      }
    },

    async finalize(obj: FluxObject): Promise<{ events: FluxEvent[] }> {
      const namespace = obj.metadata?.namespace ?? 'default';
      const name = obj.metadata?.name;
      if (name) await opts.storage.removeAll({ namespace, name });
      return { events: [] };
    },
  };
}
