import { z } from 'zod';
import { batchSequenceNumber, isoTimestamp, kubeName, sequenceNumber, shortText } from '../limits.js';

// agent → hub report batches (v2). Every batch carries the agent's next sequence number (one counter across the
// three types, from 1, persisted with the agent's outbox). The hub writes a batch and its seq in one
// transaction and answers `batch.ack {seq}`; a batch whose seq it already persisted is acknowledged again
// without being written, so resending after a lost ack, a reconnect or a hub restart never doubles anything.

const MAX_ITEMS = 1000;
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

export const kustomizationStatusItemSchema = z.object({
  namespace: kubeName,
  name: kubeName,
  conditions: z.array(conditionSchema).max(16),
  lastAppliedRevision: z.string().max(512).optional(),
  lastAttemptedRevision: z.string().max(512).optional(),
  observedGeneration: sequenceNumber,
  lastHandledReconcileAt: isoTimestamp.optional(),
});
export type KustomizationStatusItem = z.infer<typeof kustomizationStatusItemSchema>;

export const statusBatchSchema = z.object({
  seq: batchSequenceNumber,
  items: z.array(kustomizationStatusItemSchema).min(1).max(MAX_ITEMS),
});
export type StatusBatch = z.infer<typeof statusBatchSchema>;

/** Flux's inventory entry: `id` = `<namespace>_<name>_<group>_<kind>`, `v` = the applied API version. */
export const inventoryEntrySchema = z.object({
  id: z.string().min(1).max(1024),
  v: z.string().min(1).max(128),
});
export type InventoryEntryWire = z.infer<typeof inventoryEntrySchema>;

export const kustomizationInventoryItemSchema = z.object({
  namespace: kubeName,
  name: kubeName,
  /** The whole inventory (replaces the previous one); empty once everything was pruned. */
  entries: z.array(inventoryEntrySchema).max(50_000),
});
export type KustomizationInventoryItem = z.infer<typeof kustomizationInventoryItemSchema>;

export const inventoryBatchSchema = z.object({
  seq: batchSequenceNumber,
  items: z.array(kustomizationInventoryItemSchema).min(1).max(MAX_ITEMS),
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
  items: z.array(reportEventSchema).min(1).max(MAX_ITEMS),
});
export type EventsBatch = z.infer<typeof eventsBatchSchema>;

/** hub → agent: every batch up to and including `seq` is persisted; the agent may drop them from its outbox. */
export const batchAckSchema = z.object({ seq: sequenceNumber });
export type BatchAck = z.infer<typeof batchAckSchema>;
