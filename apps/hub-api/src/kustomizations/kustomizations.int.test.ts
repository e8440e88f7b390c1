import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGitServer, startPostgres, type TestGitServer, type TestPostgres } from '@flotilla/testenv';
import { HubEvents, type HubEventMap } from '../common/hub-events.js';
import { eventually, next, TestHub, type Session, type TestUser } from '../../test/hub-harness.js';
import { EVERY_KUSTOMIZATION_FIELD } from '@flotilla/protocol/flux/testing';
import { KustomizationReportsRepository } from './kustomization-reports.repository.js';

const kFields = `id namespace name sourceRef { kind name namespace } path interval retryInterval timeout prune wait force targetNamespace
  dependsOn { name namespace } suspend spec placement { clusterSelector clusterNames } generation createdAt updatedAt`;
const create = `mutation($input: KustomizationInput!) { createKustomization(input: $input) { ${kFields} } }`;
const update = `mutation($id: ID!, $input: KustomizationInput!) { updateKustomization(id: $id, input: $input) { ${kFields} } }`;
const get = `query($id: ID!) { kustomization(id: $id) { ${kFields} clusters { cluster { name } ready reason message lastAppliedRevision lastAttemptedRevision observedGeneration updatedAt
  conditions { type status reason message } inventory { id version group kind namespace name } kustomization { name } } } }`;
const reconcile = `mutation($input: RequestReconcileInput!) { requestReconcile(input: $input) }`;

interface K {
  id: string;
  generation: number;
  suspend: boolean;
  path: string;
  spec: Record<string, unknown>;
  placement: { clusterSelector: string | null; clusterNames: string[] };
}

const spec = (over: Record<string, unknown> = {}) => ({ sourceRef: { kind: 'GitRepository', name: 'podinfo' }, path: './clusters/my-cluster', interval: '5m', prune: true, ...over });

