import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { startPostgres, type TestPostgres } from '@flotilla/testenv';
import type { HelmReleaseRevisions, HelmRevisionContent } from '@flotilla/protocol';
import { hello, next, TestHub, type Session } from '../../test/hub-harness.js';

// Two revisions of a hub HelmRelease on a cluster through its agent, on a real hub and Postgres with
// protocol-level agents: the hub's checks (the release's visibility and placement), the request and its answer,
// the unified diffs, and every error path (too old, not connected, no such revision, agent failure, timeout).

const v7 = { protocolVersion: 7, supportedProtocolVersions: [7, 6, 5, 4, 3, 2, 1] };
const v6 = { protocolVersion: 6, supportedProtocolVersions: [6, 5, 4, 3, 2, 1] };
const NS = 'flotilla-system';

const revision = (n: number, replicas: number, password: string): HelmRevisionContent => ({
  revision: n,
  status: n === 2 ? 'deployed' : 'superseded',
  chartName: 'demo',
  chartVersion: '1.0.0',
  values: `db:\n  password: "${password}"\nreplicaCount: ${replicas}\n`,
  manifest: `---\n# Source: demo/templates/deployment.yaml\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: demo\nspec:\n  replicas: ${replicas}\n`,
});

interface Diff {
  clusterName: string;
  releaseName: string;
  releaseNamespace: string;
  from: { revision: number; status: string; appVersion: string | null; values: string; manifest: string };
  to: { revision: number; status: string; values: string };
  valuesDiff: string;
  manifestDiff: string;
}

