import * as core from '@flotilla/reconcile-core';
import type { ChangeSetEntry, ObjectRef } from '../k8s/index.js';
import { fromCoreRef, toCoreRef } from '../k8s/object-ref.js';
import type { InventoryEntry } from './status/conditions.js';

// The inventory rules live in reconcile-core (Flux ids `<ns>_<name>_<group>_<kind>`, RBAC `:` escaping,
// reconcile order); this file converts between the engine's refs and core's.

export function entryOf(ref: ObjectRef): InventoryEntry {
  const c = toCoreRef(ref);
  return { id: core.inventoryId(c), v: c.version };
}

export function refOfEntry(e: InventoryEntry): ObjectRef | undefined {
  const r = core.parseInventoryId(e.id, e.v);
  return r.ok ? fromCoreRef(r.value) : undefined;
}

/** After a successful apply the new inventory is the change set, skipped objects included (flux.md §2). */
export function inventoryFromChangeSet(changeSet: readonly ChangeSetEntry[]): InventoryEntry[] {
  return core.inventoryFromChangeSet(changeSet.filter((c) => c.action !== 'deleted').map((c) => ({ ref: toCoreRef(c.ref) }))).entries;
}

/** The prune candidates: in the old inventory, not in the new one. */
export function staleObjects(old: readonly InventoryEntry[], next: readonly InventoryEntry[]): { ok: true; refs: ObjectRef[] } | { ok: false; message: string } {
  const r = core.staleObjects({ entries: [...old] }, { entries: [...next] });
  return r.ok ? { ok: true, refs: r.value.map(fromCoreRef) } : { ok: false, message: r.errors.map((e) => e.message).join('\n') };
}

/** Adds entries (failed deletes, partial applies) to an inventory, without duplicates. */
export function mergeEntries(inv: readonly InventoryEntry[], more: readonly InventoryEntry[]): InventoryEntry[] {
  const survivors = more.flatMap((e) => {
    const r = core.parseInventoryId(e.id, e.v);
    return r.ok ? [r.value] : [];
  });
  return core.mergeSurvivors({ entries: [...inv] }, survivors).entries;
}
