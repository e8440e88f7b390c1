import { FLUX_KINDS, fluxKind } from '@flotilla/reconcile-core';
import type { ProtocolErrorCode, SnapshotMarker } from '@flotilla/protocol';
import { objectKey, type EventRow, type InventoryRow, type ObjectKey, type StatusRow } from './report-rows.js';

// Which items of a report batch the hub takes, decided from what the repository read for the batch's cluster.
// Pure, so the same rules hold however many batches are written together.

/** `snapshot`: the status batch is part of the agent's snapshot of its cluster's Flux objects (protocol v4). */
export type ReportBatch = { kind: 'status'; rows: StatusRow[]; snapshot?: SnapshotMarker } | { kind: 'inventory'; rows: InventoryRow[] } | { kind: 'events'; rows: EventRow[] };

/** Why an item was dropped while the rest of its batch was written. */
export type RefusalCode = Extract<ProtocolErrorCode, 'OBJECT_NOT_ASSIGNED' | 'OBJECT_ORIGIN_CONFLICT' | 'OBJECT_LIMIT_EXCEEDED'>;

/** An item the hub refused, and why. */
export interface RefusedItem {
  code: RefusalCode;
  kind: string;
  namespace: string | null;
  name: string;
}

/** What the hub placed on the cluster: its current and previous assignment's Kustomizations, HelmReleases and sources. */
export interface Placed {
  kustomizations: Set<string>;
  helmReleases: Set<string>;
  sources: Set<string>;
}

export const placedKey = (namespace: string | null, name: string): string => `${namespace ?? ''}/${name}`;
export const nothingPlaced = (): Placed => ({ kustomizations: new Set(), helmReleases: new Set(), sources: new Set() });

type Named = { kind: string; namespace: string | null; name: string };

/** The kinds the hub places and takes reports of origin `hub` for. */
const HUB_KINDS: ReadonlySet<string> = new Set(['Kustomization', 'HelmRelease']);

const isPlaced = (placed: Placed, o: Named): boolean =>
  o.kind === 'Kustomization'
    ? placed.kustomizations.has(placedKey(o.namespace, o.name))
    : o.kind === 'HelmRelease'
      ? placed.helmReleases.has(placedKey(o.namespace, o.name))
      : fluxKind(o.kind)?.group === FLUX_KINDS.GitRepository.group && placed.sources.has(placedKey(o.namespace, o.name));

/**
 * What the repository must read before admitting the batch: which of these objects the cluster holds as its own
 * (origin `cluster`), and whether its count of such objects matters (only when the batch brings some).
 */
export function admissionLookups(batch: ReportBatch, placed: Placed): { objects: Named[]; needsCount: boolean } {
  if (batch.kind === 'events') return { objects: batch.rows.filter((e) => e.namespace !== null && !isPlaced(placed, e)), needsCount: false };
  const fromCluster = (batch.rows as ObjectKey[]).filter((r) => r.origin === 'cluster');
  return { objects: fromCluster, needsCount: fromCluster.length > 0 };
}

/**
 * Splits a batch into what may be written and the refused rest. Status and inventory items: origin `hub` only
 * for a Kustomization or HelmRelease placed here; origin `cluster` never for an object the hub placed here (it would overwrite
 * the hub's view of it), and only up to the per-cluster bound for objects not held yet. Events: about an
 * object placed here or one the cluster reported of its own. `held`: the looked-up objects the cluster holds as
 * its own (`objectKey`); `count`: how many objects of origin `cluster` it holds.
 */
export function admit(batch: ReportBatch, placed: Placed, held: Set<string>, count: number, limit: number): { rows: ReportBatch; refused: RefusedItem[] } {
  const refused: RefusedItem[] = [];
  const refuse = (code: RefusalCode, o: Named): false => {
    refused.push({ code, kind: o.kind, namespace: o.namespace, name: o.name });
    return false;
  };
  if (batch.kind === 'events') {
    const rows = batch.rows.filter((e) => isPlaced(placed, e) || held.has(objectKey(e)) || refuse('OBJECT_NOT_ASSIGNED', e));
    return { rows: { kind: 'events', rows }, refused };
  }
  const own = new Set(held);
  const keep = <T extends ObjectKey & { deleted?: boolean }>(rows: T[]): T[] => {
    // Deleting held objects frees room in the same batch.
    let room = limit - count + rows.filter((r) => r.origin === 'cluster' && r.deleted === true && own.has(objectKey(r))).length;
    return rows.filter((r) => {
      if (r.origin === 'hub') return (HUB_KINDS.has(r.kind) && isPlaced(placed, r)) || refuse('OBJECT_NOT_ASSIGNED', r);
      if (isPlaced(placed, r)) return refuse('OBJECT_ORIGIN_CONFLICT', r);
      if (r.deleted === true || own.has(objectKey(r))) return true;
      if (room <= 0) return refuse('OBJECT_LIMIT_EXCEEDED', r);
      room -= 1;
      own.add(objectKey(r));
      return true;
    });
  };
  return batch.kind === 'status'
    ? { rows: { kind: 'status', rows: keep(batch.rows), ...(batch.snapshot ? { snapshot: batch.snapshot } : {}) }, refused }
    : { rows: { kind: 'inventory', rows: keep(batch.rows) }, refused };
}
