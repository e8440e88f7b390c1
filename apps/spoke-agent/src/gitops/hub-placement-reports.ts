import { createHash } from 'node:crypto';
import { fluxObjectDeleted, fluxObjectReport, HUB_GENERATION_ANNOTATION, type AssignedKustomization, type FluxObjectInventoryItem, type FluxObjectStatusItem } from '@flotilla/protocol';
import { FLUX_KINDS, type FluxKindIdentity } from '@flotilla/reconcile-core';
import type { DeletionHook, StatusHook } from '../controller/controller-runtime.js';
import { generationOf, isSuspended, readyOf } from '../controller/flux-object.js';
import type { FluxEvent, FluxObject } from '../controller/kind-reconciler.js';
import { statusFromObject } from '../controller/kustomization-status.js';
import { isRecord } from '../k8s/object-ref.js';
import type { HelmReleaseInventoryReader } from '../live/helm-release-inventory.js';
import type { Logger } from '../logging/logger.js';
import { clip, type EventItem, type Outbox } from '../outbox/outbox.js';
import { OWNERSHIP_CONFLICT } from '../projection/hub-projector.js';
import { reportEvent } from './report-event.js';
import type { WorkloadImageReader } from './workload-image-reader.js';

/** The first protocol version whose hub stores the status of the HelmReleases it placed. */
export const HUB_HELM_STATUS_PROTOCOL = 6;

/** Like notification-controller's rate limit for duplicate events (flux.md §2: 5m). */
const REPEAT_EVENT_MS = 5 * 60_000;

interface Reported {
  /** A digest of the inventory last enqueued. */
  inventory?: string;
  /** The revision last reported as Ready=True (undefined when not Ready). */
  ready?: string;
  /** Last error event sent and when, to hold back identical repeats. */
  lastError?: { message: string; at: number };
  /** The hub generation last reported as observed. */
  observedGeneration: number;
}

export interface HubPlacementReportsOptions {
  outbox: Outbox;
  logger: Logger;
  /** Adds the images of the workloads an inventory lists; without it inventories go out as Flux keeps them. */
  images?: WorkloadImageReader;
  /** Reads a HelmRelease's objects from helm's storage; without it placed HelmReleases go out without an inventory. */
  helmReleases?: Pick<HelmReleaseInventoryReader, 'inventory' | 'forget'>;
  now?: () => Date;
}

const keyOf = (o: { namespace: string; name: string }, kind: string = FLUX_KINDS.Kustomization.kind): string => (kind === FLUX_KINDS.Kustomization.kind ? `${o.namespace}/${o.name}` : `${kind}/${o.namespace}/${o.name}`);
const digestOf = (entries: unknown): string => createHash('sha256').update(JSON.stringify(entries)).digest('base64');
const refOf = (o: FluxObject) => ({ namespace: o.metadata?.namespace ?? '', name: o.metadata?.name ?? '' });

/**
 * Reports the Kustomizations the agent projected from the hub's placements, as the hub has always been told
 * about its placements: status items without kind or origin (a hub-placed Kustomization for every protocol
 * version), the inventory when it changed, the events. Enqueued whatever the hub's version, also while it is
 * away: the outbox keeps them. The hub is told its own generation (the projected object's annotation), never the
 * API server's. A suspended placement is not reported: Flux leaves a suspended object's status alone.
 *
 * The HelmReleases the hub placed are reported the same way, with kind and origin `hub` and their release
 * history and the objects of their current release as an inventory (read from helm's storage, as `flux tree`
 * does), but only to a hub of protocol 6 or newer (an older one refuses them as not placed): their latest
 * status and inventory are kept here and sent again after each such welcome, so what changed while no such hub
 * listened reaches it too.
 */