describe('helmReleaseRevisionDiff through the agent (real hub, real Postgres, protocol-level agents)', () => {
  let pg: TestPostgres;
  let t: TestHub;
  let viewer: Session;
  let otherTeam: Session;
  let releaseId = '';
  const clusters = new Map<string, { clusterId: string; credential: string }>();
  const sockets = new Map<string, Socket>();

  const connect = async (name: string, over: Record<string, unknown>): Promise<Socket> => {
    const s = t.agentSocket(clusters.get(name)!.credential);
    sockets.set(name, s);
    await next(s, 'connect');
    const welcome = next(s, 'welcome');
    s.emit('hello', hello(over));
    await welcome;
    return s;
  };
  const query = `query($r: ID!, $c: ID!, $from: Int!, $to: Int!) { helmReleaseRevisionDiff(releaseId: $r, clusterId: $c, fromRevision: $from, toRevision: $to) {
    clusterName releaseName releaseNamespace from { revision status appVersion values manifest } to { revision status values } valuesDiff manifestDiff } }`;
  const ask = (who: Session, cluster: string, from = 1, to = 2) =>
    t.gql<{ helmReleaseRevisionDiff: Diff }>(who, query, { r: releaseId, c: clusters.get(cluster)!.clusterId, from, to });
  const answerOnce = (cluster: string, answer: (req: HelmReleaseRevisions) => Record<string, unknown>) => {
    const s = sockets.get(cluster)!;
    s.once('helmrelease.revisions', (req: HelmReleaseRevisions) => s.emit('helmrelease.revisions.result', { requestId: req.requestId, ...answer(req) }));
  };

  beforeAll(async () => {
    pg = await startPostgres();
    t = await TestHub.start(await pg.createDatabase(), { objectReadTimeoutMs: 1_500 });
    const operator = await t.login('operator');
    viewer = await t.login('viewer');
    for (const [name, env] of [['alpha', 'prod'], ['beta', 'prod'], ['old', 'prod'], ['offline', 'prod'], ['dev', 'dev']] as const) {
      clusters.set(name, await t.registeredCluster(operator, name, [{ key: 'env', value: env }]));
    }
    await connect('alpha', v7);
    await connect('beta', v7);
    await connect('old', v6);
    const created = await t.gql<{ createHelmRelease: { id: string } }>(operator, 'mutation($input: HelmReleaseInput!) { createHelmRelease(input: $input) { id } }', {
      input: {
        name: 'demo',
        spec: { interval: '5m', chart: { spec: { chart: 'demo', version: '1.x', sourceRef: { kind: 'HelmRepository', name: 'charts' } } }, values: { replicaCount: 1 } },
        placement: { clusterSelector: 'env=prod' },
      },
    });
    expect(created.errors).toBeUndefined();
    releaseId = created.data!.createHelmRelease.id;
    // A team that sees the prod clusters, but only another namespace: not this release.
    otherTeam = await t.scopedViewer({ clusterSelector: 'env=prod', namespaces: ['apps'] });
  }, 90_000);

  afterAll(async () => {
    for (const s of sockets.values()) s.close();
    await t?.stop();
    await pg?.stop();
  });

  it('asks the agent for both revisions of the release and answers them with unified diffs of values and manifest', async () => {
    let asked: HelmReleaseRevisions | undefined;
    answerOnce('alpha', (req) => {
      asked = req;
      return { ok: true, release: { name: 'demo', namespace: NS }, from: revision(1, 1, '*** (before)'), to: revision(2, 3, '*** (after)') };
    });
    const r = await ask(viewer, 'alpha');
    expect(r.errors).toBeUndefined();
    expect(asked).toMatchObject({ owner: { kind: 'HelmRelease', namespace: NS, name: 'demo' }, from: 1, to: 2 });
    const d = r.data!.helmReleaseRevisionDiff;
    expect(d).toMatchObject({ clusterName: 'alpha', releaseName: 'demo', releaseNamespace: NS, from: { revision: 1, status: 'superseded', appVersion: null }, to: { revision: 2, status: 'deployed' } });
    expect(d.valuesDiff).toContain(
      ['--- values (revision 1)', '+++ values (revision 2)', '@@ -1,3 +1,3 @@', ' db:', '-  password: "*** (before)"', '-replicaCount: 1', '+  password: "*** (after)"', '+replicaCount: 3', ''].join('\n'),
    );
    expect(d.manifestDiff).toContain('-  replicas: 1\n+  replicas: 3');
    expect(d.from.manifest).toContain('# Source: demo/templates/deployment.yaml');
  });

  it('answers an empty diff for the same revision twice', async () => {
    answerOnce('alpha', () => ({ ok: true, release: { name: 'demo', namespace: NS }, from: revision(2, 3, '***'), to: revision(2, 3, '***') }));
    const d = (await ask(viewer, 'alpha', 2, 2)).data!.helmReleaseRevisionDiff;
    expect([d.valuesDiff, d.manifestDiff]).toEqual(['', '']);
  });

  it('refuses without asking any agent: a revision below 1, a cluster the release is not placed on, a caller who may not see the release', async () => {
    let asked = 0;
    for (const s of sockets.values()) s.on('helmrelease.revisions', () => (asked += 1));
    const zero = await ask(viewer, 'alpha', 0, 2);
    expect(zero.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'fromRevision' });
    const notPlaced = await ask(viewer, 'dev');
    expect(notPlaced.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT' });
    expect(notPlaced.errors?.[0]?.message).toBe(`HelmRelease ${NS}/demo is not placed on cluster dev`);
    const hidden = await ask(otherTeam, 'alpha');
    expect(hidden.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
    expect(hidden.errors?.[0]?.message).toBe('no such HelmRelease');
    for (const s of sockets.values()) s.off('helmrelease.revisions');
    expect(asked).toBe(0);
  });

  it('maps the agent’s answers: no such revision, no such HelmRelease yet, a failure', async () => {
    answerOnce('alpha', () => ({ ok: false, code: 'REVISION_NOT_FOUND', message: `release demo in namespace ${NS} has no revision 9 (helm keeps the last maxHistory revisions)` }));
    const missing = await ask(viewer, 'alpha', 1, 9);
    expect(missing.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
    expect(missing.errors?.[0]?.message).toContain('has no revision 9');
    answerOnce('alpha', () => ({ ok: false, code: 'NOT_FOUND', message: `HelmRelease ${NS}/demo is not in this cluster` }));
    const notYet = await ask(viewer, 'alpha');
    expect(notYet.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT' });
    answerOnce('alpha', () => ({ ok: false, code: 'READ_FAILED', message: 'cannot read revision 1 of release demo: etcd timeout' }));
    const failed = await ask(viewer, 'alpha');
    expect(failed.errors?.[0]?.extensions).toMatchObject({ code: 'AGENT_FAILED' });
    expect(failed.errors?.[0]?.message).toContain('etcd timeout');
  });

  it('times out when the agent is silent, and takes no answer from another cluster', async () => {
    const alpha = sockets.get('alpha')!;
    sockets.get('beta')!.once('helmrelease.revisions', (req: HelmReleaseRevisions) =>
      alpha.emit('helmrelease.revisions.result', { requestId: req.requestId, ok: true, release: { name: 'demo', namespace: NS }, from: revision(1, 1, 'x'), to: revision(2, 2, 'y') }),
    );
    const r = await ask(viewer, 'beta');
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'AGENT_TIMEOUT' });
    expect(r.errors?.[0]?.message).toContain('did not answer within 2 s');
  });

  it('says when the agent is too old (protocol 6) or not connected', async () => {
    const old = await ask(viewer, 'old');
    expect(old.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT' });
    expect(old.errors?.[0]?.message).toBe('the agent of this cluster is too old to read helm revisions (it needs protocol 7); upgrade it');
    const offline = await ask(viewer, 'offline');
    expect(offline.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT' });
    expect(offline.errors?.[0]?.message).toContain('the agent of this cluster is not connected');
  });
});
