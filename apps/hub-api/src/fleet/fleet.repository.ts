import { Inject, Injectable } from '@nestjs/common';
import { Prisma } from '@flotilla/prisma/client';
import type { LabelSelector } from '@flotilla/reconcile-core';
import type { Scope } from '../auth/access.js';
import { requirementSql } from '../clusters/clusters.repository.js';
import { PRISMA, type Db } from '../db/prisma.service.js';
import type { FleetHealth } from './fleet-health.js';

// Every read of the fleet dashboard is one SQL statement that aggregates in Postgres: at 10,000 clusters and
// 200,000 objects nothing may load the rows into the hub to count them. `health` is a column Postgres computes
// from the stored state and conditions (see the fleet_dashboard migration).

/** Objects within a scope (the caller's): on its clusters, in its namespaces where a rule names some. */
export function scopeSql(scope: Scope, cluster: string, namespace: string): Prisma.Sql {
  if (scope.all) return Prisma.sql`TRUE`;
  const rules = scope.rules
    .filter((r) => r.clusterIds.length > 0)
    .map((r) =>
      r.namespaces.length
        ? Prisma.sql`(${Prisma.raw(cluster)} = ANY(${[...r.clusterIds]}::text[]) AND ${Prisma.raw(namespace)} = ANY(${[...r.namespaces]}::text[]))`
        : Prisma.sql`${Prisma.raw(cluster)} = ANY(${[...r.clusterIds]}::text[])`,
    );
  return rules.length ? Prisma.sql`(${Prisma.join(rules, ' OR ')})` : Prisma.sql`FALSE`;
}

/** Clusters a scope reaches at all (any rule names them). */
export function clusterScopeSql(scope: Scope, cluster: string): Prisma.Sql {
  if (scope.all) return Prisma.sql`TRUE`;
  const ids = [...new Set(scope.rules.flatMap((r) => r.clusterIds))];
  return Prisma.sql`${Prisma.raw(cluster)} = ANY(${ids}::text[])`;
}

/**
 * Whether the scope sees every object of each cluster it reaches (no rule limited to some namespaces): then the
 * per-cluster figures Postgres keeps in fleet_cluster_health are the caller's own.
 */
const wholeClusters = (scope: Scope): boolean =>
  scope.all || scope.rules.every((r) => r.namespaces.length === 0);

/** Matches the clusters' labels; every query here joins clusters as `c` (flux_objects has labels of its own). */
export const selectorSql = (selector: LabelSelector): Prisma.Sql =>
  selector.length
    ? Prisma.join(
        selector.map((r) => requirementSql(r, 'c.labels')),
        ' AND ',
      )
    : Prisma.sql`TRUE`;

const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);
const containsPattern = (text: string): string => `%${escapeLike(text)}%`;

const SEARCH_CANDIDATES = 1_000;

/** Worst first: what the cluster table's "worst" column and the needs-attention order rank by. */
const HEALTH_RANK = Prisma.sql`CASE health WHEN 'stalled' THEN 0 WHEN 'failing' THEN 1 WHEN 'progressing' THEN 2 WHEN 'suspended' THEN 3 ELSE 4 END`;
const RANKED_HEALTH = ['stalled', 'failing', 'progressing', 'suspended', 'ready'] as const;

export interface HealthCounts {
  ready: number;
  progressing: number;
  failing: number;
  stalled: number;
  suspended: number;
}

export interface ClusterStateCounts {
  connected: number;
  disconnected: number;
  pending: number;
  revoked: number;
}

export interface AttentionRow {
  type: 'disconnected' | 'failing' | 'stalled';
  clusterId: string;
  clusterName: string;
  kind: string | null;
  namespace: string | null;
  name: string | null;
  reason: string | null;
  message: string | null;
  /** An object's Ready lastTransitionTime as reported (text), a cluster's last seen. */
  since: string | null;
}

export type ClusterSortField =
  'name' | 'ready' | 'total' | 'failing' | 'worst' | 'lastSeen' | 'revisions' | 'behind';