export class HubPlacementReports {
  private readonly reported = new Map<string, Reported>();
  private hubVersion = 0;
  /** The last status item of each placed HelmRelease, sent again after a welcome. */
  private readonly helmReleases = new Map<string, FluxObjectStatusItem>();
  /** The last inventory of each placed HelmRelease, sent again after a welcome. */
  private readonly helmInventories = new Map<string, FluxObjectInventoryItem>();
  /** One enqueue after the other, so the removal of a placement never overtakes its last status. */
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly opts: HubPlacementReportsOptions) {}

  /** The protocol version the hub and the agent agreed on (every welcome). */
  welcomed(protocolVersion: number): void {
    this.hubVersion = protocolVersion;
    if (protocolVersion < HUB_HELM_STATUS_PROTOCOL || this.helmReleases.size === 0) return;
    const items = [...this.helmReleases.values()];
    const inventories = [...this.helmInventories.entries()];
    for (const [key, inventory] of inventories) {
      const r = this.reported.get(key);
      if (r) r.inventory = digestOf(inventory.entries);
    }
    this.enqueue(async () => {
      await this.opts.outbox.enqueue('status', items);
      if (inventories.length > 0) await this.opts.outbox.enqueue('inventory', inventories.map(([, inventory]) => inventory));
    });
  }

  readonly onStatus: StatusHook = (kind, object, rawStatus, events) => {
    if (kind.kind === FLUX_KINDS.HelmRelease.kind) return this.onHelmReleaseStatus(kind, object, rawStatus, events);
    if (kind.kind !== FLUX_KINDS.Kustomization.kind || isSuspended(object)) return;
    const ref = refOf(object);
    const r = this.entry(ref);
    const status = statusFromObject(rawStatus);
    // The API server counts its own generations; the status observed the hub's once it observed the object's.
    const hubGeneration = Number(object.metadata?.annotations?.[HUB_GENERATION_ANNOTATION] ?? 0);
    if (rawStatus.observedGeneration === generationOf(object) && Number.isSafeInteger(hubGeneration)) r.observedGeneration = hubGeneration;
    const handled = typeof rawStatus.lastHandledReconcileAt === 'string' ? rawStatus.lastHandledReconcileAt : undefined;
    const item = {
      ...ref,
      conditions: status.conditions.map((c) => ({ type: c.type, status: c.status, reason: c.reason, message: clip(c.message), lastTransitionTime: c.lastTransitionTime })),
      observedGeneration: r.observedGeneration,
      ...(status.lastAppliedRevision ? { lastAppliedRevision: status.lastAppliedRevision } : {}),
      ...(status.lastAttemptedRevision ? { lastAttemptedRevision: status.lastAttemptedRevision } : {}),
      ...(handled ? { lastHandledReconcileAt: handled } : {}),
    };
    // The finalizer's prune events carry the Ready reason too; they are always news.
    const news = object.metadata?.deletionTimestamp ? [...events] : this.newsworthy(r, events, readyOf({ status: rawStatus })?.status === 'True' ? `${status.lastAppliedRevision}` : undefined);
    this.enqueue(async () => {
      // Compared with images, so a workload's new image is news even when the inventory's ids are unchanged.
      const entries = this.opts.images ? await this.opts.images.withImages(status.inventory.entries) : status.inventory.entries;
      const inventory = digestOf(entries);
      const inventoryChanged = inventory !== r.inventory;
      r.inventory = inventory;
      await this.opts.outbox.enqueue('status', [item]);
      if (inventoryChanged) await this.opts.outbox.enqueue('inventory', [{ ...ref, entries }]);
      await this.opts.outbox.enqueue('events', news.map((ev) => this.eventItem(ref, ev)));
    });
  };

  /** The projected Kustomization is gone (unplaced, its finalizer done): its inventory is empty from now on. */
  readonly onDeleted: DeletionHook = (kind, object) => {
    if (kind.kind === FLUX_KINDS.HelmRelease.kind) {
      // Unplaced and uninstalled: the hub forgets its status on this cluster (it admits this while the
      // previous assignment still named the release).
      const ref = refOf(object);
      this.helmReleases.delete(keyOf(ref, kind.kind));
      this.helmInventories.delete(keyOf(ref, kind.kind));
      this.opts.helmReleases?.forget(isRecord(object.status) ? object.status : undefined);
      this.reported.delete(keyOf(ref, kind.kind));
      if (this.hubVersion >= HUB_HELM_STATUS_PROTOCOL) this.enqueue(() => this.opts.outbox.enqueue('status', [fluxObjectDeleted({ kind: 'HelmRelease', ...ref }, 'hub')]));
      return;
    }
    if (kind.kind !== FLUX_KINDS.Kustomization.kind) return;
    const ref = refOf(object);
    this.reported.delete(keyOf(ref));
    this.enqueue(async () => {
      await this.opts.outbox.enqueue('inventory', [{ ...ref, entries: [] }]);
      await this.opts.outbox.enqueue('events', [this.eventItem(ref, { type: 'Normal', reason: 'Progressing', message: 'Kustomization deleted from the cluster' })]);
    });
    this.opts.logger.info('Kustomization deleted from the cluster', { kustomization: keyOf(ref) });
  };

  /** A placement the agent cannot project because the cluster has an object of its name that is not the hub's. */
  conflict(placement: AssignedKustomization, message: string): void {
    const ref = { namespace: placement.namespace, name: placement.name };
    const r = this.entry(ref);
    r.ready = undefined;
    const at = (this.opts.now ?? (() => new Date()))().toISOString();
    const conditions = [
      { type: 'Ready', status: 'False' as const, reason: OWNERSHIP_CONFLICT, message: clip(message), lastTransitionTime: at },
      { type: 'Stalled', status: 'True' as const, reason: OWNERSHIP_CONFLICT, message: clip(message), lastTransitionTime: at },
    ];
    const news = this.newsworthy(r, [{ type: 'Warning', reason: OWNERSHIP_CONFLICT, message }], undefined);
    this.enqueue(async () => {
      await this.opts.outbox.enqueue('status', [{ ...ref, conditions, observedGeneration: placement.generation }]);
      await this.opts.outbox.enqueue('events', news.map((ev) => this.eventItem(ref, ev)));
    });
  }

  /** Resolves once everything handed over so far is in the outbox. */
  async flushed(): Promise<void> {
    await this.queue;
  }

  private entry(ref: { namespace: string; name: string }, kind?: string): Reported {
    const key = keyOf(ref, kind);
    let r = this.reported.get(key);
    if (!r) this.reported.set(key, (r = { observedGeneration: 0 }));
    return r;
  }

  // Drift correction runs every interval: a run that changed nothing and stays Ready at the same revision is
  // not news, and an error identical to the last one within 5 minutes is not either (Flux rate-limits both).
  private newsworthy(r: Reported, events: readonly FluxEvent[], readyAt: string | undefined): FluxEvent[] {
    const now = Date.now();
    const quiet = events.length === 1 && events[0]!.reason === 'ReconciliationSucceeded' && r.ready !== undefined && r.ready === readyAt;
    r.ready = readyAt;
    if (quiet) return [];
    return events.filter((ev) => {
      if (ev.type !== 'Warning') return true;
      const repeat = r.lastError && r.lastError.message === ev.message && now - r.lastError.at < REPEAT_EVENT_MS;
      if (!repeat) r.lastError = { message: ev.message, at: now };
      return !repeat;
    });
  }

  private eventItem(ref: { namespace: string; name: string }, ev: FluxEvent, kind: string = FLUX_KINDS.Kustomization.kind): EventItem {
    return reportEvent({ kind, ...ref }, ev, (this.opts.now ?? (() => new Date()))());
  }

  /**
   * A placed HelmRelease's status as helm-controller wrote it (conditions with Flux's reasons, history, last
   * attempt, failure counters), told with the hub's generation like a Kustomization's.
   */
  private onHelmReleaseStatus(kind: FluxKindIdentity, object: FluxObject, rawStatus: Record<string, unknown>, events: readonly FluxEvent[]): void {
    if (isSuspended(object)) return;
    const ref = refOf(object);
    const key = keyOf(ref, kind.kind);
    const { labels, generation } = object.metadata ?? {};
    const report = fluxObjectReport(
      { apiVersion: kind.apiVersion, kind: kind.kind, metadata: { ...ref, ...(labels ? { labels } : {}), ...(generation !== undefined ? { generation } : {}) }, spec: object.spec, status: rawStatus },
      'hub',
    );
    if (!report.ok) return this.opts.logger.warn('cannot report a hub HelmRelease to the hub', { helmRelease: key, reason: report.error.message });
    const r = this.entry(ref, kind.kind);
    const hubGeneration = Number(object.metadata?.annotations?.[HUB_GENERATION_ANNOTATION] ?? 0);
    if (rawStatus.observedGeneration === generationOf(object) && Number.isSafeInteger(hubGeneration)) r.observedGeneration = hubGeneration;
    const item: FluxObjectStatusItem = { ...report.status, conditions: report.status.conditions.map((c) => ({ ...c, message: clip(c.message) })), observedGeneration: r.observedGeneration };
    this.helmReleases.set(key, item);
    const ready = readyOf({ status: rawStatus })?.status === 'True' ? `${item.revision}` : undefined;
    const news = this.hubVersion < HUB_HELM_STATUS_PROTOCOL ? [] : object.metadata?.deletionTimestamp ? [...events] : this.newsworthy(r, events, ready);
    this.enqueue(async () => {
      const inventory = await this.helmReleaseInventory(key, ref, rawStatus, object.spec);
      // Kept whatever the hub's version, so a welcome by a newer hub sends what is current.
      if (inventory) this.helmInventories.set(key, inventory);
      if (this.hubVersion < HUB_HELM_STATUS_PROTOCOL) return;
      // Compared with images, so a workload's new image is news even when the inventory's ids are unchanged.
      const digest = inventory && digestOf(inventory.entries);
      const inventoryChanged = digest !== undefined && digest !== r.inventory;
      if (digest) r.inventory = digest;
      await this.opts.outbox.enqueue('status', [item]);
      if (inventory && inventoryChanged) await this.opts.outbox.enqueue('inventory', [inventory]);
      await this.opts.outbox.enqueue('events', news.map((ev) => this.eventItem(ref, ev, kind.kind)));
    });
  }

  /** The objects of the placed HelmRelease's current release, with their images and health. */
  private async helmReleaseInventory(key: string, ref: { namespace: string; name: string }, rawStatus: Record<string, unknown>, spec: unknown): Promise<FluxObjectInventoryItem | undefined> {
    if (!this.opts.helmReleases) return undefined;
    try {
      const entries = await this.opts.helmReleases.inventory(rawStatus, { ...ref, spec });
      if (!entries) return undefined;
      return { kind: 'HelmRelease', origin: 'hub', ...ref, entries: this.opts.images ? await this.opts.images.withImages(entries) : entries };
    } catch (err) {
      this.opts.logger.warn('cannot read the objects of a hub HelmRelease’s release', { helmRelease: key, err: String(err) });
      return undefined;
    }
  }

  private enqueue(work: () => Promise<unknown>): void {
    this.queue = this.queue.then(work).then(
      () => undefined,
      (err: unknown) => this.opts.logger.error('cannot store a report of the hub’s placements', { err: String(err) }),
    );
  }
}
