import { createHash, randomUUID } from 'node:crypto';
import { fluxObjectDeleted, fluxObjectReport, isHubOwned, type FluxObjectInventoryItem, type FluxObjectStatusItem } from '@flotilla/protocol';
import { FLUX_KINDS, type FluxKindIdentity, type FluxKindName } from '@flotilla/reconcile-core';
import type { DeletionHook, StatusHook } from '../controller/controller-runtime.js';
import type { FluxEvent, FluxObject, ObjectLookup } from '../controller/kind-reconciler.js';
import type { HelmReleaseInventoryReader } from '../live/helm-release-inventory.js';
import { isRecord } from '../k8s/object-ref.js';
import type { Logger } from '../logging/logger.js';
import type { EventItem, Outbox } from '../outbox/outbox.js';
import { reportEvent } from './report-event.js';
import type { WorkloadImageReader } from './workload-image-reader.js';

/** The first protocol version whose hub stores Flux objects found in the cluster (origin `cluster`, any kind). */
export const CLUSTER_OBJECTS_PROTOCOL = 3;
/** The first protocol version whose hub forgets the objects a complete snapshot does not name. */
export const SNAPSHOT_MARKER_PROTOCOL = 4;

// A snapshot of many objects goes out in several batches, each well inside the protocol's 1000 items and 4 MB.
const MAX_ITEMS_PER_BATCH = 500;
const MAX_BATCH_CHARS = 1_000_000;

export interface ClusterObjectReportsOptions {
  outbox: Outbox;
  /** The controller runtime's caches. */
  lookup: ObjectLookup;
  /** The kinds the runtime reconciles: the ones whose objects are reported. */
  kinds: () => readonly FluxKindIdentity[];
  logger: Logger;
  /** Adds the images of the workloads an inventory lists; without it inventories go out as Flux keeps them. */
  images?: WorkloadImageReader;
  /** Reads a HelmRelease's objects from helm's storage; without it HelmReleases go out without an inventory. */
  helmReleases?: Pick<HelmReleaseInventoryReader, 'inventory' | 'forget'>;
  now?: () => Date;
}

/**
 * Sends what the controller runtime does to the Flux objects found in the cluster to the hub, through the outbox
 * (the objects the agent projected from the hub's placements are reported by HubPlacementReports instead):
 * each status it writes (with the inventory of a kind that has one, and the events), and each object gone. Only
 * a hub that speaks protocol 3 stores such objects; an older one would refuse the batches, so nothing is
 * enqueued until a hub of version 3 or newer has welcomed the agent (from then on, also while it is away: the
 * outbox keeps it). Every such welcome is followed, once the runtime has listed its kinds, by a snapshot of
 * every object, so what changed before or between connections reaches the hub too. To a v4 hub the snapshot's
 * status batches say so, the last one `complete`, so the hub also forgets objects deleted while it heard nothing.
 * A HelmRelease's inventory, which Flux keeps in no status, is read from its current release (as `flux tree`
 * does) and sent like a Kustomization's.
 */
