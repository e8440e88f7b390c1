import { storableValue, type KustomizationInventoryItem, type KustomizationStatusItem, type ReportEvent } from '@flotilla/protocol';

// Agent reports → the rows the repository writes in one multi-row statement per batch. Pure, so the shaping is
// unit-tested without a database.

const MAX_INT4 = 2_147_483_647;

/** One row per Kustomization; a later item for the same one in a batch wins (one statement cannot update a row twice). */
function lastPerKustomization<T extends { namespace: string; name: string }>(items: readonly T[]): T[] {
  const byKey = new Map<string, T>();
  for (const item of items) byKey.set(`${item.namespace}\u0000${item.name}`, item);
  return [...byKey.values()];
}

export interface StatusRow {
  namespace: string;
  name: string;
  conditions: unknown[];
  lastAppliedRevision: string | null;
  lastAttemptedRevision: string | null;
  observedGeneration: number;
  lastHandledReconcileAt: string | null;
}

export function statusRows(items: readonly KustomizationStatusItem[]): StatusRow[] {
  return lastPerKustomization(storableValue(items)).map((i) => ({
    namespace: i.namespace,
    name: i.name,
    conditions: i.conditions,
    lastAppliedRevision: i.lastAppliedRevision ?? null,
    lastAttemptedRevision: i.lastAttemptedRevision ?? null,
    // The column is int4 like Kustomization.generation; a larger value cannot be a generation the hub issued.
    observedGeneration: Math.min(i.observedGeneration, MAX_INT4),
    lastHandledReconcileAt: i.lastHandledReconcileAt ?? null,
  }));
}

export interface InventoryRow {
  namespace: string;
  name: string;
  inventory: { id: string; v: string }[];
}

export function inventoryRows(items: readonly KustomizationInventoryItem[]): InventoryRow[] {
  return lastPerKustomization(storableValue(items)).map((i) => ({ namespace: i.namespace, name: i.name, inventory: i.entries }));
}

export interface EventRow {
  kind: string;
  namespace: string | null;
  name: string;
  severity: string;
  reason: string;
  message: string;
  revision: string | null;
  occurredAt: string;
}

export function eventRows(items: readonly ReportEvent[]): EventRow[] {
  return storableValue(items).map((e) => ({
    kind: e.involvedObject.kind,
    namespace: e.involvedObject.namespace ?? null,
    name: e.involvedObject.name,
    severity: e.severity,
    reason: e.reason,
    message: e.message,
    revision: e.revision ?? null,
    occurredAt: e.timestamp,
  }));
}
