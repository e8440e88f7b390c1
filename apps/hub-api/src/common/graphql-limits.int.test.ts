import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '@flotilla/testenv';
import { TestHub, type GqlResult, type Session } from '../../test/hub-harness.js';
import { GRAPHQL_LIMITS } from './graphql-limits.js';

// The schema's cycle: Kustomization.clusters → .cluster → Cluster.kustomizations → .kustomization → …
// `aliases` copies of each list per level multiply the work by (aliases × list size) per level.
function cyclicQuery(levels: number, aliases: number): string {
  const copies = (field: string, spread: string) =>
    aliases === 0 ? `${field} { ...${spread} }` : Array.from({ length: aliases }, (_, i) => `${String.fromCharCode(97 + i)}: ${field} { ...${spread} }`).join(' ');
  const fragments: string[] = [];
  for (let i = 1; i <= levels; i++) {
    const last = i === levels;
    fragments.push(`fragment K${i} on Kustomization { name ${copies('clusters', `S${i}`)} }`);
    fragments.push(`fragment S${i} on KustomizationClusterStatus { ready cluster { ...C${i} } }`);
    fragments.push(last ? `fragment C${i} on Cluster { name }` : `fragment C${i} on Cluster { name ${copies('kustomizations', `T${i}`)} }`);
    if (!last) fragments.push(`fragment T${i} on KustomizationClusterStatus { ready kustomization { ...K${i + 1} } }`);
  }
  return `query Cycle { kustomizations { ...K1 } } ${fragments.join(' ')}`;
}

describe('GraphQL cost, alias and size limits against a real hub (13 Kustomizations on 8 clusters)', () => {
  let pg: TestPostgres;
  let t: TestHub;
  let viewer: Session;

  beforeAll(async () => {
    pg = await startPostgres();
    t = await TestHub.start(await pg.createDatabase());
    const operator = await t.login('operator');
    for (let i = 0; i < 8; i++) await t.createToken(operator, `edge-${i}`, [{ key: 'env', value: 'prod' }]);
    for (let i = 0; i < 13; i++) {
      const r = await t.gql(operator, `mutation($input: KustomizationInput!) { createKustomization(input: $input) { id } }`, {
        input: { name: `app-${i}`, spec: { sourceRef: { kind: 'GitRepository', name: 'podinfo' }, interval: '5m', prune: true }, placement: { clusterSelector: 'env=prod' } },
      });
      expect(r.errors).toBeUndefined();
    }
    viewer = await t.login('viewer');
  });
  afterAll(async () => {
    await t?.stop();
    await pg?.stop();
  });

  /** Sends `query` as the viewer; returns the result, how long it took and how much the heap grew. */
  async function attack(query: string): Promise<{ r: GqlResult; ms: number; heapGrowthMb: number }> {
    const heapBefore = process.memoryUsage().heapUsed;
    const started = performance.now();
    const r = await t.gql(viewer, query);
    const ms = performance.now() - started;
    return { r, ms, heapGrowthMb: (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20 };
  }

  it('the cyclic query with three aliases per list, ten levels deep, is refused at once with a validation error', async () => {
    const query = cyclicQuery(3, 3);
    expect(query.length).toBeLessThan(1_200);
    const { r, ms, heapGrowthMb } = await attack(query);
    expect(r.status).toBe(400);
    expect(r.data ?? null).toBeNull();
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', reason: 'TOO_MANY_ALIASES' });
    expect(r.errors?.[0]?.message).toMatch(/aliases; the limit is 30/);
    expect(ms).toBeLessThan(2_000);
    expect(heapGrowthMb).toBeLessThan(64);
  });

  it('without aliases the same cycle is refused for its estimated cost, naming the cost and the limit', async () => {
    const { r, ms, heapGrowthMb } = await attack(cyclicQuery(3, 0));
    expect(r.status).toBe(400);
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', reason: 'QUERY_TOO_COSTLY', maxCost: GRAPHQL_LIMITS.maxCost });
    expect(r.errors?.[0]?.message).toMatch(/would resolve about \d+ fields; the limit is 50000/);
    expect(ms).toBeLessThan(2_000);
    expect(heapGrowthMb).toBeLessThan(64);
  });

  it('a top level of aliases under the alias limit is refused for cost', async () => {
    const one = `kustomizations { clusters { cluster { kustomizations { kustomization { name } } } } }`;
    const query = `{ ${Array.from({ length: 29 }, (_, i) => `a${i}: ${one}`).join(' ')} }`;
    const { r, ms } = await attack(query);
    expect(r.status).toBe(400);
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', reason: 'QUERY_TOO_COSTLY' });
    expect(ms).toBeLessThan(2_000);
  });

  it('fragments that each spread the next several times are refused without expanding them', async () => {
    const chain = Array.from({ length: 40 }, (_, i) => `fragment F${i} on Kustomization { name ${i === 39 ? '' : `...F${i + 1} ...F${i + 1} ...F${i + 1}`} }`);
    const { r, ms, heapGrowthMb } = await attack(`{ kustomizations { ...F0 } } ${chain.join(' ')}`);
    expect(r.status).toBe(400);
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', reason: 'QUERY_TOO_COSTLY' });
    expect(ms).toBeLessThan(2_000);
    expect(heapGrowthMb).toBeLessThan(64);
  });

  it('a document over the token limit is refused while parsing', async () => {
    const { r, ms } = await attack(`{ ${'viewer { id } '.repeat(1_000)} }`);
    expect(r.status).toBe(400);
    expect(r.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(r.errors?.[0]?.message).toMatch(/contains more th\w+ 3000 tokens/);
    expect(ms).toBeLessThan(2_000);
  });

  it('variables that do not fit the operation still get their own error, not a cost refusal', async () => {
    const r = await t.gql(viewer, `query($id: ID!) { kustomization(id: $id) { clusters { cluster { name } } } }`, {});
    expect(r.status).toBe(400);
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(r.errors?.[0]?.message).toMatch(/\$id/);
  });

  it('the hub keeps answering, and the web UI detail query over the same data passes the limits', async () => {
    const list = await t.gql<{ kustomizations: { id: string }[] }>(viewer, `{ kustomizations { id } }`);
    expect(list.data?.kustomizations).toHaveLength(13);
    const detail = await t.gql<{ kustomization: { clusters: unknown[] } }>(
      viewer,
      `query($id: ID!) { kustomization(id: $id) { id name clusters { ready reason message lastAppliedRevision cluster { id name connectionState } conditions { type status } inventory { id } } } }`,
      { id: list.data!.kustomizations[0]!.id },
    );
    expect(detail.errors).toBeUndefined();
    expect(detail.data?.kustomization.clusters).toHaveLength(8);
    // One honest step around the cycle is fine: 13 × 8 × 13 rows.
    const oneLoop = await t.gql<{ kustomizations: { clusters: { cluster: { kustomizations: unknown[] } }[] }[] }>(
      viewer,
      `{ kustomizations { clusters { cluster { kustomizations { kustomization { name } } } } } }`,
    );
    expect(oneLoop.errors).toBeUndefined();
    expect(oneLoop.data?.kustomizations[0]?.clusters[0]?.cluster.kustomizations).toHaveLength(13);
  });
});