describe('Kustomizations (real Postgres)', () => {
  let pg: TestPostgres;
  let git: TestGitServer;
  let t: TestHub;
  const s = {} as Record<TestUser, Session>;
  const clusters: Record<string, string> = {};

  beforeAll(async () => {
    [pg, git] = await Promise.all([startPostgres(), startGitServer()]);
    t = await TestHub.start(await pg.createDatabase());
    for (const u of ['admin', 'operator', 'viewer'] as const) s[u] = await t.login(u);
    for (const [name, env] of [['prod-a', 'prod'], ['prod-b', 'prod'], ['dev-a', 'dev']] as const) {
      clusters[name] = (await t.createToken(s.operator, name, [{ key: 'env', value: env }])).cluster.id;
    }
  });
  afterAll(async () => {
    await t?.stop();
    await Promise.all([git?.stop(), pg?.stop()]);
  });

  it('create stores what Flux’s definition returns (force false) and shows Flux defaults (path ./, wait/suspend false), generation 1; spec changes bump it, placement changes do not', async () => {
    const r = await t.gql<{ createKustomization: K }>(s.operator, create, { input: { name: 'defaults', spec: { sourceRef: { kind: 'GitRepository', name: 'podinfo' }, interval: '5m', prune: false }, placement: { clusterSelector: 'env=prod' } } });
    expect(r.errors).toBeUndefined();
    const k = r.data!.createKustomization;
    expect(k).toMatchObject({ namespace: 'flotilla-system', path: './', prune: false, wait: false, force: false, suspend: false, generation: 1, retryInterval: null, timeout: null, dependsOn: [] });
    expect(k.spec).toEqual({ sourceRef: { kind: 'GitRepository', name: 'podinfo' }, interval: '5m', prune: false, force: false });
    const samePlacementOnly = await t.gql<{ updateKustomization: K }>(s.operator, update, {
      id: k.id,
      input: { name: 'defaults', spec: { sourceRef: { kind: 'GitRepository', name: 'podinfo' }, interval: '5m', prune: false }, placement: { clusterSelector: 'env=dev', clusterNames: ['prod-a'] } },
    });
    expect(samePlacementOnly.data?.updateKustomization).toMatchObject({ generation: 1, placement: { clusterSelector: 'env=dev', clusterNames: ['prod-a'] } });
    const changed = await t.gql<{ updateKustomization: K }>(s.operator, update, { id: k.id, input: { name: 'defaults', spec: spec({ prune: true }), placement: { clusterSelector: 'env=dev' } } });
    expect(changed.data?.updateKustomization.generation).toBe(2);
    const dup = await t.gql(s.operator, create, { input: { name: 'defaults', spec: spec(), placement: {} } });
    expect(dup.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });

  describe('validation errors name the field (BAD_USER_INPUT, extensions.field)', () => {
    const cases: { name: string; input: Record<string, unknown>; field: string }[] = [
      { name: 'prune missing (Flux: required)', input: { spec: { sourceRef: { kind: 'GitRepository', name: 'x' }, interval: '5m' }, placement: {} }, field: 'spec.prune' },
      { name: 'interval missing', input: { spec: { sourceRef: { kind: 'GitRepository', name: 'x' }, prune: true }, placement: {} }, field: 'spec.interval' },
      { name: 'interval without units', input: { spec: spec({ interval: '5' }), placement: {} }, field: 'spec.interval' },
      { name: 'retryInterval not a duration', input: { spec: spec({ retryInterval: 'soon' }), placement: {} }, field: 'spec.retryInterval' },
      { name: 'sourceRef name not a DNS name', input: { spec: spec({ sourceRef: { kind: 'GitRepository', name: 'Bad_Name' } }), placement: {} }, field: 'spec.sourceRef.name' },
      { name: 'a source kind we cannot fetch', input: { spec: spec({ sourceRef: { kind: 'Bucket', name: 'x' } }), placement: {} }, field: 'spec.sourceRef.kind' },
      { name: 'an unknown field', input: { spec: spec({ prunne: true }), placement: {} }, field: 'spec.prunne' },
      { name: 'a path leaving the artifact', input: { spec: spec({ path: '../../etc' }), placement: {} }, field: 'spec.path' },
      { name: 'a bad patch', input: { spec: spec({ patches: [{ patch: '' }] }), placement: {} }, field: 'spec.patches.0.patch' },
      { name: 'a bad substitute variable name', input: { spec: spec({ postBuild: { substitute: { '1x': 'a' } } }), placement: {} }, field: 'spec.postBuild.substitute.1x' },
      { name: 'substituteFrom kind', input: { spec: spec({ postBuild: { substituteFrom: [{ kind: 'Pod', name: 'x' }] } }), placement: {} }, field: 'spec.postBuild.substituteFrom.0.kind' },
      { name: 'decryption provider', input: { spec: spec({ decryption: { provider: 'vault' } }), placement: {} }, field: 'spec.decryption.provider' },
      { name: 'depending on itself', input: { spec: spec({ dependsOn: [{ name: 'bad' }] }), placement: {} }, field: 'spec.dependsOn.0' },
      { name: 'spec not an object', input: { spec: 'kind: Kustomization', placement: {} }, field: 'spec' },
      { name: 'a label selector that does not parse', input: { spec: spec(), placement: { clusterSelector: 'env in (prod' } }, field: 'placement.clusterSelector' },
      { name: 'a cluster name that cannot exist', input: { spec: spec(), placement: { clusterNames: ['Prod_A'] } }, field: 'placement.clusterNames[0]' },
      { name: 'a deletionPolicy Flux does not define', input: { spec: spec({ deletionPolicy: 'Keep' }), placement: {} }, field: 'spec.deletionPolicy' },
      { name: 'a healthCheckExprs expression that does not parse (Flux: InvalidCELExpression)', input: { spec: spec({ healthCheckExprs: [{ apiVersion: 'a.io/v1', kind: 'X', current: 'status.(' }] }), placement: {} }, field: 'spec.healthCheckExprs.0.current' },
      { name: 'a readyExpr that does not parse', input: { spec: spec({ dependsOn: [{ name: 'infra', readyExpr: 'dep.(' }] }), placement: {} }, field: 'spec.dependsOn.0.readyExpr' },
      { name: 'kubeConfig with both refs (Flux CEL rule)', input: { spec: spec({ kubeConfig: { secretRef: { name: 'a' }, configMapRef: { name: 'b' } } }), placement: {} }, field: 'spec.kubeConfig' },
      { name: 'an unknown field inside a known one', input: { spec: spec({ healthCheckExprs: [{ apiVersion: 'a.io/v1', current: 'true', ready: 'true' }] }), placement: {} }, field: 'spec.healthCheckExprs.0.ready' },
    ];
    for (const c of cases) {
      it(`${c.name} → ${c.field}, nothing stored`, async () => {
        const r = await t.gql(s.operator, create, { input: { name: 'bad', ...c.input } });
        expect(r.errors?.[0]?.extensions?.code, JSON.stringify(r.errors)).toBe('BAD_USER_INPUT');
        expect(r.errors?.[0]?.extensions?.field).toBe(c.field);
        expect(await t.sql("SELECT id FROM kustomizations WHERE name = 'bad'")).toHaveLength(0);
      });
    }
  });

  it('accepts every field of Flux’s Kustomization v1 spec and stores it as Flux defines it', async () => {
    const full = EVERY_KUSTOMIZATION_FIELD;
    const r = await t.gql<{ createKustomization: K }>(s.operator, create, { input: { name: 'full-flux-spec', spec: full, placement: {} } });
    expect(r.errors).toBeUndefined();
    expect(r.data!.createKustomization.spec).toEqual(full);
  });

  it('placement: Kustomization.clusters has one row per targeted cluster (selector ∪ names), Unknown until the agent reports; Cluster.kustomizations and kustomizations(clusterId) agree', async () => {
    const k = (await t.gql<{ createKustomization: K }>(s.operator, create, { input: { name: 'placed', spec: spec(), placement: { clusterSelector: 'env=prod', clusterNames: ['dev-a'] } } })).data!.createKustomization;
    const prodOnly = (await t.gql<{ createKustomization: K }>(s.operator, create, { input: { name: 'prod-only', spec: spec(), placement: { clusterSelector: 'env=prod' } } })).data!.createKustomization;
    const r = await t.gql<{ kustomization: { clusters: { cluster: { name: string }; ready: string; reason: string | null; kustomization: { name: string } }[] } }>(s.viewer, get, { id: k.id });
    expect(r.errors).toBeUndefined();
    expect(r.data!.kustomization.clusters.map((c) => c.cluster.name)).toEqual(['dev-a', 'prod-a', 'prod-b']);
    expect(r.data!.kustomization.clusters[0]).toMatchObject({ ready: 'Unknown', reason: 'Pending', kustomization: { name: 'placed' } });
    const onDev = await t.gql<{ kustomizations: { name: string }[] }>(s.viewer, `query($c: ID) { kustomizations(clusterId: $c) { name } }`, { c: clusters['dev-a'] });
    expect(onDev.data!.kustomizations.map((x) => x.name)).toContain('placed');
    expect(onDev.data!.kustomizations.map((x) => x.name)).not.toContain('prod-only');
    const cl = await t.gql<{ cluster: { kustomizations: { kustomization: { id: string } }[] } }>(s.viewer, `query($id: ID!) { cluster(id: $id) { kustomizations { kustomization { id } } } }`, { id: clusters['prod-b'] });
    expect(cl.data!.cluster.kustomizations.map((x) => x.kustomization.id)).toEqual(expect.arrayContaining([k.id, prodOnly.id]));
  });

  it('reads per-cluster status, inventory and events written by ingestion (rows inserted directly here)', async () => {
    const k = (await t.gql<{ createKustomization: K }>(s.operator, create, { input: { name: 'reported', spec: spec(), placement: { clusterNames: ['prod-a', 'prod-b'] } } })).data!.createKustomization;
    const reports = t.hub.app.get(KustomizationReportsRepository);
    await reports.upsertStatus({
      kustomizationId: k.id,
      clusterId: clusters['prod-a']!,
      conditions: [{ type: 'Ready', status: 'True', reason: 'ReconciliationSucceeded', message: 'Applied revision: main@sha1:abc', lastTransitionTime: '2026-11-21T00:00:00Z' }],
      lastAppliedRevision: 'main@sha1:abc',
      lastAttemptedRevision: 'main@sha1:abc',
      observedGeneration: 1,
      inventory: [{ id: 'default_nginx_apps_Deployment', v: 'v1' }, { id: '_team-a__Namespace', v: 'v1' }],
    });
    const base = { clusterId: clusters['prod-a']!, involvedKind: 'Kustomization', involvedNamespace: 'flotilla-system', involvedName: 'reported', revision: 'main@sha1:abc' };
    await reports.insertEvents([
      { ...base, severity: 'info', reason: 'Progressing', message: 'Deployment/default/nginx created', occurredAt: new Date('2026-11-21T00:00:01Z') },
      { ...base, severity: 'info', reason: 'ReconciliationSucceeded', message: 'Reconciliation finished', occurredAt: new Date('2026-11-21T00:00:02Z') },
      { ...base, involvedName: 'someone-else', severity: 'error', reason: 'BuildFailed', message: 'x', occurredAt: new Date('2026-11-21T00:00:03Z') },
    ]);
    type Row = { cluster: { name: string }; ready: string; message: string | null; lastAppliedRevision: string | null; observedGeneration: number | null; inventory: { group: string; kind: string; namespace: string | null; name: string; version: string }[] };
    const r = await t.gql<{ kustomization: { clusters: Row[] } }>(s.viewer, get, { id: k.id });
    const [a, b] = r.data!.kustomization.clusters;
    expect(a).toMatchObject({ cluster: { name: 'prod-a' }, ready: 'True', message: 'Applied revision: main@sha1:abc', lastAppliedRevision: 'main@sha1:abc', observedGeneration: 1 });
    expect(a!.inventory).toEqual([
      { id: 'default_nginx_apps_Deployment', version: 'v1', group: 'apps', kind: 'Deployment', namespace: 'default', name: 'nginx' },
      { id: '_team-a__Namespace', version: 'v1', group: '', kind: 'Namespace', namespace: null, name: 'team-a' },
    ]);
    expect(b).toMatchObject({ cluster: { name: 'prod-b' }, ready: 'Unknown', inventory: [] });
    const ev = await t.gql<{ events: { reason: string; clusterName: string; severity: string }[] }>(s.viewer, `query($k: ID) { events(kustomizationId: $k) { reason clusterName severity } }`, { k: k.id });
    expect(ev.data!.events).toEqual([
      { reason: 'ReconciliationSucceeded', clusterName: 'prod-a', severity: 'info' },
      { reason: 'Progressing', clusterName: 'prod-a', severity: 'info' },
    ]);
    const onCluster = await t.gql<{ cluster: { events: { reason: string }[] } }>(s.viewer, `query($id: ID!) { cluster(id: $id) { events(first: 2) { reason } } }`, { id: clusters['prod-a'] });
    expect(onCluster.data!.cluster.events.map((e) => e.reason)).toEqual(['BuildFailed', 'ReconciliationSucceeded']);
    const tooMany = await t.gql(s.viewer, `query { events(first: 5000) { id } }`);
    expect(tooMany.errors?.[0]?.extensions?.field).toBe('first');
  });

  it('suspend/resume raise the generation (spec.suspend is Flux spec); reconcile of a suspended one is refused; /ui gets kustomization.changed', async () => {
    const k = (await t.gql<{ createKustomization: K }>(s.operator, create, { input: { name: 'pausable', spec: spec(), placement: { clusterSelector: 'env=prod' } } })).data!.createKustomization;
    const ui = t.uiSocket(s.viewer);
    try {
      await next(ui, 'connect');
      const changed = next<{ id: string }>(ui, 'kustomization.changed');
      expect((await t.gql<{ suspend: boolean }>(s.operator, `mutation($id: ID!) { suspend(kind: Kustomization, id: $id) }`, { id: k.id })).data?.suspend).toBe(true);
      expect(await changed).toEqual({ id: k.id });
    } finally {
      ui.close();
    }
    const after = (await t.gql<{ kustomization: K }>(s.viewer, get, { id: k.id })).data!.kustomization;
    expect(after).toMatchObject({ suspend: true, generation: 2 });
    const refused = await t.gql(s.operator, reconcile, { input: { kind: 'Kustomization', id: k.id } });
    expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    await t.gql(s.operator, `mutation($id: ID!) { resume(kind: Kustomization, id: $id) }`, { id: k.id });
    expect((await t.gql<{ kustomization: K }>(s.viewer, get, { id: k.id })).data!.kustomization).toMatchObject({ suspend: false, generation: 3 });
  });

  it('requestReconcile: one cluster or fleet-wide emits kustomization.reconcileRequested; withSource refetches the source first (flux reconcile --with-source)', async () => {
    const url = await git.createRepo('with-source');
    await git.pushFiles(url, { 'clusters/my-cluster/a.yaml': 'a: 1\n' });
    const src = await t.gql<{ createGitRepository: { id: string } }>(s.operator, `mutation($input: GitRepositoryInput!) { createGitRepository(input: $input) { id } }`, { input: { name: 'with-source', url, ref: { branch: 'main' }, interval: '1h' } });
    const sourceId = src.data!.createGitRepository.id;
    const revision = async () =>
      (await t.gql<{ gitRepository: { artifact: { revision: string } | null } }>(s.viewer, `query($id: ID!) { gitRepository(id: $id) { artifact { revision } } }`, { id: sourceId })).data!.gitRepository.artifact?.revision;
    await eventually(revision, (r) => r !== undefined, 15_000);
    const k = (await t.gql<{ createKustomization: K }>(s.operator, create, { input: { name: 'reconcilable', spec: spec({ sourceRef: { kind: 'GitRepository', name: 'with-source' } }), placement: { clusterSelector: 'env=prod' } } })).data!.createKustomization;

    const seen: HubEventMap['kustomization.reconcileRequested'][] = [];
    const off = t.hub.app.get(HubEvents).on('kustomization.reconcileRequested', (e) => seen.push(e));
    try {
      // A one-cluster request is sent now or never: refused, nothing sent, while that cluster's agent is away.
      const away = await t.gql(s.operator, reconcile, { input: { kind: 'Kustomization', id: k.id, clusterId: clusters['prod-a'] } });
      expect(away.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'AGENT_NOT_CONNECTED' });
      expect(away.errors?.[0]?.message).toContain('the agent of cluster prod-a is not connected: nothing was sent');
      expect(seen).toEqual([]);
      // The agent's presence as the gateway records it on hello.
      await t.sql(`UPDATE clusters SET connection_state = 'CONNECTED' WHERE id = $1`, [clusters['prod-a']]);
      const one = await t.gql(s.operator, reconcile, { input: { kind: 'Kustomization', id: k.id, clusterId: clusters['prod-a'] } });
      expect(one.errors).toBeUndefined();
      expect(seen.at(-1)).toMatchObject({ kustomizationId: k.id, clusterId: clusters['prod-a'], withSource: false });
      const notPlaced = await t.gql(s.operator, reconcile, { input: { kind: 'Kustomization', id: k.id, clusterId: clusters['dev-a'] } });
      expect(notPlaced.errors?.[0]?.extensions?.field).toBe('clusterId');

      const sha2 = await git.pushFiles(url, { 'clusters/my-cluster/a.yaml': 'a: 2\n' });
      const all = await t.gql(s.operator, reconcile, { input: { kind: 'Kustomization', id: k.id, withSource: true } });
      expect(all.errors).toBeUndefined();
      // The mutation returns after the source has the new revision, so agents get it before the request.
      expect(await revision()).toBe(`main@sha1:${sha2}`);
      const last = seen.at(-1)!;
      expect(last).toMatchObject({ kustomizationId: k.id, withSource: true });
      expect(last.clusterId).toBeUndefined();
      expect(Number.isNaN(Date.parse(last.requestedAt))).toBe(false);
    } finally {
      off();
    }
    const audit = await t.sql<{ action: string; details: { withSource?: boolean } }>("SELECT action, details FROM audit_entries WHERE target_id = $1 AND action = 'kustomization.reconcile'", [k.id]);
    expect(audit.map((a) => a.details.withSource)).toEqual([false, true]);
  });

  it('roles: viewer reads only; operator creates/updates/reconciles but cannot delete; admin deletes; every mutation is audited without substitute values', async () => {
    const input = { name: 'roles', spec: spec({ postBuild: { substitute: { db_password: 'hunter2-secret' } } }), placement: {} };
    expect((await t.gql(s.viewer, create, { input })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const k = (await t.gql<{ createKustomization: K }>(s.operator, create, { input })).data!.createKustomization;
    expect((await t.gql(s.viewer, update, { id: k.id, input })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await t.gql(s.viewer, reconcile, { input: { kind: 'Kustomization', id: k.id } })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const del = `mutation($id: ID!) { deleteKustomization(id: $id) }`;
    expect((await t.gql(s.operator, del, { id: k.id })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const deleted: HubEventMap['kustomization.changed'][] = [];
    const off = t.hub.app.get(HubEvents).on('kustomization.changed', (e) => deleted.push(e));
    expect((await t.gql<{ deleteKustomization: boolean }>(s.admin, del, { id: k.id })).data?.deleteKustomization).toBe(true);
    off();
    expect(deleted).toEqual([{ kustomizationId: k.id, deleted: true }]);
    expect((await t.gql(s.admin, del, { id: k.id })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const audit = await t.sql<{ action: string; details: unknown }>('SELECT action, details FROM audit_entries WHERE target_id = $1 ORDER BY created_at', [k.id]);
    expect(audit.map((a) => a.action)).toEqual(['kustomization.create', 'kustomization.delete']);
    expect(JSON.stringify(audit)).not.toContain('hunter2-secret');
    expect(JSON.stringify(audit)).toContain('db_password');
  });

  it('deleting a cluster drops it from Kustomization.clusters', async () => {
    const k = (await t.gql<{ createKustomization: K }>(s.operator, create, { input: { name: 'cluster-goes', spec: spec(), placement: { clusterSelector: 'env=dev' } } })).data!.createKustomization;
    const gone = (await t.createToken(s.operator, 'dev-gone', [{ key: 'env', value: 'dev' }])).cluster.id;
    const names = async () => (await t.gql<{ kustomization: { clusters: { cluster: { name: string } }[] } }>(s.viewer, get, { id: k.id })).data!.kustomization.clusters.map((c) => c.cluster.name);
    expect(await names()).toEqual(['dev-a', 'dev-gone']);
    await t.gql(s.admin, `mutation($id: ID!) { deleteCluster(id: $id) }`, { id: gone });
    expect(await names()).toEqual(['dev-a']);
  });
});
