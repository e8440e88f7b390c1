import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { startPostgres, type TestPostgres } from '@flotilla/testenv';
import { DEFAULT_CLUSTER_OBJECT_LIMIT } from '../config.js';
import { hello, next, TestHub, type Session } from '../../test/hub-harness.js';

// The figures of the fleet object list at its per-cluster bound, on a real hub and Postgres: batches of 1,000
// objects found in a cluster through the agent gateway until the cluster holds 10,000, then the first page of
// `fluxObjects`, filtered, over those rows. Bounds are loose (two shared cores); the figures are printed.

const KINDS = ['GitRepository', 'OCIRepository', 'HelmRepository', 'HelmChart', 'Bucket', 'Kustomization', 'HelmRelease'] as const;
const STATUSES = ['True', 'False', 'Unknown'] as const;
const when = '2026-12-03T02:00:00Z';

const batch = (seq: number, from: number) => ({
  seq,
  items: Array.from({ length: 1000 }, (_, j) => {
    const i = from + j;
    return {
      kind: KINDS[i % KINDS.length],
      origin: 'cluster',
      namespace: `team-${i % 40}`,
      name: `app-${i}`,
      parent: { namespace: 'flux-system', name: `team-${i % 40}` },
      suspended: i % 50 === 0,
      revision: `main@sha1:${i.toString(16).padStart(40, '0')}`,
      conditions: [{ type: 'Ready', status: STATUSES[i % 3], reason: i % 3 === 1 ? 'BuildFailed' : 'Succeeded', message: `object ${i}`, lastTransitionTime: when }],
      observedGeneration: 1,
    };
  }),
});

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

