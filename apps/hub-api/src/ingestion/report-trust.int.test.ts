import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { startPostgres, type TestPostgres } from '@flotilla/testenv';
import type { EventsBatch, InventoryBatch, StatusBatch } from '@flotilla/protocol';
import { eventually, hello, next, TestHub, type Session } from '../../test/hub-harness.js';

// What an agent's credential lets it do to the hub's records, on a real hub and a real Postgres, with a
// protocol-level agent: text that Postgres refuses, a batch it can never store, a cluster registered again while
// its old agent still runs (also on a second hub process), reports about objects placed elsewhere, a flood.

const v2 = { protocolVersion: 2, supportedProtocolVersions: [2, 1] };
const when = '2026-12-02T21:00:00Z';
const condition = (message: string) => ({ type: 'Ready', status: 'False' as const, reason: 'BuildFailed', message, lastTransitionTime: when });
const status = (seq: number, names: string[], message = 'ok'): StatusBatch => ({
  seq,
  items: names.map((name) => ({ namespace: 'flotilla-system', name, conditions: [condition(message)], observedGeneration: 1 })),
});
const inventory = (seq: number, name: string): InventoryBatch => ({ seq, items: [{ namespace: 'flotilla-system', name, entries: [{ id: 'default_nginx_apps_Deployment', v: 'v1' }] }] });
const events = (seq: number, name: string, messages: string[]): EventsBatch => ({
  seq,
  items: messages.map((message) => ({
    involvedObject: { kind: 'Kustomization', namespace: 'flotilla-system', name },
    severity: 'error' as const,
    reason: 'BuildFailed',
    message,
    timestamp: when,
  })),
});
const metricValue = (text: string, line: string): number => Number(text.split('\n').find((l) => l.startsWith(line))?.split(' ').at(-1) ?? 0);

interface Agent {
  s: Socket;
  /** The batch.ack the hub sends after hello: the seq it has for this credential. */
  initialAck: number;
  errors: { code: string; seq?: number; message: string; retryAfterMs?: number }[];
}

