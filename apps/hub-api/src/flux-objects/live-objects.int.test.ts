import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { startPostgres, type TestPostgres } from '@flotilla/testenv';
import type { ObjectRead } from '@flotilla/protocol';
import { hello, next, TestHub, type Session } from '../../test/hub-harness.js';

// Live objects through the agent's connection, on a real hub and Postgres with protocol-level agents: the hub's
// checks (viewer scope, the Kustomization's inventory), the request and its answer, and every error path.

const v5 = { protocolVersion: 5, supportedProtocolVersions: [5, 4, 3, 2, 1] };
const v4 = { protocolVersion: 4, supportedProtocolVersions: [4, 3, 2, 1] };
const v8 = { protocolVersion: 8, supportedProtocolVersions: [8, 7, 6, 5, 4, 3, 2, 1] };
const when = '2026-12-04T06:00:00Z';
const ks = { kind: 'Kustomization', origin: 'cluster', namespace: 'flux-system', name: 'apps' };
const hr = { kind: 'HelmRelease', origin: 'cluster', namespace: 'flux-system', name: 'cache' };
const deployment = { group: 'apps', kind: 'Deployment', namespace: 'web', name: 'frontend' };
const liveDeployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'frontend', namespace: 'web', uid: 'u-1', resourceVersion: '42', generation: 3 },
  spec: { replicas: 5 },
  status: { readyReplicas: 5 },
};
const desiredDeployment = { ...liveDeployment, spec: { replicas: 2 } };

