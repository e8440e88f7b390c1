import { Inject, Injectable } from '@nestjs/common';
import type { Prisma } from '@flotilla/prisma/client';
import { PRISMA, type Db } from '../db/prisma.service.js';
import type { EventRow, InventoryRow, StatusRow } from './report-rows.js';

export type ReportBatch = { kind: 'status'; rows: StatusRow[] } | { kind: 'inventory'; rows: InventoryRow[] } | { kind: 'events'; rows: EventRow[] };

export type PersistResult =
  /** Written; `kustomizationIds` are the Kustomizations whose status or inventory changed. */
  | { outcome: 'written'; lastSeq: number; kustomizationIds: string[] }
  /** seq ≤ the stored one: persisted before (a resend after a lost ack, a reconnect, a hub restart). */
  | { outcome: 'duplicate'; lastSeq: number }
  /** seq > stored + 1: a batch in between never arrived; nothing written so the agent resends from lastSeq + 1. */
  | { outcome: 'gap'; lastSeq: number };

type Tx = Prisma.TransactionClient;

/**
 * Writes report batches exactly once. The batch and the agent's sequence number are written in one transaction
 * with the sequence row locked, so a batch is either fully persisted with its seq or not at all, and two
 * deliveries of the same seq (even on two hub replicas) write once.
 */
@Injectable()
export class ReportBatchesRepository {
  constructor(@Inject(PRISMA) private readonly db: Db) {}

  async lastSeq(clusterId: string): Promise<number> {
    const row = await this.db.agentReportSequence.findUnique({ where: { clusterId }, select: { lastSeq: true } });
    return Number(row?.lastSeq ?? 0n);
  }

  async persist(clusterId: string, seq: number, batch: ReportBatch): Promise<PersistResult> {
    return this.db.$transaction(async (tx) => {
      await tx.$executeRaw`INSERT INTO agent_report_sequences (cluster_id, last_seq) VALUES (${clusterId}, 0) ON CONFLICT (cluster_id) DO NOTHING`;
      const [row] = await tx.$queryRaw<{ last_seq: bigint }[]>`SELECT last_seq FROM agent_report_sequences WHERE cluster_id = ${clusterId} FOR UPDATE`;
      const last = Number(row!.last_seq);
      if (seq <= last) return { outcome: 'duplicate', lastSeq: last };
      if (seq > last + 1) return { outcome: 'gap', lastSeq: last };
      const kustomizationIds = await this.write(tx, clusterId, batch);
      await tx.$executeRaw`UPDATE agent_report_sequences SET last_seq = ${BigInt(seq)} WHERE cluster_id = ${clusterId}`;
      return { outcome: 'written', lastSeq: seq, kustomizationIds };
    });
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
  async deleteEventsBefore(cutoff: Date, chunk = 10_000): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.db.$executeRaw`
        DELETE FROM cluster_events WHERE id IN (SELECT id FROM cluster_events WHERE occurred_at < ${cutoff} LIMIT ${chunk})`;
      total += n;
      if (n < chunk) return total;
    }
  }
}
