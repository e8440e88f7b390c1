import { Inject, Injectable } from '@nestjs/common';
import { Prisma } from '@flotilla/prisma/client';
import type { LabelSelector } from '@flotilla/reconcile-core';
import type { Scope } from '../auth/access.js';
import { PRISMA, type Db } from '../db/prisma.service.js';
import type { FleetHealth } from './fleet-health.js';
import { clusterScopeSql, scopeSql, selectorSql } from './fleet.repository.js';

// The rollout view's reads: one object (or the objects reading one source) across the fleet. Each statement
// starts from the objects' (namespace, name, kind) indexes (reported and placed), so it reads one row per
// cluster that runs or should run them, never the fleet's other objects; pages of clusters are cut in Postgres.

/** An object of the matrix: the same kind, namespace and name on every cluster. */
export interface RolloutObjectKey {
  kind: string;
  namespace: string;
  name: string;
}

export interface RolloutQuery {
  scope: Scope;
  selector: LabelSelector;
  objects: readonly RolloutObjectKey[];
  /** The cluster label whose value groups the clusters; null for one group. */
  groupBy: string | null;
}

export interface RolloutClusterRow {
  id: string;
  name: string;
  connectionState: string;
  lastSeenAt: Date | null;
  group: string | null;
}

/**
 * Why an object placed on a cluster has not been reported there: the cluster's agent never connected, is
 * disconnected (or revoked) since, has not acknowledged the assignment that placed it, or acknowledged it and
 * has not reported the object yet.
 */
export const PENDING_REASONS = ['never_connected', 'disconnected', 'revoked', 'not_acknowledged', 'not_reported'] as const;
export type PendingReason = (typeof PENDING_REASONS)[number];

export type RolloutCellRow =
  | { clusterId: string; /** Index of the object in the query's list. */ pos: number; health: FleetHealth; revision: string | null; pendingReason: null }
  | { clusterId: string; pos: number; health: null; revision: null; pendingReason: PendingReason };

export interface RolloutCounts {
  /** Clusters the objects run on or are placed on. */
  clusters: number;
  /** Clusters with an object placed on them that they have not reported. */
  pending: number;
  revisions: { revision: string | null; clusters: number; firstSeenAt: Date | null }[];
  groups: { group: string | null; clusters: number; pending: number; reported: number }[];
  groupRevisions: { group: string | null; revision: string | null; clusters: number }[];
}

export interface RolloutSpreadRow {
  revision: string;
  at: Date;
  clusters: number;
}

/** The objects as a table with their position, joined to their history as `t`. */
function objectsSql(objects: readonly RolloutObjectKey[]): Prisma.Sql {
  return Prisma.sql`unnest(${objects.map((o) => o.kind)}::text[], ${objects.map((o) => o.namespace)}::text[], ${objects.map((o) => o.name)}::text[])
    WITH ORDINALITY AS t(kind, namespace, name, pos)`;
}

/**
 * Rows of `alias` that are one of the objects, as plain equalities (not a join to a list): the planner then
 * estimates the rows from the statistics (an object on every cluster is 10,000 rows) and hashes the clusters.
 */
function objectMatchSql(objects: readonly RolloutObjectKey[], alias: string): Prisma.Sql {
  const a = Prisma.raw(alias);
  return Prisma.sql`(${Prisma.join(
    objects.map((o) => Prisma.sql`(${a}.namespace = ${o.namespace} AND ${a}.name = ${o.name} AND ${a}.kind = ${o.kind})`),
    ' OR ',
  )})`;
}

/** The 1-based position in the list of the object a row of `alias` is. */
function objectPosSql(objects: readonly RolloutObjectKey[], alias: string): Prisma.Sql {
  if (objects.length === 1) return Prisma.sql`1`;
  const a = Prisma.raw(alias);
  return Prisma.sql`CASE ${Prisma.join(
    objects.map(
      (o, i) => Prisma.sql`WHEN ${a}.namespace = ${o.namespace} AND ${a}.name = ${o.name} AND ${a}.kind = ${o.kind} THEN ${i + 1}::int`,
    ),
    ' ',
  )} END`;
}

const visible = (q: RolloutQuery, alias: string): Prisma.Sql =>
  Prisma.sql`${scopeSql(q.scope, `${alias}.cluster_id`, `${alias}.namespace`)} AND ${clusterScopeSql(q.scope, 'c.id')} AND ${selectorSql(q.selector)}`;

const group = (q: RolloutQuery): Prisma.Sql => Prisma.sql`(c.labels ->> ${q.groupBy}::text)`;

