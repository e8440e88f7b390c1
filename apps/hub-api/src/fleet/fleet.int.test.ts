import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '@flotilla/testenv';
import { TestHub, type Session } from '../../test/hub-harness.js';

// The fleet dashboard's reads on a real hub and Postgres, over rows seeded with SQL as ingestion stores them:
// counts by health (stalled from the Stalled condition), needs attention, the cluster table, activity, search,
// and what a user whose grant covers one namespace sees of them.

const ready = (reason = 'ReconciliationSucceeded') => [
  { type: 'Ready', status: 'True', reason, message: 'ok', lastTransitionTime: '2026-12-03T01:00:00Z' },
];
const failing = (reason: string, since: string) => [
  { type: 'Ready', status: 'False', reason, message: `${reason} happened`, lastTransitionTime: since },
];
const stalled = (since: string) => [
  ...failing('InvalidPath', since),
  {
    type: 'Stalled',
    status: 'True',
    reason: 'InvalidPath',
    message: 'no such path',
    lastTransitionTime: since,
  },
];

interface Seed {
  cluster: string;
  kind: string;
  ns: string;
  name: string;
  state: string;
  conditions: unknown[];
  revision?: string;
  /** lastAttemptedRevision, when it differs from the applied revision. */
  attempted?: string;
  inventory?: string[];
}

