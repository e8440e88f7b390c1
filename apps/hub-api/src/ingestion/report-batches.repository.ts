import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import { deleteInChunks } from '../db/delete-in-chunks.js';
import { inTransaction, sql } from '../db/pg-transaction.js';
import { INGESTION_DB, PRISMA, type Db, type IngestionDb } from '../db/prisma.service.js';
import { objectKey } from './report-rows.js';
import { admissionLookups, admit, nothingPlaced, placedKey, type Placed, type RefusedItem, type ReportBatch } from './report-admission.js';
import { writeBatches } from './report-writes.js';

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

/** A batch of one agent, as the gateway handed it over. */
export interface AgentBatch {
  clusterId: string;
  credentialId: string;
  seq: number;
  batch: ReportBatch;
}

type Tx = pg.PoolClient;
type SequenceCheck = { ok: true } | { ok: false; result: Exclude<PersistResult, { outcome: 'written' }> };

/**
 * Writes report batches exactly once. Batches and their agents' sequence numbers are written in one transaction
 * with the sequence rows locked, so a batch is either fully persisted with its seq or not at all, and two
 * deliveries of the same seq (even on two hub replicas) write once. Many agents' batches share the transaction
 * (`persistMany`): each statement covers all of them, so the round trips per transaction do not grow with the
 * number of batches; if any statement fails, none of them is written.
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
  constructor(
    @Inject(PRISMA) private readonly db: Db,
    @Inject(INGESTION_DB) private readonly pool: IngestionDb,
  ) {}

  /**
   * The credential's stored seq, creating its counter row (at 0) when the credential is live and has none: done
   * at hello, in the one statement that reads the counter, so an agent's first batch finds its row and its
   * transaction needs no second claim. The claim still creates a missing row (a batch racing a revocation, a row
   * removed meanwhile); the row alone moves nothing.
   */
  async openSequence(credentialId: string): Promise<number> {
    const rows = await this.db.$queryRaw<{ last_seq: bigint }[]>`
      WITH created AS (
        INSERT INTO agent_report_sequences (credential_id, cluster_id, last_seq)
        SELECT c.id, c.cluster_id, 0 FROM cluster_credentials c WHERE c.id = ${credentialId} AND c.revoked_at IS NULL
        ON CONFLICT (credential_id) DO NOTHING
        RETURNING last_seq
      )
      SELECT last_seq FROM created UNION ALL SELECT last_seq FROM agent_report_sequences WHERE credential_id = ${credentialId}`;
    return Number(rows[0]?.last_seq ?? 0n);
  }

  /**
   * Persists batches of different clusters (at most one each) in one transaction; one result per batch, in
   * order. `clusterObjectLimit` bounds the objects of origin `cluster` the hub keeps per cluster: an item for an
   * object not held yet is refused once the cluster holds that many (updates and deletions of held ones pass).
   */
  async persistMany(batches: readonly AgentBatch[], clusterObjectLimit: number): Promise<PersistResult[]> {
    if (new Set(batches.map((b) => b.clusterId)).size !== batches.length) throw new Error('persistMany: at most one batch per cluster');
    return inTransaction(this.pool, async (tx) => {
      const { checks, placed } = await this.claimSequences(tx, batches);
      const go = batches.filter((_, i) => checks[i]!.ok);
      const admitted = await this.admitAll(tx, go, placed, clusterObjectLimit);
      const written = await writeBatches(
        tx,
        go.map((b, i) => ({ clusterId: b.clusterId, batch: admitted[i]!.rows })),
      );
      const limited = go.flatMap((b, i) => {
        const n = admitted[i]!.refused.filter((r) => r.code === 'OBJECT_LIMIT_EXCEEDED').length;
        return n > 0 ? [{ cluster_id: b.clusterId, message: `${n} Flux object(s) of report batch ${b.seq} were not stored: the hub keeps at most ${clusterObjectLimit} objects found in one cluster` }] : [];
      });
      if (limited.length > 0) {
        await tx.query(sql`
          INSERT INTO cluster_events (cluster_id, involved_kind, involved_namespace, involved_name, severity, reason, message, occurred_at)
          SELECT c.id, 'Cluster', NULL, c.name, 'error', 'FluxObjectLimitReached', x.message, now()
            FROM jsonb_to_recordset(${JSON.stringify(limited)}::jsonb) AS x(cluster_id text, message text) JOIN clusters c ON c.id = x.cluster_id`);
      }
      const limitedIn = new Set(limited.map((l) => l.cluster_id));
      let k = 0;
      return batches.map((b, i): PersistResult => {
        const check = checks[i]!;
        if (!check.ok) return check.result;
        const { rows, refused } = admitted[k++]!;
        const eventsWritten = (rows.kind === 'events' ? rows.rows.length : 0) + (limitedIn.has(b.clusterId) ? 1 : 0);
        return { outcome: 'written', lastSeq: b.seq, ...written.get(b.clusterId)!, eventsWritten, refused };
      });
    });
  }

  /**
   * Consumes `seq` without writing the batch (Postgres refused its data), and records why as an error event of the
   * cluster, so the loss is visible in its feed. Checked like `persistMany`: only the next seq of a live credential.
   */
  async skip(clusterId: string, credentialId: string, seq: number, kind: ReportBatch['kind'], reason: string, at: Date): Promise<SkipResult> {
    return inTransaction(this.pool, async (tx) => {
      const {
        checks: [check],
      } = await this.claimSequences(tx, [{ clusterId, credentialId, seq }]);
      if (!check!.ok) return check!.result;
      const message = `the hub could not store report batch ${seq} (${kind}) and skipped it: ${reason}`;
      await tx.query(sql`
        INSERT INTO cluster_events (cluster_id, involved_kind, involved_namespace, involved_name, severity, reason, message, occurred_at)
        SELECT ${clusterId}, 'Cluster', NULL, c.name, 'error', 'ReportRejected', ${message}, ${at}::timestamptz FROM clusters c WHERE c.id = ${clusterId}`);
      return { outcome: 'skipped', lastSeq: seq };
    });
  }

  /**
   * Checks each batch's seq against its credential's counter and moves the counter to it where it is the next
   * one, and reads what the hub placed on each cluster: one statement for any number of agents (a transaction
   * pays per round trip, and on a loaded machine a round trip costs more than the rows). The credential rows are
   * share-locked (a revocation, an UPDATE of the row, waits for the batch, and a batch after it sees revoked_at)
   * and the sequence rows locked for update, both in credential order so concurrent transactions never wait on
   * each other in a cycle. Moving the counter before the rows are written is safe: both commit or neither.
   * A credential's first batch finds no counter row; those rows are created (a second statement, once per
   * credential) and the claim repeated for them.
   */
  private async claimSequences(tx: Tx, batches: readonly Omit<AgentBatch, 'batch'>[]): Promise<{ checks: SequenceCheck[]; placed: Map<string, Placed> }> {
    const stored = await this.claim(tx, batches);
    const missing = batches.filter((b) => !stored.has(b.credentialId));
    if (missing.length > 0) {
      await tx.query(sql`
        INSERT INTO agent_report_sequences (credential_id, cluster_id, last_seq)
        SELECT c.id, c.cluster_id, 0
          FROM jsonb_to_recordset(${JSON.stringify(missing.map((b) => ({ credential_id: b.credentialId, cluster_id: b.clusterId })))}::jsonb) AS x(credential_id text, cluster_id text)
          JOIN cluster_credentials c ON c.id = x.credential_id AND c.cluster_id = x.cluster_id
         WHERE c.revoked_at IS NULL
         ORDER BY c.id
        ON CONFLICT (credential_id) DO NOTHING`);
      for (const [id, row] of await this.claim(tx, missing)) stored.set(id, row);
    }
    const placed = new Map<string, Placed>();
    const checks = batches.map((b): SequenceCheck => {
      const row = stored.get(b.credentialId);
      if (row === undefined) return { ok: false, result: { outcome: 'revoked' } };
      if (b.seq <= row.lastSeq) return { ok: false, result: { outcome: 'duplicate', lastSeq: row.lastSeq } };
      if (b.seq > row.lastSeq + 1) return { ok: false, result: { outcome: 'gap', lastSeq: row.lastSeq } };
      placed.set(b.clusterId, row.placed);
      return { ok: true };
    });
    return { checks, placed };
  }

  /**
   * The claim itself: per live credential with a counter row, the counter before this statement, and the
   * cluster's placed Kustomizations, HelmReleases and sources. The hub's previous assignment counts too: an agent reports on a
   * Kustomization it just stopped running (its final prune and inventory) after the hub already replaced the
   * document.
   */
  private async claim(tx: Tx, batches: readonly Omit<AgentBatch, 'batch'>[]): Promise<Map<string, { lastSeq: number; placed: Placed }>> {
    // Arrays, not a JSON document: Postgres sizes `unnest` of an array by its length, so a claim of a few batches
    // looks each credential up by key instead of hash-joining all of them (as `jsonb_to_recordset`'s fixed
    // estimate of 100 rows made it do).
    const { rows } = await tx.query<{ credential_id: string; last_seq: string; placed: [list: string, namespace: string | null, name: string | null][] }>(sql`
      WITH live AS (
        SELECT c.id, c.cluster_id, x.seq, s.last_seq
          FROM unnest(${batches.map((b) => b.credentialId)}::text[], ${batches.map((b) => b.clusterId)}::text[], ${batches.map((b) => b.seq)}::bigint[])
               AS x(credential_id, cluster_id, seq)
          JOIN cluster_credentials c ON c.id = x.credential_id AND c.cluster_id = x.cluster_id
          JOIN agent_report_sequences s ON s.credential_id = c.id
         WHERE c.revoked_at IS NULL
         ORDER BY c.id
           FOR SHARE OF c
           FOR UPDATE OF s
      ), moved AS (
        UPDATE agent_report_sequences s SET last_seq = live.seq
          FROM live
         WHERE s.credential_id = live.id AND live.seq = live.last_seq + 1
      )
      SELECT live.id AS credential_id, live.last_seq,
             (SELECT COALESCE(jsonb_agg(jsonb_build_array(e.list, e.item ->> 'namespace', e.item ->> 'name')), '[]'::jsonb)
                FROM cluster_assignments a,
                     LATERAL (SELECT 'kustomizations' AS list, x AS item
                                FROM jsonb_array_elements(COALESCE(a.document -> 'kustomizations', '[]') || COALESCE(a.previous_document -> 'kustomizations', '[]')) AS x
                              UNION ALL
                              SELECT 'helmReleases', x
                                FROM jsonb_array_elements(COALESCE(a.document -> 'helmReleases', '[]') || COALESCE(a.previous_document -> 'helmReleases', '[]')) AS x
                              UNION ALL
                              SELECT 'sources', x
                                FROM jsonb_array_elements(COALESCE(a.document -> 'sources', '[]') || COALESCE(a.previous_document -> 'sources', '[]')) AS x) AS e
               WHERE a.cluster_id = live.cluster_id) AS placed
        FROM live`);
    return new Map(
      rows.map((r) => {
        const placed = nothingPlaced();
        for (const [list, namespace, name] of r.placed) if (name !== null) (list === 'sources' ? placed.sources : list === 'helmReleases' ? placed.helmReleases : placed.kustomizations).add(placedKey(namespace, name));
        return [r.credential_id, { lastSeq: Number(r.last_seq), placed }];
      }),
    );
  }

  /** Admits each batch (`admit`), with one read of held objects and one count for all of them. */
  private async admitAll(tx: Tx, batches: readonly AgentBatch[], placed: Map<string, Placed>, limit: number): Promise<ReturnType<typeof admit>[]> {
    const lookups = batches.map((b) => admissionLookups(b.batch, placed.get(b.clusterId)!));
    const probe = batches.flatMap((b, i) => lookups[i]!.objects.map((o) => ({ cluster_id: b.clusterId, kind: o.kind, namespace: o.namespace ?? '', name: o.name })));
    const counted = batches.filter((_, i) => lookups[i]!.needsCount).map((b) => b.clusterId);
    const held = new Map<string, Set<string>>(batches.map((b) => [b.clusterId, new Set()]));
    if (probe.length > 0) {
      const { rows } = await tx.query<{ cluster_id: string; kind: string; namespace: string; name: string }>(sql`
        SELECT f.cluster_id, f.kind, f.namespace, f.name
          FROM flux_objects f
          JOIN jsonb_to_recordset(${JSON.stringify(probe)}::jsonb) AS x(cluster_id text, kind text, namespace text, name text)
            ON f.cluster_id = x.cluster_id AND f.kind = x.kind AND f.namespace = x.namespace AND f.name = x.name
         WHERE f.origin = 'cluster'`);
      for (const r of rows) held.get(r.cluster_id)?.add(objectKey(r));
    }
    const counts = new Map<string, number>();
    if (counted.length > 0) {
      const { rows } = await tx.query<{ cluster_id: string; n: number }>(sql`
        SELECT cluster_id, count(*)::int AS n FROM flux_objects
         WHERE cluster_id IN (SELECT jsonb_array_elements_text(${JSON.stringify(counted)}::jsonb)) AND origin = 'cluster'
         GROUP BY cluster_id`);
      for (const r of rows) counts.set(r.cluster_id, r.n);
    }
    return batches.map((b) => admit(b.batch, placed.get(b.clusterId)!, held.get(b.clusterId)!, counts.get(b.clusterId) ?? 0, limit));
  }

  /** Deletes events older than the cutoff, in chunks so a large backlog never holds a long lock. */
  deleteEventsBefore(cutoff: Date): Promise<number> {
    return deleteInChunks(
      (limit) => this.db.$executeRaw`
        DELETE FROM cluster_events WHERE id IN (SELECT id FROM cluster_events WHERE occurred_at < ${cutoff} LIMIT ${limit})`,
    );
  }
}