/**
 * The matrix's cells the caller may see, as rows (pos, cluster_id, grp, health, revision, pending_reason): each
 * object a cluster reported, and each object the cluster's assignment places on it that it has not reported
 * (health and revision null, the reason it is pending). Placement is the assignment document the hub computed
 * (cluster_placed_objects, kept by triggers), so the rule is the one agents get. `only` narrows the clusters
 * (as `c`) in both halves, so a page's cells read their clusters by key.
 */
function cellsSql(q: RolloutQuery, only: Prisma.Sql = Prisma.sql`TRUE`): Prisma.Sql {
  return Prisma.sql`
    SELECT ${objectPosSql(q.objects, 'f')} AS pos, f.cluster_id, ${group(q)} AS grp, f.health::text AS health, f.revision,
           NULL::text AS pending_reason
      FROM flux_objects f JOIN clusters c ON c.id = f.cluster_id
     WHERE ${objectMatchSql(q.objects, 'f')} AND ${visible(q, 'f')} AND ${only}
    UNION ALL
    SELECT ${objectPosSql(q.objects, 'p')}, p.cluster_id, ${group(q)} AS grp, NULL::text, NULL::text,
           CASE WHEN c.connection_state = 'PENDING' THEN 'never_connected'
                WHEN c.connection_state = 'DISCONNECTED' THEN 'disconnected'
                WHEN c.connection_state = 'REVOKED' THEN 'revoked'
                WHEN COALESCE(a.acked_generation, 0) < p.since_generation THEN 'not_acknowledged'
                ELSE 'not_reported' END
      FROM cluster_placed_objects p
      JOIN clusters c ON c.id = p.cluster_id
      LEFT JOIN cluster_assignments a ON a.cluster_id = p.cluster_id
     WHERE ${objectMatchSql(q.objects, 'p')} AND ${visible(q, 'p')} AND ${only}
       AND NOT EXISTS (SELECT 1 FROM flux_objects f
                        WHERE f.cluster_id = p.cluster_id AND f.kind = p.kind AND f.namespace = p.namespace AND f.name = p.name)`;
}

@Injectable()
export class RolloutRepository {
  constructor(@Inject(PRISMA) private readonly db: Db) {}

  /** A page of the clusters that run or are placed any of the objects, by group (no label last) then name. */
  async clusters(
    q: RolloutQuery & { ids?: readonly string[]; offset: number; limit: number },
  ): Promise<{ rows: RolloutClusterRow[]; total: number }> {
    if (q.objects.length === 0) return { rows: [], total: 0 };
    const only = q.ids ? Prisma.sql`c.id = ANY(${[...q.ids]}::text[])` : Prisma.sql`TRUE`;
    const rows = await this.db.$queryRaw<(RolloutClusterRow & { n: number })[]>`
      WITH running AS (SELECT DISTINCT x.cluster_id FROM (${cellsSql(q, only)}) x)
      SELECT c.id, c.name, c.connection_state::text AS "connectionState", c.last_seen_at AS "lastSeenAt",
             ${group(q)} AS "group", count(*) OVER ()::int AS n
        FROM running r JOIN clusters c ON c.id = r.cluster_id
       ORDER BY "group" ASC NULLS LAST, c.name ASC
       LIMIT ${q.limit} OFFSET ${q.offset}`;
    return { rows: rows.map(({ n: _n, ...r }) => r), total: rows[0]?.n ?? 0 };
  }

  /** The objects' cells on these clusters (by primary key). */
  cells(q: RolloutQuery, clusterIds: readonly string[]): Promise<RolloutCellRow[]> {
    if (clusterIds.length === 0 || q.objects.length === 0) return Promise.resolve([]);
    return this.db.$queryRaw<RolloutCellRow[]>`
      SELECT x.cluster_id AS "clusterId", (x.pos - 1)::int AS pos, x.health, x.revision, x.pending_reason AS "pendingReason"
        FROM (${cellsSql(q, Prisma.sql`c.id = ANY(${[...clusterIds]}::text[])`)}) x`;
  }

