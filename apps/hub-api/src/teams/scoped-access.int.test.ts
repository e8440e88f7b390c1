import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { startPostgres, type TestPostgres } from '@flotilla/testenv';
import { HubEvents } from '../common/hub-events.js';
import { TestHub, type GqlResult, type Session } from '../../test/hub-harness.js';

// Users × scopes × operations against the real GraphQL server on real Postgres. The fleet: two dev clusters
// and one prod cluster, each holding Flux objects and events in namespaces `apps` and `infra`.
//   viewer, operator: their own (fleet-wide) role, as before teams existed.
//   dana: no role of her own; team dev-ops grants operator on `env=dev`.
//   vic:  no role of his own; team dev-apps grants viewer on `env=dev`, namespace `apps` only.
//   nora: no role and no team.

type Who = 'viewer' | 'operator' | 'dana' | 'vic' | 'nora';
/** The hub's own error code (extensions.reason), which names AGENT_NOT_CONNECTED and TOKEN_ROLE_TOO_HIGH. */
const code = (r: GqlResult) => r.errors?.[0]?.extensions?.reason ?? r.errors?.[0]?.extensions?.code ?? null;

describe('scoped grants decide every read, action and live event (real Postgres, real GraphQL)', () => {
  let pg: TestPostgres;
  let t: TestHub;
  let admin: Session;
  const s = {} as Record<Who, Session>;
  const ids = {} as Record<'dev1' | 'dev2' | 'prod1', string>;
  let devOps = '';
  let devOpsGrant = '';

  const gql = <T = Record<string, unknown>>(auth: Session | { bearer: string }, query: string, variables: Record<string, unknown> = {}) => t.gql<T>(auth, query, variables);
  const ok = async <T>(auth: Session | { bearer: string }, query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const r = await gql<T>(auth, query, variables);
    if (!r.data || r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data;
  };
  const userId = async (username: string) => (await t.sql<{ id: string }>('SELECT id FROM users WHERE username = $1', [username]))[0]!.id;
  const clusterNames = async (auth: Session | { bearer: string }, first = 50) =>
    ok<{ clusters: { totalCount: number; pageInfo: { hasNextPage: boolean }; edges: { node: { name: string } }[] } }>(
      auth,
      'query($first: Int) { clusters(first: $first) { totalCount pageInfo { hasNextPage } edges { node { name } } } }',
      { first },
    ).then((d) => ({ names: d.clusters.edges.map((e) => e.node.name), total: d.clusters.totalCount, more: d.clusters.pageInfo.hasNextPage }));

  beforeAll(async () => {
    pg = await startPostgres();
    t = await TestHub.start(await pg.createDatabase());
    admin = await t.login('admin');
    for (const [key, name, env] of [['dev1', 'dev-1', 'dev'], ['dev2', 'dev-2', 'dev'], ['prod1', 'prod-1', 'prod']] as const) {
      ids[key] = (await t.createToken(admin, name, [{ key: 'env', value: env }])).cluster.id;
      for (const ns of ['apps', 'infra']) {
        await t.sql(`INSERT INTO flux_objects (cluster_id, kind, namespace, name, origin) VALUES ($1, 'Kustomization', $2, 'podinfo', 'cluster')`, [ids[key], ns]);
        await t.sql(
          `INSERT INTO cluster_events (cluster_id, involved_kind, involved_namespace, involved_name, severity, reason, message, occurred_at)
           VALUES ($1, 'Kustomization', $2, 'podinfo', 'info', 'ReconciliationSucceeded', 'ok', now())`,
          [ids[key], ns],
        );
      }
    }
    // Hub Kustomizations in `apps` placed on env=dev and on env=prod; their source is used only by the prod one.
    for (const [id, name, selector, source] of [['k-dev', 'web-dev', 'env=dev', 'dev-src'], ['k-prod', 'web-prod', 'env=prod', 'prod-src']] as const) {
      await t.sql(`INSERT INTO kustomizations (id, namespace, name, spec, placement) VALUES ($1, 'apps', $2, $3::jsonb, $4::jsonb)`, [
        id,
        name,
        JSON.stringify({ sourceRef: { kind: 'GitRepository', name: source }, path: './', interval: '1m', prune: true }),
        JSON.stringify({ clusterSelector: selector, clusterNames: [] }),
      ]);
    }
    // Hub HelmReleases in `apps` placed likewise.
    for (const [id, name, selector] of [['hr-dev', 'chart-dev', 'env=dev'], ['hr-prod', 'chart-prod', 'env=prod']] as const) {
      await t.sql(`INSERT INTO helm_releases (id, namespace, name, spec, placement) VALUES ($1, 'apps', $2, $3::jsonb, $4::jsonb)`, [
        id,
        name,
        JSON.stringify({ interval: '10m', chart: { spec: { chart: 'web', sourceRef: { kind: 'HelmRepository', name: 'charts' } } } }),
        JSON.stringify({ clusterSelector: selector, clusterNames: [] }),
      ]);
    }
    await t.sql(
      `INSERT INTO git_repositories (id, namespace, name, url, suspend) VALUES ('src-dev', 'apps', 'dev-src', 'http://127.0.0.1:1/a.git', true), ('src-prod', 'apps', 'prod-src', 'http://127.0.0.1:1/b.git', true)`,
    );
    for (const name of ['dana', 'vic', 'nora']) {
      await ok(admin, 'mutation($i: CreateUserInput!) { createUser(input: $i) { user { id } } }', { i: { username: name, password: `${name}-password-1` } });
    }
    const team = async (name: string, members: string[], grant: Record<string, unknown>) => {
      const created = await ok<{ createTeam: { id: string } }>(admin, 'mutation($n: String!) { createTeam(name: $n) { id } }', { n: name });
      for (const m of members) await ok(admin, 'mutation($t: ID!, $u: ID!) { addTeamMember(teamId: $t, userId: $u) { id } }', { t: created.createTeam.id, u: await userId(m) });
      const granted = await ok<{ addTeamGrant: { grants: { id: string }[] } }>(admin, 'mutation($i: AddTeamGrantInput!) { addTeamGrant(input: $i) { grants { id } } }', {
        i: { teamId: created.createTeam.id, ...grant },
      });
      return { id: created.createTeam.id, grantId: granted.addTeamGrant.grants[0]!.id };
    };
    ({ id: devOps, grantId: devOpsGrant } = await team('dev-ops', ['dana'], { role: 'OPERATOR', clusterSelector: 'env=dev' }));
    await team('dev-apps', ['vic'], { role: 'VIEWER', clusterSelector: 'env in (dev)', namespaces: ['apps'] });
    s.viewer = await t.login('viewer');
    s.operator = await t.login('operator');
    for (const name of ['dana', 'vic', 'nora'] as const) s[name] = await t.loginWith(name, `${name}-password-1`);
  }, 120_000);

  afterAll(async () => {
    await t?.stop();
    await pg?.stop();
  });

  it('lists clusters within scope, with counts and pages of that scope', async () => {
    const expected: Record<Exclude<Who, 'nora'>, string[]> = {
      viewer: ['dev-1', 'dev-2', 'prod-1'],
      operator: ['dev-1', 'dev-2', 'prod-1'],
      dana: ['dev-1', 'dev-2'],
      vic: ['dev-1', 'dev-2'],
    };
    for (const [who, names] of Object.entries(expected) as [Exclude<Who, 'nora'>, string[]][]) {
      expect(await clusterNames(s[who]), who).toEqual({ names, total: names.length, more: false });
      expect(await clusterNames(s[who], 1), `${who} first page`).toEqual({ names: names.slice(0, 1), total: names.length, more: true });
    }
    expect(code(await gql(s.nora, '{ clusters { totalCount } }'))).toBe('FORBIDDEN');
  });

  it('reads one cluster by id only within scope (null outside, as for a cluster that does not exist)', async () => {
    const visible: Record<Exclude<Who, 'nora'>, (keyof typeof ids)[]> = {
      viewer: ['dev1', 'dev2', 'prod1'],
      operator: ['dev1', 'dev2', 'prod1'],
      dana: ['dev1', 'dev2'],
      vic: ['dev1', 'dev2'],
    };
    for (const [who, keys] of Object.entries(visible) as [Exclude<Who, 'nora'>, (keyof typeof ids)[]][]) {
      for (const key of ['dev1', 'dev2', 'prod1'] as const) {
        const r = await ok<{ cluster: { id: string } | null }>(s[who], 'query($id: ID!) { cluster(id: $id) { id } }', { id: ids[key] });
        expect(r.cluster?.id ?? null, `${who} → ${key}`).toBe(keys.includes(key) ? ids[key] : null);
      }
    }
  });

  it('lists and reads Flux objects and events within cluster and namespace scope', async () => {
    const where = async (who: Who) => {
      const d = await ok<{ fluxObjects: { totalCount: number; edges: { node: { clusterName: string; namespace: string } }[] } }>(
        s[who],
        '{ fluxObjects(first: 200) { totalCount edges { node { clusterName namespace } } } }',
      );
      const objects = d.fluxObjects.edges.map((e) => `${e.node.clusterName}/${e.node.namespace}`).sort();
      expect(d.fluxObjects.totalCount).toBe(objects.length);
      const events = (await ok<{ events: { clusterName: string; involvedNamespace: string }[] }>(s[who], '{ events(first: 100) { clusterName involvedNamespace } }')).events
        .map((e) => `${e.clusterName}/${e.involvedNamespace}`)
        .sort();
      return { objects, events };
    };
    const all = ['dev-1/apps', 'dev-1/infra', 'dev-2/apps', 'dev-2/infra', 'prod-1/apps', 'prod-1/infra'];
    expect(await where('viewer')).toEqual({ objects: all, events: all });
    expect(await where('dana')).toEqual({ objects: all.slice(0, 4), events: all.slice(0, 4) });
    expect(await where('vic')).toEqual({ objects: ['dev-1/apps', 'dev-2/apps'], events: ['dev-1/apps', 'dev-2/apps'] });

    const one = (who: Who, clusterId: string, namespace: string) =>
      ok<{ fluxObject: { id: string } | null }>(s[who], 'query($r: FluxObjectRefInput!) { fluxObject(ref: $r) { id } }', {
        r: { clusterId, kind: 'Kustomization', namespace, name: 'podinfo' },
      }).then((d) => d.fluxObject !== null);
    expect(await one('vic', ids.dev1, 'apps')).toBe(true);
    expect(await one('vic', ids.dev1, 'infra')).toBe(false);
    expect(await one('dana', ids.prod1, 'apps')).toBe(false);
    expect(await one('viewer', ids.prod1, 'infra')).toBe(true);
    // A cluster's own event list, reached through a cluster the caller may see, is narrowed the same way.
    const nested = await ok<{ cluster: { events: { involvedNamespace: string }[] } }>(s.vic, 'query($id: ID!) { cluster(id: $id) { events { involvedNamespace } } }', { id: ids.dev1 });
    expect(nested.cluster.events.map((e) => e.involvedNamespace)).toEqual(['apps']);
  });

  it('shows Kustomizations, their clusters and sources only where they are placed within scope', async () => {
    const ks = async (who: Who) =>
      (await ok<{ kustomizations: { name: string; clusters: { cluster: { name: string } }[] }[] }>(s[who], '{ kustomizations { name clusters { cluster { name } } } }')).kustomizations.map(
        (k) => `${k.name}:${k.clusters.map((c) => c.cluster.name).join(',')}`,
      );
    expect(await ks('viewer')).toEqual(['web-dev:dev-1,dev-2', 'web-prod:prod-1']);
    expect(await ks('dana')).toEqual(['web-dev:dev-1,dev-2']);
    expect(await ks('vic')).toEqual(['web-dev:dev-1,dev-2']);
    expect((await ok<{ kustomization: unknown }>(s.dana, '{ kustomization(id: "k-prod") { id } }')).kustomization).toBeNull();
    const sources = async (who: Who) => (await ok<{ gitRepositories: { name: string }[] }>(s[who], '{ gitRepositories { name } }')).gitRepositories.map((g) => g.name);
    expect(await sources('viewer')).toEqual(['dev-src', 'prod-src']);
    expect(await sources('dana')).toEqual(['dev-src']);
  });

  it('allows reconcile and suspend inside the operator scope and refuses them outside with an audited FORBIDDEN', async () => {
    const op = (who: Who, clusterId: string, operation: 'RECONCILE' | 'SUSPEND') =>
      gql(s[who], 'mutation($r: FluxObjectRefInput!, $o: FluxOperation!) { runFluxObjectOperation(ref: $r, operation: $o) }', {
        r: { clusterId, kind: 'Kustomization', namespace: 'apps', name: 'podinfo' },
        o: operation,
      }).then(code);
    // Allowed operations reach the agent, which is not connected in this test: that refusal proves the scope passed.
    for (const operation of ['RECONCILE', 'SUSPEND'] as const) {
      expect(await op('operator', ids.prod1, operation)).toBe('AGENT_NOT_CONNECTED');
      expect(await op('dana', ids.dev1, operation)).toBe('AGENT_NOT_CONNECTED');
      expect(await op('dana', ids.prod1, operation)).toBe('FORBIDDEN');
      expect(await op('vic', ids.dev1, operation)).toBe('FORBIDDEN');
      expect(await op('viewer', ids.dev1, operation)).toBe('FORBIDDEN');
    }
    // A hub Kustomization: a reconcile on a cluster of the scope passes (to the agent check: none is connected
    // here); its fleet-wide suspend does not.
    expect(await gql(s.dana, 'mutation { requestReconcile(input: { kind: Kustomization, id: "k-dev", clusterId: "' + ids.dev1 + '" }) }').then(code)).toBe('AGENT_NOT_CONNECTED');
    expect(await gql(s.dana, 'mutation { requestReconcile(input: { kind: Kustomization, id: "k-dev" }) }').then(code)).toBeNull();
    expect(await gql(s.dana, 'mutation { requestReconcile(input: { kind: Kustomization, id: "k-prod" }) }').then(code)).toBe('FORBIDDEN');
    expect(await gql(s.dana, 'mutation { suspend(kind: Kustomization, id: "k-dev") }').then(code)).toBe('FORBIDDEN');
    expect(await gql(s.dana, `mutation { revokeClusterCredential(clusterId: "${ids.prod1}") { id } }`).then(code)).toBe('FORBIDDEN');
    expect(await gql(s.dana, `mutation { updateCluster(input: { id: "${ids.dev1}", labels: [] }) { id } }`).then(code)).toBe('FORBIDDEN');
    const denied = await t.sql<{ details: { action: string } }>(
      `SELECT details FROM audit_entries WHERE action = 'access.denied' AND actor_name = 'dana' ORDER BY created_at, id`,
    );
    expect(denied.map((d) => d.details.action)).toEqual(
      expect.arrayContaining(['reconcile of Kustomization apps/podinfo', 'suspend of Kustomization apps/podinfo', 'suspend of a Kustomization', 'revoking the agent credential']),
    );
  });

  it('an API token acts with the lower of its role and its owner’s grants', async () => {
    const token = (await ok<{ createApiToken: { token: string } }>(s.dana, 'mutation { createApiToken(input: { name: "ci", role: VIEWER }) { token } }')).createApiToken.token;
    const bearer = { bearer: token };
    expect((await clusterNames(bearer)).names).toEqual(['dev-1', 'dev-2']);
    const r = await gql(bearer, 'mutation($r: FluxObjectRefInput!) { runFluxObjectOperation(ref: $r, operation: RECONCILE) }', {
      r: { clusterId: ids.dev1, kind: 'Kustomization', namespace: 'apps', name: 'podinfo' },
    });
    expect(code(r)).toBe('FORBIDDEN');
    expect(code(await gql(s.dana, 'mutation { createApiToken(input: { name: "too-high", role: ADMIN }) { token } }'))).toBe('TOKEN_ROLE_TOO_HIGH');
  });

  it('delivers live events only to sockets whose user may see them', async () => {
    const received: Record<string, string[]> = {};
    const sockets: Socket[] = [];
    for (const who of ['viewer', 'dana', 'vic'] as const) {
      received[who] = [];
      const socket = t.uiSocket(s[who]);
      sockets.push(socket);
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      socket.on('cluster.changed', (p: { clusterId: string }) => received[who]!.push(`cluster:${p.clusterId}`));
      socket.on('kustomization.status', (p: { id: string; clusterId: string }) => received[who]!.push(`status:${p.id}@${p.clusterId}`));
      socket.on('helmRelease.changed', (p: { id: string }) => received[who]!.push(`helm:${p.id}`));
      socket.on('helmRepository.changed', (p: { id: string }) => received[who]!.push(`helmrepo:${p.id}`));
    }
    try {
      // A new registration token for a cluster is announced as cluster.changed.
      for (const key of ['dev1', 'prod1'] as const) {
        await ok(admin, 'mutation($id: ID!) { createRegistrationToken(input: { clusterId: $id }) { token } }', { id: ids[key] });
      }
      const events = t.hub.app.get(HubEvents);
      events.emit('kustomization.status', { kustomizationId: 'k-dev', clusterId: ids.dev2 });
      events.emit('kustomization.status', { kustomizationId: 'k-prod', clusterId: ids.prod1 });
      // Hub Helm: a release goes to whoever may read it (a deleted one to fleet-wide viewers only, as there is
      // nothing left to place), a HelmRepository to fleet-wide viewers.
      events.emit('helmRelease.changed', { helmReleaseId: 'hr-dev' });
      events.emit('helmRelease.changed', { helmReleaseId: 'hr-prod' });
      events.emit('helmRelease.changed', { helmReleaseId: 'hr-gone', deleted: true });
      events.emit('helmRepository.changed', { helmRepositoryId: 'repo-1' });
      const expected = {
        viewer: [`cluster:${ids.dev1}`, `cluster:${ids.prod1}`, `status:k-dev@${ids.dev2}`, `status:k-prod@${ids.prod1}`, 'helm:hr-dev', 'helm:hr-prod', 'helm:hr-gone', 'helmrepo:repo-1'],
        dana: [`cluster:${ids.dev1}`, `status:k-dev@${ids.dev2}`, 'helm:hr-dev'],
        vic: [`cluster:${ids.dev1}`, `status:k-dev@${ids.dev2}`, 'helm:hr-dev'],
      };
      const deadline = Date.now() + 5_000;
      while (Date.now() < deadline && received.viewer!.length < expected.viewer.length) await new Promise((r) => setTimeout(r, 50));
      // Time for a wrongly delivered event to arrive too.
      await new Promise((r) => setTimeout(r, 300));
      // Distinct: the hub may announce a release again on its own (its chart resolver), which changes nothing here.
      for (const who of ['viewer', 'dana', 'vic'] as const) expect([...new Set(received[who]!)].sort(), who).toEqual([...expected[who]].sort());
    } finally {
      for (const socket of sockets) socket.disconnect();
    }
  });

  it('a grant change applies from the member’s next request', async () => {
    expect((await clusterNames(s.dana)).names).toEqual(['dev-1', 'dev-2']);
    await ok(admin, 'mutation($id: ID!) { removeTeamGrant(id: $id) { id } }', { id: devOpsGrant });
    expect(code(await gql(s.dana, '{ clusters { totalCount } }'))).toBe('FORBIDDEN');
    await ok(admin, 'mutation($i: AddTeamGrantInput!) { addTeamGrant(input: $i) { id } }', { i: { teamId: devOps, role: 'VIEWER', clusterSelector: 'env=prod' } });
    expect((await clusterNames(s.dana)).names).toEqual(['prod-1']);
    // Relabelling a cluster moves it into or out of every grant's scope at once.
    await ok(admin, 'mutation($id: ID!) { updateCluster(input: { id: $id, labels: [{ key: "env", value: "prod" }] }) { id } }', { id: ids.dev2 });
    expect((await clusterNames(s.dana)).names).toEqual(['dev-2', 'prod-1']);
    await ok(admin, 'mutation($t: ID!, $u: ID!) { removeTeamMember(teamId: $t, userId: $u) { id } }', { t: devOps, u: await userId('dana') });
    expect(code(await gql(s.dana, '{ clusters { totalCount } }'))).toBe('FORBIDDEN');
  });
});
