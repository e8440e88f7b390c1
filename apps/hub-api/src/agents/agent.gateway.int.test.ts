import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { AGENT_SOCKET_PATH } from '@flotilla/protocol';
import { startPostgres, type TestPostgres } from '@flotilla/testenv';
import { eventually, hello, next, TestHub, type Session } from '../../test/hub-harness.js';
import { SocketServer } from '../realtime/socket-server.js';
import { AssignmentsRepository } from '../assignments/assignments.repository.js';
import { AgentGateway } from './agent.gateway.js';

const connectError = (s: Socket) => next<{ message: string; data?: { code?: string; message?: string } }>(s, 'connect_error');
const metricValue = (text: string, name: string): number => {
  const line = text.split('\n').find((l) => l.startsWith(name));
  return line ? Number(line.split(' ').at(-1)) : 0;
};

describe('agent gateway /agent (real Postgres, real socket.io-client)', () => {
  let pg: TestPostgres;
  let t: TestHub;
  let operator: Session;
  const sockets: Socket[] = [];
  const open = (credential: string | undefined): Socket => {
    const s = t.agentSocket(credential);
    sockets.push(s);
    return s;
  };
  const connectAndHello = async (credential: string, over: Record<string, unknown> = {}) => {
    const s = open(credential);
    await next(s, 'connect');
    const welcome = next<{ protocolVersion: number; heartbeatIntervalMs: number; clusterId: string }>(s, 'welcome');
    s.emit('hello', hello(over));
    return { s, welcome: await welcome };
  };

  beforeAll(async () => {
    pg = await startPostgres();
    t = await TestHub.start(await pg.createDatabase(), { heartbeatTimeoutMs: 1_500, heartbeatIntervalMs: 500 });
    operator = await t.login('operator');
  });
  afterEach(() => {
    for (const s of sockets.splice(0)) s.close();
  });
  afterAll(async () => {
    await t?.stop();
    await pg?.stop();
  });

  it('hello → welcome with the negotiated version; the cluster shows Connected with versions, live on /ui', async () => {
    const { clusterId, credential } = await t.registeredCluster(operator, 'gw-hello', [{ key: 'env', value: 'prod' }]);
    expect((await t.clusterState(operator, clusterId))?.connectionState).toBe('PENDING');
    const ui = t.uiSocket(operator);
    sockets.push(ui);
    await next(ui, 'connect');
    const changed = next<{ clusterId: string }>(ui, 'cluster.changed');
    const { welcome } = await connectAndHello(credential, { supportedProtocolVersions: [1, 2], protocolVersion: 2 });
    expect(welcome).toEqual({ protocolVersion: 2, heartbeatIntervalMs: 500, clusterId });
    expect(await changed).toEqual({ clusterId });
    const state = await t.clusterState(operator, clusterId);
    expect(state).toMatchObject({ connectionState: 'CONNECTED', kubernetesVersion: 'v1.35.4', agentVersion: '0.1.0-test', nodeCount: 3 });
    expect(state?.lastSeenAt).not.toBeNull();
    expect(metricValue(await t.metrics(), 'flotilla_agents_connected')).toBe(1);
  });

  it('acks heartbeats and updates lastSeenAt', async () => {
    const { clusterId, credential } = await t.registeredCluster(operator, 'gw-heartbeat');
    const { s } = await connectAndHello(credential);
    const before = (await t.clusterState(operator, clusterId))?.lastSeenAt;
    await new Promise((r) => setTimeout(r, 20));
    const ack = next<{ seq: number }>(s, 'ack');
    s.emit('heartbeat', { seq: 7, sentAt: new Date().toISOString() });
    expect(await ack).toEqual({ seq: 7 });
    const after = (await t.clusterState(operator, clusterId))?.lastSeenAt;
    expect(new Date(after!).getTime()).toBeGreaterThan(new Date(before!).getTime());
    expect(await t.metrics()).toMatch(/flotilla_agent_messages_total\{type="heartbeat"\} [1-9]/);
  });

  it("neither an agent's nor a browser's connection keeps its upgrade request (socket.io's memory guide), and both keep working", async () => {
    const { clusterId, credential } = await t.registeredCluster(operator, 'gw-upgrade-request');
    const ui = t.uiSocket(operator);
    sockets.push(ui);
    await next(ui, 'connect');
    const { s } = await connectAndHello(credential);
    const sockets$ = t.hub.app.get(SocketServer);
    const held = [...sockets$.namespace('/agent').sockets.values(), ...sockets$.namespace('/ui').sockets.values()];
    expect(held.length).toBeGreaterThanOrEqual(2);
    for (const socket of held) expect(socket.conn.request).toBeNull();
    expect(sockets$.namespace('/ui').sockets.size).toBeGreaterThanOrEqual(1);
    // Still served: the agent's heartbeats are acked, and the browser (whose session cookie was read from the
    // handshake) hears the cluster come back.
    const changed = next<{ clusterId: string }>(ui, 'cluster.changed');
    const ack = next<{ seq: number }>(s, 'ack');
    s.emit('heartbeat', { seq: 1, sentAt: new Date().toISOString() });
    expect(await ack).toEqual({ seq: 1 });
    await t.sql(`UPDATE clusters SET connection_state = 'DISCONNECTED' WHERE id = $1`, [clusterId]);
    s.emit('heartbeat', { seq: 2, sentAt: new Date().toISOString() });
    expect(await changed).toEqual({ clusterId });
  });

  it("agents connect at the agent path, where engine.io pings only every 5 minutes; older agents and browsers at /socket.io (pings every 20 s); all share /agent's rooms", async () => {
    const handshake = (s: Socket) => new Promise<{ pingInterval: number }>((resolve) => s.io.engine.once('handshake', resolve));
    const now = await t.registeredCluster(operator, 'gw-agent-path');
    const older = await t.registeredCluster(operator, 'gw-default-path');
    const current = open(now.credential);
    const legacy = t.agentSocket(older.credential, '/socket.io');
    sockets.push(legacy);
    const ui = t.uiSocket(operator);
    sockets.push(ui);
    expect((await handshake(current)).pingInterval).toBe(300_000);
    expect((await handshake(legacy)).pingInterval).toBe(20_000);
    expect((await handshake(ui)).pingInterval).toBe(20_000);
    await Promise.all([next(current, 'connect'), next(legacy, 'connect'), next(ui, 'connect')]);
    for (const [s, clusterId] of [[current, now.clusterId], [legacy, older.clusterId]] as const) {
      const welcome = next<{ clusterId: string }>(s, 'welcome');
      s.emit('hello', hello({ supportedProtocolVersions: [1, 2], protocolVersion: 2 }));
      expect((await welcome).clusterId).toBe(clusterId);
      const ack = next<{ seq: number }>(s, 'ack');
      s.emit('heartbeat', { seq: 3, sentAt: new Date().toISOString() });
      expect(await ack).toEqual({ seq: 3 });
    }
    // One namespace behind both engines: a command reaches each agent through its own cluster's room only.
    const gateway = t.hub.app.get(AgentGateway);
    const heard: string[] = [];
    current.on('reconcile', () => heard.push('current'));
    legacy.on('reconcile', () => heard.push('legacy'));
    const both = Promise.all([next(current, 'reconcile'), next(legacy, 'reconcile')]);
    expect(gateway.sendToCluster(now.clusterId, 'reconcile', { kind: 'Kustomization', namespace: 'flux-system', name: 'a', requestedAt: new Date().toISOString() })).toBe(true);
    expect(gateway.sendToCluster(older.clusterId, 'reconcile', { kind: 'Kustomization', namespace: 'flux-system', name: 'a', requestedAt: new Date().toISOString() })).toBe(true);
    await both;
    expect(heard.sort()).toEqual(['current', 'legacy']);
  });

  it("/ui is served only at /socket.io: a browser socket at the agent path, which has no 20 s pings, is refused", async () => {
    const ui = io(`${t.url}/ui`, { path: AGENT_SOCKET_PATH, transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: { cookie: operator.cookie } });
    sockets.push(ui);
    const err = await connectError(ui);
    expect(err.message).toBe('browsers connect at /socket.io, not /agent-socket');
  });

  it('rejects malformed messages with protocol.error, counts them, logs the reason and keeps serving valid ones', async () => {
    const { credential } = await t.registeredCluster(operator, 'gw-malformed');
    const { s } = await connectAndHello(credential);
    const errorsBefore = await t.metrics();

    let e = next<{ code: string; message: string; messageType?: string }>(s, 'protocol.error');
    s.emit('heartbeat', { seq: 'one', sentAt: 'yesterday' });
    expect(await e).toMatchObject({ code: 'MESSAGE_INVALID', messageType: 'heartbeat' });

    e = next(s, 'protocol.error');
    s.emit('heartbeat', 'not even an object');
    expect(await e).toMatchObject({ code: 'MESSAGE_INVALID' });

    e = next(s, 'protocol.error');
    s.emit('launch.missiles', { now: true });
    expect(await e).toMatchObject({ code: 'MESSAGE_TYPE_UNKNOWN' });

    const ack = next<{ seq: number }>(s, 'ack');
    s.emit('heartbeat', { seq: 1, sentAt: new Date().toISOString() });
    expect(await ack).toEqual({ seq: 1 });
    expect(s.connected).toBe(true);

    const after = await t.metrics();
    const invalid = 'flotilla_agent_message_errors_total{reason="MESSAGE_INVALID"}';
    expect(metricValue(after, invalid) - metricValue(errorsBefore, invalid)).toBe(2);
    expect(metricValue(after, 'flotilla_agent_message_errors_total{reason="MESSAGE_TYPE_UNKNOWN"}')).toBeGreaterThanOrEqual(1);
    const logged = t.logger.lines.filter((l) => l.msg === 'agent message rejected');
    expect(logged.some((l) => String(l.fields?.reason).includes('seq'))).toBe(true);
  });

  it("a handler that fails is counted as HUB_ERROR and logged; the agent's later messages are still handled", async () => {
    const { clusterId, credential } = await t.registeredCluster(operator, 'gw-handler-fails');
    const { s } = await connectAndHello(credential, { supportedProtocolVersions: [1, 2], protocolVersion: 2 });
    // A storage fault on one statement, which the real Postgres cannot be made to give on cue: the repository's
    // write of assignment acknowledgements fails once, then runs as usual.
    const repo = t.hub.app.get(AssignmentsRepository);
    const write = vi.spyOn(repo, 'ack').mockRejectedValueOnce(new Error('storage fault (test stand-in)'));
    const hubError = 'flotilla_agent_message_errors_total{reason="HUB_ERROR"}';
    const before = metricValue(await t.metrics(), hubError);
    try {
      s.emit('assignment.ack', { generation: 1 });
      await eventually(async () => metricValue(await t.metrics(), hubError), (v) => v === before + 1);
      expect(t.logger.lines.filter((l) => l.msg === 'agent message failed' && l.fields?.clusterId === clusterId)).toHaveLength(1);
      s.emit('assignment.ack', { generation: 1 });
      await eventually(async () => write.mock.calls.length, (n) => n === 2);
      await expect(write.mock.results[1]!.value).resolves.toBeDefined();
      const ack = next<{ seq: number }>(s, 'ack');
      s.emit('heartbeat', { seq: 3, sentAt: new Date().toISOString() });
      expect(await ack).toEqual({ seq: 3 });
      expect(metricValue(await t.metrics(), hubError)).toBe(before + 1);
    } finally {
      write.mockRestore();
    }
  });

  it('requires hello before heartbeats', async () => {
    const { credential } = await t.registeredCluster(operator, 'gw-hello-first');
    const s = open(credential);
    await next(s, 'connect');
    const e = next<{ code: string }>(s, 'protocol.error');
    s.emit('heartbeat', { seq: 1, sentAt: new Date().toISOString() });
    expect((await e).code).toBe('HELLO_REQUIRED');
    expect(s.connected).toBe(true);
  });

  it('refuses an unsupported protocol version with PROTOCOL_VERSION_UNSUPPORTED and disconnects', async () => {
    const { credential } = await t.registeredCluster(operator, 'gw-version');
    const s = open(credential);
    await next(s, 'connect');
    const e = next<{ code: string; message: string }>(s, 'protocol.error');
    const gone = next(s, 'disconnect');
    s.emit('hello', hello({ protocolVersion: 99 }));
    expect(await e).toMatchObject({ code: 'PROTOCOL_VERSION_UNSUPPORTED' });
    await gone;
  });

  it('refuses a wrong or missing credential at the handshake with CREDENTIAL_INVALID', async () => {
    const wrong = await connectError(open('flc_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'));
    expect(wrong.data).toMatchObject({ code: 'CREDENTIAL_INVALID' });
    const missing = await connectError(open(undefined));
    expect(missing.data).toMatchObject({ code: 'CREDENTIAL_INVALID' });
    expect(metricValue(await t.metrics(), 'flotilla_agent_message_errors_total{reason="CREDENTIAL_INVALID"}')).toBeGreaterThanOrEqual(2);
  });

  it('revocation drops the live socket at once with `revoked` and refuses reconnects with CREDENTIAL_REVOKED', async () => {
    const { clusterId, credential } = await t.registeredCluster(operator, 'gw-revoke');
    const { s } = await connectAndHello(credential);
    const revoked = next<{ code: string; message: string }>(s, 'revoked');
    const gone = next<string>(s, 'disconnect');
    const started = Date.now();
    const r = await t.gql<{ revokeClusterCredential: { connectionState: string } }>(
      operator,
      `mutation($id: ID!) { revokeClusterCredential(clusterId: $id) { connectionState } }`,
      { id: clusterId },
    );
    expect(r.data?.revokeClusterCredential.connectionState).toBe('REVOKED');
    expect(await revoked).toMatchObject({ code: 'CREDENTIAL_REVOKED' });
    expect(await gone).toBe('io server disconnect');
    expect(Date.now() - started).toBeLessThan(1_000);

    const again = await connectError(open(credential));
    expect(again.data).toMatchObject({ code: 'CREDENTIAL_REVOKED' });
    expect((await t.clusterState(operator, clusterId))?.connectionState).toBe('REVOKED');
  });

  it('two agents with one credential: the hub keeps the newest, tells the older `superseded` and logs it', async () => {
    const { clusterId, credential } = await t.registeredCluster(operator, 'gw-twins');
    const { s: older } = await connectAndHello(credential);
    const superseded = next<{ message: string }>(older, 'superseded');
    const olderGone = next(older, 'disconnect');
    const { s: newer } = await connectAndHello(credential, { agentVersion: '0.2.0-newer' });
    expect((await superseded).message).toMatch(/newer/);
    await olderGone;
    const ack = next<{ seq: number }>(newer, 'ack');
    newer.emit('heartbeat', { seq: 1, sentAt: new Date().toISOString() });
    expect(await ack).toEqual({ seq: 1 });
    expect(await t.clusterState(operator, clusterId)).toMatchObject({ connectionState: 'CONNECTED', agentVersion: '0.2.0-newer' });
    expect(t.logger.lines.some((l) => l.msg === 'agent connection superseded' && l.fields?.clusterId === clusterId)).toBe(true);
  });

  it('a stopped agent is Disconnected at once; a silent one after the heartbeat timeout', async () => {
    const stopped = await t.registeredCluster(operator, 'gw-stopped');
    const { s } = await connectAndHello(stopped.credential);
    s.close();
    await eventually(() => t.clusterState(operator, stopped.clusterId), (c) => c?.connectionState === 'DISCONNECTED', 2_000);

    const silent = await t.registeredCluster(operator, 'gw-silent');
    const { s: quiet } = await connectAndHello(silent.credential);
    const gone = next(quiet, 'disconnect', 4_000);
    const started = Date.now();
    await eventually(() => t.clusterState(operator, silent.clusterId), (c) => c?.connectionState === 'DISCONNECTED', 4_000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    await gone;
  });

  it('an agent that keeps sending heartbeats stays Connected past the timeout', async () => {
    const { clusterId, credential } = await t.registeredCluster(operator, 'gw-alive');
    const { s } = await connectAndHello(credential);
    let seq = 0;
    const beat = setInterval(() => s.emit('heartbeat', { seq: ++seq, sentAt: new Date().toISOString() }), 400);
    await new Promise((r) => setTimeout(r, 2_500));
    clearInterval(beat);
    expect((await t.clusterState(operator, clusterId))?.connectionState).toBe('CONNECTED');
    expect(s.connected).toBe(true);
  });

  it('the sweeper marks clusters with stale heartbeats Disconnected (a crashed hub process); a heartbeat brings it back live', async () => {
    const { clusterId, credential } = await t.registeredCluster(operator, 'gw-sweep');
    const { s } = await connectAndHello(credential);
    // As if the hub process holding this agent had died: its last heartbeat is older than the timeout.
    await t.sql(`UPDATE clusters SET last_seen_at = now() - interval '1 hour' WHERE id = $1`, [clusterId]);
    await eventually(() => t.clusterState(operator, clusterId), (c) => c?.connectionState === 'DISCONNECTED', 3_000);
    const ui = t.uiSocket(operator);
    sockets.push(ui);
    await next(ui, 'connect');
    const changed = next<{ clusterId: string }>(ui, 'cluster.changed');
    const ack = next(s, 'ack');
    s.emit('heartbeat', { seq: 1, sentAt: new Date().toISOString() });
    await ack;
    expect(await changed).toEqual({ clusterId });
    expect((await t.clusterState(operator, clusterId))?.connectionState).toBe('CONNECTED');
  });

  it('a live connection takes back a cluster that nobody holds (released row), instead of being told superseded', async () => {
    const { clusterId, credential } = await t.registeredCluster(operator, 'gw-reclaim');
    const { s } = await connectAndHello(credential);
    await t.sql(`UPDATE clusters SET agent_connection_id = NULL, connection_state = 'DISCONNECTED' WHERE id = $1`, [clusterId]);
    const ack = next<{ seq: number }>(s, 'ack');
    s.emit('heartbeat', { seq: 3, sentAt: new Date().toISOString() });
    expect(await ack).toEqual({ seq: 3 });
    expect((await t.clusterState(operator, clusterId))?.connectionState).toBe('CONNECTED');
  });

  it('a heartbeat sent just before the agent closes its socket does not take the cluster back: Disconnected at once, not at the heartbeat timeout', async () => {
    // The heartbeat is written a few milliseconds after it arrives (batched); the disconnect releases the row first.
    const clusters = await Promise.all([1, 2, 3, 4, 5].map((i) => t.registeredCluster(operator, `gw-close-${i}`)));
    await Promise.all(
      clusters.map(async ({ credential }) => {
        const { s } = await connectAndHello(credential);
        s.emit('heartbeat', { seq: 1, sentAt: new Date().toISOString() });
        s.close();
      }),
    );
    // Well inside the 1.5 s heartbeat timeout, so only the disconnect itself can have made them Disconnected.
    await new Promise((r) => setTimeout(r, 700));
    for (const { clusterId } of clusters) expect((await t.clusterState(operator, clusterId))?.connectionState).toBe('DISCONNECTED');
  });

  it('a heartbeat after the credential was revoked behind the hub\'s back (another process) drops the agent', async () => {
    const { clusterId, credential } = await t.registeredCluster(operator, 'gw-revoked-elsewhere');
    const { s } = await connectAndHello(credential);
    // Revoked in the database only, as another hub process would: this hub gets no in-process event.
    await t.sql(`UPDATE cluster_credentials SET revoked_at = now() WHERE cluster_id = $1`, [clusterId]);
    const revoked = next<{ code: string }>(s, 'revoked');
    s.emit('heartbeat', { seq: 1, sentAt: new Date().toISOString() });
    expect((await revoked).code).toBe('CREDENTIAL_REVOKED');
  });

  it('/ui refuses sockets without a session', async () => {
    const ui = t.uiSocket(null);
    sockets.push(ui);
    const err = await connectError(ui);
    expect(err.data).toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});