describe('fleet dashboard queries (real hub, real Postgres)', () => {
  let pg: TestPostgres;
  let t: TestHub;
  let viewer: Session;
  let scoped: Session;

  const gql = async <T>(who: Session, query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const r = await t.gql<T>(who, query, variables);
    expect(r.errors).toBeUndefined();
    return r.data!;
  };

  beforeAll(async () => {
    pg = await startPostgres();
    t = await TestHub.start(await pg.createDatabase());
    viewer = await t.login('viewer');
    await t.sql(`INSERT INTO clusters (id, name, labels, connection_state, last_seen_at) VALUES
      ('c-a', 'alpha', '{"env":"prod"}', 'CONNECTED', now()),
      ('c-b', 'beta', '{"env":"prod"}', 'DISCONNECTED', '2026-12-01T00:00:00Z'),
      ('c-c', 'gamma', '{"env":"dev"}', 'CONNECTED', now()),
      ('c-d', 'delta', '{}', 'PENDING', NULL)`);
    const rows: Seed[] = [
      {
        cluster: 'c-a',
        kind: 'Kustomization',
        ns: 'apps',
        name: 'web',
        state: 'ready',
        conditions: ready(),
        revision: 'main@sha1:1',
        inventory: ['apps_web_apps_Deployment', 'apps_web__Service'],
      },
      {
        cluster: 'c-a',
        kind: 'Kustomization',
        ns: 'infra',
        name: 'ingress',
        state: 'failing',
        conditions: failing('HealthCheckFailed', '2026-12-03T02:00:00Z'),
        revision: 'main@sha1:1',
      },
      {
        cluster: 'c-a',
        kind: 'GitRepository',
        ns: 'flux-system',
        name: 'repo',
        state: 'failing',
        conditions: stalled('2026-12-03T01:30:00Z'),
      },
      {
        cluster: 'c-b',
        kind: 'Kustomization',
        ns: 'apps',
        name: 'web',
        state: 'ready',
        conditions: ready(),
        revision: 'main@sha1:1',
        inventory: ['apps_web_apps_Deployment'],
      },
      {
        cluster: 'c-b',
        kind: 'HelmRelease',
        ns: 'apps',
        name: 'cache',
        state: 'suspended',
        conditions: ready(),
      },
      {
        cluster: 'c-c',
        kind: 'Kustomization',
        ns: 'apps',
        name: 'web',
        state: 'ready',
        conditions: ready(),
        revision: 'main@sha1:2',
        inventory: ['apps_nginx-edge_apps_Deployment', '_nginx-edge_rbac.authorization.k8s.io_ClusterRole'],
      },
      {
        cluster: 'c-c',
        kind: 'Kustomization',
        ns: 'infra',
        name: 'ingress',
        state: 'progressing',
        conditions: [],
        revision: 'main@sha1:1',
        attempted: 'main@sha1:2',
      },
    ];
    for (const r of rows) {
      await t.sql(
        `INSERT INTO flux_objects (cluster_id, kind, namespace, name, origin, state, ready, ready_reason, ready_message, conditions, revision, inventory, last_applied_revision, last_attempted_revision)
         VALUES ($1, $2, $3, $4, 'cluster', $5, $6, $7, $8, $9::jsonb, $10, $11::jsonb, $10, $12)`,
        [
          r.cluster,
          r.kind,
          r.ns,
          r.name,
          r.state,
          (r.conditions[0] as { status?: string } | undefined)?.status ?? 'Unknown',
          (r.conditions[0] as { reason?: string } | undefined)?.reason ?? null,
          (r.conditions[0] as { message?: string } | undefined)?.message ?? null,
          JSON.stringify(r.conditions),
          r.revision ?? null,
          JSON.stringify((r.inventory ?? []).map((id) => ({ id, v: 'v1' }))),
          r.attempted ?? r.revision ?? null,
        ],
      );
    }
    for (let i = 0; i < 5; i += 1) {
      await t.sql(
        `INSERT INTO cluster_events (cluster_id, involved_kind, involved_namespace, involved_name, severity, reason, message, occurred_at)
         VALUES ($1, $2, $3, 'x', $4, 'R', $5, $6)`,
        [
          i % 2 ? 'c-a' : 'c-c',
          i === 4 ? 'GitRepository' : 'Kustomization',
          i === 3 ? 'infra' : 'apps',
          i % 2 ? 'error' : 'info',
          `event ${i}`,
          `2026-12-03T03:0${i}:00Z`,
        ],
      );
    }
    // A user whose only grant is viewer on namespace "apps" of the prod clusters.
    scoped = await t.scopedViewer({ clusterSelector: 'env=prod', namespaces: ['apps'] });
  }, 60_000);

  afterAll(async () => {
    await t?.stop();
    await pg?.stop();
  });

  const summary = `{ fleetSummary { clusters { connected disconnected pending revoked } objects { ready progressing failing stalled suspended } } }`;
  type Summary = { fleetSummary: { clusters: Record<string, number>; objects: Record<string, number> } };

  it('counts clusters by connection state and objects by health, a failing object with Stalled=True as stalled', async () => {
    const { fleetSummary } = await gql<Summary>(viewer, summary);
    expect(fleetSummary.clusters).toEqual({ connected: 2, disconnected: 1, pending: 1, revoked: 0 });
    expect(fleetSummary.objects).toEqual({ ready: 3, progressing: 1, failing: 1, stalled: 1, suspended: 1 });
    const mine = await gql<Summary>(scoped, summary);
    expect(mine.fleetSummary.clusters).toEqual({ connected: 1, disconnected: 1, pending: 0, revoked: 0 });
    expect(mine.fleetSummary.objects).toEqual({
      ready: 2,
      progressing: 0,
      failing: 0,
      stalled: 0,
      suspended: 1,
    });
  });

  const attention = `query($first: Int, $after: String) { fleetAttention(first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } items { type clusterName kind namespace name reason message since } } }`;
  type Attention = {
    fleetAttention: {
      totalCount: number;
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
      items: {
        type: string;
        clusterName: string;
        name: string | null;
        reason: string | null;
        since: string | null;
      }[];
    };
  };

  it('lists disconnected agents, then stalled, then failing objects, with reason and since, page by page', async () => {
    const first = await gql<Attention>(viewer, attention, { first: 2 });
    expect(first.fleetAttention.totalCount).toBe(3);
    expect(first.fleetAttention.items.map((i) => [i.type, i.clusterName, i.name])).toEqual([
      ['DISCONNECTED', 'beta', null],
      ['STALLED', 'alpha', 'repo'],
    ]);
    expect(first.fleetAttention.items[0]!.since).toBe('2026-12-01T00:00:00.000Z');
    expect(first.fleetAttention.pageInfo.hasNextPage).toBe(true);
    const second = await gql<Attention>(viewer, attention, {
      first: 2,
      after: first.fleetAttention.pageInfo.endCursor,
    });
    expect(second.fleetAttention.items).toEqual([
      expect.objectContaining({
        type: 'FAILING',
        name: 'ingress',
        reason: 'HealthCheckFailed',
        since: '2026-12-03T02:00:00.000Z',
      }),
    ]);
    expect(second.fleetAttention.pageInfo.hasNextPage).toBe(false);
    // The scoped user sees the disconnected prod cluster but none of the objects outside "apps".
    const mine = await gql<Attention>(scoped, attention);
    expect(mine.fleetAttention.items.map((i) => i.type)).toEqual(['DISCONNECTED']);
    const forged = await t.gql(viewer, attention, { after: Buffer.from('ct:5').toString('base64url') });
    expect(forged.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  const table = `query($filter: FleetClusterFilter, $sort: FleetClusterSort, $first: Int, $after: String) {
    fleetClusters(filter: $filter, sort: $sort, first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } rows { name total ready failing stalled worst worstReason revisions behind labels { key value } } } }`;
  type Table = {
    fleetClusters: {
      totalCount: number;
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
      rows: {
        name: string;
        total: number;
        ready: number;
        failing: number;
        stalled: number;
        worst: string | null;
        worstReason: string | null;
        revisions: number;
        behind: number;
      }[];
    };
  };

  it('gives each cluster its health columns, sorted and filtered by them and by labels', async () => {
    const byName = await gql<Table>(viewer, table, {});
    expect(byName.fleetClusters.rows.map((r) => r.name)).toEqual(['alpha', 'beta', 'delta', 'gamma']);
    const alpha = byName.fleetClusters.rows[0]!;
    expect(alpha).toMatchObject({
      total: 3,
      ready: 1,
      failing: 1,
      stalled: 1,
      worst: 'STALLED',
      worstReason: 'InvalidPath',
    });
    // gamma runs two revisions, and its ingress attempted main@sha1:2 without applying it.
    const gamma = byName.fleetClusters.rows[3]!;
    expect(gamma).toMatchObject({ worst: 'PROGRESSING', revisions: 2, behind: 1 });
    expect(alpha).toMatchObject({ revisions: 1, behind: 0 });
    expect(byName.fleetClusters.rows[2]).toMatchObject({
      name: 'delta',
      total: 0,
      worst: null,
      worstReason: null,
    });

    const worstFirst = await gql<Table>(viewer, table, { sort: { field: 'WORST' }, first: 2 });
    expect(worstFirst.fleetClusters.rows.map((r) => r.name)).toEqual(['alpha', 'gamma']);
    expect(worstFirst.fleetClusters.totalCount).toBe(4);
    const rest = await gql<Table>(viewer, table, {
      sort: { field: 'WORST' },
      first: 2,
      after: worstFirst.fleetClusters.pageInfo.endCursor,
    });
    expect(rest.fleetClusters.rows.map((r) => r.name)).toEqual(['beta', 'delta']);

    const readyShare = await gql<Table>(viewer, table, {
      sort: { field: 'READY', descending: true },
      filter: { selector: 'env' },
    });
    expect(readyShare.fleetClusters.rows.map((r) => r.name)).toEqual(['beta', 'gamma', 'alpha']);
    const failingProd = await gql<Table>(viewer, table, {
      filter: { selector: 'env=prod', worst: ['STALLED', 'FAILING'] },
    });
    expect(failingProd.fleetClusters.rows.map((r) => r.name)).toEqual(['alpha']);
    const empty = await gql<Table>(viewer, table, { filter: { worst: ['NONE'], search: 'ELT' } });
    expect(empty.fleetClusters.rows.map((r) => r.name)).toEqual(['delta']);

    // gamma runs two revisions with one object behind; the others one revision, none behind.
    const spread = await gql<Table>(viewer, table, {
      sort: { field: 'REVISIONS', descending: true },
      first: 1,
    });
    expect(spread.fleetClusters.rows.map((r) => [r.name, r.revisions])).toEqual([['gamma', 2]]);
    const behind = await gql<Table>(viewer, table, {
      filter: { behind: true },
      sort: { field: 'BEHIND', descending: true },
    });
    expect(behind.fleetClusters.rows.map((r) => [r.name, r.behind])).toEqual([['gamma', 1]]);
    expect(behind.fleetClusters.totalCount).toBe(1);

    const bad = await t.gql(viewer, table, { filter: { selector: 'env in (' } });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    const mine = await gql<Table>(scoped, table, {});
    expect(mine.fleetClusters.rows.map((r) => [r.name, r.total])).toEqual([
      ['alpha', 1],
      ['beta', 2],
    ]);
  });

  it('answers only the named clusters, within scope, for a live row refresh; more than 200 ids is refused', async () => {
    const ids = `query($filter: FleetClusterFilter) { fleetClusters(filter: $filter) { totalCount rows { id name total } } }`;
    type Ids = { fleetClusters: { totalCount: number; rows: { id: string; name: string; total: number }[] } };
    const all = await gql<Ids>(viewer, ids, {});
    const pick = all.fleetClusters.rows.filter((r) => r.name === 'alpha' || r.name === 'gamma');
    const some = await gql<Ids>(viewer, ids, { filter: { ids: pick.map((r) => r.id) } });
    expect(some.fleetClusters.rows).toEqual(pick);
    expect(some.fleetClusters.totalCount).toBe(2);
    // The scoped user counts only the objects of its namespaces, and never sees a cluster outside its grants.
    const mine = await gql<Ids>(scoped, ids, { filter: { ids: all.fleetClusters.rows.map((r) => r.id) } });
    expect(mine.fleetClusters.rows.map((r) => [r.name, r.total])).toEqual([
      ['alpha', 1],
      ['beta', 2],
    ]);
    const many = await t.gql(viewer, ids, {
      filter: { ids: Array.from({ length: 201 }, (_, i) => `c${i}`) },
    });
    expect(many.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.ids' });
  });

  const activity = `query($filter: FleetActivityFilter, $first: Int, $after: String) { fleetActivity(filter: $filter, first: $first, after: $after) {
    pageInfo { hasNextPage endCursor } items { clusterName kind namespace severity message occurredAt } } }`;
  type Activity = {
    fleetActivity: {
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
      items: { clusterName: string; kind: string; severity: string; message: string }[];
    };
  };

  it('pages the fleet activity newest first, filtered by severity, kind, cluster and label', async () => {
    const first = await gql<Activity>(viewer, activity, { first: 3 });
    expect(first.fleetActivity.items.map((e) => e.message)).toEqual(['event 4', 'event 3', 'event 2']);
    const next = await gql<Activity>(viewer, activity, {
      first: 3,
      after: first.fleetActivity.pageInfo.endCursor,
    });
    expect(next.fleetActivity.items.map((e) => e.message)).toEqual(['event 1', 'event 0']);
    expect(next.fleetActivity.pageInfo.hasNextPage).toBe(false);
    const errors = await gql<Activity>(viewer, activity, { filter: { severities: ['ERROR'] } });
    expect(errors.fleetActivity.items.map((e) => e.message)).toEqual(['event 3', 'event 1']);
    const repos = await gql<Activity>(viewer, activity, { filter: { kinds: ['GitRepository'] } });
    expect(repos.fleetActivity.items.map((e) => e.message)).toEqual(['event 4']);
    const dev = await gql<Activity>(viewer, activity, { filter: { selector: 'env=dev' } });
    expect(dev.fleetActivity.items.map((e) => e.clusterName)).toEqual(['gamma', 'gamma', 'gamma']);
    const alpha = await gql<Activity>(viewer, activity, { filter: { clusterId: 'c-a' } });
    expect(alpha.fleetActivity.items.map((e) => e.message)).toEqual(['event 3', 'event 1']);
    // Only alpha's event in "apps" reaches the scoped user (gamma is dev, event 3 is in "infra").
    const mine = await gql<Activity>(scoped, activity, {});
    expect(mine.fleetActivity.items.map((e) => e.message)).toEqual(['event 1']);
  });

  const search = `query($q: String!, $selector: String) { fleetSearch(query: $q, selector: $selector) {
    truncated objects { clusterName kind namespace name health } inventory { clusterName group kind namespace name ownerKind ownerName } } }`;
  type Search = {
    fleetSearch: {
      truncated: boolean;
      objects: { clusterName: string; name: string; health: string }[];
      inventory: {
        clusterName: string;
        kind: string;
        namespace: string | null;
        name: string;
        ownerName: string;
      }[];
    };
  };

  it('finds Flux objects and inventory entries across clusters, within the caller’s scope', async () => {
    const ingress = await gql<Search>(viewer, search, { q: 'INGRESS' });
    expect(ingress.fleetSearch.objects.map((o) => [o.clusterName, o.health])).toEqual([
      ['alpha', 'FAILING'],
      ['gamma', 'PROGRESSING'],
    ]);
    // Applied objects match by the start of their name, or by kind.
    const nginx = await gql<Search>(viewer, search, { q: 'NGINX' });
    expect([...nginx.fleetSearch.inventory].sort((a, b) => b.kind.localeCompare(a.kind))).toEqual(
      [
        {
          clusterName: 'gamma',
          group: 'apps',
          kind: 'Deployment',
          namespace: 'apps',
          name: 'nginx-edge',
          ownerKind: 'Kustomization',
          ownerName: 'web',
        },
        {
          clusterName: 'gamma',
          group: 'rbac.authorization.k8s.io',
          kind: 'ClusterRole',
          namespace: null,
          name: 'nginx-edge',
          ownerKind: 'Kustomization',
          ownerName: 'web',
        },
      ].map((e) => expect.objectContaining(e)),
    );
    const deployments = await gql<Search>(viewer, search, { q: 'Deployment', selector: 'env=prod' });
    expect(deployments.fleetSearch.inventory.map((e) => e.clusterName).sort()).toEqual(['alpha', 'beta']);
    const mine = await gql<Search>(scoped, search, { q: 'ingress' });
    expect(mine.fleetSearch.objects).toEqual([]);
    // The entries follow the objects' inventories as they change and go.
    await t.sql(
      `UPDATE flux_objects SET inventory = '[{"id": "apps_nginx-core_apps_Deployment", "v": "v1"}]' WHERE cluster_id = 'c-c' AND name = 'web'`,
    );
    const changed = await gql<Search>(viewer, search, { q: 'nginx' });
    expect(changed.fleetSearch.inventory.map((e) => e.name)).toEqual(['nginx-core']);
    await t.sql(`DELETE FROM flux_objects WHERE cluster_id = 'c-c' AND name = 'web'`);
    expect((await gql<Search>(viewer, search, { q: 'nginx' })).fleetSearch.inventory).toEqual([]);
    const short = await t.gql(viewer, search, { q: 'ng' });
    expect(short.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'query' });
  });
});
