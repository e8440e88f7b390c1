import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { startPostgres, type TestPostgres } from '@flotilla/testenv';
import type { InventoryEntryWire } from '@flotilla/protocol';
import { hello, next, TestHub, type Session } from '../../test/hub-harness.js';

// Search by container image, end to end on the hub: protocol-level agents report inventories whose workload
// entries carry images; the hub validates them at the edge, stores them split, and fleetSearch finds them by
// whole reference, repository, tag or digest, on the right clusters only.

const v4 = { protocolVersion: 4, supportedProtocolVersions: [4, 3, 2, 1] };
const when = '2026-12-04T06:00:00Z';
const digest = `sha256:${'c'.repeat(64)}`;

interface Agent {
  s: Socket;
  seq: number;
}

describe('fleet search by container image (real hub, real Postgres, protocol-level agents)', () => {
  let pg: TestPostgres;
  let t: TestHub;
  let viewer: Session;
  const agents = new Map<string, Agent>();
  const sockets: Socket[] = [];

  const connect = async (name: string, labels: { key: string; value: string }[], operator: Session): Promise<void> => {
    const cluster = await t.registeredCluster(operator, name, labels);
    const s = t.agentSocket(cluster.credential);
    sockets.push(s);
    await next(s, 'connect');
    const initial = next<{ seq: number }>(s, 'batch.ack');
    s.emit('hello', hello(v4));
    agents.set(name, { s, seq: (await initial).seq });
  };
  const send = async (cluster: string, type: 'status' | 'inventory', items: unknown[]): Promise<void> => {
    const agent = agents.get(cluster)!;
    agent.seq += 1;
    const ack = next<{ seq: number }>(agent.s, 'batch.ack');
    agent.s.emit(type, { seq: agent.seq, items });
    expect((await ack).seq).toBe(agent.seq);
  };
  const report = async (cluster: string, entries: InventoryEntryWire[]): Promise<void> => {
    const ref = { kind: 'Kustomization', origin: 'cluster', namespace: 'flux-system', name: 'apps' };
    await send(cluster, 'status', [
      { ...ref, conditions: [{ type: 'Ready', status: 'True', reason: 'ReconciliationSucceeded', message: 'ok', lastTransitionTime: when }], observedGeneration: 1, suspended: false },
    ]);
    await send(cluster, 'inventory', [{ ...ref, entries }]);
  };

  const search = `query($q: String!, $selector: String) { fleetSearch(query: $q, selector: $selector) {
    truncated images { clusterName group kind namespace name image ownerKind ownerNamespace ownerName } } }`;
  type Hit = { clusterName: string; kind: string; namespace: string | null; name: string; image: string; ownerName: string };
  const find = async (q: string, selector?: string): Promise<string[]> => {
    const r = await t.gql<{ fleetSearch: { images: Hit[] } }>(viewer, search, { q, ...(selector ? { selector } : {}) });
    expect(r.errors).toBeUndefined();
    return r.data!.fleetSearch.images.map((h) => `${h.clusterName} ${h.kind}/${h.namespace}/${h.name} ${h.image}`);
  };

  beforeAll(async () => {
    pg = await startPostgres();
    t = await TestHub.start(await pg.createDatabase());
    const operator = await t.login('operator');
    viewer = await t.login('viewer');
    await connect('alpha', [{ key: 'env', value: 'prod' }], operator);
    await connect('beta', [{ key: 'env', value: 'dev' }], operator);
    await report('alpha', [
      { id: 'apps_web_apps_Deployment', v: 'v1', images: ['busybox:1.36', 'nginx:1.25.3'] },
      { id: 'apps_web__Service', v: 'v1' },
    ]);
    await report('beta', [
      { id: 'apps_web_apps_Deployment', v: 'v1', images: ['nginx:1.27.0'] },
      { id: 'apps_nightly_batch_CronJob', v: 'v1', images: [`ghcr.io/org/backup:2.0@${digest}`] },
    ]);
  }, 60_000);

  afterAll(async () => {
    for (const s of sockets) s.close();
    await t?.stop();
    await pg?.stop();
  });

  it('finds the clusters that run an exact image reference, and only those', async () => {
    expect(await find('nginx:1.25.3')).toEqual(['alpha Deployment/apps/web nginx:1.25.3']);
    expect(await find('busybox:1.36')).toEqual(['alpha Deployment/apps/web busybox:1.36']);
  });

  it('finds by repository, by tag and by digest (with or without the @), and within a label selector', async () => {
    expect(await find('nginx')).toEqual(['alpha Deployment/apps/web nginx:1.25.3', 'beta Deployment/apps/web nginx:1.27.0']);
    expect(await find('nginx', 'env=dev')).toEqual(['beta Deployment/apps/web nginx:1.27.0']);
    expect(await find('1.27.0')).toEqual(['beta Deployment/apps/web nginx:1.27.0']);
    const backup = [`beta CronJob/apps/nightly ghcr.io/org/backup:2.0@${digest}`];
    expect(await find('ghcr.io/org/backup')).toEqual(backup);
    expect(await find(digest)).toEqual(backup);
    expect(await find(`@${digest}`)).toEqual(backup);
    // Exact matches only: a part of a reference is not an image.
    expect(await find('nginx:1.25')).toEqual([]);
  });

  it('follows the inventory: a new image replaces the old one, an entry without images has none', async () => {
    await report('alpha', [{ id: 'apps_web_apps_Deployment', v: 'v1', images: ['nginx:1.27.0'] }]);
    expect(await find('nginx:1.25.3')).toEqual([]);
    expect(await find('nginx:1.27.0')).toEqual(['alpha Deployment/apps/web nginx:1.27.0', 'beta Deployment/apps/web nginx:1.27.0']);
    await report('alpha', [{ id: 'apps_web_apps_Deployment', v: 'v1' }]);
    expect(await find('nginx:1.27.0')).toEqual(['beta Deployment/apps/web nginx:1.27.0']);
  });

  it('refuses at the edge an inventory whose images are not bounded image references', async () => {
    const agent = agents.get('beta')!;
    for (const images of [['nginx 1.25'], Array.from({ length: 65 }, (_, i) => `app:${i}`), ['a'.repeat(513)]]) {
      const error = next<{ code: string; messageType: string }>(agent.s, 'protocol.error');
      agent.s.emit('inventory', { seq: agent.seq + 1, items: [{ kind: 'Kustomization', origin: 'cluster', namespace: 'flux-system', name: 'apps', entries: [{ id: 'apps_x_apps_Deployment', v: 'v1', images }] }] });
      expect(await error).toMatchObject({ code: 'MESSAGE_INVALID', messageType: 'inventory' });
    }
    expect(await find('nginx:1.27.0')).toEqual(['beta Deployment/apps/web nginx:1.27.0']);
  });
});
