import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { startGitServer, startPostgres, type TestGitServer, type TestPostgres } from '@flotilla/testenv';
import { parseMessage, type Assignment, type Reconcile } from '@flotilla/protocol';
import { eventually, hello, metricValue, next, TestHub, type Session } from '../../test/hub-harness.js';

// Cluster A's credential against everything of cluster B, on a real hub, a real Postgres and a real git server,
// through the edges an agent has (socket.io `/agent`, `GET /artifacts/:digest`, `POST /api/agent/register`).
// A and B have different labels, sources and Kustomizations. Every attempt must be refused, counted in /metrics,
// and leave every row of B as it was. The matrix of attempts and outcomes is printed at the end.

const v3 = { protocolVersion: 3, supportedProtocolVersions: [3, 2, 1] };
const when = '2026-12-03T06:00:00Z';
const ready = (message: string) => ({ type: 'Ready', status: 'True' as const, reason: 'ReconciliationSucceeded', message, lastTransitionTime: when });
const statusItem = (name: string, extra: Record<string, unknown> = {}) => ({ namespace: 'flotilla-system', name, conditions: [ready('applied')], observedGeneration: 1, ...extra });
const eventItem = (name: string, message: string, extra: Record<string, unknown> = {}) => ({
  involvedObject: { kind: 'Kustomization', namespace: 'flotilla-system', name },
  severity: 'info' as const,
  reason: 'ReconciliationSucceeded',
  message,
  timestamp: when,
  ...extra,
});

/** A GitRepository B found in its own cluster (origin cluster). */
const bOwnSource = { kind: 'GitRepository', origin: 'cluster', namespace: 'flux-system', name: 'b-own', conditions: [ready('stored artifact')], observedGeneration: 1 };

interface Agent {
  s: Socket;
  assignments: Assignment[];
  reconciles: Reconcile[];
  errors: { code: string; seq?: number; message: string }[];
  acks: number[];
}

interface MatrixRow {
  attempt: string;
  outcome: string;
  counted: string;
}

