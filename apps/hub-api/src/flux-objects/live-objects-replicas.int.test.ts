import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { startPostgres, type TestPostgres } from '@flotilla/testenv';
import type { ObjectRead } from '@flotilla/protocol';
import { hello, next, TestHub, type Session } from '../../test/hub-harness.js';

// Live objects asked of a hub replica that does not hold the agent's connection: two hubs on one Postgres,
// linked by the socket adapter, a protocol-level agent connected to the second, the browser's request made to
// the first. The request reaches the agent through its cluster's room and the answer comes back through a
// server-side event.

const v5 = { protocolVersion: 5, supportedProtocolVersions: [5, 4, 3, 2, 1] };
const when = '2026-12-04T06:00:00Z';
const ks = { kind: 'Kustomization', origin: 'cluster', namespace: 'flux-system', name: 'apps' };
const deployment = { group: 'apps', kind: 'Deployment', namespace: 'web', name: 'frontend' };
const live = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'frontend', namespace: 'web', uid: 'u-1', resourceVersion: '42', generation: 3 },
  spec: { replicas: 5 },
};

describe('liveObject through another hub replica (two hubs, one Postgres, the socket adapter)', () => {
  let pg: TestPostgres;
  let asked: TestHub;
  let holder: TestHub;
  let viewer: Session;
  let clusterId: string;
  let agent: Socket;

  beforeAll(async () => {
    pg = await startPostgres();
    const db = await pg.createDatabase();
    asked = await TestHub.start(db, { linked: true, objectReadTimeoutMs: 8_000 });
    holder = await TestHub.start(db, { linked: true, seedUsers: false, objectReadTimeoutMs: 8_000 });
    const operator = await asked.login('operator');
    viewer = await asked.login('viewer');
    const registered = await asked.registeredCluster(operator, 'alpha');
    clusterId = registered.clusterId;
    agent = holder.agentSocket(registered.credential);
    await next(agent, 'connect');
    const initial = next<{ seq: number }>(agent, 'batch.ack');
    agent.emit('hello', hello(v5));
    await initial;
    let seq = 0;
    for (const [type, items] of [
      ['status', [{ ...ks, conditions: [{ type: 'Ready', status: 'True', reason: 'ReconciliationSucceeded', message: 'ok', lastTransitionTime: when }], observedGeneration: 1, suspended: false }]],
      ['inventory', [{ ...ks, entries: [{ id: 'web_frontend_apps_Deployment', v: 'v1' }] }]],
    ] as const) {
      seq += 1;
      const ack = next<{ seq: number }>(agent, 'batch.ack');
      agent.emit(type, { seq, items });
      await ack;
    }
  }, 90_000);

  afterAll(async () => {
    agent?.disconnect();
    await holder?.stop();
    await asked?.stop();
    await pg?.stop();
  });

  const query = `query($owner: FluxObjectRefInput!, $target: ManagedObjectRefInput!) { liveObject(owner: $owner, target: $target) { live desired } }`;
  const ask = () =>
    asked.gql<{ liveObject: { live: string | null; desired: string | null } }>(viewer, query, {
      owner: { clusterId, kind: 'Kustomization', namespace: 'flux-system', name: 'apps' },
      target: deployment,
    });

  it('reaches the agent held by the other replica and returns its answer', async () => {
    let reads = 0;
    agent.on('object.read', (req: ObjectRead) => {
      reads += 1;
      agent.emit('object.read.result', { requestId: req.requestId, ok: true, live, desired: { ...live, spec: { replicas: 2 } } });
    });
    const r = await ask();
    agent.off('object.read');
    expect(r.errors).toBeUndefined();
    expect(r.data!.liveObject.live).toContain('replicas: 5');
    expect(r.data!.liveObject.desired).toContain('replicas: 2');
    expect(reads).toBe(1);
  });

  it('says the agent is not connected once no replica holds it', async () => {
    const gone = new Promise((resolve) => agent.once('disconnect', resolve));
    agent.close();
    await gone;
    // The holder notices the closed socket at once; the asked replica finds no socket in the room, polled.
    const deadline = Date.now() + 30_000;
    let r = await ask();
    while (!r.errors?.[0]?.message.includes('not connected') && Date.now() < deadline) r = await ask();
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT' });
    expect(r.errors?.[0]?.message).toContain('the agent of this cluster is not connected');
  });
});