export interface ClusterTableQuery {
  scope: Scope;
  selector: LabelSelector;
  search?: string;
  /** Only clusters whose worst object has one of these healths ('none': no objects). */
  worst?: (FleetHealth | 'none')[];
  /** Only clusters whose worst object's Ready reason is one of these. */
  worstReasons?: string[];
  states?: string[];
  ids?: string[];
  /** Only clusters with objects that attempted a revision they have not applied. */
  behindOnly?: boolean;
  sort: ClusterSortField;
  descending: boolean;
  offset: number;
  limit: number;
}

export interface ClusterTableRow {
  id: string;
  name: string;
  labels: unknown;
  connectionState: string;
  lastSeenAt: Date | null;
  total: number;
  ready: number;
  failing: number;
  stalled: number;
  progressing: number;
  suspended: number;
  worst: FleetHealth | null;
}

export interface ClusterDetailRow {
  clusterId: string;
  worstReason: string | null;
  revisions: number;
  /** Objects whose last attempted revision is not the one they applied. */
  behind: number;
}

export interface EventQuery {
  scope: Scope;
  selector: LabelSelector;
  severities?: string[];
  kinds?: string[];
  clusterId?: string;
  after: { occurredAt: Date; id: bigint } | null;
  limit: number;
}

export interface EventRow {
  id: bigint;
  clusterId: string;
  clusterName: string;
  involvedKind: string;
  involvedNamespace: string | null;
  involvedName: string;
  severity: string;
  reason: string;
  message: string;
  revision: string | null;
  occurredAt: Date;
}

/** What fleet search matches Flux objects by: part of the name or namespace, or a selector over their labels. */
export type ObjectMatch = { text: string } | { labels: LabelSelector };

export interface ObjectHitRow {
  clusterId: string;
  clusterName: string;
  kind: string;
  namespace: string;
  name: string;
  health: FleetHealth;
  revision: string | null;
}

export interface InventoryHitRow {
  clusterId: string;
  clusterName: string;
  /** Empty for a cluster-scoped object. */
  namespace: string;
  name: string;
  group: string;
  kind: string;
  ownerKind: string;
  ownerNamespace: string;
  ownerName: string;
}

export interface ImageHitRow extends InventoryHitRow {
  image: string;
}

const SORT_SQL: Record<ClusterSortField, Prisma.Sql> = {
  name: Prisma.sql`name`,
  // Share of Ready objects; a cluster with none sorts as fully ready, after those with work to do.
  ready: Prisma.sql`(CASE WHEN total = 0 THEN 1 ELSE ready::float8 / total END)`,
  total: Prisma.sql`total`,
  failing: Prisma.sql`(failing + stalled)`,
  worst: Prisma.sql`worst_rank`,
  lastSeen: Prisma.sql`last_seen_at`,
  revisions: Prisma.sql`revisions`,
  behind: Prisma.sql`behind`,
};

/** A cluster's revision spread: distinct revisions its objects run, and objects behind the revision they attempted. */
const REVISION_COUNTS = Prisma.sql`count(DISTINCT revision)::int AS revisions,
  count(*) FILTER (WHERE last_attempted_revision IS NOT NULL AND last_applied_revision IS DISTINCT FROM last_attempted_revision)::int AS behind`;

/** The Ready reason of the worst object not Ready (newest first among equals), as fleet_cluster_health keeps it. */
const WORST_REASON = Prisma.sql`(array_agg(ready_reason ORDER BY ${HEALTH_RANK}, updated_at DESC)
  FILTER (WHERE health IN ('stalled', 'failing', 'progressing')))[1] AS worst_reason`;

/** Sorts and filters that need the revision columns, which the health index does not hold. */
const needsRevisions = (q: ClusterTableQuery): boolean =>
  q.sort === 'revisions' || q.sort === 'behind' || q.behindOnly === true;

@Injectable()
export class FleetRepository {
  constructor(@Inject(PRISMA) private readonly db: Db) {}

  async clusterStates(scope: Scope): Promise<ClusterStateCounts> {
    const rows = await this.db.$queryRaw<{ state: string; n: number }[]>`
      SELECT connection_state::text AS state, count(*)::int AS n FROM clusters WHERE ${clusterScopeSql(scope, 'id')} GROUP BY 1`;
    const n = (s: string): number => rows.find((r) => r.state === s)?.n ?? 0;
    return {
      connected: n('CONNECTED'),
      disconnected: n('DISCONNECTED'),
      pending: n('PENDING'),
      revoked: n('REVOKED'),
    };
  }

