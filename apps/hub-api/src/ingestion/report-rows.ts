import { splitImageRef, type FluxKindName } from '@flotilla/reconcile-core';
import { isDeletedItem, storableText, storableValue, type EntryHealthWire, type FluxObjectInventoryItem, type HelmReleaseStatusWire, type ObjectOrigin, type ReportEvent, type StatusItem } from '@flotilla/protocol';
import { fluxObjectState, type FluxObjectState } from './flux-object-state.js';

// Agent reports → the rows the repository writes in one multi-row statement per batch. Pure, so the shaping is
// unit-tested without a database.

const MAX_INT4 = 2_147_483_647;

// Each field is cleaned as the row is built (`storableText`, the one cleaning rule): the validated items are
// walked once and nothing of them is copied first. Only the parts stored as JSON (conditions, labels, a
// HelmRelease's history) go through `storableValue`, which also cleans their keys.
const cleanOrNull = (text: string | undefined): string | null => (text === undefined ? null : storableText(text));

/** The object an item reports on, with the defaults of agents that predate kinds and origins. */
export interface ObjectKey {
  kind: FluxKindName;
  origin: ObjectOrigin;
  namespace: string;
  name: string;
}

const keyOf = (item: { kind?: FluxKindName | undefined; origin?: ObjectOrigin | undefined; namespace: string; name: string }): ObjectKey => ({
  kind: item.kind ?? 'Kustomization',
  origin: item.origin ?? 'hub',
  namespace: storableText(item.namespace),
  name: storableText(item.name),
});

export const objectKey = (o: { kind: string; namespace: string | null; name: string }): string => `${o.kind}\u0000${o.namespace ?? ''}\u0000${o.name}`;

/** One row per object; a later item for the same one in a batch wins (one statement cannot update a row twice). */
function lastPerObject<T extends ObjectKey>(rows: readonly T[]): T[] {
  const byKey = new Map<string, T>();
  for (const row of rows) {
    byKey.set(objectKey(row), row);
  }
  return [...byKey.values()];
}

export interface StatusRow extends ObjectKey {
  deleted: boolean;
  parentNamespace: string | null;
  parentName: string | null;
  /** null: the agent predates labels (the stored ones are kept). */
  labels: Record<string, string> | null;
  ready: string;
  readyReason: string | null;
  readyMessage: string | null;
  /** Unknown (null) for agents that do not say; the hub's spec decides then for a placed Kustomization. */
  suspended: boolean | null;
  state: FluxObjectState;
  revision: string | null;
  conditions: unknown[];
  lastAppliedRevision: string | null;
  lastAttemptedRevision: string | null;
  observedGeneration: number | null;
  lastHandledReconcileAt: string | null;
  /** A HelmRelease's history and last attempt; null for other kinds and agents that predate it. */
  helm: HelmReleaseStatusWire | null;
}

// Each row is one object literal, not the key spread into a larger object: on the Node versions we run, each
// property added after a spread is stored through the runtime's slow path, about 1 µs each, so a row of twenty
// cost about 19 µs to build against 1 µs as a literal, and left several times its size in garbage.
export function statusRows(items: readonly StatusItem[]): StatusRow[] {
  return lastPerObject(
    items.map((i): StatusRow => {
      const { kind, origin, namespace, name } = keyOf(i);
      if (isDeletedItem(i)) {
        return { kind, origin, namespace, name, deleted: true, parentNamespace: null, parentName: null, labels: null, ready: 'Unknown', readyReason: null, readyMessage: null, suspended: null, state: 'progressing', revision: null, conditions: [], lastAppliedRevision: null, lastAttemptedRevision: null, observedGeneration: null, lastHandledReconcileAt: null, helm: null };
      }
      const conditions = storableValue(i.conditions);
      const ready = conditions.find((c) => c.type === 'Ready');
      const suspended = i.suspended ?? null;
      const lastAppliedRevision = cleanOrNull(i.lastAppliedRevision);
      return {
        kind,
        origin,
        namespace,
        name,
        deleted: false,
        parentNamespace: cleanOrNull(i.parent?.namespace),
        parentName: cleanOrNull(i.parent?.name),
        labels: i.labels ? storableValue(i.labels) : null,
        ready: ready?.status ?? 'Unknown',
        readyReason: ready?.reason ?? null,
        readyMessage: ready?.message ?? null,
        suspended,
        state: fluxObjectState(ready?.status, suspended === true),
        // Agents that predate `revision` report a Kustomization's lastAppliedRevision, which is its revision.
        revision: cleanOrNull(i.revision) ?? (kind === 'Kustomization' ? lastAppliedRevision : null),
        conditions,
        lastAppliedRevision,
        lastAttemptedRevision: cleanOrNull(i.lastAttemptedRevision),
        // The column is int4 like Kustomization.generation; a larger value cannot be a generation the hub issued.
        observedGeneration: Math.min(i.observedGeneration, MAX_INT4),
        lastHandledReconcileAt: cleanOrNull(i.lastHandledReconcileAt),
        helm: kind === 'HelmRelease' && i.helm ? storableValue(i.helm) : null,
      };
    }),
  );
}

/** A workload's image as stored in its inventory entry: the reference and its parts, for search by any of them. */
export interface StoredImage {
  ref: string;
  name: string;
  tag: string;
  digest: string;
}

export interface InventoryRow extends ObjectKey {
  inventory: { id: string; v: string; images?: StoredImage[]; health?: EntryHealthWire }[];
}

export function inventoryRows(items: readonly FluxObjectInventoryItem[]): InventoryRow[] {
  return lastPerObject(
    storableValue(items).map((i) => ({
      ...keyOf(i),
      inventory: i.entries.map(({ id, v, images, health }) => ({
        id,
        v,
        ...(images?.length ? { images: images.map((ref) => ({ ref, ...splitImageRef(ref) })) } : {}),
        ...(health ? { health } : {}),
      })),
    })),
  );
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
  return items.map((e) => ({
    kind: storableText(e.involvedObject.kind),
    namespace: cleanOrNull(e.involvedObject.namespace),
    name: storableText(e.involvedObject.name),
    severity: e.severity,
    reason: storableText(e.reason),
    message: storableText(e.message),
    revision: cleanOrNull(e.revision),
    occurredAt: e.timestamp,
  }));
}
