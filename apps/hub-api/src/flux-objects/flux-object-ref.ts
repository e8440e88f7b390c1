import { entryHealthSchema, type EntryHealthWire } from '@flotilla/protocol';
import { parseInventoryId } from '@flotilla/reconcile-core';
import { validNamespace, validObjectName } from '../sources/git-repository.validation.js';
import type { FluxObjectRefInput } from './dto/flux-object.inputs.js';
import type { FluxObjectKey } from './flux-objects.repository.js';

/** A Flux object reference from the edge, its namespace and name checked (BAD_USER_INPUT `ref.*`). */
export function validRef(ref: FluxObjectRefInput, field = 'ref'): FluxObjectKey {
  return { clusterId: ref.clusterId, kind: ref.kind, namespace: validNamespace(ref.namespace, `${field}.namespace`), name: validObjectName(ref.name, `${field}.name`) };
}

/**
 * The entries of a stored inventory (Flux's ids parsed by reconcile-core; ids that do not parse are left out),
 * with the health the agent reported for a workload's live object, when it did.
 */
export function inventoryOf(json: unknown): { group: string; kind: string; namespace: string; name: string; health: EntryHealthWire | null }[] {
  if (!Array.isArray(json)) return [];
  return json.flatMap((e: unknown) => {
    const entry = typeof e === 'object' && e !== null ? (e as { id?: unknown; health?: unknown }) : {};
    if (typeof entry.id !== 'string') return [];
    const parsed = parseInventoryId(entry.id);
    const health = entryHealthSchema.safeParse(entry.health);
    return parsed.ok ? [{ ...parsed.value, health: health.success ? health.data : null }] : [];
  });
}
