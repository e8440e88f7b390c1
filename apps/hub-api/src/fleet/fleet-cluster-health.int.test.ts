import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { startPostgres, type TestPostgres } from '@flotilla/testenv';
import { TestHub, type Session } from '../../test/hub-harness.js';

// The per-cluster figures Postgres keeps for the fleet dashboard (fleet_cluster_health) against counting the
// objects themselves, through every way objects are written; the cluster table filtered by the worst object's
// reason; fleet search by an object's own labels. Real hub, real Postgres, rows written with SQL as ingestion
// writes them.

const condition = (status: string, reason: string, since = '2026-12-03T02:00:00Z') =>
  JSON.stringify([
    { type: 'Ready', status, reason, message: `${reason} happened`, lastTransitionTime: since },
  ]);

/** What the kept row should hold, counted from flux_objects as the table did before it existed. */
const COUNTED = `
  SELECT cluster_id, count(*)::int AS total,
         count(*) FILTER (WHERE health = 'ready')::int AS ready, count(*) FILTER (WHERE health = 'failing')::int AS failing,
         count(*) FILTER (WHERE health = 'stalled')::int AS stalled, count(*) FILTER (WHERE health = 'progressing')::int AS progressing,
         count(*) FILTER (WHERE health = 'suspended')::int AS suspended,
         count(DISTINCT revision)::int AS revisions
    FROM flux_objects GROUP BY cluster_id ORDER BY cluster_id`;
const KEPT = `SELECT cluster_id, total, ready, failing, stalled, progressing, suspended, revisions FROM fleet_cluster_health ORDER BY cluster_id`;

