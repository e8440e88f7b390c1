import { refKey, type ChangeSetEntry, type ObjectRef } from '../k8s/index.js';
import type { InventoryEntry } from './status/conditions.js';

// The inventory as Flux keeps it (flux.md §1.6): `<ns>_<name>_<group>_<kind>` plus the applied version.
// A local copy until reconcile-core's inventory module (branch core-logic) lands.

export function entryOf(ref: ObjectRef): InventoryEntry {
  return { id: refKey(ref), v: ref.apiVersion.includes('/') ? ref.apiVersion.slice(ref.apiVersion.indexOf('/') + 1) : ref.apiVersion };
}

export function refOfEntry(e: InventoryEntry): ObjectRef | undefined {
  const parts = e.id.split('_');
  if (parts.length !== 4) return undefined;
  const [namespace, name, group, kind] = parts as [string, string, string, string];
  return { apiVersion: group ? `${group}/${e.v}` : e.v, kind, name, ...(namespace ? { namespace } : {}) };
}

export function inventoryFromChangeSet(changeSet: readonly ChangeSetEntry[]): InventoryEntry[] {
  return sortEntries(changeSet.filter((c) => c.action !== 'deleted').map((c) => entryOf(c.ref)));
}

/** Objects in the old inventory that the new one no longer holds: the prune candidates. */
export function staleObjects(old: readonly InventoryEntry[], next: readonly InventoryEntry[]): ObjectRef[] {
  const keep = new Set(next.map((e) => e.id));
  return old.filter((e) => !keep.has(e.id)).flatMap((e) => refOfEntry(e) ?? []);
}

/** Adds entries (failed deletes, partial applies) to an inventory, without duplicates. */
export function mergeEntries(inv: readonly InventoryEntry[], more: readonly InventoryEntry[]): InventoryEntry[] {
  const byId = new Map(inv.map((e) => [e.id, e]));
  for (const e of more) if (!byId.has(e.id)) byId.set(e.id, e);
  return sortEntries([...byId.values()]);
}

function sortEntries(list: InventoryEntry[]): InventoryEntry[] {
  return list.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

