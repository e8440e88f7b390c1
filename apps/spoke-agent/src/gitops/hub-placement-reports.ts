import { createHash } from 'node:crypto';
import { HUB_GENERATION_ANNOTATION, type AssignedKustomization } from '@flotilla/protocol';
import { FLUX_KINDS } from '@flotilla/reconcile-core';
import type { DeletionHook, StatusHook } from '../controller/controller-runtime.js';
import { generationOf, isSuspended, readyOf } from '../controller/flux-object.js';
import type { FluxEvent, FluxObject } from '../controller/kind-reconciler.js';
import { statusFromObject } from '../controller/kustomization-status.js';
import type { Logger } from '../logging/logger.js';
import { clip, type EventItem, type Outbox } from '../outbox/outbox.js';
import { OWNERSHIP_CONFLICT } from '../projection/hub-projector.js';
import { reportEvent } from './report-event.js';
import type { WorkloadImageReader } from './workload-image-reader.js';

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
  now?: () => Date;
}

const keyOf = (o: { namespace: string; name: string }): string => `${o.namespace}/${o.name}`;
const refOf = (o: FluxObject) => ({ namespace: o.metadata?.namespace ?? '', name: o.metadata?.name ?? '' });

/**
 * Reports the Kustomizations the agent projected from the hub's placements, as the hub has always been told
 * about its placements: status items without kind or origin (a hub-placed Kustomization for every protocol
 * version), the inventory when it changed, the events. Enqueued whatever the hub's version, also while it is
 * away: the outbox keeps them. The hub is told its own generation (the projected object's annotation), never the
 * API server's. A suspended placement is not reported: Flux leaves a suspended object's status alone.
 */
export class HubPlacementReports {
  private readonly reported = new Map<string, Reported>();
  /** One enqueue after the other, so the removal of a placement never overtakes its last status. */
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly opts: HubPlacementReportsOptions) {}

  readonly onStatus: StatusHook = (kind, object, rawStatus, events) => {
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
      const inventory = createHash('sha256').update(JSON.stringify(entries)).digest('base64');
      const inventoryChanged = inventory !== r.inventory;
      r.inventory = inventory;
      await this.opts.outbox.enqueue('status', [item]);
      if (inventoryChanged) await this.opts.outbox.enqueue('inventory', [{ ...ref, entries }]);
      await this.opts.outbox.enqueue('events', news.map((ev) => this.eventItem(ref, ev)));
    });
  };

  /** The projected Kustomization is gone (unplaced, its finalizer done): its inventory is empty from now on. */
  readonly onDeleted: DeletionHook = (kind, object) => {
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

  private entry(ref: { namespace: string; name: string }): Reported {
    let r = this.reported.get(keyOf(ref));
    if (!r) this.reported.set(keyOf(ref), (r = { observedGeneration: 0 }));
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

  private eventItem(ref: { namespace: string; name: string }, ev: FluxEvent): EventItem {
    return reportEvent({ kind: FLUX_KINDS.Kustomization.kind, ...ref }, ev, (this.opts.now ?? (() => new Date()))());
  }

  private enqueue(work: () => Promise<unknown>): void {
    this.queue = this.queue.then(work).then(
      () => undefined,
      (err: unknown) => this.opts.logger.error('cannot store a report of the hub’s placements', { err: String(err) }),
    );
  }
}
