import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { startPostgres, type TestPostgres } from '@flotilla/testenv';
import type { EventsBatch, StatusBatch } from '@flotilla/protocol';
import { eventually, hello, metricValue, next, TestHub, type Session } from '../../test/hub-harness.js';

// Reports of many agents written together, on a real hub and a real Postgres, with protocol-level agents: one
// transaction for the batches that arrive together, acks only after it committed, nothing acked when it fails,
// a batch Postgres refuses skipped alone, and each agent's batches stored in the order it sent them. The window
// is long here (250 ms) so that batches sent together surely share a transaction on a loaded machine.

const v2 = { protocolVersion: 2, supportedProtocolVersions: [2, 1] };
const revision = `main@sha1:${'d'.repeat(40)}`;
const status = (seq: number, name: string): StatusBatch => ({
  seq,
  items: [
    {
      namespace: 'flotilla-system',
      name,
      conditions: [{ type: 'Ready', status: 'True', reason: 'ReconciliationSucceeded', message: `Applied revision: ${revision}`, lastTransitionTime: '2026-12-03T19:00:00Z' }],
      lastAppliedRevision: revision,
      lastAttemptedRevision: revision,
      observedGeneration: 1,
    },
  ],
});
const events = (seq: number, name: string, messages: string[]): EventsBatch => ({
  seq,
  items: messages.map((message) => ({
    involvedObject: { kind: 'Kustomization', namespace: 'flotilla-system', name },
    severity: 'info' as const,
    reason: 'ReconciliationSucceeded',
    message,
    revision,
    timestamp: '2026-12-03T19:00:00Z',
  })),
});

interface Agent {
  s: Socket;
  clusterId: string;
  name: string;
  acks: number[];
  errors: { code: string; seq?: number }[];
}

const CLUSTERS = 8;

