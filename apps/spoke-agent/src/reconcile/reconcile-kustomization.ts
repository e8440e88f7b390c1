import { formatChangeSet, type KubeObject, type ResourceManager } from '../k8s/index.js';
import type { Artifact } from '@flotilla/git-source';
import type { ManifestBuilder } from './build/manifest-builder.js';
import { loadCelFor } from '@flotilla/reconcile-core';
import { gate, type DependencyLookup, type Outcome } from './gate.js';
import { entryOf, mergeEntries } from './inventory.js';
import { retryIntervalOf, timeoutOf, type KustomizationRef, type KustomizationSpec } from './kustomization-spec.js';
import { applyPhase } from './phases/apply.js';
import { assessPhase } from './phases/assess.js';
import { buildPhase } from './phases/build.js';
import { fetchPhase } from './phases/fetch.js';
import { inventoryPhase } from './phases/inventory.js';
import type { PipelineContext } from './phases/pipeline-context.js';
import { prunePhase } from './phases/prune.js';
import { validatePhase } from './phases/validate.js';
import { runPhases } from './run-phases.js';
import { condition, removeCondition, setCondition, type KustomizationStatus } from './status/conditions.js';
import type { ReconcileEvent } from './status/events.js';

export interface ReconcileInput {
  ref: KustomizationRef;
  spec: KustomizationSpec;
  /** The source's artifact, or undefined when the agent does not have it (yet). */
  artifact: Artifact | undefined;
  /** Identity of the source, for dependsOn's same-source lockstep. */
  sourceKey: string;
  previous?: KustomizationStatus;
  dependencies?: DependencyLookup;
  /** This Kustomization as a Flux object, for dependsOn readyExpr (`self`). */
  self?: Record<string, unknown>;
}

export interface ReconcileDeps {
  /** The agent's own ResourceManager; impersonation is derived from it. */
  resources: ResourceManager;
  builder: ManifestBuilder;
  /** Objects applied, deleted and polled at once (default 4). */
  concurrency?: number;
  now?: () => Date;
  /**
   * Called with the in-progress status before each phase (Ready=Unknown, Reconciling=True), and with the events
   * to record at that point (what was applied and pruned, before a health wait).
   */
  onProgress?: (status: KustomizationStatus, events: readonly ReconcileEvent[]) => Promise<void> | void;
  /** Called with the objects of each successful build, whatever the later phases do with them. */
  onBuilt?: (objects: readonly KubeObject[]) => void;
}

export interface ReconcileOutput {
  status: KustomizationStatus;
  events: ReconcileEvent[];
  outcome: Outcome;
}

