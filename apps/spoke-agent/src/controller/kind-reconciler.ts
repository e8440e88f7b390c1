import type { KubernetesObject } from '@kubernetes/client-node';
import type { FluxKindIdentity } from '@flotilla/reconcile-core';
import type { Artifact } from '../reconcile/artifact/open-artifact.js';

// The seam between the agent's controller runtime and the reconciler of one Flux kind. The runtime lists and
// watches the kind, queues objects with per-object backoff, handles what every Flux kind shares (suspend,
// reconcile.fluxcd.io/requestedAt, the finalizer, writing status through the status subresource, recording
// events); a reconciler only turns one object into its next status.

/** A Flux object as read from the API server; the reconciler parses `spec` with the kind's definition. */
export interface FluxObject extends KubernetesObject {
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
}

/** A Kubernetes Event about the reconciled object, as Flux's controllers record them (`flux events`). */
export interface FluxEvent {
  type: 'Normal' | 'Warning';
  /** Flux's reason (`ReconciliationSucceeded`, `ArtifactFailed`, `GitOperationFailed`, …). */
  reason: string;
  message: string;
  /** Recorded as the `<group>/revision` annotation, as Flux does. */
  revision?: string;
}

export interface ReconcileResult {
  /** The object's whole next status (conditions, observedGeneration, …), written through the status subresource. */
  status: Record<string, unknown>;
  events: FluxEvent[];
  /**
   * When to reconcile again. On success: the interval with jitter. On a failure the kind retries on its own
   * schedule (Kustomization's retryInterval): that delay. Undefined with `failed` set: the runtime's per-object
   * exponential backoff.
   */
  requeueAfterMs?: number;
  /** The reconciliation failed (Ready=False); counts towards the per-object backoff. */
  failed?: boolean;
}

export interface ReconcileContext {
  /** Aborted when the agent stops or the object is deleted. */
  signal: AbortSignal;
  now(): Date;
  /** Writes an in-progress status (Reconciling=True, Ready=Unknown) before a long phase. */
  progress(status: Record<string, unknown>): Promise<void>;
}

export interface KindReconciler {
  readonly kind: FluxKindIdentity;
  reconcile(obj: FluxObject, ctx: ReconcileContext): Promise<ReconcileResult>;
  /**
   * Runs when an object carrying `finalizers.fluxcd.io` is being deleted (a Kustomization with prune: true
   * prunes its inventory here). The runtime removes the finalizer once this resolves; a throw keeps it and retries.
   */
  finalize?(obj: FluxObject, ctx: ReconcileContext): Promise<void>;
}

/**
 * Opens the artifact a source object's `status.artifact` names, for the kinds that consume sources
 * (Kustomization's sourceRef). One opener per source kind: GitRepository artifacts are produced in the agent,
 * ExternalArtifact ones are the hub's artifacts downloaded with the cluster credential.
 */
export type ArtifactOpener = (source: FluxObject, artifact: { revision: string; digest: string }) => Promise<
  { ok: true; artifact: Artifact } | { ok: false; message: string }
>;