describe('per-cluster fleet figures kept by Postgres (real hub, real Postgres)', () => {
  let pgServer: TestPostgres;
  let t: TestHub;
  let viewer: Session;
  let scoped: Session;

  const gql = async <T>(who: Session, query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const r = await t.gql<T>(who, query, variables);
    expect(r.errors).toBeUndefined();
    return r.data!;
  };

  const insert = (
    cluster: string,
    kind: string,
    ns: string,
    name: string,
    state: string,
    reason: string,
    extra: { revision?: string; labels?: Record<string, string> } = {},
  ) =>
    t.sql(
      `INSERT INTO flux_objects (cluster_id, kind, namespace, name, origin, state, ready, ready_reason, conditions, revision, labels)
       VALUES ($1, $2, $3, $4, 'cluster', $5, $6, $7, $8::jsonb, $9, $10::jsonb)`,
      [
        cluster,
        kind,
        ns,
        name,
        state,
        state === 'ready' ? 'True' : 'False',
        reason,
        condition(state === 'ready' ? 'True' : 'False', reason),
        extra.revision ?? null,
        extra.labels ? JSON.stringify(extra.labels) : null,
      ],
    );

  beforeAll(async () => {
    pgServer = await startPostgres();
    t = await TestHub.start(await pgServer.createDatabase());
    viewer = await t.login('viewer');
    await t.sql(`INSERT INTO clusters (id, name, labels, connection_state, last_seen_at) VALUES
      ('k-1', 'one', '{"env":"prod"}', 'CONNECTED', now()),
      ('k-2', 'two', '{"env":"prod"}', 'CONNECTED', now()),
      ('k-3', 'three', '{"env":"dev"}', 'CONNECTED', now())`);
    await insert('k-1', 'Kustomization', 'apps', 'web', 'failing', 'HealthCheckFailed', {
      revision: 'main@sha1:1',
      labels: { app: 'web', tier: 'front' },
    });
    await insert('k-1', 'Kustomization', 'infra', 'ingress', 'ready', 'ReconciliationSucceeded', {
      revision: 'main@sha1:2',
      labels: { app: 'ingress' },
    });
    await insert('k-2', 'Kustomization', 'apps', 'web', 'failing', 'BuildFailed', {
      revision: 'main@sha1:1',
      labels: { app: 'web' },
    });
    await insert('k-2', 'HelmRelease', 'infra', 'cache', 'failing', 'InstallFailed');
    await insert('k-3', 'Kustomization', 'apps', 'web', 'ready', 'ReconciliationSucceeded', {
      labels: { app: 'web' },
    });
    // A user whose only grant is viewer on namespace "apps" of the prod clusters.
    scoped = await t.scopedViewer({ clusterSelector: 'env=prod', namespaces: ['apps'] });
  }, 60_000);

  afterAll(async () => {
    await t?.stop();
    await pgServer?.stop();
  });

  it('keeps each cluster’s counts equal to its objects through insert, update, delete and a cluster’s removal', async () => {
    expect(await t.sql(KEPT)).toEqual(await t.sql(COUNTED));
    await t.sql(
      `UPDATE flux_objects SET state = 'ready', ready = 'True', ready_reason = 'ReconciliationSucceeded' WHERE cluster_id = 'k-2' AND name = 'cache'`,
    );
    // One statement over several clusters, as a bulk write does.
    await t.sql(`UPDATE flux_objects SET revision = 'main@sha1:3' WHERE name = 'web'`);
    expect(await t.sql(KEPT)).toEqual(await t.sql(COUNTED));
    const [k2] = await t.sql<{ worst_reason: string; revisions: number }>(
      `SELECT worst_reason, revisions FROM fleet_cluster_health WHERE cluster_id = 'k-2'`,
    );
    expect(k2).toEqual({ worst_reason: 'BuildFailed', revisions: 1 });
    await t.sql(`DELETE FROM flux_objects WHERE cluster_id = 'k-3'`);
    expect((await t.sql(KEPT)).map((r) => r.cluster_id)).toEqual(['k-1', 'k-2']);
    await insert('k-3', 'Kustomization', 'apps', 'web', 'ready', 'ReconciliationSucceeded', {
      labels: { app: 'web' },
    });
    await t.sql(`INSERT INTO clusters (id, name, connection_state) VALUES ('k-gone', 'gone', 'CONNECTED')`);
    await insert('k-gone', 'Kustomization', 'apps', 'web', 'failing', 'HealthCheckFailed');
    await t.sql(`DELETE FROM clusters WHERE id = 'k-gone'`);
    expect(await t.sql(KEPT)).toEqual(await t.sql(COUNTED));
  });

  it('recomputes a cluster on an update that changes what it counts, and not on one that changes nothing counted', async () => {
    await insert('k-3', 'GitRepository', 'infra', 'repo', 'ready', 'Succeeded', { revision: 'main@sha1:9' });
    // A mark the recompute would overwrite: it stays while updates change nothing the figures count.
    await t.sql(`UPDATE fleet_cluster_health SET total = 99 WHERE cluster_id = 'k-3'`);
    await t.sql(`UPDATE flux_objects SET labels = '{"app":"repo"}', updated_at = now() WHERE cluster_id = 'k-3' AND name = 'repo'`);
    expect((await t.sql<{ total: number }>(`SELECT total FROM fleet_cluster_health WHERE cluster_id = 'k-3'`))[0]!.total).toBe(99);
    await t.sql(`UPDATE flux_objects SET revision = 'main@sha1:10' WHERE cluster_id = 'k-3' AND name = 'repo'`);
    expect(await t.sql(KEPT)).toEqual(await t.sql(COUNTED));
    // A failing object's newer report can change the worst reason (the newest failing one): always recomputed.
    await insert('k-3', 'Kustomization', 'infra', 'db', 'failing', 'HealthCheckFailed');
    await t.sql(`UPDATE fleet_cluster_health SET total = 99 WHERE cluster_id = 'k-3'`);
    await t.sql(`UPDATE flux_objects SET updated_at = now() WHERE cluster_id = 'k-3' AND name = 'db'`);
    expect(await t.sql(KEPT)).toEqual(await t.sql(COUNTED));
    await t.sql(`DELETE FROM flux_objects WHERE cluster_id = 'k-3' AND name IN ('repo', 'db')`);
    expect(await t.sql(KEPT)).toEqual(await t.sql(COUNTED));
  });

  it('counts writes of two transactions on one cluster at once, the second recomputing after the first', async () => {
    const a = new pg.Client({ connectionString: t.databaseUrl });
    const b = new pg.Client({ connectionString: t.databaseUrl });
    await Promise.all([a.connect(), b.connect()]);
    try {
      await a.query('BEGIN');
      await b.query('BEGIN');
      await a.query(
        `INSERT INTO flux_objects (cluster_id, kind, namespace, name, origin, state) VALUES ('k-1', 'GitRepository', 'flux-system', 'a', 'cluster', 'progressing')`,
      );
      // b waits for a's lock on the cluster's row, then counts with a's object committed.
      const second = b.query(
        `INSERT INTO flux_objects (cluster_id, kind, namespace, name, origin, state) VALUES ('k-1', 'GitRepository', 'flux-system', 'b', 'cluster', 'progressing')`,
      );
      await a.query('COMMIT');
      await second;
      await b.query('COMMIT');
    } finally {
      await Promise.all([a.end(), b.end()]);
    }
    const [k1] = await t.sql<{ total: number; progressing: number }>(
      `SELECT total, progressing FROM fleet_cluster_health WHERE cluster_id = 'k-1'`,
    );
    expect(k1).toEqual({ total: 4, progressing: 2 });
    expect(await t.sql(KEPT)).toEqual(await t.sql(COUNTED));
  });

  const table = `query($filter: FleetClusterFilter) { fleetClusters(filter: $filter) { totalCount rows { name worstReason total } } }`;
  type Table = {
    fleetClusters: {
      totalCount: number;
      rows: { name: string; worstReason: string | null; total: number }[];
    };
  };

  it('filters the cluster table by the worst object’s reason, for whole clusters and within a namespace grant', async () => {
    const health = await gql<Table>(viewer, table, { filter: { worstReasons: ['HealthCheckFailed'] } });
    expect(health.fleetClusters.rows.map((r) => [r.name, r.worstReason])).toEqual([
      ['one', 'HealthCheckFailed'],
    ]);
    const either = await gql<Table>(viewer, table, {
      filter: { worstReasons: ['BuildFailed', 'HealthCheckFailed'] },
    });
    expect(either.fleetClusters.rows.map((r) => r.name)).toEqual(['one', 'two']);
    expect(either.fleetClusters.totalCount).toBe(2);
    // Within "apps" only: two's worst there is BuildFailed (its failing HelmRelease in "infra" is not theirs).
    const mine = await gql<Table>(scoped, table, { filter: { worstReasons: ['BuildFailed'] } });
    expect(mine.fleetClusters.rows.map((r) => [r.name, r.worstReason, r.total])).toEqual([
      ['two', 'BuildFailed', 1],
    ]);
    const many = await t.gql(viewer, table, {
      filter: { worstReasons: Array.from({ length: 21 }, (_, i) => `R${i}`) },
    });
    expect(many.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'filter.worstReasons',
    });
    const blank = await t.gql(viewer, table, { filter: { worstReasons: [''] } });
    expect(blank.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'filter.worstReasons',
    });
  });

  const search = `query($q: String!, $selector: String) { fleetSearch(query: $q, selector: $selector) {
    objects { clusterName kind namespace name } inventory { name } images { image } } }`;
  type Search = {
    fleetSearch: {
      objects: { clusterName: string; namespace: string; name: string }[];
      inventory: unknown[];
      images: unknown[];
    };
  };

  it('searches Flux objects by their own labels (app=web), within the caller’s scope and a cluster selector', async () => {
    const web = await gql<Search>(viewer, search, { q: 'app=web' });
    expect(web.fleetSearch.objects.map((o) => o.clusterName)).toEqual(['one', 'three', 'two']);
    expect(web.fleetSearch.inventory).toEqual([]);
    expect(web.fleetSearch.images).toEqual([]);
    const front = await gql<Search>(viewer, search, { q: 'app=web,tier=front' });
    expect(front.fleetSearch.objects.map((o) => o.clusterName)).toEqual(['one']);
    const prod = await gql<Search>(viewer, search, { q: 'app=web', selector: 'env=prod' });
    expect(prod.fleetSearch.objects.map((o) => o.clusterName)).toEqual(['one', 'two']);
    const ingress = await gql<Search>(scoped, search, { q: 'app=ingress' });
    expect(ingress.fleetSearch.objects).toEqual([]);
    const bad = await t.gql(viewer, search, { q: 'app=we b' });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'query' });
  });
});
