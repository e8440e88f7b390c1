import type { ResourceManager } from '../k8s/index.js';
import type { Logger } from '../logging/logger.js';
import { kustomizationKey, sourceKey, type AssignedKustomization, type AssignedSource, type Assignment } from '../assignment/assignment.js';
import type { AgentState } from '../assignment/assignment-store.js';
import { toKustomizationSpec, type SpecConversion } from '../assignment/to-kustomization-spec.js';
import type { ArtifactFetch } from '../artifacts/artifact-cache.js';
import { clip, type EventItem, type Outbox } from '../outbox/outbox.js';
import { DEPENDENCY_REQUEUE_MS, jittered, reconcileKustomization, type Artifact, type DependencyState, type ManifestBuilder, type Outcome } from '../reconcile/index.js';
import { pruneOnDeletion } from '../reconcile/prune-on-deletion.js';
import { retryIntervalOf } from '../reconcile/kustomization-spec.js';
import { condition, findCondition, removeCondition, setCondition, type KustomizationReason, type KustomizationStatus } from '../reconcile/status/conditions.js';
import type { ReconcileEvent } from '../reconcile/status/events.js';
import { dependencyCycles } from './dependency-cycles.js';

export interface SchedulerDeps {
  resources: ResourceManager;
  builder: ManifestBuilder;
  artifacts: { get(source: AssignedSource): Promise<ArtifactFetch>; retain(digests: ReadonlySet<string>): Promise<void> };
  outbox: Outbox;
  /** Persists the assignment with the inventories (called after every change that matters across a restart). */
  persist: (state: AgentState) => Promise<void>;
  logger: Logger;
  /** Kustomizations reconciled at once (default 4). */
  concurrency?: number;
  now?: () => Date;
  random?: () => number;
  /** The pipeline (a unit test of the scheduling rules may stand in for it). */
  reconcile?: typeof reconcileKustomization;
}

interface Entry {
  key: string;
  assigned: AssignedKustomization;
  conversion: SpecConversion;
  source: AssignedSource | undefined;
  fingerprint: string;
  status: KustomizationStatus;
  observedGeneration: number;
  lastHandledReconcileAt?: string;
  requestedAt?: string;
  cycle?: string;
  timer?: NodeJS.Timeout;
  nextRunAt?: number;
  running: boolean;
  queued: boolean;
  rerun: boolean;
  removed: boolean;
  reportedInventory: string;
  /** Last error event sent and when, to hold back identical repeats. */
  lastError?: { message: string; at: number };
  /** The revision last reported as Ready=True (undefined when not Ready). */
  reportedReady?: string;
}

/** Like notification-controller's rate limit for duplicate events (flux.md §2: 5m). */
const REPEAT_EVENT_MS = 5 * 60_000;


const fingerprint = (k: AssignedKustomization, s: AssignedSource | undefined): string =>
  JSON.stringify([k.generation, k.spec, k.variables, s?.revision, s?.digest]);

/**
 * One loop per assigned Kustomization (flux.md §2 triggers): at once on a new generation, source revision or
 * variables, on a `reconcile` request, every interval with jitter (drift correction), after a failure every
 * retryInterval; suspended ones are skipped; dependsOn is gated by reconcile-core's rule with same-source
 * lockstep, and a dependency that becomes Ready wakes its dependents; at most `concurrency` run at once. A
 * Kustomization removed from the assignment is pruned when it had `prune: true` (Flux's finalizer) and forgotten.
 */
export class KustomizationScheduler {
  private readonly entries = new Map<string, Entry>();
  private readonly queue: string[] = [];
  private active = 0;
  private stopped = false;
  private assignment: Assignment = { generation: 0, sources: [], kustomizations: [] };
  private readonly idle = new Set<() => void>();
  private persisting: Promise<void> = Promise.resolve();

  constructor(private readonly deps: SchedulerDeps) {}

  get generation(): number {
    return this.assignment.generation;
  }

