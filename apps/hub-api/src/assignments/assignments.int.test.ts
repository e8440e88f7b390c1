import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { startPostgres, type TestPostgres } from '@flotilla/testenv';
import type { Assignment, Reconcile } from '@flotilla/protocol';
import { eventually, hello, next, TestHub, type Session } from '../../test/hub-harness.js';
import type { ArtifactStore } from '@flotilla/git-source';
import { HubEvents } from '../common/hub-events.js';
import { ARTIFACT_STORE } from './artifact-store.token.js';
import { kustomizationSpec } from '@flotilla/protocol/flux';
import type { AssignmentBody } from './assignment-document.js';
import { AssignmentsRepository } from './assignments.repository.js';
import { AssignmentsService } from './assignments.service.js';

// Sources and Kustomizations are written as rows and announced with the hub events the sources/kustomizations
// modules emit, so these tests pin the delivery side alone; clusters, credentials and agents are the real thing.

const revision = (c: string) => `main@sha1:${c.repeat(40)}`;
const v2 = { protocolVersion: 2, supportedProtocolVersions: [2, 1] };

/** Collects every message of one type a socket receives. */
function collect<T>(s: Socket, event: string): T[] {
  const got: T[] = [];
  s.on(event, (m: T) => got.push(m));
  return got;
}
const quiet = (ms = 400) => new Promise((r) => setTimeout(r, ms));

