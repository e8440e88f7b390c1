import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { percentile, startPostgres, type TestPostgres } from '@flotilla/testenv';
import { hello, next, TestHub, type Session } from '../../test/hub-harness.js';

// How fast a revoked cluster credential stops working, measured on real hub processes with a real Postgres.
// Each trial registers a fresh credential, connects it as an agent, revokes it through GraphQL as an operator
// would, and times (1) the agent's open socket being closed by the hub and (2) the credential's next request
// being refused. The second describe runs two replicas linked by the Postgres socket adapter, as several
// replicas run: the revocation reaches the replica holding the socket through it.

const v3 = { protocolVersion: 3, supportedProtocolVersions: [3, 2, 1] };
const unknownDigest = `sha256:${'0'.repeat(64)}`;
const fmt = (xs: number[]) => `p50 ${percentile(xs, 50).toFixed(1)} ms, p99 ${percentile(xs, 99).toFixed(1)} ms, max ${Math.max(...xs).toFixed(1)} ms`;

/** A fresh credential of the cluster (redeeming a token revokes the older ones, so each trial starts clean). */
const freshCredential = async (t: TestHub, operator: Session, clusterId: string): Promise<string> => {
  const token = await t.gql<{ createRegistrationToken: { token: string } }>(operator, `mutation($input: CreateRegistrationTokenInput!) { createRegistrationToken(input: $input) { token } }`, {
    input: { clusterId },
  });
  return (await t.register(token.data!.createRegistrationToken.token)).body.credential!;
};
const connectAgent = async (t: TestHub, credential: string): Promise<Socket> => {
  const s = t.agentSocket(credential);
  await next(s, 'connect');
  const welcome = next(s, 'welcome');
  s.emit('hello', hello(v3));
  await welcome;
  return s;
};
const revoke = async (t: TestHub, operator: Session, clusterId: string) => {
  const r = await t.gql(operator, `mutation($id: ID!) { revokeClusterCredential(clusterId: $id) { id } }`, { id: clusterId });
  expect(r.errors).toBeUndefined();
};
/** The next request of a revoked credential: an artifact download, refused 401 CREDENTIAL_REVOKED. */
const expectDownloadRefused = async (t: TestHub, credential: string) => {
  const res = await fetch(`${t.url}/artifacts/${unknownDigest}`, { headers: { authorization: `Bearer ${credential}` } });
  expect(res.status).toBe(401);
  expect(((await res.json()) as { error: { code: string } }).error.code).toBe('CREDENTIAL_REVOKED');
};

describe('revocation latency on one hub replica (real hub, real Postgres)', () => {
  const TRIALS = 50;
  let pg: TestPostgres;
  let t: TestHub;
  let operator: Session;
  let clusterId: string;

  beforeAll(async () => {
    pg = await startPostgres();
    t = await TestHub.start(await pg.createDatabase());
    operator = await t.login('operator');
    clusterId = (await t.registeredCluster(operator, 'revoked-often')).clusterId;
  }, 60_000);
  afterAll(async () => {
    await t?.stop();
    await pg?.stop();
  });

  it(`over ${TRIALS} trials a revoked credential's open socket is closed, and its next request refused, within 1 s (p99)`, async () => {
    const closedMs: number[] = [];
    const refusedMs: number[] = [];
    for (let i = 0; i < TRIALS; i++) {
      const credential = await freshCredential(t, operator, clusterId);
      const s = await connectAgent(t, credential);
      try {
        const revokedMessage = next<{ code: string }>(s, 'revoked', 5_000);
        const closed = next(s, 'disconnect', 5_000).then(() => closedMs.push(performance.now() - started));
        const started = performance.now();
        await revoke(t, operator, clusterId);
        await expectDownloadRefused(t, credential);
        refusedMs.push(performance.now() - started);
        await closed;
        expect((await revokedMessage).code).toBe('CREDENTIAL_REVOKED');
        // A new connection with it is refused at the handshake.
        const again = t.agentSocket(credential);
        try {
          expect((await next<{ data?: { code: string } }>(again, 'connect_error')).data?.code).toBe('CREDENTIAL_REVOKED');
        } finally {
          again.close();
        }
      } finally {
        s.close();
      }
    }
    console.log(`revocation latency, one hub replica, ${TRIALS} trials, from the revoke mutation being sent:\n  open socket closed: ${fmt(closedMs)}\n  next request refused: ${fmt(refusedMs)}`);
    expect(percentile(closedMs, 99)).toBeLessThan(1_000);
    expect(percentile(refusedMs, 99)).toBeLessThan(1_000);
  }, 120_000);
});

