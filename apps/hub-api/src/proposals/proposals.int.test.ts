import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGitServer, startPostgres, startRegistry, type TestGitServer, type TestPostgres, type TestRegistry } from '@flotilla/testenv';
import { eventually, TestHub, type Session, type TestUser } from '../../test/hub-harness.js';
import { markedDeployment as deployment, pushTags } from '../images/image-test-fixtures.js';

const proposalFields = 'id automation state baseBranch headBranch baseCommit headCommit message requiredApprovals mergedCommit rejectedReason files { path diff } imageChanges { file object setter policy oldValue newValue } clusterDiffs { kustomization cluster added changed { object fields } removed error } approvals { username comment }';
interface Proposal {
  id: string;
  state: string;
  baseCommit: string;
  headCommit: string;
  mergedCommit: string | null;
  files: { path: string; diff: string }[];
  imageChanges: { file: string; object: string | null; setter: string; policy: string; oldValue: string; newValue: string }[];
  clusterDiffs: { kustomization: string; cluster: string; added: string[]; changed: { object: string; fields: string[] }[]; removed: string[]; error: string | null }[];
  approvals: { username: string; comment: string | null }[];
}


describe('image update proposals through GraphQL (real Postgres, registry and git server)', () => {
  let pg: TestPostgres;
  let registry: TestRegistry;
  let git: TestGitServer;
  let t: TestHub;
  const s = {} as Record<TestUser, Session>;
  let repoId: string;
  let url: string;

  beforeAll(async () => {
    [pg, registry, git] = await Promise.all([startPostgres(), startRegistry(), startGitServer({ auth: 'basic' })]);
    t = await TestHub.start(await pg.createDatabase());
    for (const u of ['admin', 'operator', 'viewer'] as const) s[u] = await t.login(u);
  }, 60_000);
  afterAll(async () => {
    await t?.stop();
    await Promise.all([registry?.stop(), git?.stop(), pg?.stop()]);
  });

  const gql = async <T>(who: TestUser, query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const r = await t.gql<T>(s[who], query, variables);
    if (!r.data || r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data;
  };
  const openProposals = async (): Promise<Proposal[]> => (await gql<{ updateProposals: Proposal[] }>('viewer', `query { updateProposals(open: true) { ${proposalFields} } }`)).updateProposals;
  const onMain = (file: string): string => execFileSync('git', ['--git-dir', path.join(git.reposDir, 'fleet.git'), 'show', `main:${file}`], { encoding: 'utf8' });
  const pushAndScan = async (tags: string[]): Promise<void> => {
    await pushTags(registry.host, 'team/app', tags);
    await gql('operator', 'mutation($id: ID!) { scanImageRepository(id: $id) }', { id: repoId });
  };

  it('the story: tag 1.0.1 → a proposal app:1.0.0 → 1.0.1 with clusters a and b changed at spec.template.spec.containers[0].image → approved → merged on main → rollout per cluster; then 1.0.2 opens the next proposal, and 1.0.3 and 2.0.0 with ~1.0 move it to 1.0.3 with its approval reset', async () => {
    const image = `${registry.host}/team/app`;
    await pushTags(registry.host, 'team/app', ['1.0.0']);
    url = await git.createRepo('fleet');
    await git.pushFiles(url, { 'apps/app.yaml': deployment(`${image}:1.0.0`) });
    const { username, password } = git.credentials;
    await gql('operator', 'mutation($input: GitRepositoryInput!) { createGitRepository(input: $input) { id } }', { input: { namespace: 'flux-system', name: 'fleet', url, ref: { branch: 'main' }, interval: '1h', credentials: { username, password } } });
    repoId = (await gql<{ createImageRepository: { id: string } }>('operator', 'mutation($input: ImageRepositoryInput!) { createImageRepository(input: $input) { id } }', { input: { namespace: 'flux-system', name: 'app', image, interval: '1h', insecure: true } })).createImageRepository.id;
    await eventually(() => gql<{ imageRepository: { ready: string } }>('viewer', 'query($id: ID!) { imageRepository(id: $id) { ready } }', { id: repoId }), (r) => r.imageRepository.ready === 'True', 60_000);
    // Clusters a and b run the apps through a Kustomization reading this source; c is not targeted.
    for (const name of ['a', 'b', 'c']) await t.registeredCluster(s.admin, name);
    await gql('operator', 'mutation($input: KustomizationInput!) { createKustomization(input: $input) { id } }', {
      input: { namespace: 'flux-system', name: 'apps', spec: { sourceRef: { kind: 'GitRepository', name: 'fleet' }, path: './apps', interval: '5m', prune: true }, placement: { clusterNames: ['a', 'b'] } },
    });
    await gql('operator', 'mutation($input: ImagePolicyInput!) { createImagePolicy(input: $input) { id } }', { input: { namespace: 'flux-system', name: 'app', imageRepositoryRef: { name: 'app' }, policy: { semver: { range: '~1.0' } } } });
    const automation = await gql<{ createImageUpdateAutomation: { ready: string; message: string } }>('operator', 'mutation($input: ImageUpdateAutomationInput!) { createImageUpdateAutomation(input: $input) { ready message } }', {
      input: { namespace: 'flux-system', name: 'apps', sourceName: 'fleet', authorName: 'Flotilla', authorEmail: 'bot@flotilla.dev', updatePath: './apps', messageTemplate: 'Update {{ range .Changed.Changes }}{{ .OldValue }} -> {{ .NewValue }}{{ end }}' },
    });
    expect(automation.createImageUpdateAutomation).toMatchObject({ ready: 'True', message: 'repository up-to-date' });
    expect(await openProposals()).toEqual([]);

    await pushAndScan(['1.0.1']);
    const [p1] = await eventually(openProposals, (ps) => ps.length === 1, 60_000);
    expect(p1).toMatchObject({ state: 'open', message: `Update ${image}:1.0.0 -> ${image}:1.0.1` });
    expect(p1!.imageChanges).toEqual([{ file: 'apps/app.yaml', object: 'Deployment/default/app', setter: 'flux-system:app', policy: 'flux-system:app', oldValue: `${image}:1.0.0`, newValue: `${image}:1.0.1` }]);
    const onCluster = (cluster: string) => ({ kustomization: 'flux-system/apps', cluster, added: [], changed: [{ object: 'Deployment/default/app', fields: ['spec.template.spec.containers[0].image'] }], removed: [], error: null });
    expect(p1!.clusterDiffs).toEqual([onCluster('a'), onCluster('b')]);
    expect(p1!.files[0]!.diff).toContain(`+          image: ${image}:1.0.1 # {"$imagepolicy": "flux-system:app"}`);
    expect(onMain('apps/app.yaml')).toBe(deployment(`${image}:1.0.0`));
    expect(await gql('viewer', 'query { openProposalCount }')).toEqual({ openProposalCount: 1 });

    // A viewer may neither approve nor merge; an unapproved proposal cannot be merged.
    expect((await t.gql(s.viewer, 'mutation($id: ID!) { approveUpdateProposal(id: $id) { id } }', { id: p1!.id })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await t.gql(s.operator, 'mutation($id: ID!) { mergeUpdateProposal(id: $id) { id } }', { id: p1!.id })).errors?.[0]?.extensions?.code).toBe('CONFLICT');

    const approved = await gql<{ approveUpdateProposal: Proposal }>('operator', `mutation($id: ID!) { approveUpdateProposal(id: $id, comment: "ship it") { ${proposalFields} } }`, { id: p1!.id });
    expect(approved.approveUpdateProposal).toMatchObject({ state: 'approved', approvals: [{ username: 'operator', comment: 'ship it' }] });
    const merged = (await gql<{ mergeUpdateProposal: Proposal }>('operator', `mutation($id: ID!) { mergeUpdateProposal(id: $id) { ${proposalFields} } }`, { id: p1!.id })).mergeUpdateProposal;
    expect(merged).toMatchObject({ state: 'merged', mergedCommit: p1!.headCommit });
    expect(onMain('apps/app.yaml')).toBe(deployment(`${image}:1.0.1`));

    // Rollout, from what the agents report: a waits, b applied it and is healthy; then a fails at the commit.
    const rollout = async () => (await gql<{ updateProposal: { rollout: { cluster: string; phase: string; message: string }[] } }>('viewer', 'query($id: ID!) { updateProposal(id: $id) { rollout { cluster phase message } } }', { id: p1!.id })).updateProposal.rollout;
    expect((await rollout()).map((r) => [r.cluster, r.phase])).toEqual([['a', 'waiting'], ['b', 'waiting']]);
    const [k] = await t.sql<{ id: string }>("SELECT id FROM kustomizations WHERE name = 'apps'");
    const report = async (cluster: string, ready: string, applied: string, attempted: string, reason: string | null) => {
      const [c] = await t.sql<{ id: string }>('SELECT id FROM clusters WHERE name = $1', [cluster]);
      await t.sql(`INSERT INTO flux_objects (cluster_id, kind, namespace, name, origin, kustomization_id, ready, ready_reason, ready_message, last_applied_revision, last_attempted_revision)
        VALUES ($1, 'Kustomization', 'flux-system', 'apps', 'hub', $2, $3, $4, $5, $6, $7)
        ON CONFLICT (cluster_id, kind, namespace, name) DO UPDATE SET ready = EXCLUDED.ready, ready_reason = EXCLUDED.ready_reason, ready_message = EXCLUDED.ready_message, last_applied_revision = EXCLUDED.last_applied_revision, last_attempted_revision = EXCLUDED.last_attempted_revision`,
        [c!.id, k!.id, ready, reason, reason ? 'health check failed' : 'Applied revision', applied, attempted]);
    };
    await report('a', 'True', `main@sha1:${p1!.baseCommit}`, `main@sha1:${p1!.baseCommit}`, null);
    await report('b', 'True', `main@sha1:${p1!.headCommit}`, `main@sha1:${p1!.headCommit}`, null);
    expect((await rollout()).map((r) => [r.cluster, r.phase])).toEqual([['a', 'waiting'], ['b', 'healthy']]);
    await report('a', 'False', `main@sha1:${p1!.baseCommit}`, `main@sha1:${p1!.headCommit}`, 'HealthCheckFailed');
    expect((await rollout())[0]).toMatchObject({ cluster: 'a', phase: 'failed', message: 'HealthCheckFailed: health check failed' });
    const audit = JSON.stringify(await t.sql("SELECT action, actor_name, details FROM audit_entries WHERE action LIKE 'proposal.%' ORDER BY created_at"));
    expect(audit).toMatch(/proposal\.approve.*operator.*ship it.*proposal\.merge/);

    // 1.0.2 opens the next proposal; 1.0.3 and 2.0.0 then move it to 1.0.3 (2.0.0 is outside ~1.0) and reset its approval.
    await pushAndScan(['1.0.2']);
    const [p2] = await eventually(openProposals, (ps) => ps[0]?.imageChanges[0]?.newValue === `${image}:1.0.2`, 60_000);
    await gql('operator', 'mutation($id: ID!) { approveUpdateProposal(id: $id) { id } }', { id: p2!.id });
    await pushAndScan(['1.0.3', '2.0.0']);
    const [moved] = await eventually(openProposals, (ps) => ps[0]?.imageChanges[0]?.newValue === `${image}:1.0.3`, 60_000);
    expect(moved).toMatchObject({ id: p2!.id, state: 'open', approvals: [] });
  });

  it('a base that moved after approval is not merged: PROPOSAL_OUTDATED, the proposal is rebuilt on the new base and, its change being the same, keeps its approval', async () => {
    const [p] = await openProposals();
    await gql('operator', 'mutation($id: ID!) { approveUpdateProposal(id: $id) { id } }', { id: p!.id });
    await git.pushFiles(url, { 'README.md': 'unrelated\n' });
    const r = await t.gql(s.operator, 'mutation($id: ID!) { mergeUpdateProposal(id: $id) { id } }', { id: p!.id });
    expect(r.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(r.errors?.[0]?.message).toContain('moved');
    expect(onMain('README.md')).toBe('unrelated\n');
    const rebuilt = await eventually(async () => (await openProposals())[0]!, (x) => x.baseCommit !== p!.baseCommit, 60_000);
    expect(rebuilt).toMatchObject({ id: p!.id, state: 'approved' });
    const merged = (await gql<{ mergeUpdateProposal: Proposal }>('operator', `mutation($id: ID!) { mergeUpdateProposal(id: $id) { ${proposalFields} } }`, { id: p!.id })).mergeUpdateProposal;
    expect(merged.state).toBe('merged');
    expect(onMain('apps/app.yaml')).toContain(':1.0.3 #');
    expect(onMain('README.md')).toBe('unrelated\n');
  });

  it('reject needs a reason and closes the proposal; the same change is not proposed again', async () => {
    await pushAndScan(['1.0.4']);
    const [p] = await eventually(openProposals, (ps) => ps.length === 1, 60_000);
    expect((await t.gql(s.operator, 'mutation($id: ID!) { rejectUpdateProposal(id: $id, reason: " ") { id } }', { id: p!.id })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const rejected = await gql<{ rejectUpdateProposal: { state: string; rejectedReason: string } }>('operator', 'mutation($id: ID!) { rejectUpdateProposal(id: $id, reason: "breaks login") { state rejectedReason } }', { id: p!.id });
    expect(rejected.rejectUpdateProposal).toEqual({ state: 'rejected', rejectedReason: 'breaks login' });
    // The same change is not proposed again by the next run.
    const [a] = await t.sql<{ id: string }>("SELECT id FROM image_update_automations WHERE name = 'apps'");
    await gql('operator', 'mutation($id: ID!) { runImageUpdateAutomation(id: $id) { ready } }', { id: a!.id });
    expect(await openProposals()).toEqual([]);
  });

  it('at its interval the automation rebuilds its open proposal on a base branch that moved', async () => {
    await pushAndScan(['1.0.5']);
    const [p] = await eventually(openProposals, (ps) => ps[0]?.imageChanges[0]?.newValue.endsWith(':1.0.5') === true, 60_000);
    const input = { namespace: 'flux-system', name: 'apps', sourceName: 'fleet', authorName: 'Flotilla', authorEmail: 'bot@flotilla.dev', updatePath: './apps', interval: '1s' };
    const [a] = await t.sql<{ id: string }>("SELECT id FROM image_update_automations WHERE name = 'apps'");
    await gql('operator', 'mutation($id: ID!, $input: ImageUpdateAutomationInput!) { updateImageUpdateAutomation(id: $id, input: $input) { id } }', { id: a!.id, input });
    const moved = await git.pushFiles(url, { 'docs/notes.md': 'moved\n' });
    const rebuilt = await eventually(async () => (await openProposals())[0]!, (x) => x.baseCommit === moved, 60_000);
    expect(rebuilt).toMatchObject({ id: p!.id, state: 'open' });
  });
});
