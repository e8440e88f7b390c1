import { FLUX_KINDS, type KUSTOMIZATION_SOURCE_KINDS, loadCelFor } from '@flotilla/reconcile-core';
import { sourceKey } from '../assignment/assignment.js';
import { toKustomizationSpec } from '../assignment/to-kustomization-spec.js';
import type { ResourceManager } from '../k8s/index.js';
import { isRecord } from '../k8s/object-ref.js';
import { reconcileKustomization, type Artifact, type DependencyState, type KustomizationReason, type KustomizationRef, type KustomizationStatus, type ManifestBuilder, type ReconcileEvent } from '../reconcile/index.js';
import { retryIntervalOf } from '../reconcile/kustomization-spec.js';
import { pruneOnDeletion } from '../reconcile/prune-on-deletion.js';
import { condition, removeCondition, setCondition } from '../reconcile/status/conditions.js';
import { dependencyCycles } from './dependency-cycles.js';
import { generationOf, readyOf } from './flux-object.js';
import type { ArtifactOpener, FluxEvent, FluxObject, KindReconciler, KindWatch, ObjectLookup, ReconcileContext, ReconcileResult } from './kind-reconciler.js';
import { statusFromObject, statusToObject } from './kustomization-status.js';
import type { LastBuilds } from '../live/last-builds.js';

export type KustomizationSourceKind = (typeof KUSTOMIZATION_SOURCE_KINDS)[number];

export interface KustomizationReconcilerDeps {
  resources: ResourceManager;
  builder: ManifestBuilder;
  /** One opener per source kind this agent can read; a Kustomization naming another kind waits with ArtifactFailed. */
  openers: ReadonlyMap<KustomizationSourceKind, ArtifactOpener>;
  /** Keeps each Kustomization's last build, the desired state shown beside the live objects. */
  builds?: LastBuilds;
  now?: () => Date;
}

const KS = FLUX_KINDS.Kustomization;

const refOf = (o: FluxObject): KustomizationRef => ({ namespace: o.metadata?.namespace ?? '', name: o.metadata?.name ?? '' });

/** The sourceRef as written (namespace defaulted), read without validating the rest of the spec. */
function rawSourceRef(o: FluxObject): { kind: string; namespace: string; name: string } | undefined {
  const ref = o.spec?.sourceRef;
  if (!isRecord(ref) || typeof ref.kind !== 'string' || typeof ref.name !== 'string') return undefined;
  return { kind: ref.kind, name: ref.name, namespace: typeof ref.namespace === 'string' && ref.namespace ? ref.namespace : (o.metadata?.namespace ?? '') };
}

function dependsOnRefs(o: FluxObject): KustomizationRef[] {
  const deps = Array.isArray(o.spec?.dependsOn) ? o.spec.dependsOn : [];
  return deps.flatMap((d) => (isRecord(d) && typeof d.name === 'string' ? [{ name: d.name, namespace: typeof d.namespace === 'string' && d.namespace ? d.namespace : (o.metadata?.namespace ?? '') }] : []));
}

export function artifactOf(source: FluxObject): { revision: string; digest: string } | undefined {
  const a = source.status?.artifact;
  return isRecord(a) && typeof a.revision === 'string' && typeof a.digest === 'string' ? { revision: a.revision, digest: a.digest } : undefined;
}

const toFluxEvent = (e: ReconcileEvent): FluxEvent => ({ type: e.severity === 'error' ? 'Warning' : 'Normal', reason: e.reason, message: e.message, ...(e.revision ? { revision: e.revision } : {}) });

/**
 * Kustomizations that live in the cluster (`kubectl apply`, a fleet repository): the object's spec through the
 * agent's spec conversion, its `sourceRef` resolved to the source object in the cluster and that object's
 * `status.artifact` opened through the source kind's opener, then the same pipeline as hub-assigned ones.
 */
export class KustomizationReconciler implements KindReconciler {
  readonly kind = KS;

  constructor(private readonly deps: KustomizationReconcilerDeps) {}