  async healthCounts(scope: Scope): Promise<HealthCounts> {
    const [row] = wholeClusters(scope)
      ? await this.db.$queryRaw<HealthCounts[]>`
      SELECT COALESCE(sum(ready), 0)::int AS ready, COALESCE(sum(progressing), 0)::int AS progressing,
             COALESCE(sum(failing), 0)::int AS failing, COALESCE(sum(stalled), 0)::int AS stalled,
             COALESCE(sum(suspended), 0)::int AS suspended
        FROM fleet_cluster_health WHERE ${clusterScopeSql(scope, 'cluster_id')}`
      : await this.db.$queryRaw<HealthCounts[]>`
      SELECT count(*) FILTER (WHERE health = 'ready')::int AS ready,
             count(*) FILTER (WHERE health = 'progressing')::int AS progressing,
             count(*) FILTER (WHERE health = 'failing')::int AS failing,
             count(*) FILTER (WHERE health = 'stalled')::int AS stalled,
             count(*) FILTER (WHERE health = 'suspended')::int AS suspended
        FROM flux_objects WHERE ${scopeSql(scope, 'cluster_id', 'namespace')}`;
    return row ?? { ready: 0, progressing: 0, failing: 0, stalled: 0, suspended: 0 };
  }

  /**
   * Disconnected agents (longest gone first), then stalled and failing objects (most recent failure first).
   * Sources that stalled are stalled objects of a source kind.
   */
  async attention(
    scope: Scope,
    offset: number,
    limit: number,
  ): Promise<{ rows: AttentionRow[]; total: number }> {
    const objectScope = scopeSql(scope, 'f.cluster_id', 'f.namespace');
    // Each half stops at the end of the page, the objects' in the order of their partial index; the counts are
    // separate statements over the same small sets, not a window over every failing object.
    const end = offset + limit;
    const [rows, counts] = await Promise.all([
      this.db.$queryRaw<AttentionRow[]>`
      WITH gone AS (
        SELECT 'disconnected' AS type, 0 AS rank, c.id AS "clusterId", c.name AS "clusterName", NULL::text AS kind, NULL::text AS namespace,
               NULL::text AS name, NULL::text AS reason, NULL::text AS message,
               to_char(c.last_seen_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS since
          FROM clusters c WHERE c.connection_state = 'DISCONNECTED' AND ${clusterScopeSql(scope, 'c.id')}
         ORDER BY c.last_seen_at ASC NULLS FIRST, c.name LIMIT ${end}
      ), failing AS (
        SELECT f.health AS type, CASE f.health WHEN 'stalled' THEN 1 ELSE 2 END AS rank, f.cluster_id AS "clusterId", f.kind,
               f.namespace, f.name, f.ready_reason AS reason, f.ready_message AS message, f.ready_since AS since
          FROM flux_objects f
         WHERE f.health IN ('failing', 'stalled') AND ${objectScope}
         ORDER BY CASE f.health WHEN 'stalled' THEN 1 ELSE 2 END, f.ready_since DESC NULLS LAST, f.kind, f.namespace, f.name, f.cluster_id
         LIMIT ${end}
      )
      SELECT type, "clusterId", "clusterName", kind, namespace, name, reason, message, since FROM (
        SELECT * FROM gone
        UNION ALL
        SELECT o.type, o.rank, o."clusterId", c.name, o.kind, o.namespace, o.name, o.reason, o.message, o.since
          FROM failing o JOIN clusters c ON c.id = o."clusterId"
      ) items
       ORDER BY rank, CASE WHEN rank = 0 THEN since END ASC NULLS FIRST, since DESC NULLS LAST,
                CASE WHEN rank = 0 THEN "clusterName" END, kind, namespace, name, "clusterId"
       LIMIT ${limit} OFFSET ${offset}`,
      this.db.$queryRaw<{ n: number }[]>`
      SELECT (SELECT count(*) FROM clusters c WHERE c.connection_state = 'DISCONNECTED' AND ${clusterScopeSql(scope, 'c.id')})::int
           + (SELECT count(*) FROM flux_objects f WHERE f.health IN ('failing', 'stalled') AND ${objectScope})::int AS n`,
    ]);
    return { rows, total: counts[0]?.n ?? 0 };
  }

