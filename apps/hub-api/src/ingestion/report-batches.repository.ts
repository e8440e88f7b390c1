import { Inject, Injectable } from '@nestjs/common';
import type { Prisma } from '@flotilla/prisma/client';
import { deleteInChunks } from '../db/delete-in-chunks.js';
import { PRISMA, type Db } from '../db/prisma.service.js';
import { FLUX_KINDS, fluxKind } from '@flotilla/reconcile-core';
import type { ProtocolErrorCode, SnapshotMarker } from '@flotilla/protocol';
import { objectKey, type EventRow, type InventoryRow, type ObjectKey, type StatusRow } from './report-rows.js';

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

export type PersistResult =
  /**
   * Written (possibly without rows, when every item was refused); `kustomizationIds` are the hub's Kustomizations
   * whose status or inventory changed, `objectsChanged` whether any Flux object row changed, `refused` the items
   * dropped (not placed here, a cluster claiming a placed object, past the per-cluster bound).
   */
  | { outcome: 'written'; lastSeq: number; kustomizationIds: string[]; objectsChanged: boolean; eventsWritten: number; refused: RefusedItem[] }
  /** seq ≤ the stored one: persisted before (a resend after a lost ack, a reconnect, a hub restart). */
  | { outcome: 'duplicate'; lastSeq: number }
  /** seq > stored + 1: a batch in between never arrived; nothing written so the agent resends from lastSeq + 1. */
  | { outcome: 'gap'; lastSeq: number }
  /** The credential was revoked (on this or another hub process) while the connection was open: nothing written. */
  | { outcome: 'revoked' };

export type SkipResult = { outcome: 'skipped'; lastSeq: number } | Exclude<PersistResult, { outcome: 'written' }>;

/** What the hub placed on the cluster: its current and previous assignment's Kustomizations and sources. */
interface Placed {
  kustomizations: Set<string>;
  sources: Set<string>;
}

type Tx = Prisma.TransactionClient;
type SequenceCheck = { ok: true; last: number } | { ok: false; result: Exclude<PersistResult, { outcome: 'written' }> };

const placedKey = (namespace: string | null, name: string): string => `${namespace ?? ''}/${name}`;

/**
 * Writes report batches exactly once. The batch and the agent's sequence number are written in one transaction
 * with the sequence row locked, so a batch is either fully persisted with its seq or not at all, and two
 * deliveries of the same seq (even on two hub replicas) write once.
 *
 * The sequence belongs to the agent's credential, not to the cluster: registering the cluster again issues a new
 * credential whose numbering starts at 0, and the old credential (revoked in the same transaction that issued the
 * new one) can neither write nor move the new one's counter, because every write first checks, under a share lock
 * on the credential row, that the credential is live.
 *
 * Sequence rule: only seq = stored + 1 is written; a seq at or below the stored one is a duplicate and a seq
 * further ahead is a gap, refused without writing. So the counter moves by exactly one per stored batch, and a
 * holder of the credential cannot jump it ahead to make the hub take the real agent's later batches for
 * duplicates; a jump can never exceed the number of batches the hub stored (which the per-agent rate limit
 * bounds), and the agent renumbers its pending batches when the hub's counter is ahead of its own.
 */
@Injectable()
export class ReportBatchesRepository {
  constructor(@Inject(PRISMA) private readonly db: Db) {}

  async lastSeq(credentialId: string): Promise<number> {
    const row = await this.db.agentReportSequence.findUnique({ where: { credentialId }, select: { lastSeq: true } });
    return Number(row?.lastSeq ?? 0n);
  }

