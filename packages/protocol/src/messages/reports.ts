import * as z from 'zod';
import { batchSequenceNumber, isoTimestamp, kubeName, namespaceName, objectLabels, objectName, sequenceNumber, shortText } from '../limits.js';
import { fluxKindName, objectOrigin } from './flux-object-ref.js';
import { helmReleaseStatusSchema } from './helm-release-status.js';

// agent → hub report batches (v2). Every batch carries the agent's next sequence number (one counter across the
// three types, from 1, persisted with the agent's outbox). The hub writes a batch and its seq in one
// transaction and answers `batch.ack {seq}`; a batch whose seq it already persisted is acknowledged again
// without being written, so resending after a lost ack, a reconnect or a hub restart never doubles anything.

/** Items in one report batch at most. */
export const MAX_REPORT_ITEMS = 1000;
const reportMessage = z.string().max(32_768);

export const conditionSchema = z.object({
  type: shortText,
  status: z.enum(['True', 'False', 'Unknown']),
  reason: shortText,
  message: reportMessage,
  lastTransitionTime: isoTimestamp,
  observedGeneration: sequenceNumber.optional(),
});
export type ConditionWire = z.infer<typeof conditionSchema>;

const revisionText = z.string().max(512);

/** The Kustomization that applied an object, from Flux's `kustomize.toolkit.fluxcd.io/name` and `/namespace` labels. */
export const parentRefSchema = z.object({ namespace: namespaceName, name: objectName });
export type ParentRef = z.infer<typeof parentRefSchema>;

/**
 * The status of one Flux object on the cluster. Agents that predate Flux objects of any origin send neither
 * `kind` nor `origin`: such an item is a Kustomization the hub placed.
 */
export const fluxObjectStatusItemSchema = z.object({
  /** Any kind of reconcile-core's FLUX_KINDS; absent means Kustomization. */
  kind: fluxKindName.optional(),
  /** `hub`: placed by the hub (absent means hub); `cluster`: found in the cluster (from git or kubectl). */
  origin: objectOrigin.optional(),
  namespace: namespaceName,
  name: objectName,
  /** Only a deleted item says `deleted: true`. */
  deleted: z.literal(false).optional(),
  parent: parentRefSchema.optional(),
  /** metadata.labels, which Alerts' `matchLabels` select on. Absent: an agent that predates them. */
  labels: objectLabels.optional(),
  /** spec.suspend. */
  suspended: z.boolean().optional(),
  /** lastAppliedRevision of a Kustomization or HelmRelease, status.artifact.revision of a source. */
  revision: revisionText.optional(),
  conditions: z.array(conditionSchema).max(16),
  lastAppliedRevision: revisionText.optional(),
  lastAttemptedRevision: revisionText.optional(),
  observedGeneration: sequenceNumber,
  lastHandledReconcileAt: isoTimestamp.optional(),
  /** A HelmRelease's history and last attempt (v6); absent for other kinds and from older agents. */
  helm: helmReleaseStatusSchema.optional(),
});
export type FluxObjectStatusItem = z.infer<typeof fluxObjectStatusItemSchema>;

/** The object is gone from the cluster: the hub forgets it. */
export const fluxObjectDeletedItemSchema = z.object({
  kind: fluxKindName.optional(),
  origin: objectOrigin.optional(),
  namespace: namespaceName,
  name: objectName,
  deleted: z.literal(true),
});
export type FluxObjectDeletedItem = z.infer<typeof fluxObjectDeletedItemSchema>;

// Told apart by `deleted`, so an invalid item's error names the field at fault.
export const statusItemSchema = z.discriminatedUnion('deleted', [fluxObjectDeletedItemSchema, fluxObjectStatusItemSchema]);
export type StatusItem = z.infer<typeof statusItemSchema>;

export const isDeletedItem = (item: StatusItem): item is FluxObjectDeletedItem => item.deleted === true;

/**
 * v4: this batch belongs to the agent's snapshot of every Flux object it finds in its cluster (sent after each
 * welcome), possibly spread over several batches with one `id`. The last one says `complete: true`: the
 * snapshot named every object of origin `cluster` there is, so the hub forgets the others (deleted while no
 * hub heard of it). A snapshot whose complete batch never arrives removes nothing.
 */
