import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { startGitServer, startPostgres, type TestGitServer, type TestPostgres } from '@flotilla/testenv';
import { parseMessage, type Assignment, type Reconcile } from '@flotilla/protocol';
import { eventually, hello, next, TestHub, type Session, type TestUser } from '../../test/hub-harness.js';

// The hub side of the seed scenario through the public edges only: GraphQL for the platform engineer, the real
// git server for the developer's pushes, socket.io + HTTP with the cluster credential for the agents.

const v2 = { protocolVersion: 2, supportedProtocolVersions: [2, 1] };
const nginx = (replicas: number) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx
  namespace: default
spec:
  replicas: ${replicas}
  selector: { matchLabels: { app: nginx } }
  template:
    metadata: { labels: { app: nginx } }
    spec: { containers: [{ name: nginx, image: nginx:1.27 }] }
`;

interface Agent {
  s: Socket;
  assignments: Assignment[];
  reconciles: Reconcile[];
  order: string[];
  /** The batch.ack the hub sends after hello: the highest report seq it has persisted. */
  initialAck: Promise<{ seq: number }>;
}

describe('delivery end to end on the hub (GraphQL → git fetch → assignment → artifact → reports → GraphQL)', () => {
  let pg: TestPostgres;
  let git: TestGitServer;
  let t: TestHub;
  const s = {} as Record<TestUser, Session>;
  const sockets: Socket[] = [];
  const creds: Record<string, { clusterId: string; credential: string }> = {};
  let repoUrl: string;
  let sourceId: string;
  let kustomizationId: string;

  const agent = async (name: string): Promise<Agent> => {
    const sock = t.agentSocket(creds[name]!.credential);
    sockets.push(sock);
    const a: Agent = { s: sock, assignments: [], reconciles: [], order: [], initialAck: next<{ seq: number }>(sock, 'batch.ack') };
    sock.on('assignment', (m: unknown) => {
      // What the agent will do: validate with the protocol before trusting it.
      const parsed = parseMessage('assignment', m, { from: 'hubToAgent' });
      if (!parsed.ok) throw new Error(parsed.error.message);
      a.assignments.push(parsed.message);
      a.order.push('assignment');
    });
    sock.on('reconcile', (m: Reconcile) => {
      a.reconciles.push(m);
      a.order.push('reconcile');
    });
    await next(sock, 'connect');
    sock.emit('hello', hello(v2));
    await eventually(async () => a.assignments.length, (n) => n >= 1, 10_000);
    return a;
  };
  const download = async (url: string, credential: string) => {
    const res = await fetch(`${t.url}${url}`, { headers: { authorization: `Bearer ${credential}` } });
    return { status: res.status, body: Buffer.from(await res.arrayBuffer()) };
  };
  const source = async () =>
    (await t.gql<{ gitRepository: { ready: string; artifact: { revision: string; digest: string } | null } }>(s.viewer, `query($id: ID!) { gitRepository(id: $id) { ready artifact { revision digest } } }`, { id: sourceId })).data!
      .gitRepository;

  beforeAll(async () => {
    [pg, git] = await Promise.all([startPostgres(), startGitServer()]);
    t = await TestHub.start(await pg.createDatabase());
    for (const u of ['admin', 'operator', 'viewer'] as const) s[u] = await t.login(u);
    for (const [name, env] of [['prod-a', 'prod'], ['prod-b', 'prod'], ['dev-a', 'dev']] as const) {
      creds[name] = await t.registeredCluster(s.operator, name, [{ key: 'env', value: env }]);
    }
    repoUrl = await git.createRepo('fleet');
    await git.pushFiles(repoUrl, { 'clusters/my-cluster/nginx-deployment.yaml': nginx(2) });
    const r = await t.gql<{ createGitRepository: { id: string } }>(s.operator, `mutation($input: GitRepositoryInput!) { createGitRepository(input: $input) { id } }`, {
      input: { name: 'fleet', url: repoUrl, ref: { branch: 'main' }, interval: '1h' },
    });
    sourceId = r.data!.createGitRepository.id;
    await eventually(source, (g) => g.ready === 'True', 20_000);
    const k = await t.gql<{ createKustomization: { id: string } }>(s.operator, `mutation($input: KustomizationInput!) { createKustomization(input: $input) { id } }`, {
      input: {
        name: 'apps',
        spec: { sourceRef: { kind: 'GitRepository', name: 'fleet' }, path: './clusters/my-cluster', interval: '10m', prune: true, postBuild: { substitute: { team: 'web' }, substituteStrategy: 'WithVariables' } },
        placement: { clusterSelector: 'env=prod' },
      },
    });
    expect(k.errors).toBeUndefined();
    kustomizationId = k.data!.createKustomization.id;
  }, 60_000);
  afterEach(() => {
    for (const sock of sockets.splice(0)) sock.close();
  });
  afterAll(async () => {
    await t?.stop();
    await Promise.all([git?.stop(), pg?.stop()]);
  });

  it('a Kustomization created through GraphQL reaches the prod agents with the fetched artifact, whose bytes match its digest; dev gets nothing', async () => {
    const { artifact } = await source();
    const a = await agent('prod-a');
    const dev = await agent('dev-a');
    const doc = a.assignments.at(-1)!;
    expect(doc.kustomizations).toEqual([
      expect.objectContaining({ namespace: 'flotilla-system', name: 'apps', generation: 1, variables: expect.objectContaining({ cluster_name: 'prod-a', cluster_label_env: 'prod' }) as unknown }),
    ]);
    // The stored spec arrives whole, as Flux's definition returned it (its defaults, e.g. force false) with fields like substituteStrategy kept.
    expect(doc.kustomizations[0]!.spec).toMatchObject({ path: './clusters/my-cluster', prune: true, force: false, postBuild: { substitute: { team: 'web' }, substituteStrategy: 'WithVariables' } });
    expect(doc.sources).toEqual([expect.objectContaining({ name: 'fleet', revision: artifact!.revision, digest: artifact!.digest })]);
    const got = await download(doc.sources[0]!.url, creds['prod-a']!.credential);
    expect(got.status).toBe(200);
    expect(`sha256:${createHash('sha256').update(got.body).digest('hex')}`).toBe(doc.sources[0]!.digest);
    expect(got.body.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b])); // gzip
    expect(dev.assignments.at(-1)).toMatchObject({ sources: [], kustomizations: [] });
    expect((await download(doc.sources[0]!.url, creds['dev-a']!.credential)).status).toBe(404);
  });

  it('push + requestReconcile(withSource): the agents get the new revision, then the reconcile request, in that order', async () => {
    const a = await agent('prod-a');
    const b = await agent('prod-b');
    const before = a.assignments.at(-1)!;
    const sha = await git.pushFiles(repoUrl, { 'clusters/my-cluster/nginx-deployment.yaml': nginx(3) });
    const r = await t.gql(s.operator, `mutation($input: RequestReconcileInput!) { requestReconcile(input: $input) }`, { input: { kind: 'Kustomization', id: kustomizationId, withSource: true } });
    expect(r.errors).toBeUndefined();
    for (const x of [a, b]) {
      await eventually(async () => x.reconciles.length, (n) => n === 1, 20_000);
      expect(x.order.slice(-2)).toEqual(['assignment', 'reconcile']);
      expect(x.assignments.at(-1)!.sources[0]!.revision).toBe(`main@sha1:${sha}`);
      expect(x.reconciles[0]).toMatchObject({ kind: 'Kustomization', namespace: 'flotilla-system', name: 'apps' });
    }
    expect(a.assignments.at(-1)!.generation).toBe(before.generation + 1);
  });

  it('what the agent reports shows in GraphQL: per-cluster Ready and revision, inventory, events', async () => {
    const a = await agent('prod-a');
    const revision = a.assignments.at(-1)!.sources[0]!.revision;
    let seq = (await a.initialAck).seq;
    const send = async (type: string, items: unknown[]) => {
      seq += 1;
      const ack = next<{ seq: number }>(a.s, 'batch.ack');
      a.s.emit(type, { seq, items });
      expect((await ack).seq).toBe(seq);
    };
    await send('status', [
      {
        namespace: 'flotilla-system',
        name: 'apps',
        conditions: [{ type: 'Ready', status: 'True', reason: 'ReconciliationSucceeded', message: `Applied revision: ${revision}`, lastTransitionTime: new Date().toISOString() }],
        lastAppliedRevision: revision,
        lastAttemptedRevision: revision,
        observedGeneration: 1,
      },
    ]);
    await send('inventory', [{ namespace: 'flotilla-system', name: 'apps', entries: [{ id: 'default_nginx_apps_Deployment', v: 'v1' }] }]);
    await send('events', [
      { involvedObject: { kind: 'Kustomization', namespace: 'flotilla-system', name: 'apps' }, severity: 'info', reason: 'ReconciliationSucceeded', message: 'Deployment/default/nginx configured', revision, timestamp: new Date().toISOString() },
    ]);
    const k = await t.gql<{ kustomization: { clusters: { cluster: { name: string }; ready: string; lastAppliedRevision: string | null; inventory: { kind: string; name: string; namespace: string }[] }[] } }>(
      s.viewer,
      `query($id: ID!) { kustomization(id: $id) { clusters { cluster { name } ready lastAppliedRevision inventory { kind name namespace } } } }`,
      { id: kustomizationId },
    );
    const rows = Object.fromEntries(k.data!.kustomization.clusters.map((c) => [c.cluster.name, c]));
    expect(rows['prod-a']).toMatchObject({ ready: 'True', lastAppliedRevision: revision, inventory: [{ kind: 'Deployment', name: 'nginx', namespace: 'default' }] });
    expect(rows['prod-b']).toMatchObject({ ready: 'Unknown' });
    expect(rows['dev-a']).toBeUndefined();
    const ev = await t.gql<{ events: { message: string; clusterName: string }[] }>(s.viewer, `query($c: ID) { events(clusterId: $c) { message clusterName } }`, { c: creds['prod-a']!.clusterId });
    expect(ev.data!.events).toEqual([{ message: 'Deployment/default/nginx configured', clusterName: 'prod-a' }]);
  });

  it('suspend, resume and delete through GraphQL change the assignment at once (delete: the agent prunes, Flux finalizer)', async () => {
    const a = await agent('prod-a');
    const n = a.assignments.length;
    await t.gql(s.operator, `mutation($id: ID!) { suspend(kind: Kustomization, id: $id) }`, { id: kustomizationId });
    await eventually(async () => a.assignments.length, (x) => x === n + 1);
    expect(a.assignments.at(-1)!.kustomizations[0]!.spec.suspend).toBe(true);
    await t.gql(s.operator, `mutation($id: ID!) { resume(kind: Kustomization, id: $id) }`, { id: kustomizationId });
    await eventually(async () => a.assignments.length, (x) => x === n + 2);
    expect(a.assignments.at(-1)!.kustomizations[0]!.spec.suspend).toBe(false);
    expect((await t.gql(s.admin, `mutation($id: ID!) { deleteKustomization(id: $id) }`, { id: kustomizationId })).errors).toBeUndefined();
    await eventually(async () => a.assignments.length, (x) => x === n + 3);
    expect(a.assignments.at(-1)).toMatchObject({ sources: [], kustomizations: [] });
  });
});