describe('report trust: unstorable text, re-registration, foreign objects (real hub, real Postgres)', () => {
  let pg: TestPostgres;
  let db: string;
  let t: TestHub;
  let operator: Session;
  let alpha: { clusterId: string; credential: string };
  let beta: { clusterId: string; credential: string };
  const sockets: Socket[] = [];

  const connect = async (hub: TestHub, credential: string): Promise<Agent> => {
    const s = hub.agentSocket(credential);
    sockets.push(s);
    const errors: Agent['errors'] = [];
    s.on('protocol.error', (e: Agent['errors'][number]) => errors.push(e));
    await next(s, 'connect');
    const initial = next<{ seq: number }>(s, 'batch.ack');
    s.emit('hello', hello(v2));
    return { s, initialAck: (await initial).seq, errors };
  };
  const send = async (a: Agent, type: 'status' | 'inventory' | 'events', batch: StatusBatch | InventoryBatch | EventsBatch): Promise<number> => {
    const ack = next<{ seq: number }>(a.s, 'batch.ack');
    a.s.emit(type, batch);
    return (await ack).seq;
  };
  const reRegister = async (clusterId: string): Promise<string> => {
    const token = await t.gql<{ createRegistrationToken: { token: string } }>(
      operator,
      `mutation($input: CreateRegistrationTokenInput!) { createRegistrationToken(input: $input) { token } }`,
      { input: { clusterId } },
    );
    const registered = await t.register(token.data!.createRegistrationToken.token);
    return registered.body.credential!;
  };

  beforeAll(async () => {
    pg = await startPostgres();
    db = await pg.createDatabase();
    t = await TestHub.start(db);
    operator = await t.login('operator');
    alpha = await t.registeredCluster(operator, 'alpha');
    beta = await t.registeredCluster(operator, 'beta');
    await t.placeKustomization('k-apps-a', 'apps-a', ['alpha']);
    await t.placeKustomization('k-apps-b', 'apps-b', ['beta']);
  });
  afterEach(() => {
    for (const s of sockets.splice(0)) s.close();
  });
  afterAll(async () => {
    await t?.stop();
    await pg?.stop();
  });

  it('stores a lone surrogate as U+FFFD and drops NUL, in events and in status conditions, and acknowledges the batch', async () => {
    const a = await connect(t, alpha.credential);
    const bad = 'kustomization path not found: missing-\ud800.yaml\u0000 (and \udfff)';
    expect(await send(a, 'events', events(1, 'apps-a', [bad]))).toBe(1);
    expect(await send(a, 'status', status(2, ['apps-a'], bad))).toBe(2);
    const clean = 'kustomization path not found: missing-\ufffd.yaml (and \ufffd)';
    expect((await t.sql<{ message: string }>(`SELECT message FROM cluster_events WHERE cluster_id = $1`, [alpha.clusterId])).map((r) => r.message)).toEqual([clean]);
    const [row] = await t.sql<{ conditions: { message: string }[] }>(`SELECT conditions FROM flux_objects WHERE cluster_id = $1`, [alpha.clusterId]);
    expect(row!.conditions[0]!.message).toBe(clean);
    expect(a.errors).toEqual([]);
  });

  it('a batch Postgres refuses for good is rejected with its reason, skipped, recorded as a cluster event and counted; the next batch is stored', async () => {
    const a = await connect(t, alpha.credential);
    expect(a.initialAck).toBe(2);
    const before = metricValue(await t.metrics(), 'flotilla_agent_report_batches_total{type="events",outcome="rejected"}');
    // A constraint the data breaks stands in for every way Postgres refuses a value (SQLSTATE 23514).
    await t.sql(`ALTER TABLE cluster_events ADD CONSTRAINT test_refuses_poison CHECK (message <> 'poison') NOT VALID`);
    try {
      expect(await send(a, 'events', events(3, 'apps-a', ['poison']))).toBe(3);
      expect(a.errors).toEqual([expect.objectContaining({ code: 'BATCH_REJECTED', seq: 3, message: expect.stringContaining('SQLSTATE 23514') as unknown })]);
      expect(await send(a, 'events', events(4, 'apps-a', ['after the poison']))).toBe(4);
    } finally {
      await t.sql(`ALTER TABLE cluster_events DROP CONSTRAINT test_refuses_poison`);
    }
    expect(metricValue(await t.metrics(), 'flotilla_agent_report_batches_total{type="events",outcome="rejected"}')).toBe(before + 1);
    const feed = await t.gql<{ cluster: { events: { involvedKind: string; severity: string; reason: string; message: string }[] } }>(
      operator,
      `query($id: ID!) { cluster(id: $id) { events { involvedKind severity reason message } } }`,
      { id: alpha.clusterId },
    );
    const messages = feed.data!.cluster.events.map((e) => e.message);
    expect(messages).toContain('after the poison');
    expect(messages).not.toContain('poison');
    expect(feed.data!.cluster.events).toContainEqual({
      involvedKind: 'Cluster',
      severity: 'error',
      reason: 'ReportRejected',
      message: expect.stringMatching(/^the hub could not store report batch 3 \(events\) and skipped it: .*23514/) as unknown,
    });
  });

  it("refuses status, inventory and events about an object placed only on another cluster, counts them, stores nothing of them, and keeps the batch's own items", async () => {
    const a = await connect(t, alpha.credential);
    const before = await t.metrics();
    const refusedBefore = (type: string) => metricValue(before, `flotilla_agent_report_items_refused_total{type="${type}",code="OBJECT_NOT_ASSIGNED"}`);
    expect(await send(a, 'status', status(5, ['apps-b']))).toBe(5);
    expect(await send(a, 'inventory', inventory(6, 'apps-b'))).toBe(6);
    expect(await send(a, 'events', events(7, 'apps-b', ['forged for beta']))).toBe(7);
    // A mixed batch: the placed item is stored, the foreign one refused.
    expect(await send(a, 'status', status(8, ['apps-a', 'apps-b'], 'mixed'))).toBe(8);
    expect(a.errors.map((e) => [e.code, e.seq])).toEqual([
      ['OBJECT_NOT_ASSIGNED', 5],
      ['OBJECT_NOT_ASSIGNED', 6],
      ['OBJECT_NOT_ASSIGNED', 7],
      ['OBJECT_NOT_ASSIGNED', 8],
    ]);
    expect(a.errors[3]!.message).toContain('Kustomization flotilla-system/apps-b');
    const after = await t.metrics();
    for (const [type, n] of [['status', 2], ['inventory', 1], ['events', 1]] as const) {
      expect(metricValue(after, `flotilla_agent_report_items_refused_total{type="${type}",code="OBJECT_NOT_ASSIGNED"}`) - refusedBefore(type)).toBe(n);
    }
    expect(await t.sql(`SELECT 1 FROM flux_objects WHERE kustomization_id = 'k-apps-b'`)).toEqual([]);
    expect(await t.sql(`SELECT 1 FROM cluster_events WHERE involved_name = 'apps-b' OR message = 'forged for beta'`)).toEqual([]);
    const [own] = await t.sql<{ conditions: { message: string }[] }>(`SELECT conditions FROM flux_objects WHERE kustomization_id = 'k-apps-a' AND cluster_id = $1`, [alpha.clusterId]);
    expect(own!.conditions[0]!.message).toBe('mixed');
  });

  it('a seq far ahead is refused as a gap without moving the counter, so the real next batch is still stored', async () => {
    const a = await connect(t, alpha.credential);
    expect(await send(a, 'events', events(Number.MAX_SAFE_INTEGER, 'apps-a', ['jump']))).toBe(8);
    expect(a.errors.map((e) => e.code)).toEqual(['BATCH_SEQUENCE_GAP']);
    expect(await send(a, 'events', events(9, 'apps-a', ['the real next one']))).toBe(9);
    expect(await t.sql(`SELECT 1 FROM cluster_events WHERE message = 'jump'`)).toEqual([]);
  });

  it('registering a cluster again drops the old agent at once, and the new credential counts its own batches from 0', async () => {
    const old = await connect(t, beta.credential);
    expect(await send(old, 'events', events(1, 'apps-b', ['old one']))).toBe(1);
    expect(await send(old, 'events', events(2, 'apps-b', ['old two']))).toBe(2);
    const revoked = next<{ code: string }>(old.s, 'revoked', 2_000);
    const dropped = next(old.s, 'disconnect', 2_000);
    const started = Date.now();
    const fresh = await reRegister(beta.clusterId);
    expect((await revoked).code).toBe('CREDENTIAL_REVOKED');
    await dropped;
    const dropMs = Date.now() - started;
    expect(dropMs).toBeLessThan(1_000);
    console.log(`re-registration: the old agent's socket was revoked and closed ${dropMs} ms after the token was redeemed`);
    const agent = await connect(t, fresh);
    expect(agent.initialAck).toBe(0);
    expect(await send(agent, 'events', events(1, 'apps-b', ['new one']))).toBe(1);
    expect((await t.sql<{ message: string }>(`SELECT message FROM cluster_events WHERE cluster_id = $1 ORDER BY id`, [beta.clusterId])).map((r) => r.message)).toEqual([
      'old one',
      'old two',
      'new one',
    ]);
    beta = { clusterId: beta.clusterId, credential: fresh };
  });

  it('an old agent on another hub process (which never heard of the registration) can neither store a batch nor move the new counter', async () => {
    const replica = await TestHub.start(db, { seedUsers: false });
    try {
      const old = await connect(replica, beta.credential);
      expect(old.initialAck).toBe(1);
      const fresh = await reRegister(beta.clusterId);
      const revoked = next<{ code: string }>(old.s, 'revoked', 3_000);
      old.s.emit('events', events(2, 'apps-b', ['from the revoked credential']));
      expect((await revoked).code).toBe('CREDENTIAL_REVOKED');
      expect(await t.sql(`SELECT 1 FROM cluster_events WHERE message = 'from the revoked credential'`)).toEqual([]);
      const agent = await connect(t, fresh);
      expect(agent.initialAck).toBe(0);
      expect(await send(agent, 'events', events(1, 'apps-b', ['first of the newest']))).toBe(1);
      beta = { clusterId: beta.clusterId, credential: fresh };
    } finally {
      await replica.stop();
    }
  });
});

