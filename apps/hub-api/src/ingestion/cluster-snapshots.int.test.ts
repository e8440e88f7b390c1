import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { startPostgres, type TestPostgres } from '@flotilla/testenv';
import type { SnapshotMarker, StatusItem } from '@flotilla/protocol';
import { hello, next, TestHub, type Session } from '../../test/hub-harness.js';

// The agent's snapshot of its cluster's Flux objects, on a real hub and a real Postgres with protocol-level
// agents: a complete snapshot forgets the cluster's objects it does not name (deleted while no hub heard of it),
// never the hub's; a snapshot that never completes forgets nothing.

const v4 = { protocolVersion: 4, supportedProtocolVersions: [4, 3, 2, 1] };
const when = '2026-12-03T06:00:00Z';
const sha = `main@sha1:${'d'.repeat(40)}`;
const obj = (kind: string, name: string): StatusItem =>
  ({ kind, origin: 'cluster', namespace: 'flux-system', name, conditions: [{ type: 'Ready', status: 'True', reason: 'Succeeded', message: 'ok', lastTransitionTime: when }], observedGeneration: 1, suspended: false }) as StatusItem;
const placed = { namespace: 'flotilla-system', name: 'apps', conditions: [{ type: 'Ready', status: 'True', reason: 'ReconciliationSucceeded', message: `Applied revision: ${sha}`, lastTransitionTime: when }], observedGeneration: 1, lastAppliedRevision: sha };

interface Agent {
  s: Socket;
  seq: number;
  errors: { code: string; message: string }[];
}

describe('complete snapshots of a cluster’s Flux objects (protocol v4, real hub, real Postgres)', () => {
  let pg: TestPostgres;
  let t: TestHub;
  let viewer: Session;
  let cluster: { clusterId: string; credential: string };
  const sockets: Socket[] = [];

  const connect = async (): Promise<Agent> => {
    const s = t.agentSocket(cluster.credential);
    sockets.push(s);
    const errors: Agent['errors'] = [];
    s.on('protocol.error', (e: Agent['errors'][number]) => errors.push(e));
    await next(s, 'connect');
    const initial = next<{ seq: number }>(s, 'batch.ack');
    s.emit('hello', hello(v4));
    return { s, seq: (await initial).seq, errors };
  };
  const send = async (agent: Agent, items: unknown[], snapshot?: SnapshotMarker): Promise<number> => {
    agent.seq += 1;
    const ack = next<{ seq: number }>(agent.s, 'batch.ack');
    agent.s.emit('status', { seq: agent.seq, items, ...(snapshot ? { snapshot } : {}) });
    return (await ack).seq;
  };
  const rows = async () =>
    (await t.sql<{ kind: string; name: string; origin: string }>(`SELECT kind, name, origin FROM flux_objects WHERE cluster_id = $1 ORDER BY origin, kind, name`, [cluster.clusterId])).map(
      (r) => `${r.origin} ${r.kind}/${r.name}`,
    );

  beforeAll(async () => {
    pg = await startPostgres();
    t = await TestHub.start(await pg.createDatabase());
    const operator = await t.login('operator');
    viewer = await t.login('viewer');
    cluster = await t.registeredCluster(operator, 'gamma');
    await t.placeKustomization('k-apps', 'apps', ['gamma']);
  });

  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await t?.stop();
    await pg?.stop();
  });

  it('an agent that stops in the middle of a snapshot forgets nothing; its next complete snapshot forgets what it does not name, and browsers hear of it', async () => {
    const first = await connect();
    await send(first, [placed, obj('GitRepository', 'flux-system'), obj('Kustomization', 'flux-system'), obj('Kustomization', 'gone-while-away'), obj('HelmRelease', 'also-gone')]);
    const all = ['cluster GitRepository/flux-system', 'cluster HelmRelease/also-gone', 'cluster Kustomization/flux-system', 'cluster Kustomization/gone-while-away', 'hub Kustomization/apps'];
    expect(await rows()).toEqual(all);

    // The first of two batches of a snapshot, then the connection is gone.
    await send(first, [obj('GitRepository', 'flux-system')], { id: 'snap-1', complete: false });
    first.s.disconnect();
    expect(await rows()).toEqual(all);

    const again = await connect();
    const ui = t.uiSocket(viewer);
    sockets.push(ui);
    await next(ui, 'connect');
    const changed = next<{ clusterId: string }>(ui, 'fluxObjects.changed');
    await send(again, [obj('GitRepository', 'flux-system')], { id: 'snap-2', complete: false });
    expect(await rows()).toEqual(all);
    await send(again, [obj('Kustomization', 'flux-system')], { id: 'snap-2', complete: true });
    expect(await rows()).toEqual(['cluster GitRepository/flux-system', 'cluster Kustomization/flux-system', 'hub Kustomization/apps']);
    expect(await changed).toEqual({ clusterId: cluster.clusterId });
    const listed = await t.gql<{ fluxObjects: { totalCount: number } }>(viewer, 'query($filter: FluxObjectFilter) { fluxObjects(filter: $filter, first: 10) { totalCount } }', { filter: { clusterId: cluster.clusterId, origin: 'CLUSTER' } });
    expect(listed.errors).toBeUndefined();
    expect(listed.data?.fluxObjects.totalCount).toBe(2);

    // An object reported after the snapshot, outside any snapshot, stays until a complete snapshot leaves it out.
    await send(again, [obj('Kustomization', 'new-one')]);
    expect(await rows()).toContain('cluster Kustomization/new-one');

    // A cluster with no Flux objects left: one empty complete batch forgets every object of the cluster, not the hub's.
    await send(again, [], { id: 'snap-3', complete: true });
    expect(await rows()).toEqual(['hub Kustomization/apps']);
    expect(again.errors).toEqual([]);
  });

  it('an empty batch that is not a complete snapshot is refused, naming items', async () => {
    const agent = await connect();
    const error = next<{ code: string; message: string }>(agent.s, 'protocol.error');
    agent.s.emit('status', { seq: agent.seq + 1, items: [], snapshot: { id: 'snap-4', complete: false } });
    expect(await error).toMatchObject({ code: 'MESSAGE_INVALID', message: expect.stringContaining('items') });
  });
});