describe('liveObject through the agent (real hub, real Postgres, protocol-level agents)', () => {
  let pg: TestPostgres;
  let t: TestHub;
  let viewer: Session;
  let scoped: Session;
  const clusters = new Map<string, { clusterId: string; credential: string }>();
  const sockets: Socket[] = [];

  const connect = async (name: string, over: Record<string, unknown> = v5): Promise<Socket> => {
    const s = t.agentSocket(clusters.get(name)!.credential);
    sockets.push(s);
    await next(s, 'connect');
    const initial = next<{ seq: number }>(s, 'batch.ack');
    s.emit('hello', hello(over));
    await initial;
    return s;
  };
  const report = async (s: Socket, seq: number, entries: string[], owner: typeof ks = ks): Promise<void> => {
    for (const [type, items] of [
      ['status', [{ ...owner, conditions: [{ type: 'Ready', status: 'True', reason: 'ReconciliationSucceeded', message: 'ok', lastTransitionTime: when }], observedGeneration: 1, suspended: false }]],
      ['inventory', [{ ...owner, entries: entries.map((id) => ({ id, v: 'v1' })) }]],
    ] as const) {
      seq += 1;
      const ack = next<{ seq: number }>(s, 'batch.ack');
      s.emit(type, { seq, items });
      await ack;
    }
  };
  const query = `query($owner: FluxObjectRefInput!, $target: ManagedObjectRefInput!) {
    liveObject(owner: $owner, target: $target) { live desired liveComparable desiredComparable } }`;
  const ask = (who: Session, cluster: string, target: Record<string, unknown> = deployment) =>
    t.gql<{ liveObject: { live: string | null; desired: string | null; liveComparable: string | null; desiredComparable: string | null } }>(who, query, {
      owner: { clusterId: clusters.get(cluster)!.clusterId, kind: 'Kustomization', namespace: 'flux-system', name: 'apps' },
      target,
    });

  beforeAll(async () => {
    pg = await startPostgres();
    t = await TestHub.start(await pg.createDatabase(), { objectReadTimeoutMs: 1_500 });
    const operator = await t.login('operator');
    const admin = await t.login('admin');
    viewer = await t.login('viewer');
    for (const name of ['alpha', 'beta', 'old', 'helm']) clusters.set(name, await t.registeredCluster(operator, name, [{ key: 'env', value: 'prod' }]));
    for (const name of ['alpha', 'beta', 'old', 'helm']) {
      const s = await connect(name, name === 'old' ? v4 : name === 'helm' ? v8 : v5);
      await report(s, 0, ['web_frontend_apps_Deployment', 'web_db__Secret']);
    }
    // A HelmRelease whose release holds a StatefulSet, on a v8 agent and on a v5 one.
    for (const socket of [sockets[3]!, sockets[0]!]) await report(socket, 2, ['web_cache-redis_apps_StatefulSet'], hr);
    const admin$ = <T>(q: string, v: Record<string, unknown>) => t.gql<T>(admin, q, v).then((r) => r.data!);
    const { createUser } = await admin$<{ createUser: { user: { id: string } } }>('mutation($i: CreateUserInput!) { createUser(input: $i) { user { id } } }', {
      i: { username: 'fluxdev', password: 'fluxdev-password-1' },
    });
    const { createTeam } = await admin$<{ createTeam: { id: string } }>('mutation($n: String!) { createTeam(name: $n) { id } }', { n: 'flux-team' });
    await admin$('mutation($t: ID!, $u: ID!) { addTeamMember(teamId: $t, userId: $u) { id } }', { t: createTeam.id, u: createUser.user.id });
    await admin$('mutation($i: AddTeamGrantInput!) { addTeamGrant(input: $i) { id } }', {
      i: { teamId: createTeam.id, role: 'VIEWER', clusterSelector: 'env=prod', namespaces: ['flux-system'] },
    });
    scoped = await t.loginWith('fluxdev', 'fluxdev-password-1');
  }, 90_000);

  afterAll(async () => {
    for (const s of sockets) s.close();
    await t?.stop();
    await pg?.stop();
  });

  it('asks the agent and shows its answer as YAML, with comparable forms for the diff', async () => {
    const agent = sockets[0]!;
    agent.once('object.read', (req: ObjectRead) => {
      expect(req.owner).toEqual({ kind: 'Kustomization', namespace: 'flux-system', name: 'apps' });
      expect(req.target).toEqual(deployment);
      agent.emit('object.read.result', { requestId: req.requestId, ok: true, live: liveDeployment, desired: desiredDeployment });
    });
    const r = await ask(viewer, 'alpha');
    expect(r.errors).toBeUndefined();
    const live = r.data!.liveObject;
    expect(live.live).toContain('replicas: 5');
    expect(live.live).toContain('readyReplicas: 5');
    expect(live.desired).toContain('replicas: 2');
    expect(live.liveComparable).not.toMatch(/status:|uid:|resourceVersion:|generation:/);
    expect(live.liveComparable).toContain('replicas: 5');
    expect(live.desiredComparable).toContain('replicas: 2');
  });

  it('says when the object is gone from the cluster and when there is no build to compare', async () => {
    const agent = sockets[0]!;
    agent.once('object.read', (req: ObjectRead) => agent.emit('object.read.result', { requestId: req.requestId, ok: true, live: null, desired: null }));
    expect((await ask(viewer, 'alpha')).data!.liveObject).toEqual({ live: null, desired: null, liveComparable: null, desiredComparable: null });
  });

  it('refuses an object not in the Kustomization’s inventory, and a viewer without its namespace, without asking the agent', async () => {
    let asked = 0;
    sockets[0]!.on('object.read', () => (asked += 1));
    const outside = await ask(viewer, 'alpha', { group: '', kind: 'Secret', namespace: 'kube-system', name: 'admin-token' });
    expect(outside.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
    expect(outside.errors?.[0]?.message).toContain('is not in the inventory of Kustomization flux-system/apps');
    const noNamespace = await ask(scoped, 'alpha');
    expect(noNamespace.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
    const badKind = await ask(viewer, 'alpha', { ...deployment, kind: 'Deploy/ment' });
    expect(badKind.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'target.kind' });
    sockets[0]!.off('object.read');
    expect(asked).toBe(0);
  });

  it('maps the agent’s refusal and failure to clear errors', async () => {
    const agent = sockets[0]!;
    agent.once('object.read', (req: ObjectRead) =>
      agent.emit('object.read.result', { requestId: req.requestId, ok: false, code: 'FORBIDDEN', message: 'deployments.apps "frontend" is forbidden' }),
    );
    const forbidden = await ask(viewer, 'alpha');
    expect(forbidden.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
    expect(forbidden.errors?.[0]?.message).toContain('the agent may not read Deployment/web/frontend');
    agent.once('object.read', (req: ObjectRead) => agent.emit('object.read.result', { requestId: req.requestId, ok: false, code: 'READ_FAILED', message: 'etcd timeout' }));
    const failed = await ask(viewer, 'alpha');
    expect(failed.errors?.[0]?.extensions).toMatchObject({ code: 'AGENT_FAILED' });
  });

  it('times out when the agent does not answer, and takes no answer from another cluster', async () => {
    const beta = sockets[1]!;
    const alpha = sockets[0]!;
    // Beta does not answer; alpha tries to answer beta's request with its own credential.
    beta.once('object.read', (req: ObjectRead) => alpha.emit('object.read.result', { requestId: req.requestId, ok: true, live: liveDeployment, desired: null }));
    const started = Date.now();
    const r = await ask(viewer, 'beta');
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'AGENT_TIMEOUT' });
    expect(r.errors?.[0]?.message).toContain('did not answer within 2 s');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_400);
  });

  it('reads an object of a HelmRelease’s current release through a v8 agent (live, and as the release rendered it), refuses one outside the release, and says a v5 agent is too old for it', async () => {
    const statefulSet = { group: 'apps', kind: 'StatefulSet', namespace: 'web', name: 'cache-redis' };
    const askHr = (cluster: string, target: Record<string, unknown> = statefulSet) =>
      t.gql<{ liveObject: { live: string | null; desired: string | null } }>(viewer, query, { owner: { clusterId: clusters.get(cluster)!.clusterId, kind: 'HelmRelease', namespace: 'flux-system', name: 'cache' }, target });
    const agent = sockets[3]!;
    const asked = new Promise<ObjectRead>((resolve) =>
      agent.once('object.read', (req: ObjectRead) => {
        resolve(req);
        agent.emit('object.read.result', { requestId: req.requestId, ok: true, live: { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'cache-redis', namespace: 'web' }, spec: { replicas: 3 } }, desired: { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'cache-redis', namespace: 'web' }, spec: { replicas: 1 } } });
      }),
    );
    const r = await askHr('helm');
    expect(r.errors).toBeUndefined();
    expect((await asked).owner).toEqual({ kind: 'HelmRelease', namespace: 'flux-system', name: 'cache' });
    expect(r.data!.liveObject.live).toContain('replicas: 3');
    expect(r.data!.liveObject.desired).toContain('replicas: 1');
    const outside = await askHr('helm', deployment);
    expect(outside.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
    expect(outside.errors?.[0]?.message).toContain('is not in the inventory of HelmRelease flux-system/cache');
    const old = await askHr('alpha');
    expect(old.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT' });
    expect(old.errors?.[0]?.message).toContain('too old to show the live objects of a HelmRelease (it needs protocol 8)');
    const notOwner = await t.gql(viewer, query, { owner: { clusterId: clusters.get('helm')!.clusterId, kind: 'GitRepository', namespace: 'flux-system', name: 'cache' }, target: statefulSet });
    expect(notOwner.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'owner.kind' });
  });

  it('says when the agent is too old or not connected', async () => {
    const old = await ask(viewer, 'old');
    expect(old.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT' });
    expect(old.errors?.[0]?.message).toContain('too old to show live objects');
    const beta = sockets[1]!;
    const gone = new Promise((resolve) => beta.once('disconnect', resolve));
    beta.close();
    await gone;
    // The hub notices the closed socket at once (socket.io's disconnect), polled until it has.
    const deadline = Date.now() + 10_000;
    let r = await ask(viewer, 'beta');
    while (!r.errors?.[0]?.message.includes('not connected') && Date.now() < deadline) r = await ask(viewer, 'beta');
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT' });
    expect(r.errors?.[0]?.message).toContain('the agent of this cluster is not connected');
  });
});
