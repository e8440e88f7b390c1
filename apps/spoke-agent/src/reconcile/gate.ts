import type { Artifact } from './artifact/open-artifact.js';
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
  | { proceed: false; outcome: Outcome; ready?: { reason: KustomizationReason; message: string } };

/** Flux's `--requeue-dependency` default. */
export const DEPENDENCY_REQUEUE_MS = 30_000;

function depRef(dep: DependencyRef, self: KustomizationRef): KustomizationRef {
  return { name: dep.name, namespace: dep.namespace ?? self.namespace };
}

/**
 * Decides before any phase runs (flux.md §2): suspended objects are skipped outright (no drift correction);
 * a dependency that is missing, not Ready, not at its latest generation, or — when it shares our source —
 * not yet at our revision holds us with DependencyNotReady; a missing artifact holds us with ArtifactFailed.
 */
export function gate(input: {
  ref: KustomizationRef;
  spec: KustomizationSpec;
  artifact: Artifact | undefined;
  sourceKey: string;
  dependencies: DependencyLookup;
}): GateDecision {
  if (input.spec.suspend) return { proceed: false, outcome: { kind: 'skip', why: 'suspended' } };
  for (const dep of input.spec.dependsOn ?? []) {
    const ref = depRef(dep, input.ref);
    const state = input.dependencies(ref);
    const notReady = (why: string): GateDecision => ({
      proceed: false,
      outcome: { kind: 'requeue', afterMs: DEPENDENCY_REQUEUE_MS },
      ready: { reason: 'DependencyNotReady', message: `dependency '${ref.namespace}/${ref.name}' ${why}` },
    });
    if (!state) return notReady('not found');
    if (state.observedGeneration !== state.generation || !state.ready) return notReady('is not ready');
    if (input.artifact && state.sourceKey === input.sourceKey && state.lastAppliedRevision !== input.artifact.revision) {
      return notReady(`is not ready: revision ${state.lastAppliedRevision ?? 'none'} is not yet ${input.artifact.revision}`);
    }
  }
  if (!input.artifact) {
    return {
      proceed: false,
      outcome: { kind: 'requeue', afterMs: DEPENDENCY_REQUEUE_MS },
      ready: { reason: 'ArtifactFailed', message: 'Source artifact not found, retrying in 30s' },
    };
  }
  return { proceed: true, artifact: input.artifact };
}
