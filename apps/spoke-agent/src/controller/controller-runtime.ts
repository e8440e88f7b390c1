import type { FluxKindIdentity } from '@flotilla/reconcile-core';
import type { BackoffPolicy } from '../connection/backoff.js';
import { apiFailure } from '../k8s/api-error.js';
import type { KubeClient } from '../k8s/kube-client.js';
import type { Logger } from '../logging/logger.js';
import { EventRecorder } from './event-recorder.js';
import { FLUX_FINALIZER, RECONCILE_REQUEST_ANNOTATION, generationOf, hasFinalizer, isDeleting, isSuspended, needsReconcile, readyOf, requestedAtOf, withConditionGenerations } from './flux-object.js';
import type { ItemBackoff } from './item-backoff.js';
import type { FluxEvent, FluxObject, KindReconciler, KindWatch, ObjectLookup, ReconcileContext } from './kind-reconciler.js';
import { ListWatch } from './list-watch.js';
import { WorkQueue } from './work-queue.js';

/**
 * Called after every status write of a reconcile, when a suspended object is skipped (its spec.suspend changed) and
 * with the events of a finalizer run: what the agent sends to the hub about the objects in its cluster.
 */
export type StatusHook = (kind: FluxKindIdentity, object: FluxObject, status: Record<string, unknown>, events: readonly FluxEvent[]) => void;
/** Called when an object of a reconciled kind is gone from the cluster (its finalizer, if any, has run), with its last state. */
export type DeletionHook = (kind: FluxKindIdentity, object: FluxObject) => void;
/** Called with every change the watches deliver, of every watched kind (after the runtime queued what it affects). */
export type ObservedHook = (kind: FluxKindIdentity, object: FluxObject, deleted: boolean) => void;

export interface ControllerRuntimeOptions {
  client: KubeClient;
  logger: Logger;
  /** Objects reconciled at once, all kinds together (default 4, the agent's --concurrency). */
  concurrency?: number;
  now?: () => Date;
  watchBackoff?: BackoffPolicy;
  itemBackoff?: ItemBackoff;
  onStatus?: StatusHook;
  onDeleted?: DeletionHook;
  onObserved?: ObservedHook;
  events?: EventRecorder;
}

const SEP = '|';

/**
 * The agent's controller runtime: a list + watch per kind, one work queue with per-object backoff
 * and bounded concurrency, and what every Flux kind shares — the finalizer (added before the first reconcile,
 * removed after `finalize` on deletion), `spec.suspend`, `reconcile.fluxcd.io/requestedAt` answered with
 * `status.lastHandledReconcileAt`, `status.observedGeneration`, status written through the status subresource,
 * Kubernetes Events. A reconciler only turns one object into its next status.
 */
export class ControllerRuntime implements ObjectLookup {
  private readonly reconcilers = new Map<string, KindReconciler>();
  /** Every reconciler's watches, read once at start. */
  private readonly follows: Array<{ owner: FluxKindIdentity; watch: KindWatch }> = [];
  private readonly watches = new Map<string, ListWatch>();
  private readonly inflight = new Map<string, AbortController>();
  private readonly queue: WorkQueue;
  private readonly events: EventRecorder;
  private readonly stopping = new AbortController();
  private started = false;

  constructor(private readonly opts: ControllerRuntimeOptions) {
    this.events = opts.events ?? new EventRecorder(opts.client);
    this.queue = new WorkQueue({
      concurrency: opts.concurrency ?? 4,
      handle: (key) => this.handle(key),
      ...(opts.itemBackoff ? { backoff: opts.itemBackoff } : {}),
      onError: (key, err) => {
        const retryInMs = this.queue.addRateLimited(key);
        this.opts.logger.warn('reconcile failed; retrying with backoff', { object: key.replaceAll(SEP, '/'), err: err instanceof Error ? err.message : String(err), retryInMs });
      },
    });
  }

  /** Adds a kind's reconciler; call before start. */
  register(reconciler: KindReconciler): void {
    if (this.started) throw new Error('register reconcilers before starting the runtime');
    this.reconcilers.set(reconciler.kind.kind, reconciler);
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    const kinds = new Map<string, FluxKindIdentity>();
    for (const r of this.reconcilers.values()) {
      kinds.set(r.kind.kind, r.kind);
      for (const w of r.watches ?? []) {
        kinds.set(w.kind.kind, w.kind);
        this.follows.push({ owner: r.kind, watch: w });
      }
    }
    for (const kind of kinds.values()) {
      const lw = new ListWatch(this.opts.client, kind, { upsert: (o, p) => this.changed(kind, o, p, false), remove: (o) => this.changed(kind, o, o, true) }, this.opts.logger, this.opts.watchBackoff ? { backoff: this.opts.watchBackoff } : {});
      this.watches.set(kind.kind, lw);
      lw.start();
    }
  }

