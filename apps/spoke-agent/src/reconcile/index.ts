export { reconcileKustomization, jittered, type ReconcileInput, type ReconcileDeps, type ReconcileOutput } from './reconcile-kustomization.js';
export { gate, DEPENDENCY_REQUEUE_MS, type DependencyLookup, type DependencyState, type Outcome } from './gate.js';
export type { KustomizationSpec, KustomizationRef } from './kustomization-spec.js';
export type { KustomizationStatus, Condition, InventoryEntry, KustomizationReason } from './status/conditions.js';
export type { ReconcileEvent } from './status/events.js';
export { openArtifact, type Artifact } from '@flotilla/git-source';
export { fileTreeFromStrings, type FileTree } from '@flotilla/git-source';
export type { ManifestBuilder, BuildOutput } from './build/manifest-builder.js';
export { kustomizeBuilder } from './build/kustomize-builder.js';