describe('ingestion batched across agents (real hub, real Postgres)', () => {
  let pg: TestPostgres;
  let t: TestHub;
  let operator: Session;
  const clusters: { clusterId: string; credential: string; name: string }[] = [];
  const sockets: Socket[] = [];

  const connect = async (i: number): Promise<Agent> => {
    const c = clusters[i]!;
    const s = t.agentSocket(c.credential);
    sockets.push(s);
    const a: Agent = { s, clusterId: c.clusterId, name: `apps-${i}`, acks: [], errors: [] };
    await next(s, 'connect');
    const initial = next<{ seq: number }>(s, 'batch.ack');
    s.emit('hello', hello(v2));
    await initial;
    s.on('batch.ack', ({ seq }: { seq: number }) => a.acks.push(seq));
    s.on('protocol.error', (e: { code: string; seq?: number }) => a.errors.push(e));
    return a;
  };
  const stored = async (clusterId: string) =>
    Number((await t.sql<{ last_seq: string }>(`SELECT last_seq FROM agent_report_sequences WHERE cluster_id = $1`, [clusterId]))[0]?.last_seq ?? 0);
  const transactions = async () => {
    const text = await t.metrics();
    return { count: metricValue(text, 'flotilla_agent_report_transaction_batches_count'), sum: metricValue(text, 'flotilla_agent_report_transaction_batches_sum') };
  };

  beforeAll(async () => {
    pg = await startPostgres();
    t = await TestHub.start(await pg.createDatabase(), { ingestBatching: { windowMs: 250, maxItems: 100, concurrency: 1 } });
    operator = await t.login('operator');
    for (let i = 0; i < CLUSTERS; i++) {
      const name = `batch-${i}`;
      clusters.push({ ...(await t.registeredCluster(operator, name)), name });
      await t.placeKustomization(`k-apps-${i}`, `apps-${i}`, [name]);
    }
  }, 120_000);
  afterEach(() => {
    for (const s of sockets.splice(0)) s.close();
  });
  afterAll(async () => {
    await t?.stop();
    await pg?.stop();
  });

  it('batches of many agents sent together share one transaction; each is acked, stored once, and the cluster figures follow', async () => {
    const agents = await Promise.all(clusters.map((_, i) => connect(i)));
    const before = await transactions();
    agents.forEach((a) => a.s.emit('status', status(1, a.name)));
    await eventually(async () => agents.every((a) => a.acks.includes(1)), Boolean, 20_000);
    const after = await transactions();
    expect(after.sum - before.sum).toBe(CLUSTERS);
    // Sent within a few milliseconds, inside one 250 ms window: one transaction (two if the machine stalled the sends).
    expect(after.count - before.count).toBeLessThanOrEqual(2);
    for (const a of agents) {
      expect(await stored(a.clusterId)).toBe(1);
      expect(await t.sql(`SELECT 1 FROM flux_objects WHERE cluster_id = $1 AND name = $2 AND ready = 'True'`, [a.clusterId, a.name])).toHaveLength(1);
      expect(a.errors).toEqual([]);
    }
    // The statement-level triggers recomputed every cluster the shared statements touched.
    const health = await t.sql<{ cluster_id: string; total: number; ready: number }>(`SELECT cluster_id, total, ready FROM fleet_cluster_health ORDER BY cluster_id`);
    expect(health.filter((h) => agents.some((a) => a.clusterId === h.cluster_id))).toEqual(
      agents.map((a) => ({ cluster_id: a.clusterId, total: 1, ready: 1 })).sort((x, y) => x.cluster_id.localeCompare(y.cluster_id)),
    );
  }, 60_000);

  it('a shared transaction that fails acks none of its batches and writes none; the resends are stored once', async () => {
    const [a, b] = await Promise.all([connect(0), connect(1)]);
    const seqA = (await stored(a.clusterId)) + 1;
    const seqB = (await stored(b.clusterId)) + 1;
    await t.sql(`ALTER TABLE cluster_events RENAME TO cluster_events_away`);
    try {
      // b's status alone would be stored; a's events fail the transaction they share.
      a.s.emit('events', events(seqA, a.name, ['a: while the table was away']));
      b.s.emit('status', status(seqB, b.name));
      await eventually(async () => a.errors.length + b.errors.length, (n) => n >= 2, 20_000);
    } finally {
      await t.sql(`ALTER TABLE cluster_events_away RENAME TO cluster_events`);
    }
    expect([...a.errors, ...b.errors]).toEqual([expect.objectContaining({ code: 'BATCH_NOT_STORED', seq: seqA }), expect.objectContaining({ code: 'BATCH_NOT_STORED', seq: seqB })]);
    expect([...a.acks, ...b.acks]).toEqual([]);
    expect(await stored(a.clusterId)).toBe(seqA - 1);
    expect(await stored(b.clusterId)).toBe(seqB - 1);
    // The agents send again; each batch is stored once.
    a.s.emit('events', events(seqA, a.name, ['a: while the table was away']));
    b.s.emit('status', status(seqB, b.name));
    a.s.emit('events', events(seqA, a.name, ['a: while the table was away']));
    await eventually(async () => a.acks.includes(seqA) && b.acks.includes(seqB), Boolean, 20_000);
    expect(await t.sql(`SELECT 1 FROM cluster_events WHERE message = 'a: while the table was away'`)).toHaveLength(1);
    expect(await stored(a.clusterId)).toBe(seqA);
    expect(await stored(b.clusterId)).toBe(seqB);
  }, 60_000);

  it('a batch Postgres refuses for good is skipped alone; the batches that shared its transaction are stored', async () => {
    const [a, b] = await Promise.all([connect(2), connect(3)]);
    const seqA = (await stored(a.clusterId)) + 1;
    const seqB = (await stored(b.clusterId)) + 1;
    await t.sql(`ALTER TABLE cluster_events ADD CONSTRAINT test_refuses_poison CHECK (message <> 'poison') NOT VALID`);
    try {
      a.s.emit('events', events(seqA, a.name, ['poison']));
      b.s.emit('events', events(seqB, b.name, ['b: beside the poison']));
      await eventually(async () => a.acks.includes(seqA) && b.acks.includes(seqB), Boolean, 20_000);
    } finally {
      await t.sql(`ALTER TABLE cluster_events DROP CONSTRAINT test_refuses_poison`);
    }
    expect(a.errors).toEqual([expect.objectContaining({ code: 'BATCH_REJECTED', seq: seqA })]);
    expect(b.errors).toEqual([]);
    expect(await t.sql(`SELECT 1 FROM cluster_events WHERE message = 'b: beside the poison'`)).toHaveLength(1);
    expect(await t.sql(`SELECT 1 FROM cluster_events WHERE message = 'poison'`)).toHaveLength(0);
    expect(await t.sql(`SELECT 1 FROM cluster_events WHERE cluster_id = $1 AND reason = 'ReportRejected'`, [a.clusterId])).toHaveLength(1);
  }, 60_000);

  it("keeps each agent's order: batches sent back to back are stored one after another, in seq order, beside other agents' batches", async () => {
    const agents = await Promise.all([connect(4), connect(5), connect(6)]);
    const first = await Promise.all(agents.map((a) => stored(a.clusterId)));
    const rounds = 5;
    // Each agent sends its five batches without waiting for acks; the hub must neither reorder nor merge them.
    agents.forEach((a, k) => {
      for (let r = 1; r <= rounds; r++) a.s.emit('events', events(first[k]! + r, a.name, [`${a.name} #${r}.1`, `${a.name} #${r}.2`]));
    });
    await eventually(async () => agents.every((a, k) => a.acks.includes(first[k]! + rounds)), Boolean, 30_000);
    for (const [k, a] of agents.entries()) {
      expect(a.acks).toEqual(Array.from({ length: rounds }, (_, r) => first[k]! + r + 1));
      expect(a.errors).toEqual([]);
      const rows = await t.sql<{ message: string }>(`SELECT message FROM cluster_events WHERE cluster_id = $1 AND message LIKE $2 ORDER BY id`, [a.clusterId, `${a.name} #%`]);
      expect(rows.map((r) => r.message)).toEqual(Array.from({ length: rounds }, (_, r) => [`${a.name} #${r + 1}.1`, `${a.name} #${r + 1}.2`]).flat());
    }
  }, 60_000);

  it('stores event text an array literal would have to escape (quotes, backslashes, braces, commas, NULL) as sent', async () => {
    const a = await connect(7);
    const seq = (await stored(a.clusterId)) + 1;
    const texts = ['say "hi", {a,b}', 'back\\slash \\"', 'NULL', '', "it's ok"];
    const batch = events(seq, a.name, texts);
    batch.items[0] = { ...batch.items[0]!, revision: undefined };
    a.s.emit('events', batch);
    await eventually(async () => a.acks.includes(seq), Boolean, 20_000);
    expect(a.errors).toEqual([]);
    const rows = await t.sql<{ message: string; revision: string | null; occurred_at: Date }>(
      `SELECT message, revision, occurred_at FROM cluster_events WHERE cluster_id = $1 AND reason = 'ReconciliationSucceeded' ORDER BY id DESC LIMIT 5`,
      [a.clusterId],
    );
    expect(rows.reverse().map((r) => r.message)).toEqual(texts);
    expect(rows.map((r) => r.revision)).toEqual([null, revision, revision, revision, revision]);
    expect(new Date(rows[1]!.occurred_at).toISOString()).toBe('2026-12-03T19:00:00.000Z');
  }, 60_000);
});
