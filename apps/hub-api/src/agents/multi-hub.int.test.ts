import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { startPostgres, type TestPostgres } from '@flotilla/testenv';
import { eventually, hello, next, TestHub, type Session } from '../../test/hub-harness.js';

// Two hub processes' worth of hubs (two Nest apps, one Postgres): connection state lives in Postgres, so the
// newest connection wins and revocation holds across hubs within one heartbeat interval.
describe('two hubs on one database', () => {
  let pg: TestPostgres;
  let a: TestHub;
  let b: TestHub;
  let operator: Session;
  const sockets: Socket[] = [];

  const connect = async (hub: TestHub, credential: string): Promise<Socket> => {
    const s = hub.agentSocket(credential);
    sockets.push(s);
    await next(s, 'connect');
    const welcome = next(s, 'welcome');
    s.emit('hello', hello());
    await welcome;
    return s;
  };
  const beat = (s: Socket, seq: number) => s.emit('heartbeat', { seq, sentAt: new Date().toISOString() });

  beforeAll(async () => {
    pg = await startPostgres();
    const db = await pg.createDatabase();
    a = await TestHub.start(db, { heartbeatTimeoutMs: 3_000, heartbeatIntervalMs: 1_000 });
    b = await TestHub.start(db, { heartbeatTimeoutMs: 3_000, heartbeatIntervalMs: 1_000, seedUsers: false });
    operator = await a.login('operator');
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await a?.stop();
    await b?.stop();
    await pg?.stop();
  });

  it('a newer connection on hub B supersedes the one on hub A at its next heartbeat', async () => {
    const { clusterId, credential } = await a.registeredCluster(operator, 'multi-twins');
    const onA = await connect(a, credential);
    const onB = await connect(b, credential);
    const superseded = next<{ message: string }>(onA, 'superseded');
    beat(onA, 1);
    expect((await superseded).message).toMatch(/newer/);
    const ack = next<{ seq: number }>(onB, 'ack');
    beat(onB, 1);
    expect(await ack).toEqual({ seq: 1 });
    expect((await b.clusterState(operator, clusterId))?.connectionState).toBe('CONNECTED');
  });

  it('revoking on hub B drops the agent on hub A at its next heartbeat, and both refuse it', async () => {
    const { clusterId, credential } = await a.registeredCluster(operator, 'multi-revoke');
    const onA = await connect(a, credential);
    const viaB = await b.login('operator');
    await b.gql(viaB, `mutation($id: ID!) { revokeClusterCredential(clusterId: $id) { id } }`, { id: clusterId });
    const revoked = next<{ code: string }>(onA, 'revoked');
    beat(onA, 1);
    expect((await revoked).code).toBe('CREDENTIAL_REVOKED');
    for (const hub of [a, b]) {
      const s = hub.agentSocket(credential);
      sockets.push(s);
      const err = await next<{ data?: { code?: string } }>(s, 'connect_error');
      expect(err.data?.code).toBe('CREDENTIAL_REVOKED');
    }
  });

  it("a cluster whose hub stopped recording heartbeats goes Disconnected through another hub's sweeper", async () => {
    const c = await TestHub.start(a.databaseUrl, { heartbeatTimeoutMs: 3_000, heartbeatIntervalMs: 1_000, seedUsers: false });
    const { clusterId, credential } = await a.registeredCluster(operator, 'multi-crash');
    await connect(c, credential);
    expect((await a.clusterState(operator, clusterId))?.connectionState).toBe('CONNECTED');
    // Freeze hub C's view: its socket stays open but it stops recording heartbeats, as a hung process would.
    c.hub.app.get((await import('./agent.gateway.js')).AgentGateway).onApplicationShutdown();
    await c.sql(`UPDATE clusters SET last_seen_at = now() - interval '10 seconds' WHERE id = $1`, [clusterId]);
    await eventually(() => a.clusterState(operator, clusterId), (s) => s?.connectionState === 'DISCONNECTED', 5_000);
    await c.stop();
  });
});