  /**
   * The cluster table: clusters with the counts of their objects by health, filtered and sorted by any of them.
   * A caller who sees whole clusters reads the per-cluster figures Postgres keeps (fleet_cluster_health, one
   * row per cluster); one limited to some namespaces has them counted from the (cluster_id, health) index.
   */
  async clusterTable(q: ClusterTableQuery): Promise<{ rows: ClusterTableRow[]; total: number }> {
    const where: Prisma.Sql[] = [clusterScopeSql(q.scope, 'c.id'), selectorSql(q.selector)];
    if (q.search) where.push(Prisma.sql`c.name ILIKE ${containsPattern(q.search)}`);
    if (q.states?.length) where.push(Prisma.sql`c.connection_state::text = ANY(${q.states}::text[])`);
    if (q.ids) where.push(Prisma.sql`c.id = ANY(${q.ids}::text[])`);
    const outer: Prisma.Sql[] = [Prisma.sql`TRUE`];
    if (q.worst?.length) {
      const ranks = q.worst.map((w) => (w === 'none' ? 5 : RANKED_HEALTH.indexOf(w)));
      outer.push(Prisma.sql`worst_rank = ANY(${ranks}::int[])`);
    }
    if (q.worstReasons?.length) outer.push(Prisma.sql`worst_reason = ANY(${q.worstReasons}::text[])`);
    if (q.behindOnly) outer.push(Prisma.sql`behind > 0`);
    const direction = Prisma.raw(q.descending ? 'DESC NULLS LAST' : 'ASC NULLS LAST');
    const rows = await this.db.$queryRaw<(ClusterTableRow & { worst_rank: number; n: number })[]>`
      WITH counts AS (${this.countsSql(q)}), rows AS (
        SELECT c.id, c.name, c.labels, c.connection_state::text AS "connectionState", c.last_seen_at, c.last_seen_at AS "lastSeenAt",
               COALESCE(n.total, 0) AS total, COALESCE(n.ready, 0) AS ready, COALESCE(n.failing, 0) AS failing,
               COALESCE(n.stalled, 0) AS stalled, COALESCE(n.progressing, 0) AS progressing, COALESCE(n.suspended, 0) AS suspended,
               COALESCE(n.worst_rank, 5) AS worst_rank, n.worst_reason, COALESCE(n.revisions, 0) AS revisions, COALESCE(n.behind, 0) AS behind
          FROM clusters c LEFT JOIN counts n ON n.cluster_id = c.id
         WHERE ${Prisma.join(where, ' AND ')}
      )
      SELECT *, count(*) OVER ()::int AS n FROM rows WHERE ${Prisma.join(outer, ' AND ')}
       ORDER BY ${SORT_SQL[q.sort]} ${direction}, name ASC
       LIMIT ${q.limit} OFFSET ${q.offset}`;
    return {
      rows: rows.map((r) => ({
        id: r.id,
        name: r.name,
        labels: r.labels,
        connectionState: r.connectionState,
        lastSeenAt: r.lastSeenAt,
        total: r.total,
        ready: r.ready,
        failing: r.failing,
        stalled: r.stalled,
        progressing: r.progressing,
        suspended: r.suspended,
        worst: r.worst_rank < RANKED_HEALTH.length ? RANKED_HEALTH[r.worst_rank]! : null,
      })),
      total: rows[0]?.n ?? 0,
    };
  }

