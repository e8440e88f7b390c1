import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { startPostgres, type TestPostgres } from '@flotilla/testenv';
import type { EventsBatch, InventoryBatch, StatusBatch } from '@flotilla/protocol';
import { eventually, hello, next, TestHub, type Session } from '../../test/hub-harness.js';
import { EventRetentionService } from './event-retention.service.js';

const v2 = { protocolVersion: 2, supportedProtocolVersions: [2, 1] };
const revision = `main@sha1:${'b'.repeat(40)}`;
const status = (seq: number, over: Partial<StatusBatch['items'][number]> = {}): StatusBatch => ({
  seq,
  items: [
    {
      namespace: 'flotilla-system',
      name: 'apps',
      conditions: [{ type: 'Ready', status: 'True', reason: 'ReconciliationSucceeded', message: `Applied revision: ${revision}`, lastTransitionTime: '2026-11-21T01:00:00Z' }],
      lastAppliedRevision: revision,
      lastAttemptedRevision: revision,
      observedGeneration: 1,
      ...over,
    },
  ],
});
const inventory = (seq: number, ids: string[]): InventoryBatch => ({ seq, items: [{ namespace: 'flotilla-system', name: 'apps', entries: ids.map((id) => ({ id, v: 'v1' })) }] });
const eventsBatch = (seq: number, messages: string[], timestamp = new Date().toISOString()): EventsBatch => ({
  seq,
  items: messages.map((message) => ({
    involvedObject: { kind: 'Kustomization', namespace: 'flotilla-system', name: 'apps' },
    severity: 'info' as const,
    reason: 'ReconciliationSucceeded',
    message,
    revision,
    timestamp,
  })),
});
const metricValue = (text: string, line: string): number => Number(text.split('\n').find((l) => l.startsWith(line))?.split(' ').at(-1) ?? 0);