export const snapshotMarkerSchema = z.object({
  id: z.string().min(1).max(64),
  complete: z.boolean(),
});
export type SnapshotMarker = z.infer<typeof snapshotMarkerSchema>;

export const statusBatchSchema = z
  .object({
    seq: batchSequenceNumber,
    items: z.array(statusItemSchema).max(MAX_REPORT_ITEMS),
    snapshot: snapshotMarkerSchema.optional(),
  })
  // A snapshot of a cluster with no Flux objects is one empty, complete batch; every other batch has items.
  .refine((b) => b.items.length > 0 || b.snapshot?.complete === true, { message: 'must have at least one item', path: ['items'] });
export type StatusBatch = z.infer<typeof statusBatchSchema>;

/** Images one inventory entry names at most (its containers and init containers, each image once). */
export const MAX_ENTRY_IMAGES = 64;
/** An image reference as a container spec holds it (`nginx:1.25.3`, `ghcr.io/org/app@sha256:…`): no spaces. */
export const imageReference = z.string().min(1).max(512).regex(/^[^\s]+$/, 'an image reference has no spaces');

/** Longest health message an inventory entry carries; kstatus's are one sentence. */
export const MAX_ENTRY_HEALTH_MESSAGE = 512;
/** kstatus's verdict on a live object (a Deployment available, a Job complete, …), as the agent computed it. */
export const entryHealthSchema = z.object({
  status: z.enum(['Current', 'InProgress', 'Failed', 'Terminating', 'Unknown']),
  message: z.string().max(MAX_ENTRY_HEALTH_MESSAGE).optional(),
});
export type EntryHealthWire = z.infer<typeof entryHealthSchema>;

/**
 * Flux's inventory entry: `id` = `<namespace>_<name>_<group>_<kind>`, `v` = the applied API version. A
 * workload's entry may also list the container images the object runs and its health, as the agent read it
 * from its API server; optional, so a hub that predates them strips them and agents that predate them send none.
 */
export const inventoryEntrySchema = z.object({
  id: z.string().min(1).max(1024),
  v: z.string().min(1).max(128),
  images: z.array(imageReference).max(MAX_ENTRY_IMAGES).optional(),
  health: entryHealthSchema.optional(),
});
export type InventoryEntryWire = z.infer<typeof inventoryEntrySchema>;

/**
 * The inventory of a Flux object that applies others: a Kustomization's `status.inventory`, or the objects of a
 * HelmRelease's current release as the agent read them from helm's storage (Flux keeps them in no status);
 * `kind`/`origin` as in status items. Every hub that takes reports of a kind and origin stores its inventory.
 */
export const fluxObjectInventoryItemSchema = z.object({
  kind: fluxKindName.optional(),
  origin: objectOrigin.optional(),
  namespace: namespaceName,
  name: objectName,
  /** The whole inventory (replaces the previous one); empty once everything was pruned. */
  entries: z.array(inventoryEntrySchema).max(50_000),
});
export type FluxObjectInventoryItem = z.infer<typeof fluxObjectInventoryItemSchema>;

export const inventoryBatchSchema = z.object({
  seq: batchSequenceNumber,
  items: z.array(fluxObjectInventoryItemSchema).min(1).max(MAX_REPORT_ITEMS),
});
export type InventoryBatch = z.infer<typeof inventoryBatchSchema>;

export const reportEventSchema = z.object({
  involvedObject: z.object({ kind: shortText, namespace: kubeName.optional(), name: kubeName }),
  severity: z.enum(['info', 'error']),
  reason: shortText,
  message: reportMessage,
  revision: z.string().max(512).optional(),
  timestamp: isoTimestamp,
});
export type ReportEvent = z.infer<typeof reportEventSchema>;

export const eventsBatchSchema = z.object({
  seq: batchSequenceNumber,
  items: z.array(reportEventSchema).min(1).max(MAX_REPORT_ITEMS),
});
export type EventsBatch = z.infer<typeof eventsBatchSchema>;

/** hub → agent: every batch up to and including `seq` is persisted; the agent may drop them from its outbox. */
export const batchAckSchema = z.object({ seq: sequenceNumber });
export type BatchAck = z.infer<typeof batchAckSchema>;