  /** Per cluster of the table's query: counts by health, worst rank and reason, revision spread. */
  private countsSql(q: ClusterTableQuery): Prisma.Sql {
    const counted = q.ids ? Prisma.sql`cluster_id = ANY(${q.ids}::text[])` : Prisma.sql`TRUE`;
    if (wholeClusters(q.scope))
      return Prisma.sql`SELECT cluster_id, total, ready, failing, stalled, progressing, suspended, worst_rank, worst_reason, revisions, behind
        FROM fleet_cluster_health WHERE ${counted}`;
    // Revisions and reasons read every object row (the health index does not hold them): only when the order
    // or a filter asks for them; otherwise the page's own rows get them from clusterDetails.
    const revisions = needsRevisions(q) ? REVISION_COUNTS : Prisma.sql`0 AS revisions, 0 AS behind`;
    const reason = q.worstReasons?.length ? WORST_REASON : Prisma.sql`NULL::text AS worst_reason`;
    return Prisma.sql`SELECT cluster_id,
             count(*)::int AS total,
             count(*) FILTER (WHERE health = 'ready')::int AS ready,
             count(*) FILTER (WHERE health = 'failing')::int AS failing,
             count(*) FILTER (WHERE health = 'stalled')::int AS stalled,
             count(*) FILTER (WHERE health = 'progressing')::int AS progressing,
             count(*) FILTER (WHERE health = 'suspended')::int AS suspended,
             min(${HEALTH_RANK})::int AS worst_rank, ${reason}, ${revisions}
        FROM flux_objects WHERE ${counted} AND ${scopeSql(q.scope, 'cluster_id', 'namespace')} GROUP BY cluster_id`;
  }

  /**
   * For the clusters of one page: the reason of the worst object (newest first among equals), how many distinct
   * revisions its objects run, and how many of them attempted a revision they have not applied (still on an
   * older one). Read by primary key or through the cluster index, so the cost follows the page, not the fleet.
   */
  async clusterDetails(scope: Scope, clusterIds: string[]): Promise<ClusterDetailRow[]> {
    if (clusterIds.length === 0) return [];
    if (wholeClusters(scope))
      return this.db.$queryRaw<ClusterDetailRow[]>`
        SELECT id AS "clusterId", h.worst_reason AS "worstReason", COALESCE(h.revisions, 0) AS revisions, COALESCE(h.behind, 0) AS behind
          FROM unnest(${clusterIds}::text[]) AS id LEFT JOIN fleet_cluster_health h ON h.cluster_id = id`;
    return this.db.$queryRaw<ClusterDetailRow[]>`
      WITH per AS (
        SELECT cluster_id, ${REVISION_COUNTS}, ${WORST_REASON} FROM flux_objects
         WHERE cluster_id = ANY(${clusterIds}::text[]) AND ${scopeSql(scope, 'cluster_id', 'namespace')} GROUP BY cluster_id
      )
      SELECT id AS "clusterId", p.worst_reason AS "worstReason", COALESCE(p.revisions, 0) AS revisions, COALESCE(p.behind, 0) AS behind
        FROM unnest(${clusterIds}::text[]) AS id LEFT JOIN per p ON p.cluster_id = id`;
  }

  async events(q: EventQuery): Promise<EventRow[]> {
    const where: Prisma.Sql[] = [
      scopeSql(q.scope, 'e.cluster_id', 'e.involved_namespace'),
      selectorSql(q.selector),
    ];
    if (q.severities?.length) where.push(Prisma.sql`e.severity = ANY(${q.severities}::text[])`);
    if (q.kinds?.length) where.push(Prisma.sql`e.involved_kind = ANY(${q.kinds}::text[])`);
    if (q.clusterId) where.push(Prisma.sql`e.cluster_id = ${q.clusterId}`);
    if (q.after)
      where.push(Prisma.sql`(e.occurred_at, e.id) < (${q.after.occurredAt}::timestamptz, ${q.after.id})`);
    return this.db.$queryRaw<EventRow[]>`
      SELECT e.id, e.cluster_id AS "clusterId", c.name AS "clusterName", e.involved_kind AS "involvedKind",
             e.involved_namespace AS "involvedNamespace", e.involved_name AS "involvedName", e.severity, e.reason, e.message,
             e.revision, e.occurred_at AS "occurredAt"
        FROM cluster_events e JOIN clusters c ON c.id = e.cluster_id
       WHERE ${Prisma.join(where, ' AND ')}
       ORDER BY e.occurred_at DESC, e.id DESC LIMIT ${q.limit}`;
  }