  /** Resolves once every kind has been listed. */
  async synced(): Promise<void> {
    await Promise.all([...this.watches.values()].map((w) => w.synced));
  }

  /** Resolves when no reconcile is queued or running (delayed requeues do not count). */
  whenIdle(): Promise<void> {
    return this.queue.whenIdle();
  }

  /** The kinds with a registered reconciler. */
  reconciledKinds(): FluxKindIdentity[] {
    return [...this.reconcilers.values()].map((r) => r.kind);
  }

  /** How many times a kind was listed (the first list and relists). */
  listsOf(kind: FluxKindIdentity): number {
    return this.watches.get(kind.kind)?.lists ?? 0;
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    for (const c of this.inflight.values()) c.abort();
    await Promise.all([...this.watches.values()].map((w) => w.stop()));
    await this.queue.stop();
  }

  get(kind: FluxKindIdentity, namespace: string, name: string): FluxObject | undefined {
    return this.watches.get(kind.kind)?.get(namespace, name);
  }

  list(kind: FluxKindIdentity): FluxObject[] {
    return this.watches.get(kind.kind)?.list() ?? [];
  }

  /**
   * Asks for a reconcile as `flux reconcile` does: the `reconcile.fluxcd.io/requestedAt` annotation, which the
   * watch then delivers like any request. False when no such object is in the cluster.
   */
  async requestReconcile(kind: FluxKindIdentity, namespace: string, name: string, requestedAt: string): Promise<boolean> {
    const obj = this.get(kind, namespace, name);
    return obj !== undefined && (await this.patch(kind, obj, '', { metadata: { annotations: { [RECONCILE_REQUEST_ANNOTATION]: requestedAt } } })) !== undefined;
  }

  /** Sets `spec.suspend`, as `flux suspend` / `flux resume` do. False when no such object is in the cluster. */
  async setSuspended(kind: FluxKindIdentity, namespace: string, name: string, suspend: boolean): Promise<boolean> {
    const obj = this.get(kind, namespace, name);
    return obj !== undefined && (await this.patch(kind, obj, '', { spec: { suspend } })) !== undefined;
  }

  private keyOf(kind: FluxKindIdentity, o: FluxObject): string {
    return [kind.kind, o.metadata?.namespace ?? '', o.metadata?.name ?? ''].join(SEP);
  }

  private changed(kind: FluxKindIdentity, obj: FluxObject, previous: FluxObject | undefined, deleted: boolean): void {
    const own = this.reconcilers.get(kind.kind);
    if (own) {
      const key = this.keyOf(kind, obj);
      if (deleted) {
        this.inflight.get(key)?.abort();
        this.queue.cancel(key);
        this.queue.forget(key);
        this.opts.onDeleted?.(kind, obj);
      } else {
        if (isDeleting(obj) && !isDeleting(previous ?? {})) this.inflight.get(key)?.abort();
        if (needsReconcile(obj, previous)) this.queue.add(key);
      }
    }
    for (const { owner, watch } of this.follows) {
      if (watch.kind.kind !== kind.kind) continue;
      for (const o of watch.affected({ object: obj, previous, deleted }, this)) this.queue.add(this.keyOf(owner, o));
    }
    this.opts.onObserved?.(kind, obj, deleted);
  }

  private pathOf(kind: FluxKindIdentity, o: FluxObject): string {
    return `/apis/${kind.group}/${kind.version}/namespaces/${o.metadata?.namespace}/${kind.plural}/${o.metadata?.name}`;
  }

  private async patch(kind: FluxKindIdentity, o: FluxObject, sub: '' | '/status', body: unknown): Promise<FluxObject | undefined> {
    const res = await this.opts.client.request({ method: 'PATCH', path: this.pathOf(kind, o) + sub, body, contentType: 'application/merge-patch+json' });
    if (res.status === 404) return undefined;
    if (res.status !== 200) throw new Error(`patching ${kind.kind} ${o.metadata?.namespace}/${o.metadata?.name}${sub}: ${apiFailure(res.status, res.body).message}`);
    const updated = res.body as FluxObject;
    this.watches.get(kind.kind)?.observe(updated);
    return updated;
  }

  // The resourceVersion makes the finalizer list a compare-and-swap: a conflict retries with the fresh object.
  private setFinalizers(kind: FluxKindIdentity, o: FluxObject, finalizers: string[]): Promise<FluxObject | undefined> {
    return this.patch(kind, o, '', { metadata: { finalizers, resourceVersion: o.metadata?.resourceVersion } });
  }

