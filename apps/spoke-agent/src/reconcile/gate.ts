import { dependencyReady, loadedCel } from '@flotilla/reconcile-core';
import type { Artifact } from '@flotilla/git-source';
import type { DependencyRef, KustomizationRef, KustomizationSpec } from './kustomization-spec.js';
import type { KustomizationReason } from './status/conditions.js';

/** What the agent knows about another Kustomization this one depends on. */
export interface DependencyState {
  generation: number;
  observedGeneration: number;
  ready: boolean;
  lastAppliedRevision?: string;
  /** Identity of its source (e.g. `GitRepository/flux-system/app`), for same-source lockstep. */
  sourceKey: string;
  /** The dependency as a Flux Kustomization object (metadata, spec, status): `dep` in a readyExpr. */
  object?: Record<string, unknown>;
}

export type DependencyLookup = (ref: KustomizationRef) => DependencyState | undefined;

/** The outer loop's decision (STYLE.md 21). */
export type Outcome =
  | { kind: 'requeue'; afterMs: number }
  | { kind: 'backoff'; afterMs: number; error: string }
  | { kind: 'stalled'; reason: string }
  | { kind: 'skip'; why: 'suspended' };

export type GateDecision =
  | { proceed: true; artifact: Artifact }
  | {
      proceed: false;
      outcome: Outcome;
      /** `quiet`: Flux records no event for this state (kustomize-controller only logs it). */
      ready?: { reason: KustomizationReason; message: string; stalled?: boolean; quiet?: boolean };
    };

/** Flux's `--requeue-dependency` default. */
export const DEPENDENCY_REQUEUE_MS = 30_000;

function depRef(dep: DependencyRef, self: KustomizationRef): KustomizationRef {
  return { name: dep.name, namespace: dep.namespace ?? self.namespace };
}

/**
 * Decides before any phase runs (flux.md §2): suspended objects are skipped outright (no drift correction);
 * a dependency that is missing, not Ready, not at its latest generation, or — when it shares our source —
 * not yet at our revision holds us with DependencyNotReady; a missing artifact holds us with ArtifactFailed.
 * A dependency with `readyExpr` is judged by that CEL expression over `self` and `dep` instead of the built-in
 * rule (Flux without its AdditiveCELDependencyCheck gate); an expression that cannot be evaluated holds us
 * with DependencyNotReady, one that does not parse stalls with InvalidCELExpression.
 */
export function gate(input: {
  ref: KustomizationRef;
  spec: KustomizationSpec;
  artifact: Artifact | undefined;
  sourceKey: string;
  dependencies: DependencyLookup;
  /** This Kustomization as a Flux object: `self` in a readyExpr. */
  self?: Record<string, unknown>;
}): GateDecision {
  if (input.spec.suspend) return { proceed: false, outcome: { kind: 'skip', why: 'suspended' } };
  for (const dep of input.spec.dependsOn ?? []) {
    const ref = depRef(dep, input.ref);
    const state = input.dependencies(ref);
    const notReady = (message: string): GateDecision => ({
      proceed: false,
      outcome: { kind: 'requeue', afterMs: DEPENDENCY_REQUEUE_MS },
      ready: { reason: 'DependencyNotReady', message },
    });
    if (dep.readyExpr && state) {
      const id = `${ref.namespace}/${ref.name}`;
      const expr = loadedCel().parseCelExpression(dep.readyExpr);
      if (!expr.ok) {
        const message = `failed to evaluate dependency ${dep.name}: ${expr.errors.map((e) => e.message).join('; ')}`;
        return { proceed: false, outcome: { kind: 'stalled', reason: message }, ready: { reason: 'InvalidCELExpression', message, stalled: true } };
      }
      const r = expr.value.evaluateBoolean({ self: input.self ?? {}, dep: state.object ?? {} });
      if (!r.ok) return notReady(r.message);
      if (!r.value) return notReady(`dependency '${id}' is not ready according to readyExpr eval`);
      continue;
    }
    // The readiness rule (exists, latest generation observed, Ready, same-source lockstep) is reconcile-core's.
    const verdict = dependencyReady(
      `${ref.namespace}/${ref.name}`,
      state
        ? { exists: true, generation: state.generation, observedGeneration: state.observedGeneration, ready: state.ready ? 'True' : 'False', lastAppliedRevision: state.lastAppliedRevision, sourceRef: state.sourceKey }
        : { exists: false },
      { sourceRef: input.sourceKey, artifactRevision: input.artifact?.revision },
    );
    if (!verdict.ready) return notReady(verdict.message);
  }
  if (!input.artifact) {
    return {
      proceed: false,
      outcome: { kind: 'requeue', afterMs: DEPENDENCY_REQUEUE_MS },
      ready: { reason: 'ArtifactFailed', message: 'Source artifact not found, retrying in 30s', quiet: true },
    };
  }
  return { proceed: true, artifact: input.artifact };
}
