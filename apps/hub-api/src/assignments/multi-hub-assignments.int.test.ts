import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { startPostgres, type TestPostgres } from '@flotilla/testenv';
import type { Assignment } from '@flotilla/protocol';
import { eventually, hello, next, TestHub } from '../../test/hub-harness.js';
import { HubEvents } from '../common/hub-events.js';

// Two hub replicas on one database, no socket.io Postgres adapter: a change made on hub B must still reach the
// agent connected to hub A (through A's catch-up against the stored generation), and exactly once.
describe('assignments across two hub replicas', () => {
  let pg: TestPostgres;
  let a: TestHub;
  let b: TestHub;
  let socket: Socket | undefined;

  beforeAll(async () => {
    pg = await startPostgres();
    const db = await pg.createDatabase();
    a = await TestHub.start(db, { heartbeatTimeoutMs: 3_000, heartbeatIntervalMs: 500, sources: { scheduler: false } });
    b = await TestHub.start(db, { heartbeatTimeoutMs: 3_000, heartbeatIntervalMs: 500, sources: { scheduler: false }, seedUsers: false });
  });
  afterAll(async () => {
    socket?.close();
    await a?.stop();
    await b?.stop();
    await pg?.stop();
  });

  it('a Kustomization placed through hub B reaches the agent on hub A within a heartbeat interval, once', async () => {
    const operator = await a.login('operator');
    const { credential } = await a.registeredCluster(operator, 'replica-agent', [{ key: 'env', value: 'prod' }]);
    socket = a.agentSocket(credential);
    const got: Assignment[] = [];
    socket.on('assignment', (m: Assignment) => got.push(m));
    await next(socket, 'connect');
    socket.emit('hello', hello({ protocolVersion: 2, supportedProtocolVersions: [2, 1] }));
    await eventually(async () => got.length, (n) => n === 1);
    expect(got[0]!.kustomizations).toEqual([]);

    await b.sql(`INSERT INTO kustomizations (id, name, spec, placement) VALUES ('k-r', 'replicated', $1::jsonb, $2::jsonb)`, [
      JSON.stringify({ sourceRef: { kind: 'GitRepository', name: 'none' }, interval: '1m', prune: true }),
      JSON.stringify({ clusterSelector: 'env=prod', clusterNames: [] }),
    ]);
    b.hub.app.get(HubEvents).emit('kustomization.changed', { kustomizationId: 'k-r' });
    await eventually(async () => got.length, (n) => n === 2, 5_000);
    expect(got[1]).toMatchObject({ generation: got[0]!.generation + 1, kustomizations: [expect.objectContaining({ name: 'replicated' })] });
    socket.emit('assignment.ack', { generation: got[1]!.generation });
    // Later catch-up rounds find nothing newer: no resend.
    await new Promise((r) => setTimeout(r, 1_500));
    expect(got).toHaveLength(2);
  });
});
