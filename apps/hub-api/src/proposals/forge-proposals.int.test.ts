import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGitServer, startPostgres, startRegistry, type TestGitServer, type TestPostgres, type TestRegistry } from '@flotilla/testenv';
import { FakeForge } from '../../test/fake-forge.js';
import { eventually, TestHub, type Session, type TestUser } from '../../test/hub-harness.js';
import { markedDeployment as deployment, pushTags } from '../images/image-test-fixtures.js';

// Proposals as pull requests at a forge. A real GitHub cannot be reached from here: the forge is a local
// HTTP server that checks every request against GitHub's documented REST API (see test/fake-forge.ts).
// The git side is real: the automation pushes its branch to the real git server, and the forge merges by
// pushing to it, as GitHub does.

interface Proposal {
  id: string;
  state: string;
  headCommit: string;
  mergedCommit: string | null;
  closedBy: string | null;
  rejectedReason: string | null;
  forgeUrl: string | null;
  forgeNumber: number | null;
  forgeError: string | null;
  rollout: { cluster: string; phase: string }[];
}
const fields = 'id state headCommit mergedCommit closedBy rejectedReason forgeUrl forgeNumber forgeError rollout { cluster phase }';
const TOKEN = 'ghp_forgeTokenNeverShown0123456789';

describe('proposals as GitHub pull requests (fake forge checking the documented API; real Postgres, registry and git server)', () => {
  let pg: TestPostgres;
  let registry: TestRegistry;
  let git: TestGitServer;
  let forge: FakeForge;
  let t: TestHub;
  const s = {} as Record<TestUser, Session>;
  let automationId = '';
  let repoId = '';
  const mainSha = (): string => execFileSync('git', ['--git-dir', path.join(git.reposDir, 'fleet.git'), 'rev-parse', 'main'], { encoding: 'utf8' }).trim();
  const branchSha = (b: string): string => execFileSync('git', ['--git-dir', path.join(git.reposDir, 'fleet.git'), 'rev-parse', b], { encoding: 'utf8' }).trim();

  const gql = async <T>(who: TestUser, query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const r = await t.gql<T>(s[who], query, variables);
    if (!r.data || r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data;
  };
  const proposals = async (): Promise<Proposal[]> => (await gql<{ updateProposals: Proposal[] }>('viewer', `query { updateProposals { ${fields} } }`)).updateProposals;
  const run = () => gql('operator', 'mutation($id: ID!) { runImageUpdateAutomation(id: $id) { id } }', { id: automationId });
  const pushAndScan = async (tags: string[]): Promise<void> => {
    await pushTags(registry.host, 'team/app', tags);
    await gql('operator', 'mutation($id: ID!) { scanImageRepository(id: $id) }', { id: repoId });
  };
  const automationInput = (extra: Record<string, unknown> = {}) => ({ namespace: 'flux-system', name: 'apps', sourceName: 'fleet', authorName: 'Flotilla', authorEmail: 'bot@flotilla.dev', updatePath: './apps', provider: 'github', providerApiUrl: forge.apiUrl, providerRepository: 'acme/fleet', ...extra });

  beforeAll(async () => {
    [pg, registry, git] = await Promise.all([startPostgres(), startRegistry(), startGitServer({ auth: 'basic' })]);
    t = await TestHub.start(await pg.createDatabase());
    for (const u of ['admin', 'operator', 'viewer'] as const) s[u] = await t.login(u);
    const url = await git.createRepo('fleet');
    forge = await FakeForge.start({ kind: 'github', token: TOKEN, repository: 'acme/fleet', git: { url, authorization: git.authorization } });
    const image = `${registry.host}/team/app`;
    await pushTags(registry.host, 'team/app', ['1.0.0']);
    await git.pushFiles(url, { 'apps/app.yaml': deployment(`${image}:1.0.0`) });
    const { username, password } = git.credentials;
    await gql('operator', 'mutation($input: GitRepositoryInput!) { createGitRepository(input: $input) { id } }', { input: { namespace: 'flux-system', name: 'fleet', url, ref: { branch: 'main' }, interval: '1h', credentials: { username, password } } });
    repoId = (await gql<{ createImageRepository: { id: string } }>('operator', 'mutation($input: ImageRepositoryInput!) { createImageRepository(input: $input) { id } }', { input: { namespace: 'flux-system', name: 'app', image, interval: '1h', insecure: true } })).createImageRepository.id;
    await eventually(() => gql<{ imageRepository: { ready: string } }>('viewer', 'query($id: ID!) { imageRepository(id: $id) { ready } }', { id: repoId }), (r) => r.imageRepository.ready === 'True', 60_000);
    await t.registeredCluster(s.admin, 'a');
    await gql('operator', 'mutation($input: KustomizationInput!) { createKustomization(input: $input) { id } }', {
      input: { namespace: 'flux-system', name: 'apps', spec: { sourceRef: { kind: 'GitRepository', name: 'fleet' }, path: './apps', interval: '5m', prune: true }, placement: { clusterNames: ['a'] } },
    });
    await gql('operator', 'mutation($input: ImagePolicyInput!) { createImagePolicy(input: $input) { id } }', { input: { namespace: 'flux-system', name: 'app', imageRepositoryRef: { name: 'app' }, policy: { semver: { range: '~1.0' } } } });
  }, 120_000);
  afterAll(async () => {
    await t?.stop();
    await Promise.all([registry?.stop(), git?.stop(), pg?.stop(), forge?.stop()]);
  });

  it('refuses bad provider settings at the edge, naming the field; a forge needs a token', async () => {
    const err = async (input: Record<string, unknown>) => (await t.gql(s.operator, 'mutation($input: ImageUpdateAutomationInput!) { createImageUpdateAutomation(input: $input) { id } }', { input })).errors?.[0]?.extensions;
    expect(await err(automationInput({ provider: 'bitbucket', providerToken: TOKEN }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'provider' });
    expect(await err(automationInput({ providerToken: TOKEN, providerRepository: 'acme/fleet/extra' }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'providerRepository' });
    expect(await err(automationInput({ providerToken: TOKEN, providerApiUrl: 'ftp://x' }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'providerApiUrl' });
    expect(await err(automationInput({ providerToken: 'two words' }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'providerToken' });
    expect(await err(automationInput())).toMatchObject({ code: 'BAD_USER_INPUT', field: 'providerToken' });
    expect(await err(automationInput({ providerToken: TOKEN, mode: 'push' }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'provider' });
  });

  it('tag 1.0.1: the branch is pushed to the real git server, then the pull request opened (POST /repos/{owner}/{repo}/pulls) with the image change and a per-cluster diff comment; the token is never returned', async () => {
    const { createImageUpdateAutomation: a } = await gql<{ createImageUpdateAutomation: { id: string; provider: string; providerTokenSet: boolean; providerRepository: string } }>(
      'operator',
      'mutation($input: ImageUpdateAutomationInput!) { createImageUpdateAutomation(input: $input) { id provider providerTokenSet providerRepository } }',
      { input: automationInput({ providerToken: TOKEN }) },
    );
    automationId = a.id;
    expect(a).toMatchObject({ provider: 'github', providerTokenSet: true, providerRepository: 'acme/fleet' });
    await pushAndScan(['1.0.1']);
    const [p] = await eventually(proposals, (ps) => ps.length === 1 && ps[0]!.forgeNumber !== null, 60_000);
    expect(p).toMatchObject({ state: 'open', forgeNumber: 1, forgeError: null });
    expect(p!.forgeUrl).toBe(`${forge.apiUrl}/acme/fleet/pull/1`);
    const pr = forge.pulls.get(1)!;
    expect(pr).toMatchObject({ head: 'flotilla/update-apps', base: 'main', state: 'open' });
    // The branch was really pushed before the pull request was opened: the forge saw its head.
    expect(pr.headSha).toBe(p!.headCommit);
    expect(branchSha('flotilla/update-apps')).toBe(p!.headCommit);
    expect(pr.body).toContain(':1.0.0` → `');
    expect(pr.body).toContain('| a | flux-system/apps | 1 changed |');
    expect(forge.comments).toHaveLength(1);
    expect(forge.comments[0]!.body).toContain('- changed `Deployment/default/app`: `spec.template.spec.containers[0].image`');
    expect(forge.violations).toEqual([]);
    // The token is sealed: not in the API, not in the audit log.
    const audit = await t.sql<{ details: unknown }>('SELECT details FROM audit_entries');
    expect(JSON.stringify(audit)).not.toContain(TOKEN);
    const [row] = await t.sql<{ sealed: string }>('SELECT provider_token_sealed AS sealed FROM image_update_automations WHERE id = $1', [automationId]);
    expect(row?.sealed).toMatch(/\S/);
    expect(row?.sealed).not.toContain(TOKEN);
  });

  it('merged at the forge (the forge pushes main for real) → at the next run the proposal is merged at the forge’s commit and rollout tracking starts', async () => {
    const merged = await forge.mergeInUi(1);
    expect(mainSha()).toBe(merged);
    await run();
    const [p] = await proposals();
    expect(p).toMatchObject({ state: 'merged', mergedCommit: merged, closedBy: 'GitHub' });
    expect(p!.rollout).toEqual([{ cluster: 'a', phase: 'waiting' }]);
  });

  it('forge down: the next proposal stays open with a clear forgeError and is opened at the forge by a later run', async () => {
    forge.down = true;
    await pushAndScan(['1.0.2']);
    const [p] = await eventually(proposals, (ps) => ps[0]!.state === 'open' && ps[0]!.forgeError !== null, 60_000);
    expect(p!.forgeUrl).toBeNull();
    expect(p!.forgeError).toMatch(/^GitHub could not be reached at http:\/\/127\.0\.0\.1:\d+ \(POST \/repos\/acme\/fleet\/pulls\)/);
    forge.down = false;
    await run();
    const [again] = await proposals();
    expect(again).toMatchObject({ state: 'open', forgeNumber: 2, forgeError: null });
  });

  it('bad token: the proposal keeps a clear error without the secret; merging answers PROVIDER_FAILED without it', async () => {
    const wrong = 'ghp_wrongTokenAlsoSecret987';
    await gql('operator', 'mutation($id: ID!, $input: ImageUpdateAutomationInput!) { updateImageUpdateAutomation(id: $id, input: $input) { id } }', { id: automationId, input: automationInput({ providerToken: wrong }) });
    const [p] = await eventually(proposals, (ps) => ps[0]!.forgeError !== null, 60_000);
    expect(p!.forgeError).toMatch(/^GitHub refused the automation's token \(401 on [A-Z]+ \/repos\/acme\/fleet\/pulls\/2\): set a valid token/);
    expect(p!.forgeError).not.toContain(wrong);
    await gql('operator', 'mutation($id: ID!) { approveUpdateProposal(id: $id) { id } }', { id: p!.id });
    const r = await t.gql(s.operator, 'mutation($id: ID!) { mergeUpdateProposal(id: $id) { id } }', { id: p!.id });
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'PROVIDER_FAILED', reason: 'PROPOSAL_PROVIDER' });
    expect(r.errors?.[0]?.message).toMatch(/refused the automation's token \(401 on PUT \/repos\/acme\/fleet\/pulls\/2\/merge\)/);
    expect(JSON.stringify(r)).not.toContain(wrong);
  });

  it('merged in Flotilla: the forge merges the pull request pinned to the approved head (PUT …/pulls/{n}/merge with sha) and the proposal records its commit', async () => {
    // An update without a token keeps the stored one; this one puts the right token back.
    await gql('operator', 'mutation($id: ID!, $input: ImageUpdateAutomationInput!) { updateImageUpdateAutomation(id: $id, input: $input) { id } }', { id: automationId, input: automationInput({ providerToken: TOKEN }) });
    const [p] = await proposals();
    const { mergeUpdateProposal: m } = await gql<{ mergeUpdateProposal: Proposal }>('operator', `mutation($id: ID!) { mergeUpdateProposal(id: $id) { ${fields} } }`, { id: p!.id });
    expect(m).toMatchObject({ state: 'merged', mergedCommit: mainSha() });
    const mergeCall = forge.requests.findLast((r) => r.method === 'PUT' && r.path === '/repos/acme/fleet/pulls/2/merge');
    expect(mergeCall?.body).toMatchObject({ sha: p!.headCommit, merge_method: 'rebase' });
    expect(forge.violations).toEqual([]);
  });

  it('closed at the forge without merging → the proposal is rejected by the forge; rejected in Flotilla → the pull request gets the reason and is closed', async () => {
    await pushAndScan(['1.0.3']);
    const [p3] = await eventually(proposals, (ps) => ps[0]!.state === 'open' && ps[0]!.forgeNumber === 3, 60_000);
    forge.pulls.get(3)!.state = 'closed';
    await run();
    expect((await proposals())[0]).toMatchObject({ id: p3!.id, state: 'rejected', closedBy: 'GitHub', rejectedReason: 'closed at GitHub without merging' });

    await pushAndScan(['1.0.4']);
    const [p4] = await eventually(proposals, (ps) => ps[0]!.state === 'open' && ps[0]!.forgeNumber === 4, 60_000);
    await gql('operator', 'mutation($id: ID!, $reason: String!) { rejectUpdateProposal(id: $id, reason: $reason) { id } }', { id: p4!.id, reason: 'not this week' });
    expect(forge.pulls.get(4)!.state).toBe('closed');
    expect(forge.comments.at(-1)!.body).toBe('Rejected in Flotilla by operator: not this week');
    expect(forge.violations).toEqual([]);
  });
});