  /** Status of one Kustomization as last reconciled (tests and diagnostics). */
  statusOf(namespace: string, name: string): (KustomizationStatus & { observedGeneration: number; lastHandledReconcileAt?: string }) | undefined {
    const e = this.entries.get(kustomizationKey({ namespace, name }));
    return e && { ...e.status, observedGeneration: e.observedGeneration, ...(e.lastHandledReconcileAt ? { lastHandledReconcileAt: e.lastHandledReconcileAt } : {}) };
  }

  /** Loads a persisted state (restart): everything is reconciled at once, from the cached artifacts if the hub is down. */
  restore(state: AgentState): Promise<void> {
    return this.apply(state.assignment, state.kustomizations);
  }

  /** A new assignment from the hub: persisted before this resolves, so the caller may ack it. */
  setAssignment(assignment: Assignment): Promise<void> {
    return this.apply(assignment, {});
  }

  requestReconcile(namespace: string, name: string, requestedAt: string): boolean {
    const e = this.entries.get(kustomizationKey({ namespace, name }));
    if (!e) return false;
    e.requestedAt = requestedAt;
    this.trigger(e);
    return true;
  }

  /** Resolves when nothing is running or queued (tests). */
  whenIdle(): Promise<void> {
    if (this.active === 0 && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.add(resolve));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const e of this.entries.values()) clearTimeout(e.timer);
    this.queue.length = 0;
    await this.whenIdle();
    await this.persisting;
  }

  private async apply(assignment: Assignment, restored: AgentState['kustomizations']): Promise<void> {
    this.assignment = assignment;
    const sources = new Map(assignment.sources.map((s) => [sourceKey(s), s]));
    const cycles = dependencyCycles(assignment.kustomizations.map((k) => ({ namespace: k.namespace, name: k.name, dependsOn: k.spec.dependsOn ?? [] })));
    const seen = new Set<string>();
    const changed: Entry[] = [];
    for (const k of assignment.kustomizations) {
      const key = kustomizationKey(k);
      seen.add(key);
      const conversion = toKustomizationSpec(k.spec, k.namespace, k.variables);
      const source = conversion.ok ? sources.get(sourceKey(conversion.sourceRef)) : undefined;
      const fp = fingerprint(k, source);
      let e = this.entries.get(key);
      if (!e) {
        const prev = restored[key];
        e = {
          key, assigned: k, conversion, source, fingerprint: '',
          status: { conditions: [], inventory: { entries: prev?.inventory ?? [] }, ...(prev?.lastAppliedRevision ? { lastAppliedRevision: prev.lastAppliedRevision } : {}) },
          observedGeneration: 0, running: false, queued: false, rerun: false, removed: false, reportedInventory: '',
        };
        this.entries.set(key, e);
      }
      const cycle = cycles.get(key);
      if (e.fingerprint !== fp || e.cycle !== cycle) changed.push(e);
      Object.assign(e, { assigned: k, conversion, source, fingerprint: fp, cycle });
    }
    const removed = [...this.entries.values()].filter((e) => !seen.has(e.key));
    for (const e of removed) {
      this.entries.delete(e.key);
      clearTimeout(e.timer);
      e.removed = true;
    }
    await this.persist();
    await this.deps.artifacts.retain(new Set(assignment.sources.map((s) => s.digest)));
    for (const e of removed) if (!e.running) void this.forget(e);
    for (const e of changed) this.trigger(e);
  }

  private trigger(e: Entry): void {
    if (this.stopped || e.removed) return;
    if (e.running) {
      e.rerun = true;
      return;
    }
    clearTimeout(e.timer);
    e.timer = undefined;
    if (e.queued) return;
    e.queued = true;
    this.queue.push(e.key);
    this.pump();
  }

  private pump(): void {
    const limit = this.deps.concurrency ?? 4;
    while (!this.stopped && this.active < limit && this.queue.length > 0) {
      const e = this.entries.get(this.queue.shift()!);
      if (!e) continue;
      e.queued = false;
      e.running = true;
      this.active += 1;
      void this.run(e)
        .catch((err: unknown) => this.deps.logger.error('reconcile crashed', { kustomization: e.key, err: String(err) }))
        .finally(() => {
          e.running = false;
          this.active -= 1;
          if (e.removed) void this.forget(e);
          else if (e.rerun) {
            e.rerun = false;
            this.trigger(e);
          }
          this.pump();
          if (this.active === 0 && this.queue.length === 0) {
            const waiting = [...this.idle];
            this.idle.clear();
            for (const resolve of waiting) resolve();
          }
        });
    }
  }

  private schedule(e: Entry, outcome: Outcome): void {
    if (this.stopped || e.removed || outcome.kind === 'skip' || outcome.kind === 'stalled') return;
    clearTimeout(e.timer);
    e.nextRunAt = Date.now() + outcome.afterMs;
    e.timer = setTimeout(() => this.trigger(e), outcome.afterMs);
    e.timer.unref?.();
  }

  private now(): Date {
    return (this.deps.now ?? (() => new Date()))();
  }

  /** A Kustomization as Flux would show it (`kubectl get ks -o yaml`): what readyExpr sees as `self` and `dep`. */
  private fluxObject(e: Entry): Record<string, unknown> {
    return {
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name: e.assigned.name, namespace: e.assigned.namespace, generation: e.assigned.generation },
      spec: e.assigned.spec,
      status: {
        observedGeneration: e.observedGeneration,
        conditions: e.status.conditions,
        ...(e.status.lastAppliedRevision ? { lastAppliedRevision: e.status.lastAppliedRevision } : {}),
        ...(e.status.lastAttemptedRevision ? { lastAttemptedRevision: e.status.lastAttemptedRevision } : {}),
        inventory: e.status.inventory,
      },
    };
  }

  private lookup = (ref: { namespace: string; name: string }): DependencyState | undefined => {
    const d = this.entries.get(kustomizationKey(ref));
    // A dependency whose spec was refused still exists (it is Stalled, so not Ready), as in Flux.
    if (!d) return undefined;
    return {
      object: this.fluxObject(d),
      generation: d.assigned.generation,
      observedGeneration: d.observedGeneration,
      ready: findCondition(d.status.conditions, 'Ready')?.status === 'True',
      ...(d.status.lastAppliedRevision ? { lastAppliedRevision: d.status.lastAppliedRevision } : {}),
      sourceKey: d.conversion.ok ? sourceKey(d.conversion.sourceRef) : '',
    };
  };

  private async run(e: Entry): Promise<void> {
    const ref = { namespace: e.assigned.namespace, name: e.assigned.name };
    const handling = e.requestedAt;
    e.requestedAt = undefined;
    const before = findCondition(e.status.conditions, 'Ready');
    const beforeRevision = e.status.lastAppliedRevision;

    let result: { status: KustomizationStatus; events: ReconcileEvent[]; outcome: Outcome };
    if (!e.conversion.ok) {
      result = this.stalled(e, e.conversion.reason, e.conversion.reason === 'ReconciliationFailed' ? `invalid spec: ${e.conversion.message}` : e.conversion.message);
    } else if (e.cycle) {
      result = this.stalled(e, 'DependencyNotReady', e.cycle);
    } else if (e.conversion.spec.suspend) {
      return; // flux.md §2: suspended objects are skipped entirely, no drift correction
    } else {
      const spec = e.conversion.spec;
      let artifact: Artifact | undefined;
      let failure: { message: string; retryMs: number } | undefined;
      if (e.source) {
        const got = await this.deps.artifacts.get(e.source);
        if (got.ok) artifact = got.artifact;
        // A hub that cannot serve the artifact right now is retried like a missing artifact (Flux: 30s), not after
        // a whole retryInterval; bytes that do not match their digest wait for the retryInterval.
        else failure = { message: got.message, retryMs: got.kind === 'unavailable' ? Math.min(DEPENDENCY_REQUEUE_MS, retryIntervalOf(spec)) : retryIntervalOf(spec) };
      }
      if (failure !== undefined) {
        result = this.failed(e, 'ArtifactFailed', failure.message, e.source?.revision, failure.retryMs);
      } else {
        result = await (this.deps.reconcile ?? reconcileKustomization)(
          { ref, spec, artifact, sourceKey: sourceKey(e.conversion.sourceRef), previous: e.status, dependencies: this.lookup, self: this.fluxObject(e) },
          { resources: this.deps.resources, builder: this.deps.builder, ...(this.deps.now ? { now: this.deps.now } : {}) },
        );
      }
    }
    if (e.removed) return;
    e.status = result.status;
    e.observedGeneration = e.assigned.generation;
    if (handling) e.lastHandledReconcileAt = handling;
    await this.report(e, result.events);
    if (JSON.stringify(e.status.inventory.entries) !== e.reportedInventory || e.status.lastAppliedRevision !== beforeRevision) await this.persist();
    this.schedule(e, result.outcome);

    const after = findCondition(e.status.conditions, 'Ready');
    const becameReady = after?.status === 'True' && (before?.status !== 'True' || beforeRevision !== e.status.lastAppliedRevision);
    if (becameReady) this.wakeDependents(e);
    this.deps.logger.info('reconciled', { kustomization: e.key, ready: after?.status, reason: after?.reason, nextRunInMs: result.outcome.kind === 'requeue' || result.outcome.kind === 'backoff' ? result.outcome.afterMs : undefined });
  }

  // Flux requeues a waiting dependent every 30s; waking it when its dependency turns Ready is the same rule, sooner.
  private wakeDependents(dep: Entry): void {
    for (const e of this.entries.values()) {
      if (!e.conversion.ok || e === dep) continue;
      const waits = (e.conversion.spec.dependsOn ?? []).some((d) => kustomizationKey({ namespace: d.namespace ?? e.assigned.namespace, name: d.name }) === dep.key);
      if (waits) this.trigger(e);
    }
  }

  private failed(e: Entry, reason: KustomizationReason, message: string, revision: string | undefined, retryMs: number) {
    const now = this.now();
    let conditions = setCondition(e.status.conditions, condition('Ready', 'False', reason, message, now));
    conditions = setCondition(conditions, condition('Reconciling', 'True', 'ProgressingWithRetry', message, now));
    return {
      status: { ...e.status, conditions, ...(revision ? { lastAttemptedRevision: revision } : {}) },
      events: [{ severity: 'error' as const, reason, message, ...(revision ? { revision } : {}) }],
      outcome: { kind: 'backoff' as const, afterMs: jittered(retryMs, this.deps.random), error: message },
    };
  }

  private stalled(e: Entry, reason: KustomizationReason, message: string) {
    const now = this.now();
    let conditions = removeCondition(e.status.conditions, 'Reconciling');
    conditions = setCondition(conditions, condition('Ready', 'False', reason, message, now));
    conditions = setCondition(conditions, condition('Stalled', 'True', reason, message, now));
    return { status: { ...e.status, conditions }, events: [{ severity: 'error' as const, reason, message }], outcome: { kind: 'stalled' as const, reason: message } };
  }

  private async report(e: Entry, events: readonly ReconcileEvent[]): Promise<void> {
    const { outbox } = this.deps;
    const ref = { namespace: e.assigned.namespace, name: e.assigned.name };
    await outbox.enqueue('status', [
      {
        ...ref,
        conditions: e.status.conditions.map((c) => ({ ...c, message: clip(c.message) })),
        observedGeneration: e.observedGeneration,
        ...(e.status.lastAppliedRevision ? { lastAppliedRevision: e.status.lastAppliedRevision } : {}),
        ...(e.status.lastAttemptedRevision ? { lastAttemptedRevision: e.status.lastAttemptedRevision } : {}),
        ...(e.lastHandledReconcileAt ? { lastHandledReconcileAt: e.lastHandledReconcileAt } : {}),
      },
    ]);
    const inventory = JSON.stringify(e.status.inventory.entries);
    if (inventory !== e.reportedInventory) {
      await outbox.enqueue('inventory', [{ ...ref, entries: e.status.inventory.entries }]);
      e.reportedInventory = inventory;
    }
    await outbox.enqueue('events', this.newsworthy(e, events).map((ev) => this.eventItem(e, ev)));
  }

  // Drift correction runs every interval: a run that changed nothing and stays Ready at the same revision is
  // not news, and an error identical to the last one within 5 minutes is not either (Flux rate-limits both).
  private newsworthy(e: Entry, events: readonly ReconcileEvent[]): ReconcileEvent[] {
    const now = Date.now();
    const quiet = events.length === 1 && events[0]!.reason === 'ReconciliationSucceeded' && e.reportedReady === `${e.status.lastAppliedRevision}`;
    e.reportedReady = findCondition(e.status.conditions, 'Ready')?.status === 'True' ? `${e.status.lastAppliedRevision}` : undefined;
    if (quiet) return [];
    return events.filter((ev) => {
      if (ev.severity !== 'error') return true;
      const repeat = e.lastError && e.lastError.message === ev.message && now - e.lastError.at < REPEAT_EVENT_MS;
      if (!repeat) e.lastError = { message: ev.message, at: now };
      return !repeat;
    });
  }

  private eventItem(e: Entry, ev: ReconcileEvent): EventItem {
    return {
      involvedObject: { kind: 'Kustomization', namespace: e.assigned.namespace, name: e.assigned.name },
      severity: ev.severity,
      reason: ev.reason,
      message: clip(ev.message),
      ...(ev.revision ? { revision: ev.revision } : {}),
      timestamp: this.now().toISOString(),
    };
  }

  /**
   * Flux's finalizer for a Kustomization that leaves the assignment, by `deletionPolicy`: MirrorPrune (the
   * default) deletes the inventory only with `prune: true`; Delete always; WaitForTermination deletes and then
   * waits up to the timeout for the objects to be gone, reporting an error event (and going on) if they are
   * not; Orphan leaves them. A suspended Kustomization deletes nothing. Owner labels and prune opt-outs still
   * protect objects, as in every prune.
   */
  private async forget(e: Entry): Promise<void> {
    const ref = { namespace: e.assigned.namespace, name: e.assigned.name };
    const events: ReconcileEvent[] = [];
    if (e.conversion.ok) {
      const pruned = await pruneOnDeletion(ref, e.conversion.spec, e.status.inventory.entries, this.deps.resources);
      if (pruned.deleted) events.push({ severity: 'info', reason: 'Progressing', message: pruned.deleted });
      if (pruned.errors.length > 0) events.push({ severity: 'error', reason: 'PruneFailed', message: `garbage collection after removal failed: ${pruned.errors.join('; ')}` });
      if (pruned.waitFailed) events.push({ severity: 'error', reason: 'PruneFailed', message: pruned.waitFailed });
    }
    events.push({ severity: 'info', reason: 'Progressing', message: 'Kustomization removed from the assignment' });
    await this.deps.outbox.enqueue('inventory', [{ ...ref, entries: [] }]);
    await this.deps.outbox.enqueue('events', events.map((ev) => this.eventItem(e, ev)));
    this.deps.logger.info('Kustomization removed from the assignment', { kustomization: e.key, deletionPolicy: e.conversion.ok ? (e.conversion.spec.deletionPolicy ?? 'MirrorPrune') : undefined });
  }

  private persist(): Promise<void> {
    const state: AgentState = {
      assignment: this.assignment,
      kustomizations: Object.fromEntries(
        [...this.entries.values()].map((e) => [e.key, { inventory: e.status.inventory.entries, ...(e.status.lastAppliedRevision ? { lastAppliedRevision: e.status.lastAppliedRevision } : {}) }]),
      ),
    };
    this.persisting = this.persisting.then(() => this.deps.persist(state)).catch((err: unknown) => this.deps.logger.error('cannot persist the assignment', { err: String(err) }));
    return this.persisting;
  }
}
