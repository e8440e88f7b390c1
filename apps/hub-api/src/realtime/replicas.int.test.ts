import { createHash, randomBytes } from 'node:crypto';
import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import pg from 'pg';
import {
  freePort,
  makeTempDir,
  percentile,
  removeDir,
  startGitServer,
  startHaproxy,
  startPostgres,
  startS3Server,
  type TestGitServer,
  type TestHaproxy,
  type TestPostgres,
  type TestS3,
} from '@flotilla/testenv';
import { eventually, hello, HubClient, next, passwords, type Session } from '../../test/hub-harness.js';
import { spawnHub, type HubProcess } from '../../test/hub-process.js';

// Three hub processes on one Postgres behind HAProxy (websockets, round-robin), artifacts in a real S3 server
// (versitygw): what one replica does reaches the browsers and agents held by the others, a killed replica's
// agents carry on through the others without losing or doubling a report, and an artifact is stored once.

const v2 = { protocolVersion: 2, supportedProtocolVersions: [2, 1] };
const BUCKET = 'flotilla-artifacts';

interface Replica {
  name: string;
  proc: HubProcess;
  client: HubClient;
  port: number;
  dataDir: string;
}

describe('three hub replicas behind HAProxy on one Postgres, artifacts in S3', () => {
  let pgServer: TestPostgres;
  let databaseUrl: string;
  let git: TestGitServer;
  let s3: TestS3;
  let lb: TestHaproxy;
  let through: HubClient;
  let admin: Session;
  let credDir: string;
  const replicas: Replica[] = [];
  const sockets: Socket[] = [];
  let kustomizationId: string;

  const sql = async <R extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<R[]> => {
    const c = new pg.Client({ connectionString: databaseUrl });
    await c.connect();
    try {
      return (await c.query<R>(text, values)).rows;
    } finally {
      await c.end();
    }
  };

  const startReplica = async (name: string, secretKey: string, s3Env: Record<string, string>): Promise<Replica> => {
    const [port, dataDir] = await Promise.all([freePort(), makeTempDir(`hub-${name}`)]);
    const proc = spawnHub({
      env: {
        FLOTILLA_DATABASE_URL: databaseUrl,
        FLOTILLA_HOST: '127.0.0.1',
        FLOTILLA_PORT: String(port),
        FLOTILLA_DATA_DIR: dataDir,
        FLOTILLA_ADMIN_PASSWORD: passwords.admin,
        FLOTILLA_SECRET_KEY: secretKey,
        FLOTILLA_REPLICAS: '3',
        FLOTILLA_HEARTBEAT_TIMEOUT_MS: '6000',
        FLOTILLA_LOG_LEVEL: 'warn',
        FLOTILLA_ARTIFACT_STORE: 's3',
        FLOTILLA_S3_BUCKET: BUCKET,
        FLOTILLA_S3_ENDPOINT: s3.endpoint,
        FLOTILLA_S3_REGION: s3.region,
        FLOTILLA_S3_PREFIX: 'hub/',
        ...s3Env,
      },
    });
    await proc.waitFor('Flotilla hub:', 180_000);
    return { name, proc, client: new HubClient(`http://127.0.0.1:${port}`), port, dataDir };
  };

  const track = (s: Socket): Socket => {
    sockets.push(s);
    return s;
  };

  /** An agent on `hub` that said hello and got its first assignment; collects what the hub sends it. */
  const connectAgent = async (hub: HubClient, credential: string) => {
    const s = track(hub.agentSocket(credential));
    const got = { assignments: [] as { generation: number; sources: { url: string; digest: string }[] }[], reconciles: [] as { name: string }[] };
    s.on('assignment', (a: (typeof got.assignments)[number]) => got.assignments.push(a));
    s.on('reconcile', (r: { name: string }) => got.reconciles.push(r));
    const initialAck = next<{ seq: number }>(s, 'batch.ack', 20_000);
    await next(s, 'connect', 20_000);
    s.emit('hello', hello(v2));
    await eventually(async () => got.assignments.length, (n) => n >= 1, 20_000);
    return { s, got, initialAck };
  };

  beforeAll(async () => {
    [pgServer, git, s3] = await Promise.all([startPostgres(), startGitServer(), startS3Server()]);
    databaseUrl = await pgServer.createDatabase();
    await s3.createBucket(BUCKET);
    const secretKey = randomBytes(32).toString('base64');
    const keys = { FLOTILLA_S3_ACCESS_KEY_ID: s3.accessKeyId, FLOTILLA_S3_SECRET_ACCESS_KEY: s3.secretAccessKey };
    // The third replica reads its keys from a file, as from a mounted Secret.
    credDir = await makeTempDir('s3-creds');
    const credFile = path.join(credDir, 'credentials');
    await writeFile(credFile, `[default]\naws_access_key_id = ${s3.accessKeyId}\naws_secret_access_key = ${s3.secretAccessKey}\n`, { mode: 0o600 });
    // The first migrates and creates the admin; the others start on the migrated database together.
    replicas.push(await startReplica('a', secretKey, keys));
    replicas.push(...(await Promise.all([startReplica('b', secretKey, keys), startReplica('c', secretKey, { FLOTILLA_S3_CREDENTIALS_FILE: credFile })])));
    lb = await startHaproxy(replicas.map((r) => ({ name: r.name, address: `127.0.0.1:${r.port}` })));
    through = new HubClient(lb.url);
    admin = await through.login('admin');

    const repoUrl = await git.createRepo('fleet');
    await git.pushFiles(repoUrl, { 'apps/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: hello, namespace: default }\ndata: { a: "1" }\n' });
    const src = await through.gql<{ createGitRepository: { id: string } }>(admin, `mutation($input: GitRepositoryInput!) { createGitRepository(input: $input) { id } }`, {
      input: { name: 'fleet', url: repoUrl, ref: { branch: 'main' }, interval: '1h' },
    });
    expect(src.errors).toBeUndefined();
    const sourceId = src.data!.createGitRepository.id;
    await eventually(
      async () => (await through.gql<{ gitRepository: { ready: string } }>(admin, `query($id: ID!) { gitRepository(id: $id) { ready } }`, { id: sourceId })).data?.gitRepository.ready,
      (r) => r === 'True',
      60_000,
    );
    const k = await through.gql<{ createKustomization: { id: string } }>(admin, `mutation($input: KustomizationInput!) { createKustomization(input: $input) { id } }`, {
      input: { name: 'apps', spec: { sourceRef: { kind: 'GitRepository', name: 'fleet' }, path: './apps', interval: '10m', prune: true }, placement: { clusterSelector: 'env=edge' } },
    });
    expect(k.errors).toBeUndefined();
    kustomizationId = k.data!.createKustomization.id;
  }, 400_000);

  afterAll(async () => {
    for (const s of sockets) s.close();
    await lb?.stop();
    await Promise.all(
      replicas.map(async (r) => {
        if (r.proc.child.exitCode === null && r.proc.child.signalCode === null) {
          r.proc.interrupt();
          await Promise.race([r.proc.exited, new Promise((res) => setTimeout(res, 15_000))]);
        }
        await removeDir(r.dataDir);
      }),
    );
    await Promise.all([git?.stop(), s3?.stop(), pgServer?.stop(), credDir ? removeDir(credDir) : undefined]);
  }, 60_000);

  it('an artifact fetched once is stored once in S3 and served by every replica and through the balancer', async () => {
    const { credential } = await through.registeredCluster(admin, 'edge-artifacts', [{ key: 'env', value: 'edge' }]);
    const agent = await connectAgent(replicas[1]!.client, credential);
    const source = agent.got.assignments.at(-1)!.sources[0]!;
    for (const hub of [...replicas.map((r) => r.client), through]) {
      const res = await fetch(`${hub.url}${source.url}`, { headers: { authorization: `Bearer ${credential}` } });
      expect(res.status).toBe(200);
      expect(`sha256:${createHash('sha256').update(Buffer.from(await res.arrayBuffer())).digest('hex')}`).toBe(source.digest);
    }
    // One object in the bucket (under the prefix), none in any replica's data directory.
    const hex = source.digest.slice('sha256:'.length);
    expect(await readdir(path.join(s3.root, BUCKET, 'hub', 'sha256', hex.slice(0, 2)))).toEqual([`${hex}.tar.gz`]);
    expect(await readdir(path.join(s3.root, BUCKET, 'hub', 'sha256'))).toHaveLength(1);
    for (const r of replicas) expect(await readdir(r.dataDir)).not.toContain('artifacts');
    // The source was fetched by one replica: one artifact row for it.
    expect(await sql(`SELECT digest FROM artifacts`)).toHaveLength(1);
  }, 120_000);

  it('an agent on replica B and a browser on replica A see each other: hello and reports reach the browser, a reconcile requested through A reaches the agent', async () => {
    const [a, b] = [replicas[0]!.client, replicas[1]!.client];
    const { clusterId, credential } = await through.registeredCluster(admin, 'edge-cross', [{ key: 'env', value: 'edge' }]);
    const browser = track(a.uiSocket(admin));
    await next(browser, 'connect', 20_000);
    const changed: string[] = [];
    const statuses: { id: string; clusterId: string }[] = [];
    browser.on('cluster.changed', (p: { clusterId: string }) => changed.push(p.clusterId));
    browser.on('kustomization.status', (p: { id: string; clusterId: string }) => statuses.push(p));

    const agent = await connectAgent(b, credential);
    await eventually(async () => changed.includes(clusterId), Boolean, 10_000);

    const revision = (agent.got.assignments.at(-1) as unknown as { sources: { revision: string }[] }).sources[0]!.revision;
    const seq = (await agent.initialAck).seq + 1;
    const acked = next<{ seq: number }>(agent.s, 'batch.ack', 10_000);
    agent.s.emit('status', {
      seq,
      items: [
        {
          namespace: 'flotilla-system',
          name: 'apps',
          conditions: [{ type: 'Ready', status: 'True', reason: 'ReconciliationSucceeded', message: `Applied revision: ${revision}`, lastTransitionTime: new Date().toISOString() }],
          lastAppliedRevision: revision,
          lastAttemptedRevision: revision,
          observedGeneration: 1,
        },
      ],
    });
    expect((await acked).seq).toBe(seq);
    await eventually(async () => statuses.some((s) => s.id === kustomizationId && s.clusterId === clusterId), Boolean, 10_000);

    const r = await a.gql(admin, `mutation($input: RequestReconcileInput!) { requestReconcile(input: $input) }`, { input: { kind: 'Kustomization', id: kustomizationId, withSource: false } });
    expect(r.errors).toBeUndefined();
    await eventually(async () => agent.got.reconciles.length, (n) => n === 1, 10_000);
    expect(agent.got.reconciles[0]).toMatchObject({ kind: 'Kustomization', namespace: 'flotilla-system', name: 'apps' });
  }, 120_000);

  it('revoking on replica A closes agent sockets on every replica within 1 s (p99)', async () => {
    const closedMs: number[] = [];
    for (let i = 0; i < 12; i++) {
      const hub = replicas[i % 3]!.client;
      const { clusterId, credential } = await through.registeredCluster(admin, `edge-revoke-${i}`, [{ key: 'env', value: 'edge' }]);
      const agent = await connectAgent(hub, credential);
      const revoked = next<{ code: string }>(agent.s, 'revoked', 5_000);
      const started = performance.now();
      const closed = next(agent.s, 'disconnect', 5_000).then(() => closedMs.push(performance.now() - started));
      const r = await replicas[0]!.client.gql(admin, `mutation($id: ID!) { revokeClusterCredential(clusterId: $id) { id } }`, { id: clusterId });
      expect(r.errors).toBeUndefined();
      expect((await revoked).code).toBe('CREDENTIAL_REVOKED');
      await closed;
    }
    console.log(`revocation across three replica processes (revoked on A; agents on A, B, C): p50 ${percentile(closedMs, 50).toFixed(1)} ms, p99 ${percentile(closedMs, 99).toFixed(1)} ms`);
    expect(percentile(closedMs, 99)).toBeLessThan(1_000);
  }, 120_000);

  it("killing a replica moves its agents to the others through the balancer, and no report is lost or doubled", async () => {
    const AGENTS = 6;
    const BATCHES = 12;
    interface Sim {
      clusterId: string;
      credential: string;
      s: Socket;
      /** The batches sent and not yet acknowledged: what the agent's outbox would resend. */
      outbox: Map<number, unknown>;
      nextSeq: number;
      moved: boolean;
    }
    const batch = (clusterName: string, seq: number) => ({
      seq,
      items: [{ involvedObject: { kind: 'Kustomization', namespace: 'flotilla-system', name: 'apps' }, severity: 'info', reason: 'Progressing', message: `${clusterName} report ${seq}`, timestamp: new Date().toISOString() }],
    });
    const connect = async (sim: Sim, name: string): Promise<void> => {
      const agent = await connectAgent(through, sim.credential);
      sim.s = agent.s;
      const { seq: persisted } = await agent.initialAck;
      // The hub said what it has: drop that from the outbox, resend the rest; resend the last persisted one too, as
      // an agent whose ack was lost would, which the hub must acknowledge without storing it again.
      for (const s of [...sim.outbox.keys()]) if (s <= persisted) sim.outbox.delete(s);
      if (persisted > 0) sim.s.emit('events', batch(name, persisted));
      for (const [, b] of [...sim.outbox.entries()].sort(([x], [y]) => x - y)) sim.s.emit('events', b);
      sim.s.on('batch.ack', ({ seq }: { seq: number }) => {
        for (const s of [...sim.outbox.keys()]) if (s <= seq) sim.outbox.delete(s);
      });
    };
    const sims: Sim[] = [];
    // Registered on A directly, so the agents' connections alone go through the balancer: round-robin puts two on each replica.
    for (let i = 0; i < AGENTS; i++) {
      const { clusterId, credential } = await replicas[0]!.client.registeredCluster(admin, `edge-move-${i}`, [{ key: 'env', value: 'edge' }]);
      sims.push({ clusterId, credential, s: undefined as unknown as Socket, outbox: new Map(), nextSeq: 1, moved: false });
    }
    for (const [i, sim] of sims.entries()) {
      await connect(sim, `edge-move-${i}`);
      sim.s.once('disconnect', () => (sim.moved = true));
    }
    const send = (sim: Sim, i: number) => {
      const b = batch(`edge-move-${i}`, sim.nextSeq);
      sim.outbox.set(sim.nextSeq, b);
      sim.nextSeq += 1;
      sim.s.emit('events', b);
    };
    // Half the batches, then replica C dies with some still in flight, then the rest.
    for (let n = 0; n < BATCHES / 2; n++) sims.forEach(send);
    const victim = replicas[2]!;
    process.kill(-victim.proc.child.pid!, 'SIGKILL');
    await victim.proc.exited;
    // As an agent finds out: its socket closes, or a heartbeat goes unanswered.
    await Promise.all(
      sims.map(async (sim) => {
        if (sim.moved) return;
        const ack = next(sim.s, 'ack', 3_000);
        sim.s.emit('heartbeat', { seq: 1, sentAt: new Date().toISOString() });
        if (!(await ack.then(() => true, () => false))) sim.moved = true;
      }),
    );
    for (const [i, sim] of sims.entries()) {
      if (!sim.moved) continue;
      sim.s.close();
      await connect(sim, `edge-move-${i}`);
    }
    for (let n = 0; n < BATCHES / 2; n++) sims.forEach(send);
    await eventually(async () => sims.map((s) => s.outbox.size), (sizes) => sizes.every((n) => n === 0), 30_000);

    const moved = sims.filter((s) => s.moved).length;
    expect(moved).toBe(AGENTS / 3);
    for (const [i, sim] of sims.entries()) {
      const rows = await sql<{ message: string; n: string }>(`SELECT message, count(*) AS n FROM cluster_events WHERE cluster_id = $1 GROUP BY message ORDER BY message`, [sim.clusterId]);
      const want = Array.from({ length: BATCHES }, (_, k) => `edge-move-${i} report ${k + 1}`).sort();
      expect(rows.map((r) => r.message)).toEqual(want);
      expect(rows.every((r) => r.n === '1')).toBe(true);
    }
    // Every cluster is connected again, none of them through the dead replica.
    for (const sim of sims) expect((await through.clusterState(admin, sim.clusterId))?.connectionState).toBe('CONNECTED');
    console.log(`killed replica c: ${moved} of ${AGENTS} agents moved to the other replicas; ${AGENTS * BATCHES} report batches stored once each`);
  }, 180_000);
});