export class ClusterObjectReports {
  private hubVersion = 0;
  private listed = false;
  private snapshotDue = false;
  /** A digest of the inventory last enqueued per object: an unchanged inventory is not sent at every interval. */
  private readonly inventories = new Map<string, string>();
  /** One enqueue after the other, so a deletion never overtakes the status before it. */
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly opts: ClusterObjectReportsOptions) {}

  /** The protocol version the hub and the agent agreed on (every welcome). */
  welcomed(protocolVersion: number): void {
    this.hubVersion = protocolVersion;
    if (!this.accepted()) return;
    this.snapshotDue = true;
    this.snapshotIfDue();
  }

  /** The runtime has listed every kind: its caches hold what is in the cluster. */
  listedAll(): void {
    this.listed = true;
    this.snapshotIfDue();
  }

  readonly onStatus: StatusHook = (kind, object, status, events) => {
    if (!this.accepted() || isHubOwned(object.metadata?.labels)) return;
    const report = this.report(kind, { ...object, status });
    this.enqueue(async () => {
      const found = report && (report.inventory ?? (await this.helmReleaseInventory(kind, report.status, status, object.spec)));
      // Compared with images, so a workload's new image is news even when the inventory's ids are unchanged.
      const inventory = found && this.changedInventory(await this.withImages(found));
      if (report?.status) await this.opts.outbox.enqueue('status', [report.status]);
      if (inventory) await this.opts.outbox.enqueue('inventory', [inventory]);
      await this.opts.outbox.enqueue('events', events.map((ev) => this.eventItem(kind, object, ev)));
    });
  };

  readonly onDeleted: DeletionHook = (kind, object) => {
    const ref = { namespace: object.metadata?.namespace ?? '', name: object.metadata?.name ?? '' };
    if (!this.accepted() || !ref.namespace || !ref.name || isHubOwned(object.metadata?.labels)) return;
    if (kind.kind === FLUX_KINDS.HelmRelease.kind) this.opts.helmReleases?.forget(isRecord(object.status) ? object.status : undefined);
    this.enqueue(() => {
      this.inventories.delete(objectKey({ kind: kind.kind, ...ref }));
      return this.opts.outbox.enqueue('status', [fluxObjectDeleted({ kind: kind.kind as FluxKindName, ...ref }, 'cluster')]);
    });
  };

  /** Resolves once everything handed over so far is in the outbox. */
  async flushed(): Promise<void> {
    await this.queue;
  }

  private accepted(): boolean {
    return this.hubVersion >= CLUSTER_OBJECTS_PROTOCOL;
  }

  private snapshotIfDue(): void {
    if (!this.snapshotDue || !this.listed) return;
    this.snapshotDue = false;
    const statuses: FluxObjectStatusItem[] = [];
    const inventories: FluxObjectInventoryItem[] = [];
    const helmReleases: { kind: FluxKindIdentity; item: FluxObjectStatusItem; status: unknown; spec: unknown }[] = [];
    for (const kind of this.opts.kinds()) {
      for (const object of this.opts.lookup.list(kind)) {
        if (isHubOwned(object.metadata?.labels)) continue;
        const report = this.report(kind, object);
        if (report?.status) statuses.push(report.status);
        if (report?.inventory) inventories.push(report.inventory);
        else if (report && kind.kind === FLUX_KINDS.HelmRelease.kind) helmReleases.push({ kind, item: report.status, status: object.status, spec: object.spec });
      }
    }
    this.opts.logger.info('reporting the Flux objects in the cluster to the hub', { objects: statuses.length });
    const marked = this.hubVersion >= SNAPSHOT_MARKER_PROTOCOL;
    const id = randomUUID();
    this.enqueue(async () => {
      for (const hr of helmReleases) {
        const inventory = await this.helmReleaseInventory(hr.kind, hr.item, hr.status, hr.spec);
        if (inventory) inventories.push(inventory);
      }
      const withImages: FluxObjectInventoryItem[] = [];
      for (const inventory of inventories) withImages.push(await this.withImages(inventory));
      this.inventories.clear();
      for (const inventory of withImages) this.changedInventory(inventory);
      const groups = [...batches(statuses)];
      // An empty cluster still says its snapshot is complete, with one empty batch.
      if (marked && groups.length === 0) groups.push([]);
      for (const [i, items] of groups.entries()) {
        await this.opts.outbox.enqueue('status', items, marked ? { snapshot: { id, complete: i === groups.length - 1 } } : {});
      }
      for (const items of batches(withImages)) await this.opts.outbox.enqueue('inventory', items);
    });
  }

  private async withImages(inventory: FluxObjectInventoryItem): Promise<FluxObjectInventoryItem> {
    return this.opts.images ? { ...inventory, entries: await this.opts.images.withImages(inventory.entries) } : inventory;
  }

  /** A HelmRelease's inventory read from its current release; undefined for other kinds or when it cannot be read. */
  private async helmReleaseInventory(kind: FluxKindIdentity, item: FluxObjectStatusItem, status: unknown, spec: unknown): Promise<FluxObjectInventoryItem | undefined> {
    if (kind.kind !== FLUX_KINDS.HelmRelease.kind || !this.opts.helmReleases) return undefined;
    const entries = await this.opts.helmReleases.inventory(isRecord(status) ? status : undefined, { namespace: item.namespace, name: item.name, spec }).catch((err: unknown) => {
      this.opts.logger.warn('cannot read the objects of a HelmRelease’s release', { helmRelease: `${item.namespace}/${item.name}`, err: String(err) });
      return undefined;
    });
    return entries && { kind: 'HelmRelease', origin: 'cluster', namespace: item.namespace, name: item.name, entries };
  }

  /** The inventory when it differs from the one last enqueued for its object (recording it as enqueued). */
  private changedInventory(inventory: FluxObjectInventoryItem): FluxObjectInventoryItem | undefined {
    const key = objectKey({ kind: inventory.kind ?? 'Kustomization', namespace: inventory.namespace, name: inventory.name });
    const digest = createHash('sha256').update(JSON.stringify(inventory.entries)).digest('base64');
    if (this.inventories.get(key) === digest) return undefined;
    this.inventories.set(key, digest);
    return inventory;
  }

  private report(kind: FluxKindIdentity, object: FluxObject): { status: FluxObjectStatusItem; inventory?: FluxObjectInventoryItem } | undefined {
    const { namespace, name, labels, generation } = object.metadata ?? {};
    const r = fluxObjectReport(
      {
        apiVersion: kind.apiVersion,
        kind: kind.kind,
        metadata: { name: name ?? '', ...(namespace ? { namespace } : {}), ...(labels ? { labels } : {}), ...(generation !== undefined ? { generation } : {}) },
        spec: object.spec,
        status: object.status,
      },
      'cluster',
    );
    if (r.ok) return r;
    this.opts.logger.warn('cannot report a Flux object to the hub', { kind: kind.kind, object: `${namespace}/${name}`, reason: r.error.message });
    return undefined;
  }

  private eventItem(kind: FluxKindIdentity, object: FluxObject, ev: FluxEvent): EventItem {
    const ns = object.metadata?.namespace;
    return reportEvent({ kind: kind.kind, ...(ns ? { namespace: ns } : {}), name: object.metadata?.name ?? '' }, ev, (this.opts.now ?? (() => new Date()))());
  }

  private enqueue(work: () => Promise<unknown>): void {
    this.queue = this.queue.then(work).then(
      () => undefined,
      (err: unknown) => this.opts.logger.error('cannot store a report of the cluster’s Flux objects', { err: String(err) }),
    );
  }
}

const objectKey = (ref: { kind: string; namespace: string; name: string }): string => `${ref.kind}/${ref.namespace}/${ref.name}`;

/** Items in groups under the per-batch bounds, in order. */
function* batches<T>(items: readonly T[]): Generator<T[]> {
  let group: T[] = [];
  let chars = 0;
  for (const item of items) {
    const size = JSON.stringify(item).length;
    if (group.length > 0 && (group.length >= MAX_ITEMS_PER_BATCH || chars + size > MAX_BATCH_CHARS)) {
      yield group;
      group = [];
      chars = 0;
    }
    group.push(item);
    chars += size;
  }
  if (group.length > 0) yield group;
}