  /**
   * `clusterObjectLimit` bounds the objects of origin `cluster` the hub keeps per cluster: an item for an object
   * not held yet is refused once the cluster holds that many (updates and deletions of held ones always pass).
   */
  async persist(clusterId: string, credentialId: string, seq: number, batch: ReportBatch, clusterObjectLimit: number): Promise<PersistResult> {
    return this.db.$transaction(async (tx) => {
      const check = await this.checkSequence(tx, clusterId, credentialId, seq);
      if (!check.ok) return check.result;
      const placed = await this.placed(tx, clusterId);
      const { rows, refused } = await this.admit(tx, clusterId, batch, placed, clusterObjectLimit);
      const written = await this.write(tx, clusterId, rows);
      const limited = refused.filter((r) => r.code === 'OBJECT_LIMIT_EXCEEDED').length;
      if (limited > 0) {
        const message = `${limited} Flux object(s) of report batch ${seq} were not stored: the hub keeps at most ${clusterObjectLimit} objects found in one cluster`;
        await tx.$executeRaw`
          INSERT INTO cluster_events (cluster_id, involved_kind, involved_namespace, involved_name, severity, reason, message, occurred_at)
          SELECT ${clusterId}, 'Cluster', NULL, c.name, 'error', 'FluxObjectLimitReached', ${message}, now() FROM clusters c WHERE c.id = ${clusterId}`;
      }
      await tx.$executeRaw`UPDATE agent_report_sequences SET last_seq = ${BigInt(seq)} WHERE credential_id = ${credentialId}`;
      const eventsWritten = rows.kind === 'events' ? rows.rows.length : 0;
      return { outcome: 'written', lastSeq: seq, ...written, eventsWritten: eventsWritten + (limited > 0 ? 1 : 0), refused };
    });
  }

  /**
   * Consumes `seq` without writing the batch (Postgres refused its data), and records why as an error event of the
   * cluster, so the loss is visible in its feed. Checked like `persist`: only the next seq of a live credential.
   */
  async skip(clusterId: string, credentialId: string, seq: number, kind: ReportBatch['kind'], reason: string, at: Date): Promise<SkipResult> {
    return this.db.$transaction(async (tx) => {
      const check = await this.checkSequence(tx, clusterId, credentialId, seq);
      if (!check.ok) return check.result;
      const message = `the hub could not store report batch ${seq} (${kind}) and skipped it: ${reason}`;
      await tx.$executeRaw`
        INSERT INTO cluster_events (cluster_id, involved_kind, involved_namespace, involved_name, severity, reason, message, occurred_at)
        SELECT ${clusterId}, 'Cluster', NULL, c.name, 'error', 'ReportRejected', ${message}, ${at} FROM clusters c WHERE c.id = ${clusterId}`;
      await tx.$executeRaw`UPDATE agent_report_sequences SET last_seq = ${BigInt(seq)} WHERE credential_id = ${credentialId}`;
      return { outcome: 'skipped', lastSeq: seq };
    });
  }

  private async checkSequence(tx: Tx, clusterId: string, credentialId: string, seq: number): Promise<SequenceCheck> {
    // Share lock: a revocation (an UPDATE of this row) waits for the batch, and a batch after it sees revoked_at.
    const [credential] = await tx.$queryRaw<{ revoked_at: Date | null }[]>`
      SELECT revoked_at FROM cluster_credentials WHERE id = ${credentialId} AND cluster_id = ${clusterId} FOR SHARE`;
    if (!credential || credential.revoked_at !== null) return { ok: false, result: { outcome: 'revoked' } };
    await tx.$executeRaw`
      INSERT INTO agent_report_sequences (credential_id, cluster_id, last_seq) VALUES (${credentialId}, ${clusterId}, 0)
      ON CONFLICT (credential_id) DO NOTHING`;
    const [row] = await tx.$queryRaw<{ last_seq: bigint }[]>`SELECT last_seq FROM agent_report_sequences WHERE credential_id = ${credentialId} FOR UPDATE`;
    const last = Number(row!.last_seq);
    if (seq <= last) return { ok: false, result: { outcome: 'duplicate', lastSeq: last } };
    if (seq > last + 1) return { ok: false, result: { outcome: 'gap', lastSeq: last } };
    return { ok: true, last };
  }