describe('ingestion of agent reports (real Postgres, real hub, hub restart)', () => {
  let pg: TestPostgres;
  let db: string;
  let t: TestHub;
  let operator: Session;
  let cluster: { clusterId: string; credential: string };
  const sockets: Socket[] = [];

  /** A v2 agent after hello; resolves with the batch.ack the hub sends right after it (the stored seq). */
  const connect = async (credential = cluster.credential, over: Record<string, unknown> = v2) => {
    const s = t.agentSocket(credential);
    sockets.push(s);
    await next(s, 'connect');
    const isV2 = over === v2;
    const initial = isV2 ? next<{ seq: number }>(s, 'batch.ack') : undefined;
    const welcome = next(s, 'welcome');
    s.emit('hello', hello(over));
    await welcome;
    return { s, initialAck: initial ? (await initial).seq : undefined };
  };
  const send = async (s: Socket, type: string, batch: unknown) => {
    const ack = next<{ seq: number }>(s, 'batch.ack');
    s.emit(type, batch);
    return (await ack).seq;
  };
  const count = async (table: string) => Number((await t.sql<{ n: string }>(`SELECT count(*) AS n FROM ${table} WHERE cluster_id = $1`, [cluster.clusterId]))[0]!.n);

  beforeAll(async () => {
    pg = await startPostgres();
    db = await pg.createDatabase();
    t = await TestHub.start(db);
    operator = await t.login('operator');
    cluster = await t.registeredCluster(operator, 'ingest', [{ key: 'env', value: 'prod' }]);
    // Placed on the cluster: the hub stores reports only for objects in the cluster's assignment.
    await t.placeKustomization('k-apps', 'apps', ['ingest']);
  });
  afterEach(() => {
    for (const s of sockets.splice(0)) s.close();
  });
  afterAll(async () => {
    await t?.stop();
    await pg?.stop();
  });

  it('tells a v2 agent after hello which seq the hub has (0 before any batch), its counter row created by then', async () => {
    expect((await connect()).initialAck).toBe(0);
    // The first batch then finds the row its claim moves, as every later batch does.
    expect(await t.sql(`SELECT s.last_seq FROM agent_report_sequences s JOIN cluster_credentials c ON c.id = s.credential_id WHERE c.cluster_id = $1 AND c.revoked_at IS NULL`, [cluster.clusterId])).toEqual([{ last_seq: '0' }]);
  });

  it('writes a status batch with its seq, acks it, and tells /ui which Kustomization changed on which cluster', async () => {
    const { s } = await connect();
    const ui = t.uiSocket(operator);
    sockets.push(ui);
    await next(ui, 'connect');
    const changed = next<{ id: string; clusterId: string }>(ui, 'kustomization.status');
    expect(await send(s, 'status', status(1))).toBe(1);
    expect(await changed).toEqual({ id: 'k-apps', clusterId: cluster.clusterId });
    const [row] = await t.sql<{ conditions: unknown[]; last_applied_revision: string; observed_generation: number }>(
      `SELECT conditions, last_applied_revision, observed_generation FROM flux_objects WHERE cluster_id = $1`,
      [cluster.clusterId],
    );
    expect(row).toMatchObject({ last_applied_revision: revision, observed_generation: 1 });
    expect(row!.conditions).toHaveLength(1);
    expect((await t.sql<{ last_seq: string }>(`SELECT last_seq FROM agent_report_sequences WHERE cluster_id = $1`, [cluster.clusterId]))[0]!.last_seq).toBe('1');
    expect(await t.sql(`SELECT 1 FROM agent_report_sequences s JOIN cluster_credentials c ON c.id = s.credential_id WHERE c.cluster_id = $1`, [cluster.clusterId])).toHaveLength(1);
  });

  it('a resent batch (lost ack) is acknowledged again and not written twice', async () => {
    const { s } = await connect();
    const ui = t.uiSocket(operator);
    sockets.push(ui);
    await next(ui, 'connect');
    const uiEvents: unknown[] = [];
    ui.on('cluster.events', (e: unknown) => uiEvents.push(e));
    expect(await send(s, 'events', eventsBatch(2, ['created Deployment/default/nginx', 'created Service/default/nginx']))).toBe(2);
    expect(await send(s, 'events', eventsBatch(2, ['created Deployment/default/nginx', 'created Service/default/nginx']))).toBe(2);
    expect(await count('cluster_events')).toBe(2);
    await eventually(async () => uiEvents.length, (n) => n === 1);
    // An older seq is a duplicate too, acknowledged with the highest persisted one.
    expect(await send(s, 'status', status(1, { observedGeneration: 99 }))).toBe(2);
    expect((await t.sql<{ observed_generation: number }>(`SELECT observed_generation FROM flux_objects`))[0]!.observed_generation).toBe(1);
  });

  it('nothing doubled across a reconnect: the hello ack says what survived, a resend writes nothing', async () => {
    const first = await connect();
    expect(await send(first.s, 'inventory', inventory(3, ['default_nginx_apps_Deployment', 'default_nginx__Service']))).toBe(3);
    first.s.close();
    const second = await connect();
    expect(second.initialAck).toBe(3);
    expect(await send(second.s, 'inventory', inventory(3, ['default_nginx_apps_Deployment', 'default_nginx__Service']))).toBe(3);
    expect(await send(second.s, 'events', eventsBatch(2, ['created Deployment/default/nginx', 'created Service/default/nginx']))).toBe(3);
    expect(await count('cluster_events')).toBe(2);
    const [row] = await t.sql<{ inventory: unknown[] }>(`SELECT inventory FROM flux_objects WHERE cluster_id = $1`, [cluster.clusterId]);
    expect(row!.inventory).toEqual([
      { id: 'default_nginx_apps_Deployment', v: 'v1' },
      { id: 'default_nginx__Service', v: 'v1' },
    ]);
  });

  it('nothing lost or doubled across a hub restart: the new hub process knows the seq from Postgres', async () => {
    const { s } = await connect();
    const disconnected = next(s, 'disconnect');
    await t.stop();
    await disconnected;
    t = await TestHub.start(db, { seedUsers: false });
    operator = await t.login('operator');
    const again = await connect();
    expect(again.initialAck).toBe(3);
    expect(await send(again.s, 'events', eventsBatch(2, ['created Deployment/default/nginx', 'created Service/default/nginx']))).toBe(3);
    expect(await count('cluster_events')).toBe(2);
    expect(await send(again.s, 'events', eventsBatch(4, ['pruned Service/default/nginx']))).toBe(4);
    expect(await count('cluster_events')).toBe(3);
  });

  it('refuses a batch that skips seqs (BATCH_SEQUENCE_GAP) without writing it, and acks the highest persisted seq', async () => {
    const { s } = await connect();
    const error = next<{ code: string; message: string }>(s, 'protocol.error');
    expect(await send(s, 'events', eventsBatch(7, ['out of order']))).toBe(4);
    expect(await error).toMatchObject({ code: 'BATCH_SEQUENCE_GAP', message: expect.stringContaining('resend from 5') as unknown });
    expect(await count('cluster_events')).toBe(3);
    expect(await send(s, 'events', eventsBatch(5, ['in order']))).toBe(5);
  });

  it('an invalid batch gets protocol.error, is counted and logged, and the connection keeps working', async () => {
    const { s } = await connect();
    const before = metricValue(await t.metrics(), 'flotilla_agent_message_errors_total{reason="MESSAGE_INVALID"}');
    const error = next<{ code: string; messageType: string }>(s, 'protocol.error');
    s.emit('status', { seq: 6, items: [{ namespace: 'flotilla-system', name: 'apps', conditions: [{ type: 'Ready', status: 'Maybe' }], observedGeneration: 1 }] });
    expect(await error).toMatchObject({ code: 'MESSAGE_INVALID', messageType: 'status' });
    expect(metricValue(await t.metrics(), 'flotilla_agent_message_errors_total{reason="MESSAGE_INVALID"}')).toBe(before + 1);
    expect(t.logger.lines.some((l) => l.msg === 'agent message rejected' && l.fields?.messageType === 'status')).toBe(true);
    expect(await send(s, 'status', status(6))).toBe(6);
  });

  it('a v1 agent may not send report batches (MESSAGE_TYPE_UNSUPPORTED)', async () => {
    const { s } = await connect(cluster.credential, { protocolVersion: 1 });
    const error = next<{ code: string }>(s, 'protocol.error');
    s.emit('status', status(7));
    expect((await error).code).toBe('MESSAGE_TYPE_UNSUPPORTED');
  });

  it('acks a status for a Kustomization the hub no longer has, without a row (deleted while the report was on its way)', async () => {
    const { s } = await connect();
    const error = next<{ code: string; seq: number }>(s, 'protocol.error');
    expect(await send(s, 'status', status(7, { name: 'gone' }))).toBe(7);
    expect(await error).toMatchObject({ code: 'OBJECT_NOT_ASSIGNED', seq: 7 });
    expect(await count('flux_objects')).toBe(1);
  });

  it('does not ack a batch it could not persist but asks for it again later; the resend after the fault is written once', async () => {
    const { s } = await connect();
    await t.sql(`ALTER TABLE cluster_events RENAME TO cluster_events_away`);
    let acked = false;
    s.once('batch.ack', () => (acked = true));
    const error = next<{ code: string; seq: number; retryAfterMs: number }>(s, 'protocol.error');
    s.emit('events', eventsBatch(8, ['while the table was away']));
    expect(await error).toMatchObject({ code: 'BATCH_NOT_STORED', seq: 8, retryAfterMs: 5_000 });
    expect(t.logger.lines.some((l) => l.msg === 'could not persist agent report batch')).toBe(true);
    expect(acked).toBe(false);
    await t.sql(`ALTER TABLE cluster_events_away RENAME TO cluster_events`);
    expect(await send(s, 'events', eventsBatch(8, ['while the table was away']))).toBe(8);
    expect((await t.sql(`SELECT 1 FROM cluster_events WHERE message = 'while the table was away'`)).length).toBe(1);
  });

  it('registering the cluster again (a new agent installation) starts its report sequence at 1, keeping what was stored', async () => {
    const events = await count('cluster_events');
    const token = await t.gql<{ createRegistrationToken: { token: string } }>(
      operator,
      `mutation($input: CreateRegistrationTokenInput!) { createRegistrationToken(input: $input) { token } }`,
      { input: { clusterId: cluster.clusterId } },
    );
    const registered = await t.register(token.data!.createRegistrationToken.token);
    expect(registered.status).toBe(200);
    const fresh = await connect(registered.body.credential);
    expect(fresh.initialAck).toBe(0);
    expect(await send(fresh.s, 'events', eventsBatch(1, ['from the new installation']))).toBe(1);
    expect(await count('cluster_events')).toBe(events + 1);
    cluster = { clusterId: cluster.clusterId, credential: registered.body.credential! };
  });

  it('deletes events past FLOTILLA_EVENT_RETENTION and keeps the rest', async () => {
    const { s } = await connect();
    const old = new Date(Date.now() - 8 * 86_400_000).toISOString();
    expect(await send(s, 'events', eventsBatch(2, ['old one', 'old two'], old))).toBe(2);
    const total = await count('cluster_events');
    const retention = t.hub.app.get(EventRetentionService);
    expect(retention.retentionMs).toBe(7 * 86_400_000);
    expect(await retention.sweep()).toBe(2);
    expect(await count('cluster_events')).toBe(total - 2);
    // Time passes: the rest expires too.
    t.clock.advance(8 * 86_400_000);
    expect(await retention.sweep()).toBe(total - 2);
    t.clock.advance(-8 * 86_400_000);
  });
});
