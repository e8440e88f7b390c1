import { EventEmitter } from 'node:events';
import { Injectable } from '@nestjs/common';
import { afterCommit } from '../db/transaction-scope.js';

/**
 * Typed in-process events between modules (clusters → agents/realtime). In-process only: with several linked
 * hub replicas, the `/ui` gateway forwards the events browsers hear of and the agent gateway forwards credential
 * revocations to the other replicas through socket.io's Postgres adapter; everything else acts on Postgres,
 * which every replica shares (and the agent gateway re-checks it on every heartbeat).
 */
export interface HubEventMap {
  'cluster.changed': { clusterId: string };
  'cluster.deleted': { clusterId: string };
  /** Credentials of the cluster were revoked; `keepCredentialId` is the one issued in their place, if any. */
  'cluster.credentialsRevoked': { clusterId: string; keepCredentialId?: string };
  // GitOps changes (sources/ and kustomizations/ emit; assignments/ recomputes and fans out).
  /** A GitRepository or OCIRepository stored a new artifact revision (or was deleted: then it has no artifact any more). */
  'source.artifactChanged': { sourceId: string };
  /** A GitRepository's spec, suspend or status changed (UI refresh). */
  'source.changed': { sourceId: string };
  /** A Kustomization was created, changed (spec, placement, suspend) or deleted. */
  'kustomization.changed': { kustomizationId: string; deleted?: boolean };
  /** A hub HelmRelease changed (spec, overlays, placement, or the chart the hub resolved for it). */
  'helmRelease.changed': { helmReleaseId: string; deleted?: boolean };
  /** A hub HelmRepository's spec, suspend or status changed (UI refresh). */
  'helmRepository.changed': { helmRepositoryId: string };
  /** A hub OCIRepository's spec, suspend or status changed (UI refresh). */
  'ociRepository.changed': { ociRepositoryId: string };
  /**
   * `requestReconcile` for a Kustomization: send `reconcile` to its targeted clusters (or clusterId only).
   * With `withSource`, the source was refetched first (emitted after that fetch finished). requestedAt is
   * Flux's reconcile.fluxcd.io/requestedAt value (RFC 3339).
   */
  'kustomization.reconcileRequested': { kustomizationId: string; clusterId?: string; withSource: boolean; requestedAt: string };
  /** A cluster was created or its labels/variables changed: its assignment may change (clusters/ emits, assignments/ recomputes). */
  'cluster.placementChanged': { clusterId: string };
  /** Ingestion stored a status or inventory for a Kustomization on a cluster (forwarded to `/ui`). */
  'kustomization.status': { kustomizationId: string; clusterId: string };
  /** Ingestion stored, changed or removed Flux objects of a cluster (forwarded to `/ui`). */
  'fluxObjects.changed': { clusterId: string };
  /** Ingestion stored events of a cluster (forwarded to `/ui`). */
  'cluster.events': { clusterId: string };
  'session.ended': { sessionId: string };
  /** An ImageRepository scan finished (images/ emits; its policies re-evaluate). */
  'imageRepository.scanned': { imageRepositoryId: string; namespace: string; name: string; tagsChanged: boolean };
  /** An ImageRepository was created, changed or deleted (its policies re-evaluate, the UI refreshes). */
  'imageRepository.changed': { imageRepositoryId: string; namespace: string; name: string };
  /** An ImagePolicy's spec or status changed. */
  'imagePolicy.changed': { imagePolicyId: string };
  /** An UpdateProposal was opened, rewritten, approved, rejected, merged or superseded. */
  'proposal.changed': { proposalId: string };
  /** A merge found the base branch moved: the automation rebuilds its proposal on the new base. */
  'proposal.rebaseRequested': { automationId: string };
  /** A merge found the base branch moved under a proposed FleetSync edit: the edit is rebuilt on the new base. */
  'proposal.fleetEditRebaseRequested': { proposalId: string };
}

@Injectable()
export class HubEvents {
  private readonly emitter = new EventEmitter({ captureRejections: false });

  constructor() {
    this.emitter.setMaxListeners(50);
  }

  /** Inside a transaction scope the listeners run once it commits, so they never see rows that roll back. */
  emit<K extends keyof HubEventMap>(event: K, payload: HubEventMap[K]): void {
    afterCommit(() => this.emitter.emit(event, payload));
  }

  on<K extends keyof HubEventMap>(event: K, listener: (payload: HubEventMap[K]) => void): () => void {
    this.emitter.on(event, listener);
    return () => this.emitter.off(event, listener);
  }
}