describe('per-agent rate limit (real hub, real Postgres)', () => {
  let pg: TestPostgres;
  let t: TestHub;
  let cluster: { clusterId: string; credential: string };
  const sockets: Socket[] = [];
  const limit = { batchesPerSecond: 20, batchBurst: 10, bytesPerSecond: 100_000, byteBurst: 200_000 };

  beforeAll(async () => {
    pg = await startPostgres();
    t = await TestHub.start(await pg.createDatabase(), { agentRateLimit: limit });
    const operator = await t.login('operator');
    cluster = await t.registeredCluster(operator, 'chatty');
    await t.placeKustomization('k-apps', 'apps', ['chatty']);
  });
  afterEach(() => {
    for (const s of sockets.splice(0)) s.close();
  });
  afterAll(async () => {
    await t?.stop();
    await pg?.stop();
  });

  const connect = async () => {
    const s = t.agentSocket(cluster.credential);
    sockets.push(s);
    await next(s, 'connect');
    const initial = next<{ seq: number }>(s, 'batch.ack');
    s.emit('hello', hello(v2));
    return { s, acked: (await initial).seq };
  };
  const stored = async () => Number((await t.sql<{ n: string }>(`SELECT count(*) AS n FROM cluster_events WHERE cluster_id = $1`, [cluster.clusterId]))[0]!.n);

  it('a flood gets the burst through and the rest refused with a delay; an agent that waits and resends from its first unacknowledged batch loses nothing', async () => {
    const { s, acked: start } = await connect();
    const total = 40;
    const batch = (seq: number) => events(seq, 'apps', [`event ${seq}`]);
    let acked = start;
    const refusals: { code: string; seq?: number; retryAfterMs?: number }[] = [];
    s.on('batch.ack', ({ seq }: { seq: number }) => (acked = Math.max(acked, seq)));
    s.on('protocol.error', (e: (typeof refusals)[number]) => refusals.push(e));
    const before = metricValue(await t.metrics(), 'flotilla_agent_rate_limited_total{type="events"}');
    const started = Date.now();
    for (let seq = 1; seq <= total; seq++) s.emit('events', batch(seq));
    // First answer to each of the 40: the burst of 10 is stored, the rest refused (rate limit, or gap behind it).
    await eventually(async () => [acked, refusals.length] as const, ([a, r]) => a >= limit.batchBurst && r >= total - limit.batchBurst);
    expect(acked).toBe(limit.batchBurst);
    expect(refusals).toHaveLength(total - limit.batchBurst);
    const limited = refusals.filter((r) => r.code === 'BATCH_RATE_LIMITED');
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0]).toMatchObject({ seq: limit.batchBurst + 1 });
    expect(limited[0]!.retryAfterMs).toBeGreaterThanOrEqual(50);
    expect(limited[0]!.retryAfterMs).toBeLessThanOrEqual(1_000);
    expect(refusals.every((r) => r.code === 'BATCH_RATE_LIMITED' || r.code === 'BATCH_SEQUENCE_GAP')).toBe(true);
    expect(metricValue(await t.metrics(), 'flotilla_agent_rate_limited_total{type="events"}') - before).toBe(limited.length);
    expect(await stored()).toBe(limit.batchBurst);

    // Like the agent's outbox: after each refusal, wait what the hub asked and resend what is unacknowledged.
    let rounds = 0;
    while (acked < total) {
      rounds += 1;
      const wait = refusals.at(-1)?.retryAfterMs ?? 100;
      refusals.length = 0;
      await new Promise((r) => setTimeout(r, wait));
      for (let seq = acked + 1; seq <= total; seq++) s.emit('events', batch(seq));
      await eventually(async () => [acked, refusals.length] as const, ([a, r]) => a === total || r > 0, 10_000);
      expect(rounds).toBeLessThan(40);
    }
    const seconds = (Date.now() - started) / 1000;
    expect(await stored()).toBe(total);
    expect(new Set((await t.sql<{ message: string }>(`SELECT message FROM cluster_events WHERE cluster_id = $1`, [cluster.clusterId])).map((r) => r.message)).size).toBe(total);
    // 30 batches past the burst at 20 per second: at least 1.5 s.
    expect(seconds).toBeGreaterThanOrEqual((total - limit.batchBurst) / limit.batchesPerSecond - 0.1);
    console.log(`rate limit: ${total} batches stored once each in ${seconds.toFixed(2)} s over ${rounds} resend rounds`);
  });

  it('limits bytes too: large batches past the byte burst wait until enough bytes have refilled', async () => {
    await new Promise((r) => setTimeout(r, 2_100)); // both buckets full again
    const { s, acked } = await connect();
    // About 90 KB each (three messages, each under the 32 KB a message may have).
    const big = (seq: number) => events(seq, 'apps', [1, 2, 3].map((i) => `big ${seq}.${i} ${'x'.repeat(30_000)}`));
    const refused = next<{ code: string; seq: number; retryAfterMs: number }>(s, 'protocol.error');
    const acks: number[] = [];
    s.on('batch.ack', ({ seq }: { seq: number }) => acks.push(seq));
    for (let i = 1; i <= 3; i++) s.emit('events', big(acked + i));
    const error = await refused;
    expect(error).toMatchObject({ code: 'BATCH_RATE_LIMITED', seq: acked + 3 });
    // About 70 KB missing at 100 KB/s.
    expect(error.retryAfterMs).toBeGreaterThan(300);
    expect(error.retryAfterMs).toBeLessThanOrEqual(1_000);
    await eventually(async () => acks.length, (n) => n === 2);
    await new Promise((r) => setTimeout(r, error.retryAfterMs));
    const ack = next<{ seq: number }>(s, 'batch.ack');
    s.emit('events', big(acked + 3));
    expect((await ack).seq).toBe(acked + 3);
  });

  it('charges each message its own bytes: a small one after two large ones passes, a large one after it does not', async () => {
    await new Promise((r) => setTimeout(r, 2_100)); // both buckets full again
    const { s, acked } = await connect();
    const big = (seq: number) => events(seq, 'apps', [1, 2, 3].map((i) => `big ${seq}.${i} ${'x'.repeat(30_000)}`));
    const acks: number[] = [];
    const refusals: { code: string; seq?: number }[] = [];
    s.on('batch.ack', ({ seq }: { seq: number }) => acks.push(seq));
    s.on('protocol.error', (e: (typeof refusals)[number]) => refusals.push(e));
    // 180 KB of the 200 KB burst, then a few hundred bytes, then 90 KB more than is left. Charged with another
    // message's size (the one before it), the small one would cost 90 KB and the last one would pass.
    s.emit('events', big(acked + 1));
    s.emit('events', big(acked + 2));
    s.emit('events', events(acked + 3, 'apps', ['small']));
    s.emit('events', big(acked + 4));
    await eventually(async () => [acks.length, refusals.length] as const, ([a, r]) => a === 3 && r === 1);
    expect(acks).toEqual([acked + 1, acked + 2, acked + 3]);
    expect(refusals).toEqual([expect.objectContaining({ code: 'BATCH_RATE_LIMITED', seq: acked + 4 })]);
  });

  it('charges a message the bytes it arrived with, not its size serialised again: whitespace the parser drops still counts', async () => {
    await new Promise((r) => setTimeout(r, 2_100)); // both buckets full again
    const { s, acked } = await connect();
    const acks: number[] = [];
    const refusals: { code: string; seq?: number }[] = [];
    s.on('batch.ack', ({ seq }: { seq: number }) => acks.push(seq));
    s.on('protocol.error', (e: (typeof refusals)[number]) => refusals.push(e));
    // A socket.io event packet written by hand: a small batch padded with 180 KB of JSON whitespace, which
    // serialises again to a few hundred bytes. Charged that, the 90 KB batch after it would fit the 200 KB burst.
    const padded = `2/agent,["events",${JSON.stringify(events(acked + 1, 'apps', ['padded']))}${' '.repeat(180_000)}]`;
    s.io.engine.send(padded);
    s.emit('events', events(acked + 2, 'apps', [1, 2, 3].map((i) => `big ${i} ${'x'.repeat(30_000)}`)));
    await eventually(async () => [acks.length, refusals.length] as const, ([a, r]) => a === 1 && r === 1);
    expect(acks).toEqual([acked + 1]);
    expect(refusals).toEqual([expect.objectContaining({ code: 'BATCH_RATE_LIMITED', seq: acked + 2 })]);
  });
});