describe('fleet Flux objects at the per-cluster bound (real hub, real Postgres)', () => {
  let pg: TestPostgres;
  let t: TestHub;
  let viewer: Session;
  let agent: Socket;
  let clusterId: string;

  beforeAll(async () => {
    pg = await startPostgres();
    t = await TestHub.start(await pg.createDatabase());
    const operator = await t.login('operator');
    viewer = await t.login('viewer');
    const c = await t.registeredCluster(operator, 'big');
    clusterId = c.clusterId;
    agent = t.agentSocket(c.credential);
    await next(agent, 'connect');
    const initial = next(agent, 'batch.ack');
    agent.emit('hello', hello({ protocolVersion: 3, supportedProtocolVersions: [3, 2, 1] }));
    await initial;
  });

  afterAll(async () => {
    agent?.disconnect();
    await t?.stop();
    await pg?.stop();
  });

  it('ingests batches of 1,000 objects found in a cluster up to its 10,000, and refuses the next', async () => {
    const rates: number[] = [];
    for (let b = 0; b < DEFAULT_CLUSTER_OBJECT_LIMIT / 1000; b += 1) {
      const ack = next<{ seq: number }>(agent, 'batch.ack', 30_000);
      const started = performance.now();
      agent.emit('status', batch(b + 1, b * 1000));
      expect((await ack).seq).toBe(b + 1);
      rates.push(1000 / ((performance.now() - started) / 1000));
    }
    const [row] = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM flux_objects WHERE cluster_id = $1`, [clusterId]);
    expect(row!.n).toBe(DEFAULT_CLUSTER_OBJECT_LIMIT);
    const refused = next<{ code: string; message: string }>(agent, 'protocol.error', 30_000);
    agent.emit('status', batch(11, 10_000));
    expect(await refused).toMatchObject({ code: 'OBJECT_LIMIT_EXCEEDED' });
    console.log(`ingestion of cluster-origin items, batches of 1000: median ${Math.round(median(rates))} items/s, first ${Math.round(rates[0]!)}, last ${Math.round(rates.at(-1)!)} (full cluster)`);
    expect(median(rates)).toBeGreaterThan(500);
  }, 120_000);

  it('answers the first page of fluxObjects over 10,000 rows, filtered, in well under a second', async () => {
    const q = `query($filter: FluxObjectFilter, $first: Int) { fluxObjects(filter: $filter, first: $first) { totalCount edges { node { id kind namespace name clusterName state ready reason revision operations updatedAt } } } }`;
    const time = async (filter: Record<string, unknown>): Promise<{ ms: number; total: number }> => {
      const samples: number[] = [];
      let total = 0;
      for (let i = 0; i < 7; i += 1) {
        const started = performance.now();
        const r = await t.gql<{ fluxObjects: { totalCount: number; edges: unknown[] } }>(viewer, q, { filter, first: 50 });
        samples.push(performance.now() - started);
        expect(r.errors).toBeUndefined();
        total = r.data!.fluxObjects.totalCount;
      }
      return { ms: median(samples), total };
    };
    const all = await time({});
    const failingReleases = await time({ kinds: ['HelmRelease'], states: ['FAILING'] });
    const search = await time({ search: 'app-99' });
    const inCluster = await time({ clusterId, kinds: ['Kustomization'], origin: 'CLUSTER' });
    expect(all.total).toBe(10_000);
    expect(failingReleases.total).toBeGreaterThan(0);
    console.log(
      `fluxObjects first page (50) over 10,000 rows, median of 7: unfiltered ${all.ms.toFixed(1)} ms; HelmRelease+FAILING ${failingReleases.ms.toFixed(1)} ms (${failingReleases.total} rows); name search ${search.ms.toFixed(1)} ms (${search.total}); cluster+kind+origin ${inCluster.ms.toFixed(1)} ms (${inCluster.total})`,
    );
    for (const m of [all, failingReleases, search, inCluster]) expect(m.ms).toBeLessThan(1000);
  }, 60_000);

  it('answers the same first page for users whose team grants scope it, counts included', async () => {
    const admin = await t.login('admin');
    const ok = async <T>(query: string, variables: Record<string, unknown>): Promise<T> => {
      const r = await t.gql<T>(admin, query, variables);
      if (!r.data || r.errors) throw new Error(JSON.stringify(r.errors));
      return r.data;
    };
    const scopedUser = async (username: string, grant: Record<string, unknown>): Promise<Session> => {
      const { createUser } = await ok<{ createUser: { user: { id: string } } }>('mutation($i: CreateUserInput!) { createUser(input: $i) { user { id } } }', {
        i: { username, password: `${username}-password-1` },
      });
      const { createTeam } = await ok<{ createTeam: { id: string } }>('mutation($n: String!) { createTeam(name: $n) { id } }', { n: `${username}-team` });
      await ok('mutation($t: ID!, $u: ID!) { addTeamMember(teamId: $t, userId: $u) { id } }', { t: createTeam.id, u: createUser.user.id });
      await ok('mutation($i: AddTeamGrantInput!) { addTeamGrant(input: $i) { id } }', { i: { teamId: createTeam.id, ...grant } });
      return t.loginWith(username, `${username}-password-1`);
    };
    const bySelector = await scopedUser('sel', { role: 'VIEWER', clusterSelector: '!env' });
    const byNamespace = await scopedUser('nsx', { role: 'VIEWER', namespaces: ['team-1', 'team-2'] });
    const q = `query { fluxObjects(first: 50) { totalCount edges { node { id namespace } } } }`;
    const time = async (who: Session): Promise<{ ms: number; total: number; namespaces: Set<string> }> => {
      const samples: number[] = [];
      let total = 0;
      const namespaces = new Set<string>();
      for (let i = 0; i < 7; i += 1) {
        const started = performance.now();
        const r = await t.gql<{ fluxObjects: { totalCount: number; edges: { node: { namespace: string } }[] } }>(who, q);
        samples.push(performance.now() - started);
        expect(r.errors).toBeUndefined();
        total = r.data!.fluxObjects.totalCount;
        for (const e of r.data!.fluxObjects.edges) namespaces.add(e.node.namespace);
      }
      return { ms: median(samples), total, namespaces };
    };
    const fleet = await time(viewer);
    const selector = await time(bySelector);
    const namespace = await time(byNamespace);
    expect([fleet.total, selector.total, namespace.total]).toEqual([10_000, 10_000, 500]);
    // The page is ordered by namespace, so it holds the first of the two only.
    expect([...namespace.namespaces]).toEqual(['team-1']);
    console.log(
      `fluxObjects first page (50) over 10,000 rows, median of 7: fleet-wide viewer ${fleet.ms.toFixed(1)} ms; team grant by cluster selector ${selector.ms.toFixed(1)} ms (${selector.total}); team grant limited to 2 namespaces ${namespace.ms.toFixed(1)} ms (${namespace.total})`,
    );
    for (const m of [fleet, selector, namespace]) expect(m.ms).toBeLessThan(1000);
  }, 60_000);
});