  /**
   * Flux objects whose name or namespace holds `text` (any case), or whose own labels match a selector
   * (`app=web`), by name then cluster. A common word matches tens of thousands of objects in a large fleet;
   * sorting them all costs seconds, so only the first SEARCH_CANDIDATES found are sorted (`truncated` then tells
   * the caller more exist).
   */
  searchObjects(
    scope: Scope,
    selector: LabelSelector,
    match: ObjectMatch,
    limit: number,
  ): Promise<ObjectHitRow[]> {
    const matches =
      'labels' in match
        ? Prisma.join(
            match.labels.map((r) => requirementSql(r, 'f.labels')),
            ' AND ',
          )
        : Prisma.sql`(f.name ILIKE ${containsPattern(match.text)} OR f.namespace ILIKE ${containsPattern(match.text)})`;
    return this.db.$queryRaw<ObjectHitRow[]>`
      SELECT * FROM (
        SELECT f.cluster_id AS "clusterId", c.name AS "clusterName", f.kind, f.namespace, f.name, f.health, f.revision
          FROM flux_objects f JOIN clusters c ON c.id = f.cluster_id
         WHERE ${matches} AND ${scopeSql(scope, 'f.cluster_id', 'f.namespace')} AND ${selectorSql(selector)}
         LIMIT ${SEARCH_CANDIDATES}) found
       ORDER BY name, namespace, kind, "clusterName" LIMIT ${limit}`;
  }

  /**
   * Objects Flux applied whose name starts with `text`, or whose kind is `text` (any case), from the inventory
   * entries table. Two index scans that each stop at the limit: one OR over both would first collect every
   * Deployment of the fleet into a bitmap. Names come in the name index's order: without it the planner chose a
   * sequential scan for a common prefix, expecting matches early, and read 1.7 s of rows before the first.
   */
  searchInventory(
    scope: Scope,
    selector: LabelSelector,
    text: string,
    limit: number,
  ): Promise<InventoryHitRow[]> {
    const columns = Prisma.sql`i.cluster_id AS "clusterId", c.name AS "clusterName", i.namespace, i.name, i."group", i.kind,
             i.owner_kind AS "ownerKind", i.owner_namespace AS "ownerNamespace", i.owner_name AS "ownerName"`;
    const visible = Prisma.sql`${scopeSql(scope, 'i.cluster_id', 'i.owner_namespace')} AND ${selectorSql(selector)}`;
    return this.db.$queryRaw<InventoryHitRow[]>`
      (SELECT ${columns} FROM flux_inventory_entries i JOIN clusters c ON c.id = i.cluster_id
        WHERE lower(i.name) LIKE ${`${escapeLike(text.toLowerCase())}%`} AND ${visible}
        ORDER BY lower(i.name) USING ~<~ LIMIT ${limit})
      UNION ALL
      (SELECT ${columns} FROM flux_inventory_entries i JOIN clusters c ON c.id = i.cluster_id
        WHERE lower(i.kind) = ${text.toLowerCase()} AND ${visible} LIMIT ${limit})
      LIMIT ${limit}`;
  }

  /**
   * Workloads in inventories that run an image whose whole reference, repository, tag or digest is `text`
   * (exactly, as the container spec spells it), by image then cluster. Four btree lookups in one bitmap; a
   * common tag ("latest") may match much of the fleet, so only the first SEARCH_CANDIDATES are sorted.
   */
  searchImages(scope: Scope, selector: LabelSelector, text: string, limit: number): Promise<ImageHitRow[]> {
    return this.db.$queryRaw<ImageHitRow[]>`
      SELECT * FROM (
        SELECT i.cluster_id AS "clusterId", c.name AS "clusterName", i.namespace, i.name, i."group", i.kind,
               i.owner_kind AS "ownerKind", i.owner_namespace AS "ownerNamespace", i.owner_name AS "ownerName", i.image
          FROM flux_inventory_images i JOIN clusters c ON c.id = i.cluster_id
         WHERE (i.image = ${text} OR i.repository = ${text} OR i.tag = ${text} OR i.digest = ${text})
           AND ${scopeSql(scope, 'i.cluster_id', 'i.owner_namespace')} AND ${selectorSql(selector)}
         LIMIT ${SEARCH_CANDIDATES}) found
       ORDER BY image, "clusterName", namespace, name LIMIT ${limit}`;
  }
}
