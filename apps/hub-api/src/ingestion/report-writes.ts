import type pg from 'pg';
import { sql } from '../db/pg-transaction.js';
import type { ReportBatch } from './report-admission.js';
import type { EventRow, StatusRow } from './report-rows.js';

// The admitted rows of many clusters' report batches → Postgres, one statement per table and kind of write
// whatever the number of batches (each row carries its cluster). The statement-level triggers on flux_objects
// then recompute each touched cluster's figures once per statement.

type Tx = pg.PoolClient;
type Changed = { cluster_id: string; kustomization_id: string | null }[];

/** What a cluster's batch changed: the hub Kustomizations whose status or inventory changed, any Flux object row. */
export interface WriteOutcome {
  kustomizationIds: string[];
  objectsChanged: boolean;
}

/** One admitted batch per cluster (never two batches of one cluster in one call: one statement cannot update a row twice). */
export async function writeBatches(tx: Tx, batches: readonly { clusterId: string; batch: ReportBatch }[]): Promise<Map<string, WriteOutcome>> {
  const outcome = new Map<string, WriteOutcome>(batches.map((b) => [b.clusterId, { kustomizationIds: [], objectsChanged: false }]));
  const record = (rows: Changed): void => {
    for (const r of rows) {
      const o = outcome.get(r.cluster_id);
      if (!o) continue;
      o.objectsChanged = true;
      if (r.kustomization_id) o.kustomizationIds.push(r.kustomization_id);
    }
  };
  const gone: unknown[] = [];
  const upserts: unknown[] = [];
  const inventory: unknown[] = [];
  const events = eventColumns();
  const completed: { cluster_id: string; snapshot_id: string }[] = [];
  for (const { clusterId: cluster_id, batch } of batches) {
    if (batch.kind === 'status') {
      // A snapshot's batch marks the cluster's rows it names; any other report leaves the mark as it was.
      const snapshot_id = batch.snapshot?.id ?? null;
      for (const r of batch.rows) {
        if (r.deleted) gone.push({ cluster_id, kind: r.kind, namespace: r.namespace, name: r.name, origin: r.origin });
        else upserts.push(upsertRecord(cluster_id, snapshot_id, r));
      }
      if (batch.snapshot?.complete) completed.push({ cluster_id, snapshot_id: batch.snapshot.id });
    } else if (batch.kind === 'inventory') for (const r of batch.rows) inventory.push({ cluster_id, kind: r.kind, namespace: r.namespace, name: r.name, origin: r.origin, inventory: r.inventory });
    else for (const r of batch.rows) events.add(cluster_id, r);
  }
  if (gone.length > 0) {
    // An object the agent says is gone: only the row of the origin it names.
    record(
      (await tx.query<Changed[number]>(sql`
        DELETE FROM flux_objects f USING jsonb_to_recordset(${JSON.stringify(gone)}::jsonb) AS x(cluster_id text, kind text, namespace text, name text, origin text)
         WHERE f.cluster_id = x.cluster_id AND f.kind = x.kind AND f.namespace = x.namespace AND f.name = x.name AND f.origin = x.origin
        RETURNING f.cluster_id, f.kustomization_id`)).rows,
    );
  }
  if (upserts.length > 0) {
    // A placed Kustomization's or HelmRelease's row links its hub row (reports for one the hub deleted meanwhile match none and
    // are dropped); an agent that does not say whether it is suspended gets the hub's spec.suspend. A cluster
    // row never replaces a hub row; a hub row replaces a cluster row of the same name (the hub placed it since).
    record(
      (await tx.query<Changed[number]>(sql`
        INSERT INTO flux_objects AS f
               (cluster_id, kind, namespace, name, origin, kustomization_id, helm_release_id, parent_namespace, parent_name, labels, ready, ready_reason,
                ready_message, state, revision, last_applied_revision, last_attempted_revision, observed_generation,
                last_handled_reconcile_at, suspended, conditions, helm, snapshot_id, updated_at)
        SELECT x.cluster_id, x.kind, x.namespace, x.name, x.origin, k.id, h.id, x."parentNamespace", x."parentName", x.labels, x.ready, x."readyReason",
               x."readyMessage",
               CASE WHEN COALESCE(x.suspended, (k.spec ->> 'suspend') = 'true', false) THEN 'suspended' ELSE x.state END,
               x.revision, x."lastAppliedRevision", x."lastAttemptedRevision", x."observedGeneration", x."lastHandledReconcileAt",
               COALESCE(x.suspended, (k.spec ->> 'suspend') = 'true', false), x.conditions, x.helm,
               CASE WHEN x.origin = 'cluster' THEN x.snapshot_id END, now()
          FROM jsonb_to_recordset(${JSON.stringify(upserts)}::jsonb) AS x(cluster_id text, kind text, namespace text, name text, origin text,
               "parentNamespace" text, "parentName" text, labels jsonb, ready text, "readyReason" text, "readyMessage" text, state text,
               revision text, "lastAppliedRevision" text, "lastAttemptedRevision" text, "observedGeneration" int, "lastHandledReconcileAt" text,
               suspended boolean, conditions jsonb, helm jsonb, snapshot_id text)
          LEFT JOIN kustomizations k ON x.origin = 'hub' AND x.kind = 'Kustomization' AND k.namespace = x.namespace AND k.name = x.name
          LEFT JOIN helm_releases h ON x.origin = 'hub' AND x.kind = 'HelmRelease' AND h.namespace = x.namespace AND h.name = x.name
         WHERE x.origin = 'cluster' OR k.id IS NOT NULL OR h.id IS NOT NULL
        ON CONFLICT (cluster_id, kind, namespace, name) DO UPDATE
           SET origin = EXCLUDED.origin, kustomization_id = EXCLUDED.kustomization_id, helm_release_id = EXCLUDED.helm_release_id,
               helm = EXCLUDED.helm, parent_namespace = EXCLUDED.parent_namespace,
               parent_name = EXCLUDED.parent_name, labels = COALESCE(EXCLUDED.labels, f.labels), ready = EXCLUDED.ready,
               ready_reason = EXCLUDED.ready_reason,
               ready_message = EXCLUDED.ready_message, state = EXCLUDED.state, revision = EXCLUDED.revision,
               last_applied_revision = EXCLUDED.last_applied_revision, last_attempted_revision = EXCLUDED.last_attempted_revision,
               observed_generation = EXCLUDED.observed_generation, last_handled_reconcile_at = EXCLUDED.last_handled_reconcile_at,
               suspended = EXCLUDED.suspended, conditions = EXCLUDED.conditions,
               snapshot_id = CASE WHEN EXCLUDED.origin = 'cluster' THEN COALESCE(EXCLUDED.snapshot_id, f.snapshot_id) END, updated_at = now()
         WHERE f.origin = EXCLUDED.origin OR EXCLUDED.origin = 'hub'
        RETURNING f.cluster_id, f.kustomization_id`)).rows,
    );
  }
  // Every object of the cluster that a completed snapshot named carries its id now (the upsert above ran first):
  // the rest were deleted while no hub heard of it. Rows the hub placed are never the agent's to forget.
  if (completed.length > 0) {
    record(
      (await tx.query<Changed[number]>(sql`
        DELETE FROM flux_objects f USING jsonb_to_recordset(${JSON.stringify(completed)}::jsonb) AS x(cluster_id text, snapshot_id text)
         WHERE f.cluster_id = x.cluster_id AND f.origin = 'cluster' AND f.snapshot_id IS DISTINCT FROM x.snapshot_id
        RETURNING f.cluster_id, f.kustomization_id`)).rows,
    );
  }

  if (inventory.length > 0) {
    record(
      (await tx.query<Changed[number]>(sql`
        INSERT INTO flux_objects AS f (cluster_id, kind, namespace, name, origin, kustomization_id, helm_release_id, inventory, updated_at)
        SELECT x.cluster_id, x.kind, x.namespace, x.name, x.origin, k.id, h.id, x.inventory, now()
          FROM jsonb_to_recordset(${JSON.stringify(inventory)}::jsonb) AS x(cluster_id text, kind text, namespace text, name text, origin text, inventory jsonb)
          LEFT JOIN kustomizations k ON x.origin = 'hub' AND x.kind = 'Kustomization' AND k.namespace = x.namespace AND k.name = x.name
          LEFT JOIN helm_releases h ON x.origin = 'hub' AND x.kind = 'HelmRelease' AND h.namespace = x.namespace AND h.name = x.name
         WHERE x.origin = 'cluster' OR k.id IS NOT NULL OR h.id IS NOT NULL
        ON CONFLICT (cluster_id, kind, namespace, name) DO UPDATE
           SET origin = EXCLUDED.origin, kustomization_id = EXCLUDED.kustomization_id, helm_release_id = EXCLUDED.helm_release_id, inventory = EXCLUDED.inventory, updated_at = now()
         WHERE f.origin = EXCLUDED.origin OR EXCLUDED.origin = 'hub'
        RETURNING f.cluster_id, f.kustomization_id`)).rows,
    );
  }

  // Events keep their order: a batch's in the order the agent sent them, and the batches in the order given
  // (one agent's later batch is never in the same call, it waits for this one's ack). One array per column, not
  // one JSON document: Postgres then parses no JSON per row (the JSON scan was about a sixth of this statement).
  if (events.clusterId.length > 0) {
    await tx.query(sql`
      INSERT INTO cluster_events (cluster_id, involved_kind, involved_namespace, involved_name, severity, reason, message, revision, occurred_at)
      SELECT * FROM unnest(${events.clusterId}::text[], ${events.kind}::text[], ${events.namespace}::text[], ${events.name}::text[],
                           ${events.severity}::text[], ${events.reason}::text[], ${events.message}::text[], ${events.revision}::text[],
                           ${events.occurredAt}::timestamptz[])`);
  }
  return outcome;
}

