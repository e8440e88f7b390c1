import type { KubernetesObject } from '@kubernetes/client-node';
import type { FluxKindIdentity } from '@flotilla/reconcile-core';
import type { Artifact } from '@flotilla/git-source';

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
  /**
   * The object's whole next status, written through the status subresource (fields it lacks are removed). The
   * runtime adds `lastHandledReconcileAt`, each condition's `observedGeneration`, and `observedGeneration` unless
   * set here (the generation once Ready=True, else the previous value, as Flux's finalizeStatus).
   */
  status: Record<string, unknown>;
  events: FluxEvent[];
  /**
   * When to reconcile again. On success: the interval with jitter. On a failure the kind retries on its own
   * schedule (Kustomization's retryInterval): that delay. Undefined with `failed` set: the runtime's per-object
   * exponential backoff.
   */
  requeueAfterMs?: number;
  /**
   * The reconciliation failed (Ready=False). Without `requeueAfterMs` the runtime retries with its per-object
   * exponential backoff; with it, that delay wins and the backoff is left as it was.
   */
  failed?: boolean;
}

/** Reads the runtime's watch caches: every registered kind and every kind a reconciler watches. */
export interface ObjectLookup {
  get(kind: FluxKindIdentity, namespace: string, name: string): FluxObject | undefined;
  list(kind: FluxKindIdentity): FluxObject[];
}

export interface ReconcileContext extends ObjectLookup {
  /** Aborted when the agent stops or the object is deleted. */
  signal: AbortSignal;
  now(): Date;
  /** Writes an in-progress status (Reconciling=True, Ready=Unknown) before a long phase, and records its events. */
  progress(status: Record<string, unknown>, events?: readonly FluxEvent[]): Promise<void>;
}

/** A change to an object of another (or the same) kind that some objects of the reconciler's kind follow. */
export interface WatchedChange {
  object: FluxObject;
  /** The object before the change (undefined when it is new). */
  previous: FluxObject | undefined;
  deleted: boolean;
}

/**
 * A kind whose changes requeue objects of the reconciler's kind at once (a Kustomization follows its source's
 * artifact and its dependencies' readiness). `affected` returns the objects to reconcile; status writes of the
 * watched kind arrive here too, so it should answer only for changes that matter.
 */
export interface KindWatch {
  kind: FluxKindIdentity;
  affected(change: WatchedChange, lookup: ObjectLookup): FluxObject[];
}

export interface KindReconciler {
  readonly kind: FluxKindIdentity;
  readonly watches?: readonly KindWatch[];
  reconcile(obj: FluxObject, ctx: ReconcileContext): Promise<ReconcileResult>;
  /**
   * Runs when an object carrying `finalizers.fluxcd.io` is being deleted (a Kustomization with prune: true
   * prunes its inventory here). The runtime records the events, then removes the finalizer — unless `error` is
   * set (or it throws): then the finalizer stays and the runtime retries with its backoff.
   */
  finalize?(obj: FluxObject, ctx: ReconcileContext): Promise<{ events: FluxEvent[]; error?: string }>;
}

/**
 * Opens the artifact a source object's `status.artifact` names, for the kinds that consume sources
 * (Kustomization's sourceRef). One opener per source kind: GitRepository artifacts are produced in the agent,
 * ExternalArtifact ones are the hub's artifacts downloaded with the cluster credential.
 */
export type ArtifactOpener = (source: FluxObject, artifact: { revision: string; digest: string }) => Promise<
  /** `retryAfterMs`: a failure that may pass sooner than the Kustomization's retryInterval (a hub away). */
  { ok: true; artifact: Artifact } | { ok: false; message: string; retryAfterMs?: number }
>;