  /**
   * The previous assignment counts too: an agent reports on a Kustomization it just stopped running (its final
   * prune and inventory) after the hub already replaced the document.
   */
  private async placed(tx: Tx, clusterId: string): Promise<Placed> {
    const rows = await tx.$queryRaw<{ list: string; namespace: string | null; name: string | null }[]>`
      SELECT e.list, e.item ->> 'namespace' AS namespace, e.item ->> 'name' AS name
        FROM cluster_assignments a,
             LATERAL (SELECT 'kustomizations' AS list, x AS item
                        FROM jsonb_array_elements(COALESCE(a.document -> 'kustomizations', '[]') || COALESCE(a.previous_document -> 'kustomizations', '[]')) AS x
                      UNION ALL
                      SELECT 'sources', x
                        FROM jsonb_array_elements(COALESCE(a.document -> 'sources', '[]') || COALESCE(a.previous_document -> 'sources', '[]')) AS x) AS e
       WHERE a.cluster_id = ${clusterId}`;
    const placed: Placed = { kustomizations: new Set(), sources: new Set() };
    for (const r of rows) {
      if (r.name === null) continue;
      (r.list === 'sources' ? placed.sources : placed.kustomizations).add(placedKey(r.namespace, r.name));
    }
    return placed;
  }

  /**
   * Splits a batch into what may be written and the refused rest. Status and inventory items: origin `hub` only
   * for a Kustomization placed here; origin `cluster` never for an object the hub placed here (it would overwrite
   * the hub's view of it), and only up to the per-cluster bound for objects not held yet. Events: about an
   * object placed here or one the cluster reported of its own.
   */
  private async admit(tx: Tx, clusterId: string, batch: ReportBatch, placed: Placed, limit: number): Promise<{ rows: ReportBatch; refused: RefusedItem[] }> {
    const refused: RefusedItem[] = [];
    const refuse = (code: RefusalCode, o: { kind: string; namespace: string | null; name: string }): false => {
      refused.push({ code, kind: o.kind, namespace: o.namespace, name: o.name });
      return false;
    };
    const isPlaced = (o: { kind: string; namespace: string | null; name: string }): boolean =>
      o.kind === 'Kustomization'
        ? placed.kustomizations.has(placedKey(o.namespace, o.name))
        : fluxKind(o.kind)?.group === FLUX_KINDS.GitRepository.group && placed.sources.has(placedKey(o.namespace, o.name));

    if (batch.kind === 'events') {
      const own = await this.heldClusterObjects(tx, clusterId, batch.rows.filter((e) => e.namespace !== null && !isPlaced(e)));
      const rows = batch.rows.filter((e) => isPlaced(e) || own.has(objectKey(e)) || refuse('OBJECT_NOT_ASSIGNED', e));
      return { rows: { kind: 'events', rows }, refused };
    }

    const keep = <T extends ObjectKey & { deleted?: boolean }>(rows: T[], held: Set<string>, count: number): T[] => {
      // Deleting held objects frees room in the same batch.
      let room = limit - count + rows.filter((r) => r.origin === 'cluster' && r.deleted === true && held.has(objectKey(r))).length;
      return rows.filter((r) => {
        if (r.origin === 'hub') return (r.kind === 'Kustomization' && isPlaced(r)) || refuse('OBJECT_NOT_ASSIGNED', r);
        if (isPlaced(r)) return refuse('OBJECT_ORIGIN_CONFLICT', r);
        if (r.deleted === true || held.has(objectKey(r))) return true;
        if (room <= 0) return refuse('OBJECT_LIMIT_EXCEEDED', r);
        room -= 1;
        held.add(objectKey(r));
        return true;
      });
    };
    const fromCluster = (batch.rows as ObjectKey[]).filter((r) => r.origin === 'cluster');
    const held = await this.heldClusterObjects(tx, clusterId, fromCluster);
    const count = fromCluster.length === 0 ? 0 : await this.clusterObjectCount(tx, clusterId);
    return batch.kind === 'status'
      ? { rows: { kind: 'status', rows: keep(batch.rows, held, count), ...(batch.snapshot ? { snapshot: batch.snapshot } : {}) }, refused }
      : { rows: { kind: 'inventory', rows: keep(batch.rows, held, count) }, refused };
  }

  /** Which of these objects the cluster already has stored as its own (origin `cluster`). */
  private async heldClusterObjects(tx: Tx, clusterId: string, objects: { kind: string; namespace: string | null; name: string }[]): Promise<Set<string>> {
    if (objects.length === 0) return new Set();
    const json = JSON.stringify(objects.map((o) => ({ kind: o.kind, namespace: o.namespace ?? '', name: o.name })));
    const rows = await tx.$queryRaw<{ kind: string; namespace: string; name: string }[]>`
      SELECT f.kind, f.namespace, f.name
        FROM flux_objects f
        JOIN jsonb_to_recordset(${json}::jsonb) AS x(kind text, namespace text, name text)
          ON f.kind = x.kind AND f.namespace = x.namespace AND f.name = x.name
       WHERE f.cluster_id = ${clusterId} AND f.origin = 'cluster'`;
    return new Set(rows.map(objectKey));
  }