/**
 * A status row as the upsert's `jsonb_to_recordset` reads it: one literal naming each column (a row spread into a
 * new object with two more properties costs many times as much to build, see `statusRows`).
 */
function upsertRecord(cluster_id: string, snapshot_id: string | null, r: StatusRow) {
  return {
    cluster_id,
    kind: r.kind,
    namespace: r.namespace,
    name: r.name,
    origin: r.origin,
    parentNamespace: r.parentNamespace,
    parentName: r.parentName,
    labels: r.labels,
    ready: r.ready,
    readyReason: r.readyReason,
    readyMessage: r.readyMessage,
    state: r.state,
    revision: r.revision,
    lastAppliedRevision: r.lastAppliedRevision,
    lastAttemptedRevision: r.lastAttemptedRevision,
    observedGeneration: r.observedGeneration,
    lastHandledReconcileAt: r.lastHandledReconcileAt,
    suspended: r.suspended,
    conditions: r.conditions,
    helm: r.helm,
    snapshot_id,
  };
}

/** The events of many batches as one array per column, filled row by row (no object per event in between). */
function eventColumns() {
  const columns = { clusterId: [] as string[], kind: [] as string[], namespace: [] as (string | null)[], name: [] as string[], severity: [] as string[], reason: [] as string[], message: [] as string[], revision: [] as (string | null)[], occurredAt: [] as string[] };
  return {
    ...columns,
    add(clusterId: string, r: EventRow): void {
      columns.clusterId.push(clusterId);
      columns.kind.push(r.kind);
      columns.namespace.push(r.namespace);
      columns.name.push(r.name);
      columns.severity.push(r.severity);
      columns.reason.push(r.reason);
      columns.message.push(r.message);
      columns.revision.push(r.revision);
      columns.occurredAt.push(r.occurredAt);
    },
  };
}