export const PHASES = [fetchPhase, buildPhase, validatePhase, applyPhase, inventoryPhase, prunePhase, assessPhase] as const;

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)}s`;
}

/** With ±5% jitter, as Flux spreads requeues (flux.md §2 jitter). */
export function jittered(ms: number, random: () => number = Math.random): number {
  return Math.round(ms * (1 + (random() * 2 - 1) * 0.05));
}

/**
 * One reconciliation of a Kustomization: the outer gate, then fetch → build → validate → apply → inventory →
 * prune → assess. Every failure sets Ready=False with the failing phase's Flux reason and leaves what ran
 * before in place; the inventory keeps everything that may exist on the cluster.
 */
export async function reconcileKustomization(input: ReconcileInput, deps: ReconcileDeps): Promise<ReconcileOutput> {
  const now = deps.now ?? (() => new Date());
  const started = Date.now();
  const prev: KustomizationStatus = input.previous ?? { conditions: [], inventory: { entries: [] } };
  await loadCelFor(input.spec);
  const decision = gate({ ref: input.ref, spec: input.spec, artifact: input.artifact, sourceKey: input.sourceKey, dependencies: input.dependencies ?? (() => undefined), ...(input.self ? { self: input.self } : {}) });
  if (!decision.proceed) {
    if (!decision.ready) return { status: prev, events: [], outcome: decision.outcome };
    const { reason, message, stalled, quiet } = decision.ready;
    let conditions = setCondition(removeCondition(prev.conditions, 'Reconciling'), condition('Ready', 'False', reason, message, now()));
    if (stalled) conditions = setCondition(conditions, condition('Stalled', 'True', reason, message, now()));
    return { status: { ...prev, conditions }, events: quiet ? [] : [{ severity: stalled ? 'error' : 'info', reason, message }], outcome: decision.outcome };
  }

  const artifact = decision.artifact;
  const revision = artifact.revision;
  const spec = input.spec;
  const resources = spec.serviceAccountName ? deps.resources.impersonating(input.ref.namespace, spec.serviceAccountName) : deps.resources;
  const ctx: PipelineContext = {
    ref: input.ref, spec, artifact, agent: deps.resources, resources, builder: deps.builder,
    previousInventory: prev.inventory.entries, deadline: started + timeoutOf(spec), concurrency: deps.concurrency ?? 4,
    applied: [], pruned: [], pruneFailures: [], healthChecked: false,
  };
  const healthConfigured = Boolean(spec.wait || spec.healthChecks?.length);

  let conditions = prev.conditions;
  // kustomize-controller records a revision as attempted once its artifact is fetched and spec.path found in it.
  const attempted = () => (ctx.fetched ? { lastAttemptedRevision: revision } : {});
  const changeEvents = (): ReconcileEvent[] => {
    const out: ReconcileEvent[] = [];
    const changes = formatChangeSet(ctx.applied);
    if (changes) out.push({ severity: 'info', reason: 'Progressing', message: changes, revision });
    const deleted = formatChangeSet(ctx.pruned.filter((c) => c.action === 'deleted'));
    if (deleted) out.push({ severity: 'info', reason: 'Progressing', message: deleted, revision });
    return out;
  };
  let changesReported = false;
  const progress = async (message: string, phase: string) => {
    conditions = setCondition(conditions, condition('Reconciling', 'True', 'Progressing', message, now()));
    conditions = setCondition(conditions, condition('Ready', 'Unknown', 'Progressing', 'Reconciliation in progress', now()));
    if (healthConfigured) conditions = setCondition(conditions, condition('Healthy', 'Unknown', 'Progressing', 'Reconciliation in progress', now()));
    // As kustomize-controller: what was applied and pruned is reported, and the new inventory written, before a
    // health wait that may last until the timeout, so both are visible while it runs.
    const beforeHealthWait = phase === assessPhase.name && healthConfigured && ctx.inventory !== undefined;
    const inventory = beforeHealthWait && ctx.inventory ? { inventory: { entries: mergeEntries(ctx.inventory, ctx.pruneFailures) } } : {};
    const events = beforeHealthWait ? changeEvents() : [];
    await deps.onProgress?.({ ...prev, conditions, ...attempted(), ...inventory }, events);
    changesReported ||= beforeHealthWait;
  };

  const result = await runPhases(ctx, PHASES, progress);
  if (ctx.objects) deps.onBuilt?.(ctx.objects);
  const events: ReconcileEvent[] = changesReported ? [] : changeEvents();

  if (!result.ok) {
    // Keep every object that may now exist: the old inventory, whatever this run applied, and failed deletes.
    const survivors = ctx.inventory ?? mergeEntries(prev.inventory.entries, ctx.applied.map((c) => entryOf(c.ref)));
    const inventory = mergeEntries(survivors, ctx.pruneFailures);
    conditions = setCondition(conditions, condition('Ready', 'False', result.reason, result.message, now()));
    conditions = setCondition(conditions, condition('Reconciling', 'True', 'ProgressingWithRetry', result.message, now()));
    if (result.reason === 'HealthCheckFailed') conditions = setCondition(conditions, condition('Healthy', 'False', 'HealthCheckFailed', result.message, now()));
    else if (healthConfigured) conditions = removeCondition(conditions, 'Healthy');
    events.push({ severity: 'error', reason: result.reason, message: result.message, revision });
    const retry = retryIntervalOf(spec);
    return {
      status: { ...prev, conditions, ...attempted(), inventory: { entries: inventory } },
      events,
      outcome: { kind: 'backoff', afterMs: jittered(retry), error: result.message },
    };
  }

  const elapsed = Date.now() - started;
  conditions = removeCondition(conditions, 'Reconciling');
  conditions = removeCondition(conditions, 'Stalled');
  conditions = setCondition(conditions, condition('Ready', 'True', 'ReconciliationSucceeded', `Applied revision: ${revision}`, now()));
  if (ctx.healthChecked) {
    const message = `Health check passed in ${seconds(elapsed)}`;
    conditions = setCondition(conditions, condition('Healthy', 'True', 'Succeeded', message, now()));
    events.push({ severity: 'info', reason: 'Progressing', message, revision });
  } else {
    conditions = removeCondition(conditions, 'Healthy');
  }
  events.push({ severity: 'info', reason: 'ReconciliationSucceeded', message: `Reconciliation finished in ${seconds(elapsed)}, next run in ${seconds(spec.intervalMs)}`, revision });
  return {
    status: {
      conditions,
      lastAppliedRevision: revision,
      lastAttemptedRevision: revision,
      inventory: { entries: mergeEntries(ctx.inventory ?? [], ctx.pruneFailures) },
    },
    events,
    outcome: { kind: 'requeue', afterMs: jittered(spec.intervalMs) },
  };
}
