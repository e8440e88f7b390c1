import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '@flotilla/testenv';
import { TestHub, type Session, type TestUser } from '../../test/hub-harness.js';
import { matchesLabelSelector, parseLabelSelector } from '@flotilla/reconcile-core';

const createToken = `mutation($input: CreateRegistrationTokenInput!) { createRegistrationToken(input: $input) { token cluster { id name } } }`;
const update = `mutation($input: UpdateClusterInput!) { updateCluster(input: $input) { id labels { key value } variables { key value } } }`;
const revoke = `mutation($id: ID!) { revokeClusterCredential(clusterId: $id) { id connectionState } }`;
const del = `mutation($id: ID!) { deleteCluster(id: $id) }`;
const list = `query($selector: String, $first: Int, $after: String) {
  clusters(selector: $selector, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { name labels { key value } } }
  } }`;

describe('clusters GraphQL (real Postgres)', () => {
  let pg: TestPostgres;
  let t: TestHub;
  const s = {} as Record<TestUser, Session>;

  beforeAll(async () => {
    pg = await startPostgres();
    t = await TestHub.start(await pg.createDatabase());
    for (const u of ['admin', 'operator', 'viewer'] as const) s[u] = await t.login(u);
  });
  afterAll(async () => {
    await t?.stop();
    await pg?.stop();
  });

  describe('roles are checked on every resolver', () => {
    let clusterId: string;
    beforeAll(async () => {
      clusterId = (await t.createToken(s.operator, 'roles-target')).cluster.id;
    });

    const cases: { name: string; query: string; vars: () => Record<string, unknown>; allowed: TestUser[] }[] = [
      { name: 'createRegistrationToken', query: createToken, vars: () => ({ input: { clusterId } }), allowed: ['operator', 'admin'] },
      { name: 'updateCluster', query: update, vars: () => ({ input: { id: clusterId, labels: [{ key: 'a', value: 'b' }] } }), allowed: ['operator', 'admin'] },
      { name: 'revokeClusterCredential', query: revoke, vars: () => ({ id: clusterId }), allowed: ['operator', 'admin'] },
    ];
    for (const c of cases) {
      it(`${c.name}: viewer → FORBIDDEN, anonymous → UNAUTHENTICATED, ${c.allowed.join('/')} allowed`, async () => {
        const viewer = await t.gql(s.viewer, c.query, c.vars());
        expect(viewer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
        expect(viewer.data).toBeNull();
        const anon = await t.gql(null, c.query, c.vars());
        expect(anon.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
        for (const u of c.allowed) {
          const ok = await t.gql(s[u], c.query, c.vars());
          expect(ok.errors, `${u} may ${c.name}`).toBeUndefined();
        }
      });
    }

    it('a viewer cannot create registration tokens (not even for a new cluster), and nothing is created', async () => {
      const r = await t.gql(s.viewer, createToken, { input: { clusterName: 'viewer-made' } });
      expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(await t.sql("SELECT id FROM clusters WHERE name = 'viewer-made'")).toHaveLength(0);
    });

    it('deleteCluster: only admin; operator and viewer → FORBIDDEN', async () => {
      const victim = (await t.createToken(s.operator, 'roles-delete')).cluster.id;
      for (const u of ['viewer', 'operator'] as const) {
        const r = await t.gql(s[u], del, { id: victim });
        expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      }
      const ok = await t.gql<{ deleteCluster: boolean }>(s.admin, del, { id: victim });
      expect(ok.data?.deleteCluster).toBe(true);
      const gone = await t.gql(s.admin, del, { id: victim });
      expect(gone.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    });

    it('viewers can read', async () => {
      const r = await t.gql<{ cluster: { id: string } }>(s.viewer, `query($id: ID!) { cluster(id: $id) { id } }`, { id: clusterId });
      expect(r.data?.cluster.id).toBe(clusterId);
    });
  });

  describe('audit', () => {
    it('writes who, what, when and from where for every mutation, without secret values', async () => {
      const started = new Date(Date.now() - 1000);
      const created = await t.gql<{ createRegistrationToken: { token: string; cluster: { id: string } } }>(
        s.operator,
        createToken,
        { input: { clusterName: 'audited', labels: [{ key: 'env', value: 'dev' }] } },
        { userAgent: 'audit-test-agent/1.0' },
      );
      const { token, cluster } = created.data!.createRegistrationToken;
      const reg = await t.register(token);
      await t.gql(s.operator, update, { input: { id: cluster.id, variables: [{ key: 'DB_PASSWORD', value: 's3cret-value' }] } }, { userAgent: 'audit-test-agent/1.0' });
      await t.gql(s.operator, revoke, { id: cluster.id });
      await t.gql(s.admin, del, { id: cluster.id });

      const rows = await t.sql<{ action: string; actor_name: string; actor_kind: string; ip: string | null; user_agent: string | null; created_at: Date; details: unknown }>(
        'SELECT * FROM audit_entries WHERE target_id = $1 ORDER BY created_at',
        [cluster.id],
      );
      expect(rows.map((r) => `${r.actor_name}:${r.action}`)).toEqual([
        'operator:cluster.create',
        'operator:registrationToken.create',
        'agent:audited:cluster.register',
        'operator:cluster.update',
        'operator:cluster.credential.revoke',
        'admin:cluster.delete',
      ]);
      for (const r of rows) {
        expect(r.ip).toMatch(/127\.0\.0\.1/);
        expect(r.created_at.getTime()).toBeGreaterThanOrEqual(started.getTime());
      }
      expect(rows[0]?.user_agent).toBe('audit-test-agent/1.0');
      expect(rows[3]?.details).toEqual({ variableKeys: ['DB_PASSWORD'] });
      const all = JSON.stringify(rows);
      expect(all).not.toContain(token);
      expect(all).not.toContain(reg.body.credential);
      expect(all).not.toContain('s3cret-value');
    });
  });

  describe('input errors carry codes', () => {
    it.each([
      [{ clusterName: 'Bad Name!' }, 'input.clusterName'],
      [{ clusterName: 'ok-name', labels: [{ key: 'env', value: 'no spaces' }] }, 'input.labels[0].value'],
      [{ clusterName: 'ok-name', ttlSeconds: 5 }, 'input.ttlSeconds'],
      [{}, 'input'],
    ])('createRegistrationToken(%j) → BAD_USER_INPUT on %s', async (input, field) => {
      const r = await t.gql(s.operator, createToken, { input });
      expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    });

    it('a taken name → CONFLICT; an unknown cluster → NOT_FOUND; a bad selector → BAD_USER_INPUT on selector', async () => {
      await t.createToken(s.operator, 'taken');
      const dup = await t.gql(s.operator, createToken, { input: { clusterName: 'taken' } });
      expect(dup.errors?.[0]?.extensions?.code).toBe('CONFLICT');
      const missing = await t.gql(s.operator, update, { input: { id: 'nope', labels: [] } });
      expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      const sel = await t.gql(s.viewer, list, { selector: 'env in (a' });
      expect(sel.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'selector' });
      const vars = await t.gql(s.operator, update, { input: { id: 'nope', variables: [{ key: '1BAD', value: 'x' }] } });
      expect(vars.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.variables[0].key' });
    });
  });

  describe('label selectors and pagination', () => {
    const fleet: [string, Record<string, string>][] = [
      ['sel-a', { env: 'prod', tier: 'a', size: '3' }],
      ['sel-b', { env: 'prod', tier: 'b', legacy: 'true', size: '12' }],
      ['sel-c', { env: 'dev', tier: 'a', size: 'x' }],
      ['sel-d', { env: 'staging', size: '007' }],
      ['sel-e', {}],
    ];
    beforeAll(async () => {
      for (const [name, labels] of fleet) {
        await t.createToken(s.operator, name, Object.entries(labels).map(([key, value]) => ({ key, value })));
      }
    });

    it.each(['env=prod', 'env=prod,tier in (a,b),!legacy', 'env!=prod', 'tier notin (a)', 'tier', '!tier', 'env in (dev,staging)', 'env==prod,tier=b', 'size>2', 'size<10', 'env in ()'])(
      'selector %s matches exactly what Kubernetes semantics say',
      async (selector) => {
        const r = await t.gql<{ clusters: { totalCount: number; edges: { node: { name: string } }[] } }>(s.viewer, list, {
          selector: `${selector}`,
          first: 100,
        });
        const parsed = parseLabelSelector(selector);
        if (!parsed.ok) throw new Error(parsed.errors[0]?.message);
        const expected = fleet.filter(([, labels]) => matchesLabelSelector(parsed.value, labels)).map(([n]) => n);
        const got = r.data!.clusters.edges.map((e) => e.node.name).filter((n) => n.startsWith('sel-'));
        expect(got).toEqual(expected);
      },
    );

    it('pages by name with cursors, hasNextPage and totalCount', async () => {
      const names: string[] = [];
      let after: string | null = null;
      let pages = 0;
      for (;;) {
        const r: Awaited<ReturnType<typeof t.gql<{ clusters: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: { name: string } }[] } }>>> =
          await t.gql(s.viewer, list, { selector: 'env', first: 2, after });
        const c = r.data!.clusters;
        expect(c.totalCount).toBe(4);
        names.push(...c.edges.map((e) => e.node.name));
        pages++;
        if (!c.pageInfo.hasNextPage) break;
        after = c.pageInfo.endCursor;
      }
      expect(names).toEqual(['sel-a', 'sel-b', 'sel-c', 'sel-d']);
      expect(pages).toBe(2);
      const bad = await t.gql(s.viewer, list, { first: 0 });
      expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
      const badCursor = await t.gql(s.viewer, list, { after: 'garbage' });
      expect(badCursor.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    });
  });

  it('createRegistrationToken returns the agent command and manifests with hub URL and token filled in', async () => {
    const r = await t.createToken(s.operator, 'manifests');
    expect(r.agentCommand).toBe(`pnpm --silent flotilla agent --hub ${t.url} --token ${r.token} --kubeconfig ~/.kube/config`);
    expect(r.agentManifests).toContain('kind: Namespace');
    expect(r.agentManifests).toContain('flotilla-system');
    expect(r.agentManifests).toContain('kind: Deployment');
    expect(r.agentManifests).toContain(r.token);
    expect(r.agentManifests).toContain('"registry.example.com/flotilla/agent:test"');
    expect(r.agentManifests).toContain(JSON.stringify(t.url));
    expect(r.agentManifests).not.toContain('{{');
    // The UI warns from these when pods could not reach the hub and says how to build the image.
    expect(r.hubUrl).toBe(t.url);
    expect(r.agentImage).toBe('registry.example.com/flotilla/agent:test');
  });
});

describe('schema.gql covers the running hub', () => {
  it('the served schema equals the one printed from the resolver list', async () => {
    const { GraphQLSchemaHost } = await import('@nestjs/graphql');
    const { lexicographicSortSchema, printSchema } = await import('graphql');
    const { printHubSchema, schemaHeader } = await import('../schema/print-schema.js');
    const pg = await startPostgres();
    const t = await TestHub.start(await pg.createDatabase());
    try {
      const served = printSchema(lexicographicSortSchema(t.hub.app.get(GraphQLSchemaHost).schema));
      expect(`${schemaHeader}${served}\n`).toBe(await printHubSchema());
    } finally {
      await t.stop();
      await pg.stop();
    }
  });
});