  /**
   * Clusters per revision, overall and per group (a cluster whose objects run two revisions counts under
   * both), with when each revision was first reported anywhere; clusters with a placed object not reported yet
   * (pending); groups by value, at most `maxGroups`. One pass over the cells; "first reported" walks each
   * revision's history in time order and stops at the first visible cluster (flux_object_revisions_first_idx).
   */
  async counts(q: RolloutQuery, maxGroups: number): Promise<RolloutCounts> {
    const empty: RolloutCounts = { clusters: 0, pending: 0, revisions: [], groups: [], groupRevisions: [] };
    if (q.objects.length === 0) return empty;
    const [row] = await this.db.$queryRaw<RolloutCounts[]>`
      WITH per AS MATERIALIZED (
        SELECT DISTINCT x.grp, x.revision, x.cluster_id, x.pending_reason IS NOT NULL AS pending FROM (${cellsSql(q)}) x
      ), groups AS (
        SELECT grp, count(DISTINCT cluster_id)::int AS clusters,
               count(DISTINCT cluster_id) FILTER (WHERE pending)::int AS pending,
               count(DISTINCT cluster_id) FILTER (WHERE NOT pending)::int AS reported
          FROM per GROUP BY grp ORDER BY grp ASC NULLS LAST LIMIT ${maxGroups}
      ), revisions AS (
        SELECT revision, count(DISTINCT cluster_id)::int AS clusters FROM per WHERE NOT pending GROUP BY revision
      ), firsts AS (
        SELECT v.revision, min(fs.at) AS at
          FROM revisions v CROSS JOIN ${objectsSql(q.objects)}
          CROSS JOIN LATERAL (
            SELECT r.first_seen_at AS at FROM flux_object_revisions r JOIN clusters c ON c.id = r.cluster_id
             WHERE r.namespace = t.namespace AND r.name = t.name AND r.kind = t.kind AND r.revision = v.revision
               AND ${visible(q, 'r')}
             ORDER BY r.first_seen_at LIMIT 1) fs
         WHERE v.revision IS NOT NULL
         GROUP BY v.revision
      )
      SELECT
        (SELECT count(DISTINCT cluster_id)::int FROM per) AS clusters,
        (SELECT count(DISTINCT cluster_id)::int FROM per WHERE pending) AS pending,
        (SELECT COALESCE(json_agg(json_build_object('revision', v.revision, 'clusters', v.clusters, 'firstSeenAt', fs.at)
                 ORDER BY fs.at DESC NULLS LAST, v.revision), '[]'::json)
           FROM revisions v LEFT JOIN firsts fs ON fs.revision = v.revision) AS revisions,
        (SELECT COALESCE(json_agg(json_build_object('group', grp, 'clusters', clusters, 'pending', pending, 'reported', reported)
                 ORDER BY grp ASC NULLS LAST), '[]'::json)
           FROM groups) AS groups,
        (SELECT COALESCE(json_agg(json_build_object('group', x.grp, 'revision', x.revision, 'clusters', x.n)), '[]'::json)
           FROM (SELECT p.grp, p.revision, count(*)::int AS n FROM per p JOIN groups g ON g.grp IS NOT DISTINCT FROM p.grp
                  WHERE NOT p.pending GROUP BY p.grp, p.revision) x) AS "groupRevisions"`;
    if (!row) return empty;
    return {
      ...row,
      revisions: row.revisions.map((r) => ({
        ...r,
        firstSeenAt: r.firstSeenAt === null ? null : new Date(r.firstSeenAt),
      })),
    };
  }

  /**
   * How the newest `revisions` revisions spread: for each, the count of clusters that had reported it by the end
   * of each of at most `buckets` equal steps between the first report of any of them and the last. Reads the
   * history the flux_objects triggers keep (flux_object_revisions), one row per cluster, object and revision.
   */
  spread(q: RolloutQuery, revisions: number, buckets: number): Promise<RolloutSpreadRow[]> {
    if (q.objects.length === 0) return Promise.resolve([]);
    return this.db.$queryRaw<RolloutSpreadRow[]>`
      WITH firsts AS MATERIALIZED (
        SELECT r.revision, r.cluster_id, min(r.first_seen_at) AS at
          FROM ${objectsSql(q.objects)}
          JOIN flux_object_revisions r ON r.namespace = t.namespace AND r.name = t.name AND r.kind = t.kind
          JOIN clusters c ON c.id = r.cluster_id
         WHERE ${visible(q, 'r')}
         GROUP BY r.revision, r.cluster_id
      ), newest AS (
        SELECT revision FROM firsts GROUP BY revision ORDER BY min(at) DESC, revision LIMIT ${revisions}
      ), chosen AS (
        SELECT f.* FROM firsts f JOIN newest n ON n.revision = f.revision
      ), bounds AS (
        SELECT min(at) AS lo, greatest((max(at) - min(at)) / ${buckets}::int, interval '1 second') AS stride FROM chosen
      ), binned AS (
        SELECT c.revision, date_bin(b.stride, c.at, b.lo) + b.stride AS at, count(*)::int AS n
          FROM chosen c CROSS JOIN bounds b GROUP BY 1, 2
      )
      SELECT revision, least(at, (SELECT max(at) FROM chosen)) AS at,
             (sum(n) OVER (PARTITION BY revision ORDER BY at))::int AS clusters
        FROM binned ORDER BY revision, at`;
  }
}
