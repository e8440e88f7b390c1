import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { startPostgres, type TestPostgres } from '@flotilla/testenv';
import type { InventoryBatch, StatusBatch, StatusItem } from '@flotilla/protocol';
import { eventually, hello, metricValue, next, TestHub, type Session } from '../../test/hub-harness.js';

// Every Flux object of every cluster, on a real hub and a real Postgres, with protocol-level agents: what
// ingestion stores and refuses, what GraphQL answers (pages, filters, the tree) and where operations go.

const v3 = { protocolVersion: 3, supportedProtocolVersions: [3, 2, 1] };
const v2 = { protocolVersion: 2, supportedProtocolVersions: [2, 1] };
const when = '2026-12-03T02:00:00Z';
const sha = `main@sha1:${'c'.repeat(40)}`;
const LIMIT = 8;

const cond = (status: 'True' | 'False' | 'Unknown', reason: string, message: string) => [{ type: 'Ready', status, reason, message, lastTransitionTime: when }];
const obj = (kind: string, namespace: string, name: string, over: Record<string, unknown> = {}): StatusItem =>
  ({ kind, origin: 'cluster', namespace, name, conditions: cond('True', 'Succeeded', 'ok'), observedGeneration: 1, suspended: false, ...over }) as StatusItem;
const entry = (ns: string, name: string, group: string, kind: string) => ({ id: `${ns}_${name}_${group}_${kind}`, v: 'v1' });

interface Agent {
  s: Socket;
  seq: number;
  errors: { code: string; seq?: number; message: string }[];
}

type Obj = { kind: string; namespace: string; name: string; clusterName: string; origin: string; state: string; ready: string; reason: string | null; revision: string | null; suspended: boolean; operations: string[]; parent: { name: string } | null };
const list = `query($filter: FluxObjectFilter, $first: Int, $after: String) {
  fluxObjects(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { kind namespace name clusterName origin state ready reason revision suspended operations parent { name } } }
  }
}`;
type ListResult = { fluxObjects: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: Obj }[] } };