  /** A new artifact of a source, and a dependency turning Ready, reconcile the Kustomizations that follow them at once. */
  get watches(): KindWatch[] {
    const sources: KindWatch[] = [...this.deps.openers.keys()].map((kind) => ({
      kind: FLUX_KINDS[kind],
      affected: ({ object, previous, deleted }, lookup) => {
        const before = previous && artifactOf(previous);
        const after = deleted ? undefined : artifactOf(object);
        if (previous && before?.digest === after?.digest && before?.revision === after?.revision) return [];
        const key = sourceKey({ kind, namespace: object.metadata?.namespace ?? '', name: object.metadata?.name ?? '' });
        return lookup.list(KS).filter((k) => {
          const ref = rawSourceRef(k);
          return ref !== undefined && sourceKey(ref) === key;
        });
      },
    }));
    // Flux requeues a waiting dependent every 30s; waking it when its dependency turns Ready is the same rule, sooner.
    // A dependency that appears wakes its dependents too: one that waited for it as missing now sees it, and a
    // dependsOn cycle is named as soon as its last member exists rather than at the next requeue.
    const dependencies: KindWatch = {
      kind: KS,
      affected: ({ object, previous, deleted }, lookup) => {
        const appeared = previous === undefined && !deleted;
        const readyNow = !deleted && readyOf(object)?.status === 'True';
        const readyBefore = previous !== undefined && readyOf(previous)?.status === 'True';
        const revisionChanged = previous?.status?.lastAppliedRevision !== object.status?.lastAppliedRevision;
        if (!appeared && !(readyNow && (!readyBefore || revisionChanged))) return [];
        const self = `${object.metadata?.namespace}/${object.metadata?.name}`;
        return lookup.list(KS).filter((k) => dependsOnRefs(k).some((d) => `${d.namespace}/${d.name}` === self));
      },
    };
    return [...sources, dependencies];
  }

  async reconcile(obj: FluxObject, ctx: ReconcileContext): Promise<ReconcileResult> {
    const ref = refOf(obj);
    const previous = statusFromObject(obj.status);
    await loadCelFor(obj.spec);
    const conversion = toKustomizationSpec(obj.spec ?? {}, ref.namespace);
    // A spec Flux's schema lets through but the agent refuses (kubeConfig, a CEL expression that does not parse)
    // stalls with the refusal's own reason.
    if (!conversion.ok) return this.stalled(obj, previous, conversion.reason, conversion.reason === 'ReconciliationFailed' ? `invalid spec: ${conversion.message}` : conversion.message, ctx);
    const cycle = this.cycleOf(obj, ctx);
    if (cycle) {
      // A cycle member is, as in Flux, a dependent whose dependency is not ready (Flux's Normal event, on every
      // reconcile whatever order the members arrived in); the Warning naming the cycle is ours.
      const waiting: FluxEvent = { type: 'Normal', reason: 'DependencyNotReady', message: `dependencies do not meet ready condition: ${cycle}` };
      return this.stalled(obj, previous, 'DependencyNotReady', cycle, ctx, [waiting]);
    }
    const { spec, sourceRef } = conversion;
    const retryMs = retryIntervalOf(spec);

    const opener = this.deps.openers.get(sourceRef.kind);
    if (!opener) return this.notReady(previous, 'ArtifactFailed', `source '${sourceRef.kind}/${sourceRef.namespace}/${sourceRef.name}': kind ${sourceRef.kind} is not served by this agent`, retryMs, ctx);
    const identity = FLUX_KINDS[sourceRef.kind];
    const source = ctx.get(identity, sourceRef.namespace, sourceRef.name);
    // kustomize-controller words this with the API server's NotFound message and retries at the retryInterval.
    if (!source) return this.notReady(previous, 'ArtifactFailed', `${identity.plural}.${identity.group} "${sourceRef.name}" not found`, retryMs, ctx);

    const named = artifactOf(source);
    let artifact: Artifact | undefined;
    if (named) {
      const opened = await opener(source, named);
      if (!opened.ok) {
        return this.notReady(previous, 'ArtifactFailed', opened.message, Math.min(opened.retryAfterMs ?? retryMs, retryMs), ctx, { revision: named.revision, failed: true });
      }
      artifact = opened.artifact;
    }
    // Without an artifact the pipeline's gate answers with Flux's "Source artifact not found, retrying in 30s".
    const out = await reconcileKustomization(
      { ref, spec, artifact, sourceKey: sourceKey(sourceRef), previous, dependencies: (d) => this.dependency(d, ctx), self: obj as Record<string, unknown> },
      {
        resources: this.deps.resources,
        builder: this.deps.builder,
        ...(this.deps.now ? { now: this.deps.now } : {}),
        onProgress: (s, events) => ctx.progress(statusToObject(s), events.map(toFluxEvent)),
        onBuilt: (objects) => this.deps.builds?.set(ref, objects),
      },
    );
    const result: ReconcileResult = { status: statusToObject(out.status), events: out.events.map(toFluxEvent) };
    if (out.outcome.kind === 'requeue') result.requeueAfterMs = out.outcome.afterMs;
    if (out.outcome.kind === 'backoff') Object.assign(result, { requeueAfterMs: out.outcome.afterMs, failed: true });
    return result;
  }

