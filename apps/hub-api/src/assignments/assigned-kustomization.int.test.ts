import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '@flotilla/testenv';
import type { ArtifactStore } from '@flotilla/git-source';
import { TestHub, type Session } from '../../test/hub-harness.js';
import { ARTIFACT_STORE } from './artifact-store.token.js';
import { AssignmentsService } from './assignments.service.js';

// GET /api/clusters/:cluster/kustomizations/:namespace/:name[/artifact], which `flotilla build kustomization`
// reads, against the real hub on real Postgres: the Kustomization as the cluster's assignment holds it, and
// who may read it. Rows are written directly and the assignments recomputed, as the assignments tests do.

const revision = `main@sha1:${'a'.repeat(40)}`;

describe('a cluster\'s assigned Kustomization for the CLI (real Postgres, real hub)', () => {
  let pg: TestPostgres;
  let t: TestHub;
  let admin: Session;
  let vic: Session;
  let digest = '';
  const tarball = Buffer.from('artifact bytes (a real tar.gz in production)');
  let devId = '';

  const get = (path: string, auth?: Session) => fetch(`${t.url}${path}`, { headers: auth ? { cookie: auth.cookie } : {} });
  const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string } }).error;

  beforeAll(async () => {
    pg = await startPostgres();
    t = await TestHub.start(await pg.createDatabase(), { sources: { scheduler: false } });
    admin = await t.login('admin');
    digest = (await t.hub.app.get<ArtifactStore>(ARTIFACT_STORE).put(tarball)).digest;
    devId = (await t.registeredCluster(admin, 'dev-1', [{ key: 'env', value: 'dev' }])).clusterId;
    await t.registeredCluster(admin, 'prod-1', [{ key: 'env', value: 'prod' }]);
    await t.sql(`INSERT INTO git_repositories (id, namespace, name, url, status) VALUES ('src', 'apps', 'fleet', 'http://127.0.0.1:1/fleet.git', $1::jsonb), ('src-i', 'infra', 'fleet', 'http://127.0.0.1:1/fleet.git', $1::jsonb)`, [
      JSON.stringify({ observedGeneration: 1, conditions: [], artifact: { revision, digest, size: tarball.length, url: `/artifacts/${digest}`, path: 'x', lastUpdateTime: new Date().toISOString() } }),
    ]);
    for (const [id, namespace, name] of [['k-web', 'apps', 'web'], ['k-db', 'infra', 'db']] as const) {
      await t.sql(`INSERT INTO kustomizations (id, namespace, name, spec, placement) VALUES ($1, $2, $3, $4::jsonb, $5::jsonb)`, [
        id,
        namespace,
        name,
        JSON.stringify({ sourceRef: { kind: 'GitRepository', name: 'fleet' }, path: './apps', interval: '1m', prune: true, postBuild: { substitute: { greeting: 'hello' } } }),
        JSON.stringify({ clusterSelector: 'env=dev', clusterNames: [] }),
      ]);
    }
    await t.hub.app.get(AssignmentsService).recompute();
    // vic: no role of his own; a team grants viewer on env=dev clusters, namespace apps only.
    const ok = async <T>(query: string, variables: Record<string, unknown>) => {
      const r = await t.gql<T>(admin, query, variables);
      if (!r.data || r.errors) throw new Error(JSON.stringify(r.errors));
      return r.data;
    };
    const user = await ok<{ createUser: { user: { id: string } } }>('mutation($i: CreateUserInput!) { createUser(input: $i) { user { id } } }', { i: { username: 'vic', password: 'vic-password-1' } });
    const team = await ok<{ createTeam: { id: string } }>('mutation($n: String!) { createTeam(name: $n) { id } }', { n: 'dev-apps' });
    await ok('mutation($t: ID!, $u: ID!) { addTeamMember(teamId: $t, userId: $u) { id } }', { t: team.createTeam.id, u: user.createUser.user.id });
    await ok('mutation($i: AddTeamGrantInput!) { addTeamGrant(input: $i) { id } }', { i: { teamId: team.createTeam.id, role: 'VIEWER', clusterSelector: 'env=dev', namespaces: ['apps'] } });
    vic = await t.loginWith('vic', 'vic-password-1');
  });
  afterAll(async () => {
    await t?.stop();
    await pg?.stop();
  });

  it('answers the spec and cluster variables the agent gets, the source revision, and the artifact bytes', async () => {
    const res = await get('/api/clusters/dev-1/kustomizations/apps/web', admin);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { cluster: unknown; kustomization: { spec: unknown; variables: unknown }; source: unknown };
    expect(body.cluster).toEqual({ id: devId, name: 'dev-1' });
    expect(body.kustomization.variables).toEqual({ cluster_name: 'dev-1', cluster_id: devId, cluster_label_env: 'dev' });
    expect(body.kustomization.spec).toMatchObject({ path: './apps', postBuild: { substitute: { greeting: 'hello' } } });
    expect(body.source).toEqual({ kind: 'GitRepository', namespace: 'apps', name: 'fleet', revision, digest });
    const artifact = await get('/api/clusters/dev-1/kustomizations/apps/web/artifact', admin);
    expect(artifact.status).toBe(200);
    expect(artifact.headers.get('content-type')).toBe('application/gzip');
    expect(Buffer.from(await artifact.arrayBuffer())).toEqual(tarball);
  });

  it('unknown cluster or Kustomization: 404 with its code; not placed on the cluster: 409 NOT_PLACED; no login: 401', async () => {
    const noCluster = await get('/api/clusters/nope/kustomizations/apps/web', admin);
    expect(noCluster.status).toBe(404);
    expect(await errorOf(noCluster)).toEqual({ code: 'CLUSTER_NOT_FOUND', message: "cluster 'nope' not found" });
    const noKs = await get('/api/clusters/dev-1/kustomizations/apps/nope/artifact', admin);
    expect(noKs.status).toBe(404);
    expect((await errorOf(noKs)).code).toBe('KUSTOMIZATION_NOT_FOUND');
    const notPlaced = await get('/api/clusters/prod-1/kustomizations/apps/web/artifact', admin);
    expect(notPlaced.status).toBe(409);
    expect(await errorOf(notPlaced)).toEqual({ code: 'NOT_PLACED', message: "Kustomization 'web' in 'apps' namespace is not placed on cluster 'prod-1' (its placement does not select it)" });
    expect((await get('/api/clusters/dev-1/kustomizations/apps/web')).status).toBe(401);
  });

  it('a scoped viewer reads only within the grant: another namespace or cluster is answered as missing (nothing leaks)', async () => {
    expect((await get('/api/clusters/dev-1/kustomizations/apps/web/artifact', vic)).status).toBe(200);
    const otherNamespace = await get('/api/clusters/dev-1/kustomizations/infra/db/artifact', vic);
    expect(otherNamespace.status).toBe(404);
    expect((await errorOf(otherNamespace)).code).toBe('KUSTOMIZATION_NOT_FOUND');
    expect((await get('/api/clusters/dev-1/kustomizations/infra/db', admin)).status).toBe(200);
    const otherCluster = await get('/api/clusters/prod-1/kustomizations/apps/web', vic);
    expect(otherCluster.status).toBe(404);
    expect((await errorOf(otherCluster)).code).toBe('CLUSTER_NOT_FOUND');
  });
});
