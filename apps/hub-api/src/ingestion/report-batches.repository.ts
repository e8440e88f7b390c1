import { Inject, Injectable } from '@nestjs/common';
import type { Prisma } from '@flotilla/prisma/client';
import { deleteInChunks } from '../db/delete-in-chunks.js';
import { PRISMA, type Db } from '../db/prisma.service.js';
import type { EventRow, InventoryRow, StatusRow } from './report-rows.js';

export type ReportBatch = { kind: 'status'; rows: StatusRow[] } | { kind: 'inventory'; rows: InventoryRow[] } | { kind: 'events'; rows: EventRow[] };

/** An item the hub refused because the object it reports on is not placed on the reporting cluster. */
export interface RefusedItem {
  kind: string;
  namespace: string | null;
  name: string;
}

export type PersistResult =
  /**
   * Written (possibly without rows, when every item was refused); `kustomizationIds` are the Kustomizations
   * whose status or inventory changed, `refused` the items dropped because their object is not placed here.
   */
  | { outcome: 'written'; lastSeq: number; kustomizationIds: string[]; eventsWritten: number; refused: RefusedItem[] }
  /** seq ≤ the stored one: persisted before (a resend after a lost ack, a reconnect, a hub restart). */
  | { outcome: 'duplicate'; lastSeq: number }
  /** seq > stored + 1: a batch in between never arrived; nothing written so the agent resends from lastSeq + 1. */
  | { outcome: 'gap'; lastSeq: number }
  /** The credential was revoked (on this or another hub process) while the connection was open: nothing written. */
  | { outcome: 'revoked' };

export type SkipResult = { outcome: 'skipped'; lastSeq: number } | Exclude<PersistResult, { outcome: 'written' }>;

/** What the cluster may report on: its current and previous assignment's Kustomizations and sources. */
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

  async persist(clusterId: string, credentialId: string, seq: number, batch: ReportBatch): Promise<PersistResult> {
    return this.db.$transaction(async (tx) => {
      const check = await this.checkSequence(tx, clusterId, credentialId, seq);
      if (!check.ok) return check.result;
      const placed = await this.placed(tx, clusterId);
      const { rows, refused } = keepPlaced(batch, placed);
      const kustomizationIds = rows.rows.length > 0 ? await this.write(tx, clusterId, rows) : [];
      await tx.$executeRaw`UPDATE agent_report_sequences SET last_seq = ${BigInt(seq)} WHERE credential_id = ${credentialId}`;
      const eventsWritten = rows.kind === 'events' ? rows.rows.length : 0;
      return { outcome: 'written', lastSeq: seq, kustomizationIds, eventsWritten, refused };
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

  private async write(tx: Tx, clusterId: string, batch: ReportBatch): Promise<string[]> {
    const json = JSON.stringify(batch.rows);
    switch (batch.kind) {
      case 'status': {
        // Reports for Kustomizations the hub no longer has (deleted meanwhile) match no row and are dropped.
        const rows = await tx.$queryRaw<{ kustomization_id: string }[]>`
          INSERT INTO kustomization_cluster_statuses AS s
                 (kustomization_id, cluster_id, conditions, last_applied_revision, last_attempted_revision,
                  observed_generation, last_handled_reconcile_at, updated_at)
          SELECT k.id, ${clusterId}, x.conditions, x."lastAppliedRevision", x."lastAttemptedRevision",
                 x."observedGeneration", x."lastHandledReconcileAt", now()
            FROM jsonb_to_recordset(${json}::jsonb) AS x(namespace text, name text, conditions jsonb, "lastAppliedRevision" text,
                 "lastAttemptedRevision" text, "observedGeneration" int, "lastHandledReconcileAt" text)
            JOIN kustomizations k ON k.namespace = x.namespace AND k.name = x.name
          ON CONFLICT (kustomization_id, cluster_id) DO UPDATE
             SET conditions = EXCLUDED.conditions, last_applied_revision = EXCLUDED.last_applied_revision,
                 last_attempted_revision = EXCLUDED.last_attempted_revision, observed_generation = EXCLUDED.observed_generation,
                 last_handled_reconcile_at = EXCLUDED.last_handled_reconcile_at, updated_at = now()
          RETURNING s.kustomization_id`;
        return rows.map((r) => r.kustomization_id);
      }
      case 'inventory': {
        const rows = await tx.$queryRaw<{ kustomization_id: string }[]>`
          INSERT INTO kustomization_cluster_statuses AS s (kustomization_id, cluster_id, inventory, updated_at)
          SELECT k.id, ${clusterId}, x.inventory, now()
            FROM jsonb_to_recordset(${json}::jsonb) AS x(namespace text, name text, inventory jsonb)
            JOIN kustomizations k ON k.namespace = x.namespace AND k.name = x.name
          ON CONFLICT (kustomization_id, cluster_id) DO UPDATE SET inventory = EXCLUDED.inventory, updated_at = now()
          RETURNING s.kustomization_id`;
        return rows.map((r) => r.kustomization_id);
      }
      case 'events': {
        await tx.$executeRaw`
          INSERT INTO cluster_events (cluster_id, involved_kind, involved_namespace, involved_name, severity, reason, message, revision, occurred_at)
          SELECT ${clusterId}, x.kind, x.namespace, x.name, x.severity, x.reason, x.message, x.revision, x."occurredAt"
            FROM jsonb_to_recordset(${json}::jsonb) AS x(kind text, namespace text, name text, severity text, reason text,
                 message text, revision text, "occurredAt" timestamptz)`;
        return [];
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

/**
 * Splits a batch into the rows of objects placed on the cluster and the refused rest. Statuses and inventories
 * are about Kustomizations; an event is accepted when its involved object is a placed Kustomization or source.
 */
function keepPlaced(batch: ReportBatch, placed: Placed): { rows: ReportBatch; refused: RefusedItem[] } {
  const refused: RefusedItem[] = [];
  const keep = <T>(rows: T[], ref: (row: T) => RefusedItem, allowed: (row: T) => boolean): T[] =>
    rows.filter((row) => {
      if (allowed(row)) return true;
      refused.push(ref(row));
      return false;
    });
  switch (batch.kind) {
    case 'status':
    case 'inventory': {
      const isPlaced = (r: { namespace: string; name: string }): boolean => placed.kustomizations.has(placedKey(r.namespace, r.name));
      const ref = (r: { namespace: string; name: string }): RefusedItem => ({ kind: 'Kustomization', namespace: r.namespace, name: r.name });
      return batch.kind === 'status'
        ? { rows: { kind: 'status', rows: keep(batch.rows, ref, isPlaced) }, refused }
        : { rows: { kind: 'inventory', rows: keep(batch.rows, ref, isPlaced) }, refused };
    }
    case 'events': {
      const isPlaced = (e: EventRow): boolean =>
        e.kind === 'Kustomization' ? placed.kustomizations.has(placedKey(e.namespace, e.name)) : placed.sources.has(placedKey(e.namespace, e.name));
      return { rows: { kind: 'events', rows: keep(batch.rows, (e) => ({ kind: e.kind, namespace: e.namespace, name: e.name }), isPlaced) }, refused };
    }
  }
}