describe('fleet Flux objects: ingestion, GraphQL, tree and operations (real hub, real Postgres)', () => {
  let pg: TestPostgres;
  let t: TestHub;
  let operator: Session;
  let viewer: Session;
  let alpha: { clusterId: string; credential: string };
  let beta: { clusterId: string; credential: string };
  let a: Agent;
  let b: Agent;
  const sockets: Socket[] = [];

  const connect = async (credential: string, version: Record<string, unknown>): Promise<Agent> => {
    const s = t.agentSocket(credential);
    sockets.push(s);
    const errors: Agent['errors'] = [];
    s.on('protocol.error', (e: Agent['errors'][number]) => errors.push(e));
    await next(s, 'connect');
    const initial = next<{ seq: number }>(s, 'batch.ack');
    s.emit('hello', hello(version));
    return { s, seq: (await initial).seq, errors };
  };
  const send = async (agent: Agent, type: 'status' | 'inventory', items: unknown[]): Promise<number> => {
    agent.seq += 1;
    const ack = next<{ seq: number }>(agent.s, 'batch.ack');
    agent.s.emit(type, { seq: agent.seq, items } as StatusBatch | InventoryBatch);
    return (await ack).seq;
  };
  const query = async (filter: Record<string, unknown>, first = 50, after?: string) => {
    const r = await t.gql<ListResult>(viewer, list, { filter, first, after });
    expect(r.errors).toBeUndefined();
    return r.data!.fluxObjects;
  };
  const names = (c: ListResult['fluxObjects']) => c.edges.map((e) => `${e.node.clusterName}/${e.node.kind}/${e.node.namespace}/${e.node.name}`);

  beforeAll(async () => {
    pg = await startPostgres();
    t = await TestHub.start(await pg.createDatabase(), { clusterObjectLimit: LIMIT });
    operator = await t.login('operator');
    viewer = await t.login('viewer');
    alpha = await t.registeredCluster(operator, 'alpha');
    beta = await t.registeredCluster(operator, 'beta');
    await t.placeKustomization('k-apps-a', 'apps-a', ['alpha']);
    a = await connect(alpha.credential, v3);
    b = await connect(beta.credential, v2);

    // alpha: the hub's Kustomization (reported the v2 way) and a bootstrap repository's objects.
    await send(a, 'status', [
      { namespace: 'flotilla-system', name: 'apps-a', conditions: cond('True', 'ReconciliationSucceeded', `Applied revision: ${sha}`), observedGeneration: 1, lastAppliedRevision: sha },
      obj('GitRepository', 'flux-system', 'flux-system', { revision: sha }),
      obj('Kustomization', 'flux-system', 'flux-system', { revision: sha, lastAppliedRevision: sha }),
      obj('Kustomization', 'flux-system', 'apps', { parent: { namespace: 'flux-system', name: 'flux-system' }, conditions: cond('False', 'BuildFailed', 'kustomize build failed') }),
      obj('HelmRelease', 'podinfo', 'podinfo', { parent: { namespace: 'flux-system', name: 'apps' }, revision: '6.5.4', conditions: cond('Unknown', 'Progressing', 'installing') }),
      obj('ExternalArtifact', 'flux-system', 'made-elsewhere'),
    ]);
    await send(a, 'inventory', [
      { kind: 'Kustomization', origin: 'cluster', namespace: 'flux-system', name: 'flux-system', entries: [entry('', 'flux-system', '', 'Namespace'), entry('flux-system', 'flux-system', 'source.toolkit.fluxcd.io', 'GitRepository'), entry('flux-system', 'apps', 'kustomize.toolkit.fluxcd.io', 'Kustomization'), entry('flux-system', 'flux-system', 'kustomize.toolkit.fluxcd.io', 'Kustomization')] },
      { kind: 'Kustomization', origin: 'cluster', namespace: 'flux-system', name: 'apps', entries: [entry('', 'podinfo', '', 'Namespace'), entry('podinfo', 'podinfo', 'helm.toolkit.fluxcd.io', 'HelmRelease')] },
      {
        kind: 'HelmRelease',
        origin: 'cluster',
        namespace: 'podinfo',
        name: 'podinfo',
        // A chart may install a Flux object: listed under the release, not expanded (as `flux tree`).
        entries: [{ ...entry('podinfo', 'podinfo', 'apps', 'Deployment'), health: { status: 'InProgress', message: 'Available: 1/2' } }, entry('podinfo', 'podinfo', '', 'Service'), entry('flux-system', 'apps', 'kustomize.toolkit.fluxcd.io', 'Kustomization')],
      },
    ]);
    // beta speaks v2 but reports its own objects too (fields are the same in every version).
    await send(b, 'status', [obj('GitRepository', 'flux-system', 'flux-system', { suspended: true }), obj('Kustomization', 'flux-system', 'flux-system')]);
  });

  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await t?.stop();
    await pg?.stop();
  });

  it('stores each object once per cluster with kind, origin, parent, Ready, state and revision; the placed Kustomization stays linked', async () => {
    const rows = await t.sql<{ cluster_id: string; kind: string; name: string; origin: string; kustomization_id: string | null; state: string; ready_reason: string | null; revision: string | null; parent_name: string | null }>(
      `SELECT cluster_id, kind, name, origin, kustomization_id, state, ready_reason, revision, parent_name FROM flux_objects WHERE cluster_id = $1 ORDER BY kind, namespace, name`,
      [alpha.clusterId],
    );
    expect(rows.map((r) => [r.kind, r.name, r.origin, r.kustomization_id, r.state, r.revision, r.parent_name])).toEqual([
      ['ExternalArtifact', 'made-elsewhere', 'cluster', null, 'ready', null, null],
      ['GitRepository', 'flux-system', 'cluster', null, 'ready', sha, null],
      ['HelmRelease', 'podinfo', 'cluster', null, 'progressing', '6.5.4', 'apps'],
      ['Kustomization', 'apps-a', 'hub', 'k-apps-a', 'ready', sha, null],
      ['Kustomization', 'apps', 'cluster', null, 'failing', null, 'flux-system'],
      ['Kustomization', 'flux-system', 'cluster', null, 'ready', sha, null],
    ]);
    expect(a.errors).toEqual([]);
    // The existing per-Kustomization fields read the same row.
    const k = await t.gql<{ kustomization: { clusters: { ready: string; lastAppliedRevision: string }[] } }>(viewer, `query { kustomization(id: "k-apps-a") { clusters { ready lastAppliedRevision } } }`);
    expect(k.data!.kustomization.clusters).toEqual([{ ready: 'True', lastAppliedRevision: sha }]);
  });

  it('refuses a cluster item that claims the placed Kustomization, and an item of a kind Flux does not define', async () => {
    const before = await t.metrics();
    expect(await send(a, 'status', [obj('Kustomization', 'flotilla-system', 'apps-a', { conditions: cond('False', 'Forged', 'cluster overwrites hub') })])).toBe(a.seq);
    expect(a.errors.at(-1)).toMatchObject({ code: 'OBJECT_ORIGIN_CONFLICT', seq: a.seq });
    expect(a.errors.at(-1)!.message).toContain('Kustomization flotilla-system/apps-a');
    const [row] = await t.sql<{ origin: string; ready_reason: string }>(`SELECT origin, ready_reason FROM flux_objects WHERE kustomization_id = 'k-apps-a'`);
    expect(row).toEqual({ origin: 'hub', ready_reason: 'ReconciliationSucceeded' });
    const after = await t.metrics();
    const series = 'flotilla_agent_report_items_refused_total{type="status",code="OBJECT_ORIGIN_CONFLICT"}';
    expect(metricValue(after, series) - metricValue(before, series)).toBe(1);

    const invalid = next<{ code: string; message: string }>(a.s, 'protocol.error');
    a.s.emit('status', { seq: a.seq + 1, items: [obj('Deployment', 'default', 'nginx')] });
    expect(await invalid).toMatchObject({ code: 'MESSAGE_INVALID' });
    expect((await invalid).message).toContain('items.0.kind');
  });

  it(`keeps at most ${LIMIT} objects found in one cluster: new ones past it are refused, counted and shown as a cluster event; updates and deletions still pass`, async () => {
    // alpha holds 5 of its own; 5 new ones fill it to 8 and refuse 2.
    const fresh = Array.from({ length: 5 }, (_, i) => obj('Bucket', 'buckets', `b${i}`));
    await send(a, 'status', [...fresh, obj('GitRepository', 'flux-system', 'flux-system', { revision: 'main@sha1:new' })]);
    const refused = a.errors.at(-1)!;
    expect(refused).toMatchObject({ code: 'OBJECT_LIMIT_EXCEEDED', seq: a.seq });
    expect(refused.message).toMatch(/^2 item\(s\)/);
    const counted = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM flux_objects WHERE cluster_id = $1 AND origin = 'cluster'`, [alpha.clusterId]);
    expect(counted[0]!.n).toBe(LIMIT);
    expect((await t.sql<{ revision: string }>(`SELECT revision FROM flux_objects WHERE cluster_id = $1 AND kind = 'GitRepository'`, [alpha.clusterId]))[0]!.revision).toBe('main@sha1:new');
    const events = await t.gql<{ events: { reason: string; involvedKind: string }[] }>(viewer, `query($c: ID) { events(clusterId: $c) { reason involvedKind } }`, { c: alpha.clusterId });
    expect(events.data!.events).toContainEqual({ reason: 'FluxObjectLimitReached', involvedKind: 'Cluster' });
    expect(metricValue(await t.metrics(), 'flotilla_agent_report_items_refused_total{type="status",code="OBJECT_LIMIT_EXCEEDED"}')).toBe(2);

    // Deleting two makes room for one new object in the same batch.
    const errorsBefore = a.errors.length;
    await send(a, 'status', [
      { kind: 'Bucket', origin: 'cluster', namespace: 'buckets', name: 'b0', deleted: true },
      { kind: 'Bucket', origin: 'cluster', namespace: 'buckets', name: 'b1', deleted: true },
      obj('Bucket', 'buckets', 'b3'),
    ]);
    expect(a.errors.length).toBe(errorsBefore);
    const left = await t.sql<{ name: string }>(`SELECT name FROM flux_objects WHERE cluster_id = $1 AND kind = 'Bucket' ORDER BY name`, [alpha.clusterId]);
    expect(left.map((r) => r.name)).toEqual(['b2', 'b3']);
    // A deleted item of origin cluster never removes the hub's row.
    await send(a, 'status', [{ kind: 'Kustomization', origin: 'cluster', namespace: 'flotilla-system', name: 'apps-a', deleted: true }]);
    expect(await t.sql(`SELECT 1 FROM flux_objects WHERE kustomization_id = 'k-apps-a'`)).toHaveLength(1);
  });

  it('lists the fleet’s objects in pages of at most 200, filtered by kind, origin, state, cluster and name', async () => {
    const all = await query({});
    // alpha: the hub's Kustomization and 7 of its own (5 + b2, b3); beta: 2 of its own.
    expect(all.totalCount).toBe(10);
    // The same namespace/name on two clusters: ordered by cluster id, so compare as a set.
    expect(names(await query({ kinds: ['GitRepository'] })).sort()).toEqual(['alpha/GitRepository/flux-system/flux-system', 'beta/GitRepository/flux-system/flux-system']);
    expect(names(await query({ origin: 'HUB' }))).toEqual(['alpha/Kustomization/flotilla-system/apps-a']);
    expect(names(await query({ states: ['FAILING'] }))).toEqual(['alpha/Kustomization/flux-system/apps']);
    expect(names(await query({ states: ['SUSPENDED', 'PROGRESSING'] }))).toEqual(['beta/GitRepository/flux-system/flux-system', 'alpha/HelmRelease/podinfo/podinfo']);
    expect(names(await query({ clusterId: beta.clusterId, kinds: ['Kustomization'] }))).toEqual(['beta/Kustomization/flux-system/flux-system']);
    expect(names(await query({ search: 'PODI' }))).toEqual(['alpha/HelmRelease/podinfo/podinfo']);
    // LIKE wildcards are literal characters of the search.
    expect((await query({ search: '%' })).totalCount).toBe(0);
    expect((await query({ search: '_' })).totalCount).toBe(0);

    const failing = (await query({ states: ['FAILING'] })).edges[0]!.node;
    expect(failing).toMatchObject({ ready: 'False', reason: 'BuildFailed', parent: { name: 'flux-system' }, operations: ['RECONCILE', 'SUSPEND', 'RESUME'] });
    expect((await query({ kinds: ['ExternalArtifact'] })).edges[0]!.node.operations).toEqual([]);

    // Walk every page of 3: each object once, in order.
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await query({}, 3, after);
      seen.push(...names(page));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor!;
    }
    expect(seen).toEqual(names(all));

    const tooMany = await t.gql(viewer, list, { first: 201 });
    expect(tooMany.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    const forged = await t.gql(viewer, list, { first: 2, after: Buffer.from('f:{"x":1}').toString('base64url') });
    expect(forged.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    expect((await t.gql(null, list, {})).errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
  });

  it('gives a Kustomization’s tree as `flux tree ks` prints it: inventories of Flux objects in it, depth first, leaving out a Kustomization’s own entry (it applies itself), a HelmRelease’s release objects as leaves', async () => {
    type Tree = { fluxObjectTree: { root: { name: string }; truncated: boolean; nodes: { depth: number; kind: string; namespace: string | null; name: string; fluxObject: { state: string } | null }[] } };
    const q = `query($ref: FluxObjectRefInput!, $first: Int) { fluxObjectTree(ref: $ref, first: $first) { root { name } truncated nodes { depth kind namespace name fluxObject { state } } } }`;
    const ref = { clusterId: alpha.clusterId, kind: 'Kustomization', namespace: 'flux-system', name: 'flux-system' };
    const r = await t.gql<Tree>(viewer, q, { ref });
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    expect(r.data!.fluxObjectTree.nodes.map((n) => `${'  '.repeat(n.depth - 1)}${n.kind}/${n.namespace ?? ''}/${n.name}${n.fluxObject ? ` (${n.fluxObject.state})` : ''}`)).toEqual([
      'Namespace//flux-system',
      'GitRepository/flux-system/flux-system (READY)',
      'Kustomization/flux-system/apps (FAILING)',
      '  Namespace//podinfo',
      '  HelmRelease/podinfo/podinfo (PROGRESSING)',
      '    Deployment/podinfo/podinfo',
      '    Service/podinfo/podinfo',
      '    Kustomization/flux-system/apps (FAILING)',
    ]);
    // A workload's health as the agent reported it with the inventory (kstatus); none for other objects.
    const health = await t.gql<{ fluxObjectTree: { nodes: { name: string; kind: string; health: { status: string; message: string | null } | null }[] } }>(
      viewer,
      `query($ref: FluxObjectRefInput!) { fluxObjectTree(ref: $ref) { nodes { kind name health { status message } } } }`,
      { ref },
    );
    expect(health.data!.fluxObjectTree.nodes.filter((n) => n.name === 'podinfo').map((n) => [n.kind, n.health])).toEqual([
      ['Namespace', null],
      ['HelmRelease', null],
      ['Deployment', { status: 'IN_PROGRESS', message: 'Available: 1/2' }],
      ['Service', null],
    ]);
    // The HelmRelease's own tree: its release objects, the Kustomization among them not expanded.
    const hr = await t.gql<Tree>(viewer, q, { ref: { ...ref, kind: 'HelmRelease', namespace: 'podinfo', name: 'podinfo' } });
    expect(hr.data!.fluxObjectTree.nodes.map((n) => `${n.depth} ${n.kind}/${n.namespace ?? ''}/${n.name}`)).toEqual(['1 Deployment/podinfo/podinfo', '1 Service/podinfo/podinfo', '1 Kustomization/flux-system/apps']);
    const cut = await t.gql<Tree>(viewer, q, { ref, first: 2 });
    expect(cut.data!.fluxObjectTree).toMatchObject({ truncated: true, nodes: [{ name: 'flux-system' }, { name: 'flux-system' }] });
    const missing = await t.gql(viewer, q, { ref: { ...ref, name: 'nope' } });
    expect(missing.errors![0]!.extensions!.code).toBe('NOT_FOUND');
    const badName = await t.gql(viewer, q, { ref: { ...ref, name: 'Not A Name' } });
    expect(badName.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'ref.name' });
  });

  it('sends operations on objects found in the cluster to its agent, steers hub-placed ones through the hub, and lets only operators act', async () => {
    const run = `mutation($ref: FluxObjectRefInput!, $op: FluxOperation!) { runFluxObjectOperation(ref: $ref, operation: $op) }`;
    const git = { clusterId: alpha.clusterId, kind: 'GitRepository', namespace: 'flux-system', name: 'flux-system' };

    const reconcile = next<{ kind: string; namespace: string; name: string; requestedAt: string }>(a.s, 'reconcile');
    expect((await t.gql(operator, run, { ref: git, op: 'RECONCILE' })).data).toEqual({ runFluxObjectOperation: true });
    expect(await reconcile).toMatchObject({ kind: 'GitRepository', namespace: 'flux-system', name: 'flux-system' });
    const suspend = next(a.s, 'suspend');
    await t.gql(operator, run, { ref: git, op: 'SUSPEND' });
    expect(await suspend).toEqual({ kind: 'GitRepository', namespace: 'flux-system', name: 'flux-system' });
    const resume = next(a.s, 'resume');
    await t.gql(operator, run, { ref: git, op: 'RESUME' });
    expect(await resume).toEqual({ kind: 'GitRepository', namespace: 'flux-system', name: 'flux-system' });
    const audit = await t.sql<{ action: string }>(`SELECT action FROM audit_entries WHERE action LIKE 'fluxObject.%' ORDER BY created_at`);
    expect(audit.map((x) => x.action)).toEqual(['fluxObject.reconcile', 'fluxObject.suspend', 'fluxObject.resume']);

    // The hub's own Kustomization: a reconcile request to this cluster, a suspend of its spec.
    const hubReconcile = next<{ kind: string; name: string }>(a.s, 'reconcile');
    await t.gql(operator, run, { ref: { clusterId: alpha.clusterId, kind: 'Kustomization', namespace: 'flotilla-system', name: 'apps-a' }, op: 'RECONCILE' });
    expect(await hubReconcile).toMatchObject({ kind: 'Kustomization', name: 'apps-a' });
    await t.gql(operator, run, { ref: { clusterId: alpha.clusterId, kind: 'Kustomization', namespace: 'flotilla-system', name: 'apps-a' }, op: 'SUSPEND' });
    expect((await t.sql<{ suspend: boolean }>(`SELECT (spec->>'suspend')::boolean AS suspend FROM kustomizations WHERE id = 'k-apps-a'`))[0]!.suspend).toBe(true);

    // beta's agent speaks v2: it cannot act on its own objects, and gets nothing.
    let got = false;
    b.s.on('suspend', () => (got = true));
    const onBeta = await t.gql(operator, run, { ref: { ...git, clusterId: beta.clusterId }, op: 'SUSPEND' });
    expect(onBeta.errors![0]!.extensions!.code).toBe('CONFLICT');
    expect(onBeta.errors![0]!.message).toContain('not connected');

    const none = await t.gql(operator, run, { ref: { clusterId: alpha.clusterId, kind: 'ExternalArtifact', namespace: 'flux-system', name: 'made-elsewhere' }, op: 'RECONCILE' });
    expect(none.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'operation' });
    const asViewer = await t.gql(viewer, run, { ref: git, op: 'SUSPEND' });
    expect(asViewer.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    await new Promise((r) => setTimeout(r, 100));
    expect(got).toBe(false);
  });

  it('tells browsers when a cluster’s objects change', async () => {
    const ui = t.uiSocket(viewer);
    sockets.push(ui);
    await next(ui, 'connect');
    const changed = next<{ clusterId: string }>(ui, 'fluxObjects.changed');
    await send(b, 'status', [obj('Kustomization', 'flux-system', 'flux-system', { conditions: cond('False', 'HealthCheckFailed', 'timeout') })]);
    expect(await changed).toEqual({ clusterId: beta.clusterId });
    await eventually(() => query({ clusterId: beta.clusterId, states: ['FAILING'] }), (c) => c.totalCount === 1);
  });
});
