import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '@flotilla/testenv';
import { AssignmentsService } from '../assignments/assignments.service.js';
import { TestHub, type Session } from '../../test/hub-harness.js';

// The rollout view's Pending cells against a real hub and real Postgres: the clusters a hub Kustomization is
// placed on (computed by the assignment code, stored in cluster_assignments, mirrored by triggers into
// cluster_placed_objects) that have not reported it appear in the matrix and the counts with the reason, within
// the caller's scope. Reports are written with SQL as ingestion writes them.

const A = 'main@sha1:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';

describe('rollout view: placed but not reported (real hub, real Postgres)', () => {
  let pgServer: TestPostgres;
  let t: TestHub;
  let viewer: Session;
  let scoped: Session;

  const gql = async <T>(who: Session, query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const r = await t.gql<T>(who, query, variables);
    expect(r.errors).toBeUndefined();
    return r.data!;
  };
  const recompute = () => t.hub.app.get(AssignmentsService).recompute();
  const place = async (selector: string) => {
    await t.sql(`UPDATE kustomizations SET placement = $1::jsonb WHERE id = 'ks-web'`, [
      JSON.stringify({ clusterSelector: selector, clusterNames: [] }),
    ]);
    await recompute();
  };
  const report = (cluster: string) =>
    t.sql(
      `INSERT INTO flux_objects (cluster_id, kind, namespace, name, origin, kustomization_id, state, ready, revision)
       VALUES ($1, 'Kustomization', 'apps', 'web', 'hub', 'ks-web', 'ready', 'True', $2)`,
      [cluster, A],
    );

  const web = { kind: 'Kustomization', namespace: 'apps', name: 'web' };
  const summary = `query($target: FleetRolloutTarget!, $groupBy: String) {
    fleetRolloutSummary(target: $target, groupBy: $groupBy) {
      clusters pending revisions { revision clusters newest } groups { value clusters onNewest onOlder pending } } }`;
  type Summary = {
    fleetRolloutSummary: {
      clusters: number;
      pending: number;
      revisions: { revision: string | null; clusters: number; newest: boolean }[];
      groups: { value: string | null; clusters: number; onNewest: number; onOlder: number; pending: number }[];
    };
  };
  const matrix = `query($target: FleetRolloutTarget!, $groupBy: String, $ids: [ID!]) {
    fleetRolloutClusters(target: $target, groupBy: $groupBy, ids: $ids) {
      totalCount rows { clusterName group connectionState cells { object health revision } pending { object reason } } } }`;
  type Matrix = {
    fleetRolloutClusters: {
      totalCount: number;
      rows: {
        clusterName: string;
        group: string | null;
        connectionState: string;
        cells: { object: number; health: string; revision: string | null }[];
        pending: { object: number; reason: string }[];
      }[];
    };
  };
  const rows = async (who: Session, target = web) =>
    (await gql<Matrix>(who, matrix, { target, groupBy: 'env' })).fleetRolloutClusters.rows.map((r) => [
      r.clusterName,
      r.cells.map((c) => c.health),
      r.pending.map((p) => p.reason),
    ]);

  beforeAll(async () => {
    pgServer = await startPostgres();
    t = await TestHub.start(await pgServer.createDatabase(), { sources: { scheduler: false } });
    viewer = await t.login('viewer');
    await t.sql(`INSERT INTO clusters (id, name, labels, connection_state, last_seen_at) VALUES
      ('p-1', 'alpha', '{"tier":"web","env":"prod"}', 'CONNECTED', now()),
      ('p-2', 'bravo', '{"tier":"web","env":"prod"}', 'PENDING', NULL),
      ('p-3', 'charlie', '{"tier":"web","env":"dev"}', 'DISCONNECTED', now() - interval '1 hour'),
      ('p-4', 'delta', '{"tier":"web","env":"dev"}', 'CONNECTED', now()),
      ('p-5', 'echo', '{"tier":"api","env":"dev"}', 'CONNECTED', now())`);
    await t.sql(`INSERT INTO kustomizations (id, namespace, name, spec, placement) VALUES
      ('ks-web', 'apps', 'web', '{"sourceRef":{"kind":"GitRepository","name":"repo","namespace":"flux-system"},"path":"./web","interval":"1m","prune":true}',
       '{"clusterSelector":"tier=web","clusterNames":[]}')`);
    await recompute();
    // alpha's agent has its assignment and reported the Kustomization.
    await t.sql(`UPDATE cluster_assignments SET acked_generation = generation WHERE cluster_id = 'p-1'`);
    await report('p-1');
    scoped = await t.scopedViewer({ clusterSelector: 'env=prod', namespaces: ['apps'] });
  }, 60_000);

  afterAll(async () => {
    await t?.stop();
    await pgServer?.stop();
  });

  it('lists the clusters the placement selects that have not reported the object, with why', async () => {
    expect(await rows(viewer)).toEqual([
      ['charlie', [], ['DISCONNECTED']],
      ['delta', [], ['NOT_ACKNOWLEDGED']],
      ['alpha', ['READY'], []],
      ['bravo', [], ['NEVER_CONNECTED']],
    ]);
    // The agent acknowledged the assignment but has not reported yet; then it reports.
    await t.sql(`UPDATE cluster_assignments SET acked_generation = generation WHERE cluster_id = 'p-4'`);
    expect((await gql<Matrix>(viewer, matrix, { target: web, ids: ['p-4'] })).fleetRolloutClusters.rows[0]?.pending).toEqual([
      { object: 0, reason: 'NOT_REPORTED' },
    ]);
    await report('p-4');
    const delta = (await gql<Matrix>(viewer, matrix, { target: web, ids: ['p-4'] })).fleetRolloutClusters.rows[0];
    expect([delta?.cells, delta?.pending]).toEqual([[{ object: 0, health: 'READY', revision: A }], []]);
    await t.sql(`DELETE FROM flux_objects WHERE cluster_id = 'p-4'`);
  });

  it('counts pending clusters overall and per group, never as behind', async () => {
    const s = (await gql<Summary>(viewer, summary, { target: web, groupBy: 'env' })).fleetRolloutSummary;
    expect([s.clusters, s.pending]).toEqual([4, 3]);
    expect(s.revisions).toEqual([{ revision: A, clusters: 1, newest: true }]);
    expect(s.groups).toEqual([
      { value: 'dev', clusters: 2, onNewest: 0, onOlder: 0, pending: 2 },
      { value: 'prod', clusters: 2, onNewest: 1, onOlder: 0, pending: 1 },
    ]);
  });

  it('follows a hub GitRepository to the pending clusters of the Kustomizations reading it', async () => {
    const target = { kind: 'GitRepository', namespace: 'flux-system', name: 'repo' };
    expect(await rows(viewer, target)).toEqual(await rows(viewer));
  });

  it('shows a user limited to some clusters only their pending clusters', async () => {
    expect(await rows(scoped)).toEqual([
      ['alpha', ['READY'], []],
      ['bravo', [], ['NEVER_CONNECTED']],
    ]);
    const s = (await gql<Summary>(scoped, summary, { target: web })).fleetRolloutSummary;
    expect([s.clusters, s.pending]).toEqual([2, 1]);
  });

  it('drops clusters the placement no longer selects, and keeps the generation that first placed an object', async () => {
    const since = async () =>
      (
        await t.sql<{ since_generation: string }>(
          `SELECT since_generation FROM cluster_placed_objects WHERE cluster_id = 'p-1' AND name = 'web'`,
        )
      )[0]?.since_generation;
    const first = await since();
    await place('env=prod');
    expect(await rows(viewer)).toEqual([
      ['alpha', ['READY'], []],
      ['bravo', [], ['NEVER_CONNECTED']],
    ]);
    expect(await since()).toBe(first);
    await place('tier=web');
  });

  it('reads HelmReleases from the document and ignores a document that is not the expected shape', async () => {
    await t.sql(
      `UPDATE cluster_assignments SET document = document || '{"helmReleases":[{"namespace":"apps","name":"cache"}]}'::jsonb WHERE cluster_id = 'p-5'`,
    );
    const placed = () =>
      t.sql<{ kind: string; name: string }>(
        `SELECT kind, name FROM cluster_placed_objects WHERE cluster_id = 'p-5' ORDER BY kind, name`,
      );
    expect(await placed()).toEqual([{ kind: 'HelmRelease', name: 'cache' }]);
    const hr = (await gql<Matrix>(viewer, matrix, { target: { kind: 'HelmRelease', namespace: 'apps', name: 'cache' } }))
      .fleetRolloutClusters.rows;
    expect(hr.map((r) => [r.clusterName, r.pending])).toEqual([['echo', [{ object: 0, reason: 'NOT_ACKNOWLEDGED' }]]]);
    await t.sql(`UPDATE cluster_assignments SET document = '{"helmReleases":"nope","kustomizations":[{}]}'::jsonb WHERE cluster_id = 'p-5'`);
    expect(await placed()).toEqual([]);
  });
});
