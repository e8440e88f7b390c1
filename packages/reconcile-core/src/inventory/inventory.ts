import { fail, ok, type CoreError, type Result } from '../errors.js';
import { inventoryId, parseInventoryId, type ObjectRef } from './object-ref.js';
import { compareRefs } from '../plan/reconcile-order.js';

/** `status.inventory` of a Kustomization: one entry per applied object, `v` being the applied API version. */
export interface Inventory {
  entries: InventoryEntry[];
}
export interface InventoryEntry {
  id: string;
  v: string;
}

/** After a successful apply the new inventory is the change set, in its order (flux.md §2 inventory). */
export function inventoryFromRefs(refs: readonly ObjectRef[]): Inventory {
  return { entries: refs.map((r) => ({ id: inventoryId(r), v: r.version })) };
}

/** The new inventory from the apply's change set entries (every action, skipped included, as Flux records it). */
export function inventoryFromChangeSet(entries: readonly { ref: ObjectRef }[]): Inventory {
  return inventoryFromRefs(entries.map((e) => e.ref));
}

/** The objects of an inventory, sorted in Flux's reconcile order. */
export function listInventory(inv: Inventory): Result<ObjectRef[]> {
  const refs: ObjectRef[] = [];
  const errors: CoreError[] = [];
  for (const e of inv.entries) {
    const r = parseInventoryId(e.id, e.v);
    if (r.ok) refs.push(r.value);
    else errors.push(...r.errors);
  }
  return errors.length > 0 ? fail(errors) : ok(refs.sort(compareRefs));
}

/**
 * Objects in the old inventory but not in the new one — the prune candidates — with the version they were
 * applied with, in Flux's reconcile order. Objects outside the old inventory are never candidates.
 */
export function staleObjects(previous: Inventory, next: Inventory): Result<ObjectRef[]> {
  const keep = new Set<string>();
  for (const e of next.entries) {
    const r = parseInventoryId(e.id);
    if (!r.ok) return r;
    keep.add(inventoryId(r.value));
  }
  const stale: ObjectRef[] = [];
  for (const e of previous.entries) {
    const r = parseInventoryId(e.id, e.v);
    if (!r.ok) return r;
    if (!keep.has(inventoryId(r.value))) stale.push(r.value);
  }
  return ok(stale.sort(compareRefs));
}

/**
 * Puts objects whose deletion was not confirmed back into the inventory so the next reconcile retries them
 * (kustomize-controller#1664); ids already present are not duplicated.
 */
export function mergeSurvivors(inv: Inventory, survivors: readonly ObjectRef[]): Inventory {
  const seen = new Set(inv.entries.map((e) => e.id));
  const entries = [...inv.entries];
  for (const s of survivors) {
    const id = inventoryId(s);
    if (seen.has(id)) continue;
    seen.add(id);
    entries.push({ id, v: s.version });
  }
  return { entries };
}

export function emptyInventory(): Inventory {
  return { entries: [] };
}