  /** Writes the whole status: keys the new status lacks are removed. */
  private writeStatus(kind: FluxKindIdentity, o: FluxObject, status: Record<string, unknown>): Promise<FluxObject | undefined> {
    const removed = Object.fromEntries(Object.keys(o.status ?? {}).filter((k) => !(k in status)).map((k) => [k, null]));
    return this.patch(kind, o, '/status', { status: { ...removed, ...status } });
  }

  /** An event that cannot be recorded is logged, never a reason to fail the reconcile. */
  private async record(kind: FluxKindIdentity, obj: FluxObject, ev: FluxEvent, at: Date): Promise<void> {
    try {
      await this.events.record(kind, obj, ev, at);
    } catch (err) {
      this.opts.logger.warn('cannot record an event', { kind: kind.kind, object: `${obj.metadata?.namespace}/${obj.metadata?.name}`, reason: ev.reason, err: err instanceof Error ? err.message : String(err) });
    }
  }

  private async handle(key: string): Promise<void> {
    const [kindName, namespace, name] = key.split(SEP) as [string, string, string];
    const reconciler = this.reconcilers.get(kindName);
    const obj = this.watches.get(kindName)?.get(namespace, name);
    if (!reconciler || !obj) return;
    const kind = reconciler.kind;
    const abort = new AbortController();
    const signal = AbortSignal.any([abort.signal, this.stopping.signal]);
    this.inflight.set(key, abort);
    const now = this.opts.now ?? (() => new Date());
    const ctx: ReconcileContext = {
      signal,
      now,
      progress: async (status, events = []) => {
        if (signal.aborted) return;
        const written = withConditionGenerations(status, generationOf(obj));
        await this.patch(kind, obj, '/status', { status: written });
        for (const ev of events) await this.record(kind, obj, ev, now());
        if (events.length) this.opts.onStatus?.(kind, obj, written, events);
      },
      get: (k, ns, n) => this.get(k, ns, n),
      list: (k) => this.list(k),
    };
    try {
      if (isDeleting(obj)) {
        if (!hasFinalizer(obj)) return;
        const finalized = await reconciler.finalize?.(obj, ctx);
        for (const ev of finalized?.events ?? []) await this.record(kind, obj, ev, now());
        if (finalized?.events.length) this.opts.onStatus?.(kind, obj, obj.status ?? {}, finalized.events);
        if (finalized?.error) throw new Error(finalized.error);
        await this.setFinalizers(kind, obj, (obj.metadata?.finalizers ?? []).filter((f) => f !== FLUX_FINALIZER));
        this.queue.forget(key);
        return;
      }
      // Before the first reconcile, so a deletion racing with it still runs `finalize` (Flux adds it first too).
      if (!hasFinalizer(obj)) {
        if (await this.setFinalizers(kind, obj, [...(obj.metadata?.finalizers ?? []), FLUX_FINALIZER])) this.queue.add(key);
        return;
      }
      const requestedAt = requestedAtOf(obj);
      if (isSuspended(obj)) {
        // Flux skips a suspended object, but still records the request it saw.
        const status = requestedAt ? { ...obj.status, lastHandledReconcileAt: requestedAt } : (obj.status ?? {});
        const written = requestedAt && obj.status?.lastHandledReconcileAt !== requestedAt ? await this.writeStatus(kind, obj, status) : obj;
        if (written) this.opts.onStatus?.(kind, written, status, []);
        this.opts.logger.info('reconciliation is suspended for this object', { kind: kindName, object: `${namespace}/${name}` });
        this.queue.forget(key);
        return;
      }
      const result = await reconciler.reconcile(obj, ctx);
      if (signal.aborted) return;
      const status: Record<string, unknown> = withConditionGenerations(result.status, generationOf(obj));
      // The last request handled stays recorded after its annotation is gone.
      const handled = requestedAt ?? obj.status?.lastHandledReconcileAt;
      if (handled !== undefined) status.lastHandledReconcileAt = handled;
      // As Flux's finalizeStatus: the generation counts as observed once it reconciled to Ready, or when the
      // reconciler says so (a spec that can never succeed).
      if (status.observedGeneration === undefined) {
        status.observedGeneration = readyOf({ status })?.status === 'True' ? generationOf(obj) : (obj.status?.observedGeneration ?? -1);
      }
      const written = await this.writeStatus(kind, this.get(kind, namespace, name) ?? obj, status);
      if (!written) return;
      for (const ev of result.events) await this.record(kind, written, ev, now());
      this.opts.onStatus?.(kind, written, status, result.events);
      if (result.requeueAfterMs !== undefined) {
        this.queue.addAfter(key, result.requeueAfterMs);
        if (!result.failed) this.queue.forget(key);
      } else if (result.failed) {
        this.queue.addRateLimited(key);
      } else {
        this.queue.forget(key);
      }
    } finally {
      if (this.inflight.get(key) === abort) this.inflight.delete(key);
    }
  }
}