describe('revocation latency across two hub replicas on one database (linked by the Postgres socket adapter)', () => {
  const TRIALS = 20;
  // Heartbeats far apart: a socket that closes within a second heard of the revocation, not of a heartbeat.
  const heartbeatIntervalMs = 10_000;
  let pg: TestPostgres;
  let first: TestHub;
  let second: TestHub;
  let operator: Session;
  let clusterId: string;

  beforeAll(async () => {
    pg = await startPostgres();
    const db = await pg.createDatabase();
    first = await TestHub.start(db, { heartbeatTimeoutMs: 3 * heartbeatIntervalMs, heartbeatIntervalMs, linked: true });
    second = await TestHub.start(db, { heartbeatTimeoutMs: 3 * heartbeatIntervalMs, heartbeatIntervalMs, seedUsers: false, linked: true });
    operator = await first.login('operator');
    clusterId = (await first.registeredCluster(operator, 'revoked-elsewhere')).clusterId;
  }, 60_000);
  afterAll(async () => {
    await second?.stop();
    await first?.stop();
    await pg?.stop();
  });

  it(`over ${TRIALS} trials an idle agent socket on the other replica is closed, and its next request refused, within 1 s (p99)`, async () => {
    const refusedMs: number[] = [];
    const closedMs: number[] = [];
    for (let i = 0; i < TRIALS; i++) {
      // The agent is on the second replica; the operator revokes on the first.
      const credential = await freshCredential(first, operator, clusterId);
      const s = await connectAgent(second, credential);
      try {
        const revokedMessage = next<{ code: string }>(s, 'revoked', 5_000);
        const started = performance.now();
        const closed = next(s, 'disconnect', 5_000).then(() => closedMs.push(performance.now() - started));
        await revoke(first, operator, clusterId);
        await expectDownloadRefused(second, credential);
        refusedMs.push(performance.now() - started);
        await closed;
        expect((await revokedMessage).code).toBe('CREDENTIAL_REVOKED');
      } finally {
        s.close();
      }
    }
    console.log(
      `revocation latency, agent on a second replica, revoked on the first, ${TRIALS} trials (linked replicas, heartbeat every ${heartbeatIntervalMs} ms):\n` +
        `  open socket closed: ${fmt(closedMs)}\n` +
        `  next download refused: ${fmt(refusedMs)}`,
    );
    expect(percentile(closedMs, 99)).toBeLessThan(1_000);
    expect(percentile(refusedMs, 99)).toBeLessThan(1_000);
  }, 180_000);

  it(`over ${TRIALS} trials logging out on one replica closes the session's /ui socket on the other within 1 s (p99)`, async () => {
    const closedMs: number[] = [];
    for (let i = 0; i < TRIALS; i++) {
      const session = await first.login('viewer');
      const ui = second.uiSocket(session);
      try {
        await next(ui, 'connect');
        const started = performance.now();
        const closed = next(ui, 'disconnect', 5_000).then(() => closedMs.push(performance.now() - started));
        const res = await fetch(`${first.url}/api/auth/logout`, { method: 'POST', headers: { cookie: session.cookie, 'x-csrf-token': session.csrf } });
        expect(res.status).toBeLessThan(300);
        await closed;
      } finally {
        ui.close();
      }
    }
    console.log(`session revocation latency, /ui socket on a second replica, logout on the first, ${TRIALS} trials: ${fmt(closedMs)}`);
    expect(percentile(closedMs, 99)).toBeLessThan(1_000);
  }, 180_000);
});
