import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '@flotilla/testenv';
import { TestHub, type Session } from '../../test/hub-harness.js';

// The rollout view against a real hub and real Postgres: which clusters run which revision of a Kustomization
// (and of the hub Kustomizations reading a hub GitRepository), grouped by a cluster label, paged, within the
// caller's scope, and the revision history the flux_objects triggers keep. Rows are written with SQL as
// ingestion writes them (an upsert per reported object).

const A = 'main@sha1:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const B = 'main@sha1:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';

describe('rollout view (real hub, real Postgres)', () => {
  let pgServer: TestPostgres;
  let t: TestHub;
  let viewer: Session;
  let scoped: Session;

  const gql = async <T>(who: Session, query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const r = await t.gql<T>(who, query, variables);
    expect(r.errors).toBeUndefined();
    return r.data!;
  };

  /** As ingestion writes a reported object: insert, or update what changed. */
  const report = (
    cluster: string,
    ns: string,
    name: string,
    state: string,
    revision: string | null,
    kind = 'Kustomization',
  ) =>
    t.sql(
      `INSERT INTO flux_objects (cluster_id, kind, namespace, name, origin, state, ready, revision)
       VALUES ($1, $2, $3, $4, 'cluster', $5, $6, $7)
       ON CONFLICT (cluster_id, kind, namespace, name) DO UPDATE SET state = EXCLUDED.state, ready = EXCLUDED.ready,
         revision = EXCLUDED.revision, updated_at = now()`,
      [cluster, kind, ns, name, state, state === 'ready' ? 'True' : 'False', revision],
    );

  const web = { kind: 'Kustomization', namespace: 'apps', name: 'web' };

  beforeAll(async () => {
    pgServer = await startPostgres();
    t = await TestHub.start(await pgServer.createDatabase());
    viewer = await t.login('viewer');
    await t.sql(`INSERT INTO clusters (id, name, labels, connection_state, last_seen_at) VALUES
      ('k-1', 'alpha', '{"env":"prod"}', 'CONNECTED', now()),
      ('k-2', 'bravo', '{"env":"prod"}', 'CONNECTED', now()),
      ('k-3', 'charlie', '{"env":"dev"}', 'DISCONNECTED', now()),
      ('k-4', 'delta', '{}', 'CONNECTED', now()),
      ('k-5', 'echo', '{"env":"dev"}', 'CONNECTED', now())`);
    for (const k of ['k-1', 'k-2', 'k-3', 'k-4']) await report(k, 'apps', 'web', 'ready', A);
    await t.sql(`UPDATE flux_object_revisions SET first_seen_at = now() - interval '1 hour'`);
    // B reaches alpha and charlie; charlie fails on it; echo runs another object only.
    await report('k-1', 'apps', 'web', 'ready', B);
    await report('k-3', 'apps', 'web', 'failing', B);
    await report('k-5', 'apps', 'api', 'ready', A);
    await report('k-1', 'infra', 'web', 'suspended', A);
    // Hub Kustomizations reading the hub GitRepository flux-system/repo.
    await t.sql(`INSERT INTO kustomizations (id, namespace, name, spec) VALUES
      ('ks-web', 'apps', 'web', '{"sourceRef":{"kind":"GitRepository","name":"repo","namespace":"flux-system"},"path":"./web","interval":"1m","prune":true}'),
      ('ks-api', 'apps', 'api', '{"sourceRef":{"kind":"GitRepository","name":"repo","namespace":"flux-system"},"path":"./api","interval":"1m","prune":true}'),
      ('ks-other', 'apps', 'other', '{"sourceRef":{"kind":"GitRepository","name":"else","namespace":"flux-system"},"path":"./","interval":"1m","prune":true}')`);
    // A user whose only grant is viewer on namespace "apps" of the prod clusters.
    scoped = await t.scopedViewer({ clusterSelector: 'env=prod', namespaces: ['apps'] });
  }, 60_000);

  afterAll(async () => {
    await t?.stop();
    await pgServer?.stop();
  });

  const summary = `query($target: FleetRolloutTarget!, $groupBy: String, $selector: String) {
    fleetRolloutSummary(target: $target, groupBy: $groupBy, selector: $selector) {
      objects { kind namespace name } objectsTruncated clusters
      revisions { revision clusters newest firstSeenAt }
      groups { value clusters onNewest onOlder revisions { revision clusters } } groupsTruncated } }`;
  type Summary = {
    fleetRolloutSummary: {
      objects: { kind: string; namespace: string; name: string }[];
      clusters: number;
      revisions: { revision: string | null; clusters: number; newest: boolean; firstSeenAt: string | null }[];
      groups: {
        value: string | null;
        clusters: number;
        onNewest: number;
        onOlder: number;
        revisions: { revision: string | null; clusters: number }[];
      }[];
    };
  };
  const matrix = `query($target: FleetRolloutTarget!, $groupBy: String, $ids: [ID!], $first: Int, $after: String) {
    fleetRolloutClusters(target: $target, groupBy: $groupBy, ids: $ids, first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor }
      rows { clusterName group connectionState cells { object health revision } } } }`;
  type Matrix = {
    fleetRolloutClusters: {
      totalCount: number;
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
      rows: {
        clusterName: string;
        group: string | null;
        connectionState: string;
        cells: { object: number; health: string; revision: string | null }[];
      }[];
    };
  };

  it('counts clusters per revision, newest first, and per group of a cluster label (no label last)', async () => {
    const s = (await gql<Summary>(viewer, summary, { target: web, groupBy: 'env' })).fleetRolloutSummary;
    expect(s.objects).toEqual([web]);
    expect(s.clusters).toBe(4);
    expect(s.revisions.map((r) => [r.revision, r.clusters, r.newest])).toEqual([
      [B, 2, true],
      [A, 2, false],
    ]);
    expect(s.groups).toEqual([
      { value: 'dev', clusters: 1, onNewest: 1, onOlder: 0, revisions: [{ revision: B, clusters: 1 }] },
      {
        value: 'prod',
        clusters: 2,
        onNewest: 1,
        onOlder: 1,
        revisions: [
          { revision: A, clusters: 1 },
          { revision: B, clusters: 1 },
        ],
      },
      { value: null, clusters: 1, onNewest: 0, onOlder: 1, revisions: [{ revision: A, clusters: 1 }] },
    ]);
  });

  it('pages the matrix by group then cluster name, each cell with its health and revision, and answers rows by id', async () => {
    const first = (await gql<Matrix>(viewer, matrix, { target: web, groupBy: 'env', first: 2 }))
      .fleetRolloutClusters;
    expect(first.totalCount).toBe(4);
    expect(first.rows.map((r) => [r.clusterName, r.group])).toEqual([
      ['charlie', 'dev'],
      ['alpha', 'prod'],
    ]);
    expect(first.rows[0]!.cells).toEqual([{ object: 0, health: 'FAILING', revision: B }]);
    expect(first.rows[0]!.connectionState).toBe('DISCONNECTED');
    expect(first.pageInfo.hasNextPage).toBe(true);
    const next = (
      await gql<Matrix>(viewer, matrix, {
        target: web,
        groupBy: 'env',
        first: 2,
        after: first.pageInfo.endCursor,
      })
    ).fleetRolloutClusters;
    expect(next.rows.map((r) => [r.clusterName, r.group])).toEqual([
      ['bravo', 'prod'],
      ['delta', null],
    ]);
    expect(next.pageInfo.hasNextPage).toBe(false);
    // Regrouped: no label, by name.
    const flat = (await gql<Matrix>(viewer, matrix, { target: web })).fleetRolloutClusters;
    expect(flat.rows.map((r) => r.clusterName)).toEqual(['alpha', 'bravo', 'charlie', 'delta']);
    const one = (await gql<Matrix>(viewer, matrix, { target: web, ids: ['k-2', 'k-5'] }))
      .fleetRolloutClusters;
    expect(one.rows.map((r) => [r.clusterName, r.cells])).toEqual([
      ['bravo', [{ object: 0, health: 'READY', revision: A }]],
    ]);
  });

  it('follows a hub GitRepository through the hub Kustomizations that read it (Flux sourceRef: namespace as written)', async () => {
    const target = { kind: 'GitRepository', namespace: 'flux-system', name: 'repo' };
    const s = (await gql<Summary>(viewer, summary, { target })).fleetRolloutSummary;
    expect(s.objects.map((o) => o.name)).toEqual(['api', 'web']);
    expect(s.clusters).toBe(5);
    const m = (await gql<Matrix>(viewer, matrix, { target })).fleetRolloutClusters;
    const echo = m.rows.find((r) => r.clusterName === 'echo');
    expect(echo?.cells).toEqual([{ object: 0, health: 'READY', revision: A }]);
    const alpha = m.rows.find((r) => r.clusterName === 'alpha');
    expect(alpha?.cells).toEqual([{ object: 1, health: 'READY', revision: B }]);
    const none = (
      await gql<Summary>(viewer, summary, {
        target: { kind: 'GitRepository', namespace: 'flux-system', name: 'nobody' },
      })
    ).fleetRolloutSummary;
    expect([none.objects, none.clusters, none.revisions]).toEqual([[], 0, []]);
  });

  it('shows a user limited to some clusters and namespaces only those', async () => {
    const s = (await gql<Summary>(scoped, summary, { target: web, groupBy: 'env' })).fleetRolloutSummary;
    expect(s.clusters).toBe(2);
    expect(s.groups.map((g) => g.value)).toEqual(['prod']);
    const m = (await gql<Matrix>(scoped, matrix, { target: web })).fleetRolloutClusters;
    expect(m.rows.map((r) => r.clusterName)).toEqual(['alpha', 'bravo']);
    const charlie = (await gql<Matrix>(scoped, matrix, { target: web, ids: ['k-3'] })).fleetRolloutClusters;
    expect(charlie.rows).toEqual([]);
    // infra/web on alpha is outside the grant's namespaces.
    const infra = (
      await gql<Summary>(scoped, summary, {
        target: { kind: 'Kustomization', namespace: 'infra', name: 'web' },
      })
    ).fleetRolloutSummary;
    expect(infra.clusters).toBe(0);
  });

  it('refuses a bad group key, page size or cursor with the field at fault', async () => {
    const badKey = await t.gql(viewer, summary, { target: web, groupBy: 'not a key!' });
    expect(badKey.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'groupBy' });
    const badFirst = await t.gql(viewer, matrix, { target: web, first: 201 });
    expect(badFirst.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    const badAfter = await t.gql(viewer, matrix, { target: web, after: 'bm9wZQ' });
    expect(badAfter.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    const blank = await t.gql(viewer, summary, { target: { ...web, name: ' ' } });
    expect(blank.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'target.name' });
  });

  const spread = `query($target: FleetRolloutTarget!) { fleetRolloutSpread(target: $target) { revision points { at clusters } } }`;
  type Spread = { fleetRolloutSpread: { revision: string; points: { at: string; clusters: number }[] }[] };

  it('records when each cluster first reported a revision and draws the cumulative count, newest first', async () => {
    const history = () =>
      t.sql<{ cluster_id: string; revision: string }>(
        `SELECT cluster_id, revision FROM flux_object_revisions WHERE namespace = 'apps' AND name = 'web' ORDER BY cluster_id, first_seen_at`,
      );
    expect(await history()).toEqual([
      { cluster_id: 'k-1', revision: A },
      { cluster_id: 'k-1', revision: B },
      { cluster_id: 'k-2', revision: A },
      { cluster_id: 'k-3', revision: A },
      { cluster_id: 'k-3', revision: B },
      { cluster_id: 'k-4', revision: A },
    ]);
    const [before] = await t.sql<{ at: Date }>(
      `SELECT first_seen_at AS at FROM flux_object_revisions WHERE cluster_id = 'k-1' AND name = 'web' AND namespace = 'apps' AND revision = $1`,
      [A],
    );
    // A report that changes only the state records nothing; going back to A keeps A's first time.
    await report('k-2', 'apps', 'web', 'progressing', A);
    await report('k-1', 'apps', 'web', 'ready', A);
    await report('k-1', 'apps', 'web', 'ready', B);
    const [after] = await t.sql<{ at: Date }>(
      `SELECT first_seen_at AS at FROM flux_object_revisions WHERE cluster_id = 'k-1' AND name = 'web' AND namespace = 'apps' AND revision = $1`,
      [A],
    );
    expect(after!.at).toEqual(before!.at);
    expect(await history()).toHaveLength(6);

    const s = (await gql<Spread>(viewer, spread, { target: web })).fleetRolloutSpread;
    expect(s.map((x) => x.revision)).toEqual([B, A]);
    const last = (r: string) => s.find((x) => x.revision === r)!.points.at(-1)!.clusters;
    expect([last(B), last(A)]).toEqual([2, 4]);
    const bPoints = s[0]!.points.map((p) => p.clusters);
    expect(bPoints).toEqual([...bPoints].sort((x, y) => x - y));
    // Within the scoped user's clusters only.
    const mine = (await gql<Spread>(scoped, spread, { target: web })).fleetRolloutSpread;
    expect(mine.map((x) => [x.revision, x.points.at(-1)!.clusters])).toEqual([
      [B, 1],
      [A, 2],
    ]);
  });

  it('keeps the ten newest revisions of an object and forgets its history when it is deleted', async () => {
    for (let i = 0; i < 12; i++)
      await report('k-4', 'apps', 'web', 'ready', `main@sha1:${String(i).padStart(40, '0')}`);
    const [kept] = await t.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM flux_object_revisions WHERE cluster_id = 'k-4' AND namespace = 'apps' AND name = 'web'`,
    );
    expect(kept!.n).toBe(10);
    await t.sql(`DELETE FROM flux_objects WHERE cluster_id = 'k-4' AND namespace = 'apps' AND name = 'web'`);
    const [gone] = await t.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM flux_object_revisions WHERE cluster_id = 'k-4'`,
    );
    expect(gone!.n).toBe(0);
  });

  it('records the revisions of many objects changed by one statement (reports of many agents written together), ten kept per object', async () => {
    const objects = ['k-1', 'k-2', 'k-3'].flatMap((cluster) => ['one', 'two'].map((name) => ({ cluster, name })));
    const write = (revisions: (string | null)[], state = 'ready') =>
      t.sql(
        `INSERT INTO flux_objects (cluster_id, kind, namespace, name, origin, state, ready, revision)
         SELECT x.cluster, 'Kustomization', 'batch', x.name, 'cluster', $3, 'True', x.revision
           FROM unnest($1::text[], $2::text[], $4::text[]) AS x(cluster, name, revision)
         ON CONFLICT (cluster_id, kind, namespace, name) DO UPDATE SET state = EXCLUDED.state, revision = EXCLUDED.revision, updated_at = now()`,
        [objects.map((o) => o.cluster), objects.map((o) => o.name), state, revisions],
      );
    const rev = (i: number) => `main@sha1:${String(i).padStart(40, 'b')}`;
    const counts = async () =>
      (
        await t.sql<{ cluster_id: string; name: string; n: number }>(
          `SELECT cluster_id, name, count(*)::int AS n FROM flux_object_revisions WHERE namespace = 'batch' GROUP BY 1, 2 ORDER BY 1, 2`,
        )
      ).map((r) => r.n);
    await write(objects.map(() => rev(0)));
    expect(await counts()).toEqual([1, 1, 1, 1, 1, 1]);
    // Only some objects move; a statement that changes states only records nothing.
    await write(objects.map((_, i) => (i % 2 === 0 ? rev(1) : rev(0))));
    await write(objects.map((_, i) => (i % 2 === 0 ? rev(1) : rev(0))), 'progressing');
    expect(await counts()).toEqual([2, 1, 2, 1, 2, 1]);
    // A revision cleared (null) records nothing; one seen again keeps its single row.
    await write(objects.map(() => null));
    await write(objects.map(() => rev(0)));
    expect(await counts()).toEqual([2, 1, 2, 1, 2, 1]);
    for (let i = 2; i < 14; i++) await write(objects.map(() => rev(i)));
    expect(await counts()).toEqual([10, 10, 10, 10, 10, 10]);
    const [newest] = await t.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM flux_object_revisions WHERE namespace = 'batch' AND revision = $1`,
      [rev(13)],
    );
    expect(newest!.n).toBe(6);
  });
});