describe('assignments (real Postgres, real hub, socket.io-client agents)', () => {
  let pg: TestPostgres;
  let t: TestHub;
  let operator: Session;
  let store: ArtifactStore;
  let events: HubEvents;
  const sockets: Socket[] = [];
  const tarball1 = Buffer.from('first artifact bytes (a real tar.gz in production)');
  const tarball2 = Buffer.from('second artifact bytes');
  let d1: string;
  let d2: string;
  const clusters: Record<'a' | 'b' | 'c' | 'left', { clusterId: string; credential: string }> = {} as never;

  const connect = async (credential: string, over: Record<string, unknown> = v2) => {
    const s = t.agentSocket(credential);
    sockets.push(s);
    const assignments = collect<Assignment>(s, 'assignment');
    const reconciles = collect<Reconcile>(s, 'reconcile');
    await next(s, 'connect');
    const welcome = next<{ protocolVersion: number }>(s, 'welcome');
    s.emit('hello', hello(over));
    return { s, welcome: await welcome, assignments, reconciles };
  };
  const setSourceArtifact = async (name: string, artifact: { revision: string; digest: string; size: number } | undefined) => {
    await t.sql(`UPDATE git_repositories SET status = $2::jsonb WHERE name = $1`, [name, JSON.stringify(artifact ? { observedGeneration: 1, conditions: [], artifact: { ...artifact, url: `/artifacts/${artifact.digest}`, path: 'x', lastUpdateTime: new Date().toISOString() } } : {})]);
    events.emit('source.artifactChanged', { sourceId: `src-${name}` });
  };
  const putKustomization = async (name: string, placement: { clusterSelector: string | null; clusterNames: string[] }, source = 'podinfo', generation = 1) => {
    const spec = { sourceRef: { kind: 'GitRepository', name: source }, path: './clusters/my-cluster', interval: '1m', prune: true, postBuild: { substitute: { replicas: '2' } } };
    await t.sql(
      `INSERT INTO kustomizations (id, name, spec, placement, generation) VALUES ($1, $2, $3::jsonb, $4::jsonb, $5)
       ON CONFLICT (namespace, name) DO UPDATE SET spec = EXCLUDED.spec, placement = EXCLUDED.placement, generation = EXCLUDED.generation`,
      [`k-${name}`, name, JSON.stringify(spec), JSON.stringify(placement), generation],
    );
    events.emit('kustomization.changed', { kustomizationId: `k-${name}` });
  };
  const stored = async (clusterId: string) =>
    (await t.sql<{ generation: string; acked_generation: string; document: Assignment }>(`SELECT generation, acked_generation, document FROM cluster_assignments WHERE cluster_id = $1`, [clusterId]))[0];
  const download = (digest: string, credential: string | undefined, raw = false) =>
    fetch(`${t.url}/artifacts/${raw ? digest : encodeURIComponent(digest)}`, { headers: credential ? { authorization: `Bearer ${credential}` } : {} });

  beforeAll(async () => {
    pg = await startPostgres();
    // The fetch scheduler stays off: these source rows point nowhere, their status is set by the test.
    t = await TestHub.start(await pg.createDatabase(), { sources: { scheduler: false } });
    operator = await t.login('operator');
    store = t.hub.app.get<ArtifactStore>(ARTIFACT_STORE);
    events = t.hub.app.get(HubEvents);
    d1 = (await store.put(tarball1)).digest;
    d2 = (await store.put(tarball2)).digest;
    clusters.a = await t.registeredCluster(operator, 'prod-a', [{ key: 'env', value: 'prod' }]);
    clusters.b = await t.registeredCluster(operator, 'prod-b', [{ key: 'env', value: 'prod' }]);
    clusters.c = await t.registeredCluster(operator, 'named-c', [{ key: 'env', value: 'dev' }]);
    clusters.left = await t.registeredCluster(operator, 'left-out', [{ key: 'env', value: 'staging' }]);
    await t.sql(`INSERT INTO git_repositories (id, name, url) VALUES ('src-podinfo', 'podinfo', 'http://127.0.0.1:1/podinfo.git'), ('src-other', 'other', 'http://127.0.0.1:1/other.git')`);
    await setSourceArtifact('podinfo', { revision: revision('1'), digest: d1, size: tarball1.length });
    await putKustomization('apps', { clusterSelector: 'env=prod', clusterNames: [] });
    await putKustomization('named', { clusterSelector: null, clusterNames: ['named-c'] }, 'other');
  });
  afterEach(() => {
    for (const s of sockets.splice(0)) s.close();
  });
  afterAll(async () => {
    await t?.stop();
    await pg?.stop();
  });

  it('sends a v2 agent its assignment on hello: Kustomizations placed by label, their artifacts, the cluster variables', async () => {
    const { welcome, assignments } = await connect(clusters.a.credential);
    expect(welcome.protocolVersion).toBe(2);
    await eventually(async () => assignments.length, (n) => n === 1);
    const doc = assignments[0]!;
    expect(doc.kustomizations.map((k) => k.name)).toEqual(['apps']);
    expect(doc.kustomizations[0]!.variables).toMatchObject({ cluster_name: 'prod-a', cluster_id: clusters.a.clusterId, cluster_label_env: 'prod' });
    expect(doc.kustomizations[0]!.spec.postBuild?.substitute).toEqual({ replicas: '2' });
    expect(doc.sources).toEqual([{ kind: 'GitRepository', namespace: 'flotilla-system', name: 'podinfo', revision: revision('1'), digest: d1, size: tarball1.length, url: `/artifacts/${d1}` }]);
    expect((await stored(clusters.a.clusterId))?.generation).toBe(String(doc.generation));
  });

  it('places by name; a cluster the selector leaves out gets an empty assignment (so its agent prunes)', async () => {
    const c = await connect(clusters.c.credential);
    const left = await connect(clusters.left.credential);
    await eventually(async () => c.assignments.length + left.assignments.length, (n) => n === 2);
    expect(c.assignments[0]!.kustomizations.map((k) => k.name)).toEqual(['named']);
    // "other" has no artifact yet: the Kustomization is listed, its source is not.
    expect(c.assignments[0]!.sources).toEqual([]);
    expect(left.assignments[0]).toMatchObject({ sources: [], kustomizations: [] });
  });

  it('a v1 agent still connects and gets no assignment', async () => {
    const { welcome, assignments } = await connect(clusters.b.credential, { protocolVersion: 1 });
    expect(welcome.protocolVersion).toBe(1);
    await quiet();
    expect(assignments).toEqual([]);
  });

  it('pushes a new artifact at once with a higher generation, only to clusters it concerns; an unchanged recompute sends nothing', async () => {
    const a = await connect(clusters.a.credential);
    const c = await connect(clusters.c.credential);
    await eventually(async () => a.assignments.length + c.assignments.length, (n) => n === 2);
    const before = a.assignments[0]!.generation;

    await setSourceArtifact('podinfo', { revision: revision('2'), digest: d2, size: tarball2.length });
    await eventually(async () => a.assignments.length, (n) => n === 2);
    expect(a.assignments[1]!.generation).toBe(before + 1);
    expect(a.assignments[1]!.sources.map((s) => [s.revision, s.digest])).toEqual([[revision('2'), d2]]);
    // B (prod, not connected) got its new generation stored for its next hello.
    expect((await stored(clusters.b.clusterId))?.document.sources[0]?.digest).toBe(d2);

    // Nothing changed for anyone: no message, no new generation.
    events.emit('kustomization.changed', { kustomizationId: 'k-apps' });
    events.emit('source.artifactChanged', { sourceId: 'src-podinfo' });
    await quiet();
    expect(a.assignments).toHaveLength(2);
    expect(c.assignments).toHaveLength(1);
    expect((await stored(clusters.a.clusterId))?.generation).toBe(String(before + 1));
  });

  it('follows cluster label changes (updateCluster) and Kustomization deletes', async () => {
    const c = await connect(clusters.c.credential);
    await eventually(async () => c.assignments.length, (n) => n === 1);
    const r = await t.gql(operator, `mutation($input: UpdateClusterInput!) { updateCluster(input: $input) { id } }`, {
      input: { id: clusters.c.clusterId, labels: [{ key: 'env', value: 'prod' }] },
    });
    expect(r.errors).toBeUndefined();
    await eventually(async () => c.assignments.length, (n) => n === 2);
    expect(c.assignments[1]!.kustomizations.map((k) => k.name)).toEqual(['apps', 'named']);
    expect(c.assignments[1]!.kustomizations[0]!.variables.cluster_label_env).toBe('prod');

    await t.sql(`DELETE FROM kustomizations WHERE id = 'k-named'`);
    events.emit('kustomization.changed', { kustomizationId: 'k-named', deleted: true });
    await eventually(async () => c.assignments.length, (n) => n === 3);
    expect(c.assignments[2]!.kustomizations.map((k) => k.name)).toEqual(['apps']);
    expect(c.assignments[2]!.generation).toBe(c.assignments[1]!.generation + 1);
  });

  it('records assignment.ack as acked_generation, never above what was sent', async () => {
    const a = await connect(clusters.a.credential);
    await eventually(async () => a.assignments.length, (n) => n === 1);
    const generation = a.assignments[0]!.generation;
    a.s.emit('assignment.ack', { generation });
    await eventually(async () => (await stored(clusters.a.clusterId))?.acked_generation, (g) => g === String(generation));
    a.s.emit('assignment.ack', { generation: generation + 100 });
    await quiet(200);
    expect((await stored(clusters.a.clusterId))?.acked_generation).toBe(String(generation));
    expect(t.logger.lines.some((l) => l.msg.includes('never sent'))).toBe(true);
  });

  it('re-sends the current assignment on every hello (a reconnecting agent), same generation when nothing changed', async () => {
    const first = await connect(clusters.a.credential);
    await eventually(async () => first.assignments.length, (n) => n === 1);
    first.s.close();
    const second = await connect(clusters.a.credential);
    await eventually(async () => second.assignments.length, (n) => n === 1);
    expect(second.assignments[0]).toEqual(first.assignments[0]);
  });

  it('two replicas storing the same new document at once raise the generation once (row lock + re-checked condition)', async () => {
    const repo = t.hub.app.get(AssignmentsRepository);
    const before = Number((await stored(clusters.b.clusterId))!.generation);
    const body = { sources: [], kustomizations: [] };
    const results = await Promise.all([0, 1, 2, 3].map(() => repo.storeIfChanged([{ clusterId: clusters.b.clusterId, body }])));
    expect(results.flat()).toHaveLength(1);
    expect(Number((await stored(clusters.b.clusterId))!.generation)).toBe(before + 1);
    // Put B's real assignment back.
    await t.hub.app.get(AssignmentsService).recompute([clusters.b.clusterId]);
    expect(Number((await stored(clusters.b.clusterId))!.generation)).toBe(before + 2);
  });

  it('stores many clusters in chunks, hands each stored chunk on at once with the documents as stored, and keeps the placed objects per statement (an acknowledgement changes none)', async () => {
    const repo = t.hub.app.get(AssignmentsRepository);
    const ids = Array.from({ length: 1_100 }, (_, i) => `chunked-${String(i).padStart(4, '0')}`);
    await t.sql(`INSERT INTO clusters (id, name) SELECT id, id FROM unnest($1::text[]) AS id`, [ids]);
    try {
      const spec = kustomizationSpec.parse({ sourceRef: { kind: 'GitRepository', name: 'podinfo' }, path: './', interval: '1m', prune: true });
      const placing = (name: string): AssignmentBody => ({ sources: [], kustomizations: [{ namespace: 'flux-system', name, generation: 1, spec, variables: {} }] });
      const placed = async () => t.sql<{ name: string; since_generation: string; n: string }>(
        `SELECT name, since_generation, count(*) AS n FROM cluster_placed_objects WHERE cluster_id LIKE 'chunked-%' GROUP BY name, since_generation ORDER BY name`,
      );
      const chunks: number[] = [];
      const handed: { clusterId: string; document: Assignment }[] = [];
      const changed = await repo.storeIfChanged(
        ids.map((clusterId) => ({ clusterId, body: placing('first') })),
        (stored) => {
          chunks.push(stored.length);
          handed.push(...stored);
        },
      );
      expect(chunks).toEqual([500, 500, 100]);
      expect(handed).toEqual(changed);
      const sample = handed[733]!;
      expect(sample.document).toEqual((await stored(sample.clusterId))!.document);
      expect(await placed()).toEqual([{ name: 'first', since_generation: '1', n: '1100' }]);

      expect(await repo.ack(ids.map((clusterId) => ({ clusterId, generation: 1 })))).toEqual(ids.map(() => true));
      expect(await placed()).toEqual([{ name: 'first', since_generation: '1', n: '1100' }]);

      // The same documents again change nothing; another Kustomization replaces the first from generation 2 on.
      expect(await repo.storeIfChanged(ids.map((clusterId) => ({ clusterId, body: placing('first') })))).toEqual([]);
      await repo.storeIfChanged(ids.map((clusterId) => ({ clusterId, body: placing('second') })));
      expect(await placed()).toEqual([{ name: 'second', since_generation: '2', n: '1100' }]);
    } finally {
      await t.sql(`DELETE FROM clusters WHERE id = ANY($1::text[])`, [ids]);
    }
  });

  describe('GET /artifacts/:digest', () => {
    it('serves an artifact of the cluster\'s assignment as application/gzip with the digest as ETag (URL-encoded colon or not)', async () => {
      const res = await download(d2, clusters.a.credential);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/gzip');
      expect(res.headers.get('etag')).toBe(`"${d2}"`);
      expect(Buffer.from(await res.arrayBuffer())).toEqual(tarball2);
      expect((await download(d2, clusters.a.credential, true)).status).toBe(200);
    });

    it('still serves the previous assignment\'s artifact (an agent mid-download when the revision moved)', async () => {
      const res = await download(d1, clusters.a.credential);
      expect(res.status).toBe(200);
      expect(Buffer.from(await res.arrayBuffer())).toEqual(tarball1);
    });

    it('cluster A cannot fetch an artifact that is not in its assignment: 404, the same as a digest that does not exist', async () => {
      const other = (await store.put(Buffer.from('cluster B only'))).digest;
      // Give B a source of its own, then ask with A's and the left-out cluster's credentials.
      await t.sql(`INSERT INTO git_repositories (id, name, url) VALUES ('src-b', 'b-only', 'http://127.0.0.1:1/b.git')`);
      await setSourceArtifact('b-only', { revision: revision('9'), digest: other, size: 14 });
      await putKustomization('b-only', { clusterSelector: null, clusterNames: ['prod-b'] }, 'b-only');
      await eventually(async () => (await stored(clusters.b.clusterId))?.document.sources.map((s) => s.digest) ?? [], (ds) => ds.includes(other));
      expect((await download(other, clusters.b.credential)).status).toBe(200);
      const refused = await download(other, clusters.a.credential);
      expect(refused.status).toBe(404);
      expect(await refused.json()).toEqual({ error: { code: 'ARTIFACT_NOT_FOUND', message: expect.any(String) as unknown } });
      expect((await download(d2, clusters.left.credential)).status).toBe(404);
      expect((await download(`sha256:${'0'.repeat(64)}`, clusters.a.credential)).status).toBe(404);
      expect((await download('../../etc/passwd', clusters.a.credential)).status).toBe(404);
      expect((await download(d2.toUpperCase(), clusters.a.credential)).status).toBe(404);
    });

    it('401 without a valid cluster credential, with the credential error code', async () => {
      const none = await download(d2, undefined);
      expect(none.status).toBe(401);
      expect(((await none.json()) as { error: { code: string } }).error.code).toBe('CREDENTIAL_INVALID');
      expect((await download(d2, 'flc_notarealcredential000000')).status).toBe(401);
      const revoked = await t.registeredCluster(operator, 'revoked-one', [{ key: 'env', value: 'prod' }]);
      // A new cluster is placed as soon as it is created (env=prod → the apps Kustomization and its artifact).
      await eventually(async () => (await stored(revoked.clusterId))?.document.sources.length ?? 0, (n) => n > 0);
      expect((await download(d2, revoked.credential)).status).toBe(200);
      await t.gql(operator, `mutation($id: ID!) { revokeClusterCredential(clusterId: $id) { id } }`, { id: revoked.clusterId });
      const after = await download(d2, revoked.credential);
      expect(after.status).toBe(401);
      expect(((await after.json()) as { error: { code: string } }).error.code).toBe('CREDENTIAL_REVOKED');
    });
  });

  describe('reconcile fan-out', () => {
    it('sends reconcile {kind, namespace, name, requestedAt} to every connected cluster holding the Kustomization, or to the one asked for', async () => {
      const a = await connect(clusters.a.credential);
      const c = await connect(clusters.c.credential); // env=prod since the label test
      const left = await connect(clusters.left.credential);
      await eventually(async () => a.assignments.length + c.assignments.length + left.assignments.length, (n) => n === 3);
      const requestedAt = new Date().toISOString();
      events.emit('kustomization.reconcileRequested', { kustomizationId: 'k-apps', withSource: false, requestedAt });
      const expected = { kind: 'Kustomization', namespace: 'flotilla-system', name: 'apps', requestedAt };
      await eventually(async () => a.reconciles.length + c.reconciles.length, (n) => n === 2);
      expect(a.reconciles).toEqual([expected]);
      expect(c.reconciles).toEqual([expected]);

      const second = new Date(Date.now() + 1000).toISOString();
      events.emit('kustomization.reconcileRequested', { kustomizationId: 'k-apps', clusterId: clusters.c.clusterId, withSource: false, requestedAt: second });
      await eventually(async () => c.reconciles.length, (n) => n === 2);
      expect(c.reconciles[1]).toEqual({ ...expected, requestedAt: second });
      // Not for a cluster the Kustomization is not on, even when asked by id.
      events.emit('kustomization.reconcileRequested', { kustomizationId: 'k-apps', clusterId: clusters.left.clusterId, withSource: false, requestedAt: second });
      await quiet();
      expect(a.reconciles).toHaveLength(1);
      expect(left.reconciles).toEqual([]);
    });

    it('an agent away when a request was made gets it when it connects, after its assignment, until it reports handling it (Flux keeps reconcile.fluxcd.io/requestedAt on the object)', async () => {
      const requestedAt = new Date(Date.now() - 60_000);
      await t.sql(`UPDATE kustomizations SET last_reconcile_requested_at = $1 WHERE id = 'k-apps'`, [requestedAt]);
      const order: string[] = [];
      const first = t.agentSocket(clusters.a.credential);
      sockets.push(first);
      first.on('assignment', () => order.push('assignment'));
      first.on('reconcile', (m: Reconcile) => order.push(`reconcile ${m.namespace}/${m.name} ${m.requestedAt}`));
      await next(first, 'connect');
      first.emit('hello', hello(v2));
      await eventually(async () => order.length, (n) => n >= 2);
      await quiet();
      expect(order).toEqual(['assignment', `reconcile flotilla-system/apps ${requestedAt.toISOString()}`]);
      // A cluster the Kustomization is not placed on gets nothing.
      const left = await connect(clusters.left.credential);
      await eventually(async () => left.assignments.length, (n) => n === 1);
      await quiet();
      expect(left.reconciles).toEqual([]);

      // Handled (as the agent's status reports it): not sent again.
      await t.sql(
        `INSERT INTO flux_objects (cluster_id, kind, namespace, name, origin, kustomization_id, last_handled_reconcile_at) VALUES ($1, 'Kustomization', 'flotilla-system', 'apps', 'hub', 'k-apps', $2)`,
        [clusters.a.clusterId, requestedAt.toISOString()],
      );
      try {
        const again = await connect(clusters.a.credential);
        await eventually(async () => again.assignments.length, (n) => n === 1);
        await quiet();
        expect(again.reconciles).toEqual([]);
      } finally {
        await t.sql(`DELETE FROM flux_objects WHERE cluster_id = $1 AND name = 'apps'`, [clusters.a.clusterId]);
        await t.sql(`UPDATE kustomizations SET last_reconcile_requested_at = NULL WHERE id = 'k-apps'`);
      }
    });

    it('with a new source artifact first, the agent gets the new assignment before the reconcile (--with-source order)', async () => {
      const a = await connect(clusters.a.credential);
      await eventually(async () => a.assignments.length, (n) => n === 1);
      const order: string[] = [];
      a.s.on('assignment', () => order.push('assignment'));
      a.s.on('reconcile', () => order.push('reconcile'));
      const d3 = (await store.put(Buffer.from('third'))).digest;
      await t.sql(`UPDATE git_repositories SET status = $1::jsonb WHERE id = 'src-podinfo'`, [JSON.stringify({ artifact: { revision: revision('3'), digest: d3, size: 5 } })]);
      events.emit('source.artifactChanged', { sourceId: 'src-podinfo' });
      events.emit('kustomization.reconcileRequested', { kustomizationId: 'k-apps', withSource: true, requestedAt: new Date().toISOString() });
      await eventually(async () => order.length, (n) => n === 2);
      expect(order).toEqual(['assignment', 'reconcile']);
    });
  });

  it('a hello also repairs a missed event: the stored document goes out at once, the recomputed one right after (or alone, when the recompute stored it before the read)', async () => {
    // A replica died between writing the row and announcing it: no event reached this hub.
    await t.sql(`UPDATE kustomizations SET spec = jsonb_set(spec, '{interval}', '"7m"') WHERE id = 'k-apps'`);
    const a = await connect(clusters.a.credential);
    await eventually(async () => a.assignments.at(-1)?.kustomizations[0]?.spec.interval, (v) => v === '7m');
    // The hello's read and the recompute race: the agent gets the stored document then the new one, or only the
    // new one; never the stored one after the new one.
    expect(a.assignments.length).toBeLessThanOrEqual(2);
    if (a.assignments.length === 2) {
      expect(a.assignments[0]!.kustomizations[0]!.spec.interval).toBe('1m');
      expect(a.assignments[1]!.generation).toBe(a.assignments[0]!.generation + 1);
    }
    const before = a.assignments.length;
    // …and a cluster whose assignment was never stored gets one computed on hello.
    await t.sql(`DELETE FROM cluster_assignments WHERE cluster_id = $1`, [clusters.left.clusterId]);
    const left = await connect(clusters.left.credential);
    await eventually(async () => left.assignments.length, (n) => n === 1);
    expect(left.assignments[0]).toMatchObject({ generation: 1, kustomizations: [] });
    await t.sql(`UPDATE kustomizations SET spec = jsonb_set(spec, '{interval}', '"1m"') WHERE id = 'k-apps'`);
    events.emit('kustomization.changed', { kustomizationId: 'k-apps' });
    await eventually(async () => a.assignments.length, (n) => n === before + 1);
    expect(a.assignments.at(-1)!.kustomizations[0]!.spec.interval).toBe('1m');
  });
});