describe("cross-cluster isolation: cluster A's credential cannot read or change cluster B (real hub, Postgres, git server)", () => {
  let pg: TestPostgres;
  let git: TestGitServer;
  let t: TestHub;
  let operator: Session;
  let a: { clusterId: string; credential: string };
  let b: { clusterId: string; credential: string; token: string };
  let bAgent: Agent;
  let bDigest: string;
  let aDigest: string;
  const ids: Record<string, string> = {};
  const sockets: Socket[] = [];
  const matrix: MatrixRow[] = [];

  const connect = async (credential: string): Promise<Agent> => {
    const s = t.agentSocket(credential);
    sockets.push(s);
    const agent: Agent = { s, assignments: [], reconciles: [], errors: [], acks: [] };
    s.on('assignment', (m: unknown) => {
      const parsed = parseMessage('assignment', m, { from: 'hubToAgent' });
      if (parsed.ok) agent.assignments.push(parsed.message);
    });
    s.on('reconcile', (m: Reconcile) => agent.reconciles.push(m));
    s.on('protocol.error', (e: Agent['errors'][number]) => agent.errors.push(e));
    s.on('batch.ack', ({ seq }: { seq: number }) => agent.acks.push(seq));
    await next(s, 'connect');
    s.emit('hello', hello(v3));
    // After hello the hub sends the assignment and the batch.ack with the seq it has for this credential.
    await eventually(async () => [agent.assignments.length, agent.acks.length] as const, ([x, y]) => x >= 1 && y >= 1, 10_000);
    return agent;
  };
  /** Sends one message and waits for the hub's answer to it (its batch.ack, or a protocol.error). */
  const exchange = async (agent: Agent, type: string, payload: unknown): Promise<void> => {
    const [acks, errors] = [agent.acks.length, agent.errors.length];
    agent.s.emit(type, payload);
    await eventually(async () => [agent.acks.length, agent.errors.length] as const, ([x, y]) => x > acks || y > errors);
    // Refusals of items come beside the ack; give the one after it a moment to arrive.
    await new Promise((r) => setTimeout(r, 50));
  };
  const lastAck = (agent: Agent) => agent.acks.at(-1) ?? 0;
  const download = async (digest: string, credential: string) => {
    const res = await fetch(`${t.url}/artifacts/${digest}`, { headers: { authorization: `Bearer ${credential}` } });
    return { status: res.status, body: res.status === 200 ? null : ((await res.json()) as { error: { code: string } }) };
  };
  /** Every table that holds rows of one cluster (found in the schema, so a new one is covered), with its column. */
  let clusterTables: [string, string][] = [];
  const rowsOf = async (clusterId: string): Promise<Record<string, unknown[]>> => {
    const out: Record<string, unknown[]> = {};
    for (const [table, column] of clusterTables) {
      out[table] = (await t.sql<{ row: unknown }>(`SELECT to_jsonb(x) AS row FROM ${table} x WHERE ${column} = $1 ORDER BY to_jsonb(x)::text`, [clusterId])).map((r) => r.row);
    }
    return out;
  };
  const counter = async (series: string) => metricValue(await t.metrics(), series);
  /**
   * Runs one attempt: B's rows must be the same after it, and the named counter must have risen by `counted`.
   * Returns what the attempt returned, for its own assertions.
   */
  const attempt = async <T>(row: Omit<MatrixRow, 'counted'>, series: string | null, counted: number, run: () => Promise<T>): Promise<T> => {
    const before = await rowsOf(b.clusterId);
    const n = series ? await counter(series) : 0;
    const result = await run();
    expect(await rowsOf(b.clusterId), `${row.attempt}: B's rows changed`).toEqual(before);
    if (series) expect((await counter(series)) - n, `${row.attempt}: ${series}`).toBe(counted);
    matrix.push({ ...row, counted: series ? `${series} +${counted}` : 'n/a' });
    return result;
  };

  beforeAll(async () => {
    [pg, git] = await Promise.all([startPostgres(), startGitServer()]);
    // B's agent sends no heartbeats: a timeout longer than the whole file keeps it Connected on a loaded machine,
    // where the file takes more than the default 30 s and B's rows would change under an attempt.
    t = await TestHub.start(await pg.createDatabase(), { heartbeatTimeoutMs: 600_000 });
    const withClusterId = await t.sql<{ table_name: string }>(`SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'cluster_id' ORDER BY 1`);
    clusterTables = [['clusters', 'id'], ...withClusterId.map((r): [string, string] => [r.table_name, 'cluster_id'])];
    expect(clusterTables.length).toBeGreaterThanOrEqual(7);
    operator = await t.login('operator');
    for (const team of ['a', 'b']) {
      const url = await git.createRepo(`repo-${team}`);
      await git.pushFiles(url, { [`apps/${team}/cm.yaml`]: `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: team-${team}, namespace: default }\ndata: { team: ${team} }\n` });
      const r = await t.gql<{ createGitRepository: { id: string } }>(operator, `mutation($input: GitRepositoryInput!) { createGitRepository(input: $input) { id } }`, {
        input: { name: `src-${team}`, url, ref: { branch: 'main' }, interval: '1h' },
      });
      ids[`src-${team}`] = r.data!.createGitRepository.id;
      const k = await t.gql<{ createKustomization: { id: string } }>(operator, `mutation($input: KustomizationInput!) { createKustomization(input: $input) { id } }`, {
        input: { name: `ks-${team}`, spec: { sourceRef: { kind: 'GitRepository', name: `src-${team}` }, path: `./apps/${team}`, interval: '10m', prune: true }, placement: { clusterSelector: `team=${team}` } },
      });
      expect(k.errors).toBeUndefined();
      ids[`ks-${team}`] = k.data!.createKustomization.id;
    }
    const digestOf = async (id: string) =>
      (
        await eventually(
          () => t.gql<{ gitRepository: { artifact: { digest: string } | null } }>(operator, `query($id: ID!) { gitRepository(id: $id) { artifact { digest } } }`, { id }),
          (r) => r.data?.gitRepository.artifact != null,
          20_000,
        )
      ).data!.gitRepository.artifact!.digest;
    [aDigest, bDigest] = [await digestOf(ids['src-a']!), await digestOf(ids['src-b']!)];
    a = await t.registeredCluster(operator, 'cluster-a', [{ key: 'team', value: 'a' }]);
    const tokenB = await t.createToken(operator, 'cluster-b', [{ key: 'team', value: 'b' }]);
    const registeredB = await t.register(tokenB.token);
    b = { clusterId: tokenB.cluster.id, credential: registeredB.body.credential!, token: tokenB.token };
    // B is live and has reported: status, inventory and events of its Kustomization, and a GitRepository of its
    // own (applied in the cluster, origin cluster), seqs 1 to 4.
    bAgent = await connect(b.credential);
    await exchange(bAgent, 'status', { seq: 1, items: [statusItem('ks-b')] });
    await exchange(bAgent, 'inventory', { seq: 2, items: [{ namespace: 'flotilla-system', name: 'ks-b', entries: [{ id: 'default_team-b__ConfigMap', v: 'v1' }] }] });
    await exchange(bAgent, 'events', { seq: 3, items: [eventItem('ks-b', 'ConfigMap/default/team-b created')] });
    await exchange(bAgent, 'status', { seq: 4, items: [bOwnSource] });
    expect(bAgent.errors).toEqual([]);
    expect(lastAck(bAgent)).toBe(4);
  }, 90_000);
  afterEach(() => {
    // B's agent stays connected through the whole matrix, as a real cluster would.
    for (const s of sockets.splice(0)) if (s !== bAgent.s) s.close();
  });
  afterAll(async () => {
    bAgent?.s.close();
    console.log(`cross-cluster matrix (${matrix.length} attempts, A's credential against B):\n${matrix.map((r) => `  ${r.attempt} → ${r.outcome} [${r.counted}]`).join('\n')}`);
    await t?.stop();
    await Promise.all([git?.stop(), pg?.stop()]);
  });

  it("A's assignment names only A's source and Kustomization: none of B's names, digests or variables", async () => {
    const agent = await attempt({ attempt: "read B's assignment (hello on A's credential)", outcome: "A's own assignment only" }, null, 0, () => connect(a.credential));
    const doc = JSON.stringify(agent.assignments.at(-1));
    expect(agent.assignments.at(-1)!.kustomizations.map((k) => k.name)).toEqual(['ks-a']);
    expect(agent.assignments.at(-1)!.sources.map((s) => s.digest)).toEqual([aDigest]);
    for (const secret of [bDigest, b.clusterId, 'cluster-b', 'ks-b', 'src-b']) expect(doc).not.toContain(secret);
  });

  it('messages asking for another cluster (join a room, fetch an assignment, subscribe) are refused as unknown types and counted', async () => {
    const agent = await connect(a.credential);
    for (const [type, payload] of [
      ['join', `cluster:${b.clusterId}`],
      ['subscribe', { clusterId: b.clusterId, event: 'reconcile' }],
      ['assignment.get', { clusterId: b.clusterId }],
      ['assignment', { generation: 1, sources: [], kustomizations: [], clusterId: b.clusterId }],
    ] as const) {
      await attempt({ attempt: `"${type}" naming B`, outcome: type === 'assignment' ? 'MESSAGE_TYPE_UNSUPPORTED' : 'MESSAGE_TYPE_UNKNOWN' }, `flotilla_agent_message_errors_total{reason="${type === 'assignment' ? 'MESSAGE_TYPE_UNSUPPORTED' : 'MESSAGE_TYPE_UNKNOWN'}"}`, 1, () =>
        exchange(agent, type, payload),
      );
    }
    expect(agent.errors.map((e) => e.code)).toEqual(['MESSAGE_TYPE_UNKNOWN', 'MESSAGE_TYPE_UNKNOWN', 'MESSAGE_TYPE_UNKNOWN', 'MESSAGE_TYPE_UNSUPPORTED']);
  });

  it("acknowledging B's assignment generation moves only A's own acknowledgement, never past what A was sent", async () => {
    const agent = await connect(a.credential);
    const [bRow] = await t.sql<{ generation: string }>(`SELECT generation FROM cluster_assignments WHERE cluster_id = $1`, [b.clusterId]);
    await attempt({ attempt: "assignment.ack with B's generation + 100", outcome: "A's row capped at A's own generation; logged" }, null, 0, async () => {
      agent.s.emit('assignment.ack', { generation: Number(bRow!.generation) + 100 });
      await new Promise((r) => setTimeout(r, 200));
    });
    const [aRow] = await t.sql<{ generation: string; acked_generation: string }>(`SELECT generation, acked_generation FROM cluster_assignments WHERE cluster_id = $1`, [a.clusterId]);
    expect(Number(aRow!.acked_generation)).toBeLessThanOrEqual(Number(aRow!.generation));
  });

  it("downloading B's artifact by digest with A's credential is 404 like an unknown digest, counted; A's own artifact is 200", async () => {
    const series = 'flotilla_artifact_downloads_refused_total{code="ARTIFACT_NOT_FOUND"}';
    const got = await attempt({ attempt: "GET /artifacts/<B's digest>", outcome: '404 ARTIFACT_NOT_FOUND' }, series, 1, () => download(bDigest, a.credential));
    expect(got).toEqual({ status: 404, body: { error: expect.objectContaining({ code: 'ARTIFACT_NOT_FOUND' }) as unknown } });
    const encoded = await attempt({ attempt: "GET /artifacts/<B's digest, %3A and upper case>", outcome: '404 ARTIFACT_NOT_FOUND' }, series, 1, () =>
      download(bDigest.replace(':', '%3A').toUpperCase(), a.credential),
    );
    expect(encoded.status).toBe(404);
    expect((await download(aDigest, a.credential)).status).toBe(200);
    expect((await download(bDigest, b.credential)).status).toBe(200);
  });

  it("B's reconcile requests reach only B: A receives none, also when the operator names cluster A for B's Kustomization", async () => {
    const agent = await connect(a.credential);
    const seen = bAgent.reconciles.length;
    await attempt({ attempt: "receive B's reconcile request (requestReconcile ks-b)", outcome: 'sent to B only' }, null, 0, async () => {
      const r = await t.gql(operator, `mutation($input: RequestReconcileInput!) { requestReconcile(input: $input) }`, { input: { kind: 'Kustomization', id: ids['ks-b'] } });
      expect(r.errors).toBeUndefined();
      await eventually(async () => bAgent.reconciles.length, (n) => n === seen + 1);
    });
    await attempt({ attempt: 'requestReconcile ks-b with clusterId A', outcome: 'BAD_USER_INPUT, sent to nobody' }, null, 0, async () => {
      const r = await t.gql(operator, `mutation($input: RequestReconcileInput!) { requestReconcile(input: $input) }`, { input: { kind: 'Kustomization', id: ids['ks-b'], clusterId: a.clusterId } });
      expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'clusterId' });
      await new Promise((res) => setTimeout(res, 300));
    });
    expect(agent.reconciles).toEqual([]);
    expect(bAgent.reconciles.at(-1)).toMatchObject({ kind: 'Kustomization', namespace: 'flotilla-system', name: 'ks-b' });
  });

  it("status, inventory and events naming B's Kustomization (origin hub or none) are refused OBJECT_NOT_ASSIGNED item by item and counted", async () => {
    const agent = await connect(a.credential);
    let seq = lastAck(agent);
    const cases = [
      ['status', [statusItem('ks-b')]],
      ['status', [statusItem('ks-b', { kind: 'Kustomization', origin: 'hub' })]],
      ['inventory', [{ namespace: 'flotilla-system', name: 'ks-b', entries: [{ id: 'default_evil__ConfigMap', v: 'v1' }] }]],
      ['events', [eventItem('ks-b', 'forged by A')]],
      ['status', [{ kind: 'Kustomization', origin: 'hub', namespace: 'flotilla-system', name: 'ks-b', deleted: true }]],
    ] as const;
    for (const [type, items] of cases) {
      seq += 1;
      const first = items[0] as { origin?: string; deleted?: boolean };
      await attempt({ attempt: `${type} naming B's ks-b (origin ${first.origin ?? 'absent'}${first.deleted ? ', deleted' : ''})`, outcome: 'OBJECT_NOT_ASSIGNED, item dropped' }, `flotilla_agent_report_items_refused_total{type="${type}",code="OBJECT_NOT_ASSIGNED"}`, 1, () =>
        exchange(agent, type, { seq, items }),
      );
      expect(agent.errors.at(-1)).toMatchObject({ code: 'OBJECT_NOT_ASSIGNED', seq });
    }
  });

  it("an object of A's own (origin cluster) that shares B's Kustomization name stays A's: not in B's rows, not in ks-b's clusters or event feed", async () => {
    const agent = await connect(a.credential);
    let seq = lastAck(agent);
    await attempt({ attempt: "status origin=cluster named like B's ks-b", outcome: "stored as A's own object only" }, null, 0, () =>
      exchange(agent, 'status', { seq: ++seq, items: [statusItem('ks-b', { kind: 'Kustomization', origin: 'cluster' })] }),
    );
    await attempt({ attempt: "events about A's own ks-b", outcome: "stored as A's events only" }, null, 0, () => exchange(agent, 'events', { seq: ++seq, items: [eventItem('ks-b', 'injected into the feed of ks-b by A')] }));
    await attempt({ attempt: "status deleted=true for B's own GitRepository flux-system/b-own", outcome: "only A's rows are looked at; B's object stays" }, null, 0, () =>
      exchange(agent, 'status', { seq: ++seq, items: [{ kind: 'GitRepository', origin: 'cluster', namespace: 'flux-system', name: 'b-own', deleted: true }] }),
    );
    await attempt({ attempt: "status for a GitRepository named like B's own b-own", outcome: "stored as A's own object only" }, null, 0, () =>
      exchange(agent, 'status', { seq: ++seq, items: [{ ...bOwnSource, conditions: [ready('forged by A')] }] }),
    );
    expect(agent.errors).toEqual([]);
    const [bOwn] = await t.sql<{ ready_message: string }>(`SELECT ready_message FROM flux_objects WHERE cluster_id = $1 AND name = 'b-own'`, [b.clusterId]);
    expect(bOwn?.ready_message).toBe('stored artifact');
    const k = await t.gql<{ kustomization: { clusters: { cluster: { name: string } }[] }; events: { message: string; clusterName: string }[] }>(
      operator,
      `query($id: ID!) { kustomization(id: $id) { clusters { cluster { name } } } events(kustomizationId: $id) { message clusterName } }`,
      { id: ids['ks-b'] },
    );
    expect(k.data!.kustomization.clusters.map((c) => c.cluster.name)).toEqual(['cluster-b']);
    expect(k.data!.events).toEqual([{ message: 'ConfigMap/default/team-b created', clusterName: 'cluster-b' }]);
  });

  it("B's cluster id anywhere in a batch is ignored: the cluster is the credential's, and B's rows stay as they were", async () => {
    const agent = await connect(a.credential);
    let seq = lastAck(agent);
    const marker = 'written by A with B in the payload';
    await attempt({ attempt: "events with B's cluster id at top level, in items and in involvedObject", outcome: "unknown fields dropped; stored as A's" }, null, 0, () =>
      exchange(agent, 'events', {
        seq: ++seq,
        clusterId: b.clusterId,
        cluster: 'cluster-b',
        items: [{ ...eventItem('ks-a', marker), clusterId: b.clusterId, involvedObject: { kind: 'Kustomization', namespace: 'flotilla-system', name: 'ks-a', clusterId: b.clusterId } }],
      }),
    );
    await attempt({ attempt: "status with B's cluster id in items", outcome: "unknown fields dropped; stored as A's" }, null, 0, () =>
      exchange(agent, 'status', { seq: ++seq, clusterId: b.clusterId, items: [{ ...statusItem('ks-a'), clusterId: b.clusterId, cluster_id: b.clusterId }] }),
    );
    expect(agent.errors).toEqual([]);
    expect(await t.sql<{ cluster_id: string }>(`SELECT cluster_id FROM cluster_events WHERE message = $1`, [marker])).toEqual([{ cluster_id: a.clusterId }]);
    expect((await t.sql<{ cluster_id: string }>(`SELECT cluster_id FROM flux_objects WHERE name = 'ks-a'`)).map((r) => r.cluster_id)).toEqual([a.clusterId]);
  });

  it("replaying B's sequence numbers and B's own batches on A's credential moves only A's counter; B's next batch is still stored", async () => {
    const agent = await connect(a.credential);
    const aSeq = lastAck(agent);
    // B's batch 3, verbatim: A's counter is past it (a duplicate, acknowledged, nothing written) or short of it (a gap).
    const replay = { seq: 3, items: [eventItem('ks-b', 'ConfigMap/default/team-b created')] };
    // The earlier attempts moved A's own counter past B's.
    expect(aSeq).toBeGreaterThan(5);
    const outcome = 'duplicate';
    await attempt({ attempt: "replay B's events batch seq 3 verbatim", outcome: `${outcome} on A's counter, nothing written` }, `flotilla_agent_report_batches_total{type="events",outcome="${outcome}"}`, 1, () => exchange(agent, 'events', replay));
    await attempt({ attempt: "B's next seq (5) on A's credential, naming B's ks-b", outcome: "duplicate on A's counter, nothing written" }, 'flotilla_agent_report_batches_total{type="events",outcome="duplicate"}', 1, () =>
      exchange(agent, 'events', { seq: 5, items: [eventItem('ks-b', 'B seq 5 forged')] }),
    );
    expect(await t.sql(`SELECT 1 FROM cluster_events WHERE message = 'B seq 5 forged'`)).toEqual([]);
    await exchange(bAgent, 'events', { seq: 5, items: [eventItem('ks-b', 'B seq 5 real')] });
    expect(lastAck(bAgent)).toBe(5);
    expect(await t.sql<{ cluster_id: string }>(`SELECT cluster_id FROM cluster_events WHERE message = 'B seq 5 real'`)).toEqual([{ cluster_id: b.clusterId }]);
  });

  it("B's registration token redeemed a second time is refused and counted, and B's credential and connection stay", async () => {
    const res = await attempt({ attempt: "redeem B's used registration token again", outcome: '401 REGISTRATION_TOKEN_USED' }, 'flotilla_agent_registrations_refused_total{code="REGISTRATION_TOKEN_USED"}', 1, () => t.register(b.token));
    expect(res).toMatchObject({ status: 401, body: { error: { code: 'REGISTRATION_TOKEN_USED' } } });
    const unknown = await attempt({ attempt: 'redeem a made-up registration token', outcome: '401 REGISTRATION_TOKEN_INVALID' }, 'flotilla_agent_registrations_refused_total{code="REGISTRATION_TOKEN_INVALID"}', 1, () =>
      t.register('flr_made-up-token-0000000000000000'),
    );
    expect(unknown.status).toBe(401);
    expect(bAgent.s.connected).toBe(true);
    expect((await download(bDigest, b.credential)).status).toBe(200);
  });

  it("a revoked credential of A is refused on the socket handshake and on downloads, both counted; B's rows stay", async () => {
    const old = a.credential;
    const token = await t.gql<{ createRegistrationToken: { token: string } }>(operator, `mutation($input: CreateRegistrationTokenInput!) { createRegistrationToken(input: $input) { token } }`, {
      input: { clusterId: a.clusterId },
    });
    a = { clusterId: a.clusterId, credential: (await t.register(token.data!.createRegistrationToken.token)).body.credential! };
    const refused = await attempt({ attempt: "connect with A's revoked credential", outcome: 'connect_error CREDENTIAL_REVOKED' }, 'flotilla_agent_message_errors_total{reason="CREDENTIAL_REVOKED"}', 1, async () => {
      const s = t.agentSocket(old);
      sockets.push(s);
      return next<{ data?: { code: string } }>(s, 'connect_error');
    });
    expect(refused.data?.code).toBe('CREDENTIAL_REVOKED');
    const got = await attempt({ attempt: "GET /artifacts/<A's digest> with A's revoked credential", outcome: '401 CREDENTIAL_REVOKED' }, 'flotilla_artifact_downloads_refused_total{code="CREDENTIAL_REVOKED"}', 1, () => download(aDigest, old));
    expect(got).toMatchObject({ status: 401, body: { error: { code: 'CREDENTIAL_REVOKED' } } });
  });

  it("a cluster credential is no user's: as a GraphQL bearer token and on the browsers' /ui namespace it is refused UNAUTHENTICATED", async () => {
    const gql = await attempt({ attempt: "GraphQL cluster(B) with A's credential as bearer token", outcome: 'UNAUTHENTICATED' }, null, 0, () =>
      t.gql({ bearer: a.credential }, `query($id: ID!) { cluster(id: $id) { name events { message } } }`, { id: b.clusterId }),
    );
    expect(gql.data?.cluster ?? null).toBeNull();
    expect(gql.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const refused = await attempt({ attempt: "/ui (live events of every cluster) with A's credential", outcome: 'connect_error UNAUTHENTICATED' }, null, 0, async () => {
      const s = io(`${t.url}/ui`, { transports: ['websocket'], reconnection: false, forceNew: true, auth: { credential: a.credential }, extraHeaders: { authorization: `Bearer ${a.credential}` } });
      sockets.push(s);
      return next<{ data?: { code: string } }>(s, 'connect_error');
    });
    expect(refused.data?.code).toBe('UNAUTHENTICATED');
  });
});