  private async clusterObjectCount(tx: Tx, clusterId: string): Promise<number> {
    const [row] = await tx.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM flux_objects WHERE cluster_id = ${clusterId} AND origin = 'cluster'`;
    return row?.n ?? 0;
  }

  private async write(tx: Tx, clusterId: string, batch: ReportBatch): Promise<{ kustomizationIds: string[]; objectsChanged: boolean }> {
    const written = await this.writeRows(tx, clusterId, batch);
    if (batch.kind !== 'status' || !batch.snapshot?.complete) return written;
    // Every object of the cluster that the snapshot named carries its id now: the rest were deleted while no hub
    // heard of it. Rows the hub placed are never the agent's to forget.
    const forgotten = await tx.$queryRaw<{ kustomization_id: string | null }[]>`
      DELETE FROM flux_objects
       WHERE cluster_id = ${clusterId} AND origin = 'cluster' AND snapshot_id IS DISTINCT FROM ${batch.snapshot.id}
      RETURNING kustomization_id`;
    return { kustomizationIds: written.kustomizationIds, objectsChanged: written.objectsChanged || forgotten.length > 0 };
  }

  private async writeRows(tx: Tx, clusterId: string, batch: ReportBatch): Promise<{ kustomizationIds: string[]; objectsChanged: boolean }> {
    type Changed = { kustomization_id: string | null }[];
    const result = (rows: Changed) => ({ kustomizationIds: rows.flatMap((r) => (r.kustomization_id ? [r.kustomization_id] : [])), objectsChanged: rows.length > 0 });
    if (batch.rows.length === 0) return { kustomizationIds: [], objectsChanged: false };
    switch (batch.kind) {
      case 'status': {
        // A snapshot's batch marks the cluster's rows it names; any other report leaves the mark as it was.
        const snapshotId = batch.snapshot?.id ?? null;
        const gone = JSON.stringify(batch.rows.filter((r) => r.deleted));
        const json = JSON.stringify(batch.rows.filter((r) => !r.deleted));
        // An object the agent says is gone: only the row of the origin it names.
        const deleted = await tx.$queryRaw<Changed>`
          DELETE FROM flux_objects f USING jsonb_to_recordset(${gone}::jsonb) AS x(kind text, namespace text, name text, origin text)
           WHERE f.cluster_id = ${clusterId} AND f.kind = x.kind AND f.namespace = x.namespace AND f.name = x.name AND f.origin = x.origin
          RETURNING f.kustomization_id`;
        // A placed Kustomization's row links its hub row (reports for one the hub deleted meanwhile match none and
        // are dropped); an agent that does not say whether it is suspended gets the hub's spec.suspend. A cluster
        // row never replaces a hub row; a hub row replaces a cluster row of the same name (the hub placed it since).
        const upserted = await tx.$queryRaw<Changed>`
          INSERT INTO flux_objects AS f
                 (cluster_id, kind, namespace, name, origin, kustomization_id, parent_namespace, parent_name, labels, ready, ready_reason,
                  ready_message, state, revision, last_applied_revision, last_attempted_revision, observed_generation,
                  last_handled_reconcile_at, suspended, conditions, snapshot_id, updated_at)
          SELECT ${clusterId}, x.kind, x.namespace, x.name, x.origin, k.id, x."parentNamespace", x."parentName", x.labels, x.ready, x."readyReason",
                 x."readyMessage",
                 CASE WHEN COALESCE(x.suspended, (k.spec ->> 'suspend') = 'true', false) THEN 'suspended' ELSE x.state END,
                 x.revision, x."lastAppliedRevision", x."lastAttemptedRevision", x."observedGeneration", x."lastHandledReconcileAt",
                 COALESCE(x.suspended, (k.spec ->> 'suspend') = 'true', false), x.conditions,
                 CASE WHEN x.origin = 'cluster' THEN ${snapshotId}::text END, now()
            FROM jsonb_to_recordset(${json}::jsonb) AS x(kind text, namespace text, name text, origin text, "parentNamespace" text,
                 "parentName" text, labels jsonb, ready text, "readyReason" text, "readyMessage" text, state text, revision text,
                 "lastAppliedRevision" text, "lastAttemptedRevision" text, "observedGeneration" int, "lastHandledReconcileAt" text,
                 suspended boolean, conditions jsonb)
            LEFT JOIN kustomizations k ON x.origin = 'hub' AND x.kind = 'Kustomization' AND k.namespace = x.namespace AND k.name = x.name
           WHERE x.origin = 'cluster' OR k.id IS NOT NULL
          ON CONFLICT (cluster_id, kind, namespace, name) DO UPDATE
             SET origin = EXCLUDED.origin, kustomization_id = EXCLUDED.kustomization_id, parent_namespace = EXCLUDED.parent_namespace,
                 parent_name = EXCLUDED.parent_name, labels = COALESCE(EXCLUDED.labels, f.labels), ready = EXCLUDED.ready,
                 ready_reason = EXCLUDED.ready_reason,
                 ready_message = EXCLUDED.ready_message, state = EXCLUDED.state, revision = EXCLUDED.revision,
                 last_applied_revision = EXCLUDED.last_applied_revision, last_attempted_revision = EXCLUDED.last_attempted_revision,
                 observed_generation = EXCLUDED.observed_generation, last_handled_reconcile_at = EXCLUDED.last_handled_reconcile_at,
                 suspended = EXCLUDED.suspended, conditions = EXCLUDED.conditions,
                 snapshot_id = CASE WHEN EXCLUDED.origin = 'cluster' THEN COALESCE(EXCLUDED.snapshot_id, f.snapshot_id) END, updated_at = now()
           WHERE f.origin = EXCLUDED.origin OR EXCLUDED.origin = 'hub'
          RETURNING f.kustomization_id`;
        return result([...deleted, ...upserted]);
      }
      case 'inventory': {
        const json = JSON.stringify(batch.rows);
        const rows = await tx.$queryRaw<Changed>`
          INSERT INTO flux_objects AS f (cluster_id, kind, namespace, name, origin, kustomization_id, inventory, updated_at)
          SELECT ${clusterId}, x.kind, x.namespace, x.name, x.origin, k.id, x.inventory, now()
            FROM jsonb_to_recordset(${json}::jsonb) AS x(kind text, namespace text, name text, origin text, inventory jsonb)
            LEFT JOIN kustomizations k ON x.origin = 'hub' AND x.kind = 'Kustomization' AND k.namespace = x.namespace AND k.name = x.name
           WHERE x.origin = 'cluster' OR k.id IS NOT NULL
          ON CONFLICT (cluster_id, kind, namespace, name) DO UPDATE
             SET origin = EXCLUDED.origin, kustomization_id = EXCLUDED.kustomization_id, inventory = EXCLUDED.inventory, updated_at = now()
           WHERE f.origin = EXCLUDED.origin OR EXCLUDED.origin = 'hub'
          RETURNING f.kustomization_id`;
        return result(rows);
      }
      case 'events': {
        const json = JSON.stringify(batch.rows);
        await tx.$executeRaw`
          INSERT INTO cluster_events (cluster_id, involved_kind, involved_namespace, involved_name, severity, reason, message, revision, occurred_at)
          SELECT ${clusterId}, x.kind, x.namespace, x.name, x.severity, x.reason, x.message, x.revision, x."occurredAt"
            FROM jsonb_to_recordset(${json}::jsonb) AS x(kind text, namespace text, name text, severity text, reason text,
                 message text, revision text, "occurredAt" timestamptz)`;
        return { kustomizationIds: [], objectsChanged: false };
      }
    }
  }

  /** Deletes events older than the cutoff, in chunks so a large backlog never holds a long lock. */
  deleteEventsBefore(cutoff: Date): Promise<number> {
    return deleteInChunks(
      (limit) => this.db.$executeRaw`
        DELETE FROM cluster_events WHERE id IN (SELECT id FROM cluster_events WHERE occurred_at < ${cutoff} LIMIT ${limit})`,
    );
  }
}
