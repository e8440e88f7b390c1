import { Inject, Injectable } from '@nestjs/common';
import { Prisma } from '@flotilla/prisma/client';
import type { LabelSelector } from '@flotilla/reconcile-core';
import type { Scope } from '../auth/access.js';
import { PRISMA, type Db } from '../db/prisma.service.js';
import type { FleetHealth } from './fleet-health.js';
import { clusterScopeSql, scopeSql, selectorSql } from './fleet.repository.js';

// The rollout view's reads: one object (or the objects reading one source) across the fleet. Each statement
// starts from the objects' (namespace, name, kind) index, so it reads one row per cluster that runs them, never
// the fleet's other objects; pages of clusters are cut in Postgres.

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
  group: string | null;
}

export interface RolloutCellRow {
  clusterId: string;
  /** Index of the object in the query's list. */
  pos: number;
  health: FleetHealth;
  revision: string | null;
}

export interface RolloutCounts {
  clusters: number;
  revisions: { revision: string | null; clusters: number; firstSeenAt: Date | null }[];
  groups: { group: string | null; clusters: number }[];
  groupRevisions: { group: string | null; revision: string | null; clusters: number }[];
}

export interface RolloutSpreadRow {
  revision: string;
  at: Date;
  clusters: number;
}

/** The objects as a table with their position, joined to flux_objects (or their history) as `t`. */
function objectsSql(objects: readonly RolloutObjectKey[]): Prisma.Sql {
  return Prisma.sql`unnest(${objects.map((o) => o.kind)}::text[], ${objects.map((o) => o.namespace)}::text[], ${objects.map((o) => o.name)}::text[])
    WITH ORDINALITY AS t(kind, namespace, name, pos)`;
}

const visible = (q: RolloutQuery, alias: string): Prisma.Sql =>
  Prisma.sql`${scopeSql(q.scope, `${alias}.cluster_id`, `${alias}.namespace`)} AND ${clusterScopeSql(q.scope, 'c.id')} AND ${selectorSql(q.selector)}`;

const group = (q: RolloutQuery): Prisma.Sql => Prisma.sql`(c.labels ->> ${q.groupBy}::text)`;

@Injectable()
export class RolloutRepository {
  constructor(@Inject(PRISMA) private readonly db: Db) {}

  /** A page of the clusters that run any of the objects, by group (no label last) then name. */
  async clusters(
    q: RolloutQuery & { ids?: readonly string[]; offset: number; limit: number },
  ): Promise<{ rows: RolloutClusterRow[]; total: number }> {
    if (q.objects.length === 0) return { rows: [], total: 0 };
    const only = q.ids ? Prisma.sql`c.id = ANY(${[...q.ids]}::text[])` : Prisma.sql`TRUE`;
    const rows = await this.db.$queryRaw<(RolloutClusterRow & { n: number })[]>`
      WITH running AS (
        SELECT DISTINCT f.cluster_id FROM ${objectsSql(q.objects)}
          JOIN flux_objects f ON f.namespace = t.namespace AND f.name = t.name AND f.kind = t.kind
          JOIN clusters c ON c.id = f.cluster_id
         WHERE ${visible(q, 'f')} AND ${only}
      )
      SELECT c.id, c.name, c.connection_state::text AS "connectionState", ${group(q)} AS "group", count(*) OVER ()::int AS n
        FROM running r JOIN clusters c ON c.id = r.cluster_id
       ORDER BY "group" ASC NULLS LAST, c.name ASC
       LIMIT ${q.limit} OFFSET ${q.offset}`;
    return { rows: rows.map(({ n: _n, ...r }) => r), total: rows[0]?.n ?? 0 };
  }

  /** The objects' health and revision on these clusters (by primary key). */
  cells(q: RolloutQuery, clusterIds: readonly string[]): Promise<RolloutCellRow[]> {
    if (clusterIds.length === 0 || q.objects.length === 0) return Promise.resolve([]);
    return this.db.$queryRaw<RolloutCellRow[]>`
      SELECT f.cluster_id AS "clusterId", (t.pos - 1)::int AS pos, f.health, f.revision
        FROM ${objectsSql(q.objects)}
        JOIN flux_objects f ON f.namespace = t.namespace AND f.name = t.name AND f.kind = t.kind
        JOIN clusters c ON c.id = f.cluster_id
       WHERE f.cluster_id = ANY(${[...clusterIds]}::text[]) AND ${visible(q, 'f')}`;
  }

  /**
   * Clusters per revision, overall and per group (a cluster whose objects run two revisions counts under
   * both), with when each revision was first reported anywhere; groups by value, at most `maxGroups`.
   */
  async counts(q: RolloutQuery, maxGroups: number): Promise<RolloutCounts> {
    const empty: RolloutCounts = { clusters: 0, revisions: [], groups: [], groupRevisions: [] };
    if (q.objects.length === 0) return empty;
    const [row] = await this.db.$queryRaw<RolloutCounts[]>`
      WITH per AS MATERIALIZED (
        SELECT DISTINCT ${group(q)} AS grp, f.revision, f.cluster_id
          FROM ${objectsSql(q.objects)}
          JOIN flux_objects f ON f.namespace = t.namespace AND f.name = t.name AND f.kind = t.kind
          JOIN clusters c ON c.id = f.cluster_id
         WHERE ${visible(q, 'f')}
      ), groups AS (
        SELECT grp, count(DISTINCT cluster_id)::int AS clusters FROM per GROUP BY grp ORDER BY grp ASC NULLS LAST LIMIT ${maxGroups}
      ), revisions AS (
        SELECT revision, count(DISTINCT cluster_id)::int AS clusters FROM per GROUP BY revision
      ), firsts AS (
        SELECT r.revision, min(r.first_seen_at) AS at
          FROM ${objectsSql(q.objects)}
          JOIN flux_object_revisions r ON r.namespace = t.namespace AND r.name = t.name AND r.kind = t.kind
          JOIN clusters c ON c.id = r.cluster_id
         WHERE ${visible(q, 'r')} AND r.revision IN (SELECT revision FROM revisions)
         GROUP BY r.revision
      )
      SELECT
        (SELECT count(DISTINCT cluster_id)::int FROM per) AS clusters,
        (SELECT COALESCE(json_agg(json_build_object('revision', v.revision, 'clusters', v.clusters, 'firstSeenAt', fs.at)
                 ORDER BY fs.at DESC NULLS LAST, v.revision), '[]'::json)
           FROM revisions v LEFT JOIN firsts fs ON fs.revision = v.revision) AS revisions,
        (SELECT COALESCE(json_agg(json_build_object('group', grp, 'clusters', clusters) ORDER BY grp ASC NULLS LAST), '[]'::json)
           FROM groups) AS groups,
        (SELECT COALESCE(json_agg(json_build_object('group', x.grp, 'revision', x.revision, 'clusters', x.n)), '[]'::json)
           FROM (SELECT p.grp, p.revision, count(*)::int AS n FROM per p JOIN groups g ON g.grp IS NOT DISTINCT FROM p.grp
                  GROUP BY p.grp, p.revision) x) AS "groupRevisions"`;
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