  async finalize(obj: FluxObject): Promise<{ events: FluxEvent[]; error?: string }> {
    const ref = refOf(obj);
    this.deps.builds?.forget(ref);
    await loadCelFor(obj.spec);
    const conversion = toKustomizationSpec(obj.spec ?? {}, ref.namespace);
    if (!conversion.ok) return { events: [] };
    const status = statusFromObject(obj.status);
    const pruned = await pruneOnDeletion(ref, conversion.spec, status.inventory.entries, this.deps.resources);
    const revision = status.lastAppliedRevision ? { revision: status.lastAppliedRevision } : {};
    const reason = readyOf(obj)?.reason ?? 'Progressing';
    const events: FluxEvent[] = [];
    if (pruned.deleted) events.push({ type: 'Normal', reason, message: pruned.deleted, ...revision });
    // Flux reports a WaitForTermination timeout and lets the finalizer go all the same.
    if (pruned.waitFailed) events.push({ type: 'Warning', reason: 'PruneFailed', message: pruned.waitFailed, ...revision });
    if (pruned.errors.length === 0) return { events };
    events.push({ type: 'Warning', reason: 'PruneFailed', message: 'pruning for deleted resource failed', ...revision });
    return { events, error: pruned.errors.join('; ') };
  }

  private dependency(ref: KustomizationRef, lookup: ObjectLookup): DependencyState | undefined {
    const d = lookup.get(KS, ref.namespace, ref.name);
    const source = d && rawSourceRef(d);
    if (!d || !source) return undefined;
    const observed = d.status?.observedGeneration;
    const applied = d.status?.lastAppliedRevision;
    return {
      // What a dependsOn readyExpr sees as `dep`: the object as the API server holds it.
      object: d as Record<string, unknown>,
      generation: generationOf(d),
      observedGeneration: typeof observed === 'number' ? observed : -1,
      ready: readyOf(d)?.status === 'True',
      ...(typeof applied === 'string' ? { lastAppliedRevision: applied } : {}),
      sourceKey: sourceKey(source),
    };
  }

  /** Flux does not detect dependsOn cycles (its members just never apply); we name them. */
  private cycleOf(obj: FluxObject, lookup: ObjectLookup): string | undefined {
    if (dependsOnRefs(obj).length === 0) return undefined;
    // In name order, so a cycle is named the same way whatever order the watch delivered its members in.
    const all = lookup
      .list(KS)
      .map((k) => ({ ...refOf(k), dependsOn: dependsOnRefs(k) }))
      .sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`));
    return dependencyCycles(all).get(`${obj.metadata?.namespace}/${obj.metadata?.name}`);
  }

  private now(ctx: ReconcileContext): Date {
    return (this.deps.now ?? ctx.now)();
  }

  /** Ready=False with the retry Flux schedules for it (a missing source waits, it does not count as a failure). */
  private notReady(prev: KustomizationStatus, reason: KustomizationReason, message: string, afterMs: number, ctx: ReconcileContext, opts: { revision?: string; failed?: boolean } = {}): ReconcileResult {
    const now = this.now(ctx);
    let conditions = setCondition(prev.conditions, condition('Ready', 'False', reason, message, now));
    conditions = opts.failed ? setCondition(conditions, condition('Reconciling', 'True', 'ProgressingWithRetry', message, now)) : removeCondition(conditions, 'Reconciling');
    return {
      status: statusToObject({ ...prev, conditions }),
      events: opts.failed ? [{ type: 'Warning', reason, message, ...(opts.revision ? { revision: opts.revision } : {}) }] : [],
      requeueAfterMs: afterMs,
      ...(opts.failed ? { failed: true } : {}),
    };
  }

  /** A spec that cannot succeed until it changes: Stalled, no retry, and the generation counts as observed. */
  private stalled(obj: FluxObject, prev: KustomizationStatus, reason: KustomizationReason, message: string, ctx: ReconcileContext, before: FluxEvent[] = []): ReconcileResult {
    const now = this.now(ctx);
    let conditions = removeCondition(prev.conditions, 'Reconciling');
    conditions = setCondition(conditions, condition('Ready', 'False', reason, message, now));
    conditions = setCondition(conditions, condition('Stalled', 'True', reason, message, now));
    return { status: { ...statusToObject({ ...prev, conditions }), observedGeneration: generationOf(obj) }, events: [...before, { type: 'Warning', reason, message }] };
  }
}
