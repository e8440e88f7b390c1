import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGitServer, startPostgres, type TestGitServer, type TestPostgres } from '@flotilla/testenv';
import { FakeForge } from '../../test/fake-forge.js';
import { FLEET_EDIT_PROPOSAL, kustomization, type FleetEditProposal } from '../../test/fleet-edit-repo.js';
import { eventually, TestHub, type Session, type TestUser } from '../../test/hub-harness.js';

// A FleetSync's proposed edits as pull requests at its forge. A real GitHub cannot be reached from here: the
// forge is a local HTTP server that checks every request against GitHub's documented REST API (see
// test/fake-forge.ts). The git side is real: the hub pushes the edit's branch to the real git server, and the
// forge merges by pushing to it, as GitHub does.

type Proposal = FleetEditProposal & { closedBy: string | null; rejectedReason: string | null; forgeUrl: string | null; forgeNumber: number | null; forgeError: string | null };
const PROPOSAL = `${FLEET_EDIT_PROPOSAL} closedBy rejectedReason forgeUrl forgeNumber forgeError`;
const TOKEN = 'ghp_fleetForgeTokenNeverShown42';
const SYNC_FIELDS = 'id provider providerApiUrl providerRepository providerTokenSet';

describe('FleetSync edits as GitHub pull requests (fake forge checking the documented API; real Postgres and git server)', () => {
  let pg: TestPostgres;
  let git: TestGitServer;
  let forge: FakeForge;
  let t: TestHub;
  const s = {} as Record<TestUser, Session>;
  let syncId = '';
  let webId = '';
  const responses: unknown[] = [];

  const gitDir = () => path.join(git.reposDir, 'fleet.git');
  const sha = (ref: string): string => execFileSync('git', ['--git-dir', gitDir(), 'rev-parse', ref], { encoding: 'utf8' }).trim();
  const gql = async <T>(who: TestUser, query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const r = await t.gql<T>(s[who], query, variables);
    responses.push(r);
    if (!r.data || r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data;
  };
  const syncInput = (extra: Record<string, unknown> = {}) => ({ name: 'hub', sourceName: 'fleet', path: './clusters/hub', provider: 'github', providerApiUrl: forge.apiUrl, providerRepository: 'acme/fleet', ...extra });
  const web = async () => (await gql<{ kustomizations: { id: string; name: string; interval: string }[] }>('viewer', '{ kustomizations { id name interval } }')).kustomizations.find((k) => k.name === 'web');
  const proposal = async (id: string) => (await gql<{ updateProposal: Proposal }>('viewer', `query($id: ID!) { updateProposal(id: $id) { ${PROPOSAL} } }`, { id })).updateProposal;
  const proposeInterval = async (interval: string): Promise<Proposal> =>
    (
      await gql<{ proposeKustomizationEdit: Proposal }>('operator', `mutation($id: ID!, $input: KustomizationInput!) { proposeKustomizationEdit(id: $id, input: $input) { ${PROPOSAL} } }`, {
        id: webId,
        input: { name: 'web', spec: { sourceRef: { kind: 'GitRepository', name: 'app' }, path: './deploy', prune: true, interval }, placement: { clusterNames: [] } },
      })
    ).proposeKustomizationEdit;
  const reconcile = () => gql('operator', 'mutation($id: ID!) { reconcileFleetSync(id: $id) }', { id: syncId });

  beforeAll(async () => {
    [pg, git] = await Promise.all([startPostgres(), startGitServer()]);
    t = await TestHub.start(await pg.createDatabase());
    for (const u of ['admin', 'operator', 'viewer'] as const) s[u] = await t.login(u);
    const url = await git.createRepo('fleet');
    forge = await FakeForge.start({ kind: 'github', token: TOKEN, repository: 'acme/fleet', git: { url, authorization: git.authorization } });
    await git.pushFiles(url, { 'clusters/hub/apps.yaml': kustomization('web', './deploy', ' # the web tier') });
    await gql('admin', 'mutation($input: GitRepositoryInput!) { createGitRepository(input: $input) { id } }', { input: { name: 'fleet', url, ref: { branch: 'main' }, interval: '1h' } });
    await gql('admin', 'mutation($input: GitRepositoryInput!) { createGitRepository(input: $input) { id } }', { input: { name: 'app', url: await git.createRepo('app'), interval: '1h' } });
  }, 120_000);
  afterAll(async () => {
    await t?.stop();
    await Promise.all([git?.stop(), pg?.stop(), forge?.stop()]);
  });

  it('bad provider settings are refused at the edge with the automation’s rules, naming the field; nothing is stored', async () => {
    const err = async (input: Record<string, unknown>) => (await t.gql(s.admin, 'mutation($input: FleetSyncInput!) { createFleetSync(input: $input) { id } }', { input })).errors?.[0]?.extensions;
    expect(await err(syncInput({ provider: 'bitbucket', providerToken: TOKEN }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'provider' });
    expect(await err(syncInput({ providerToken: TOKEN, providerRepository: 'acme/fleet/extra' }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'providerRepository' });
    expect(await err(syncInput({ providerToken: TOKEN, providerApiUrl: 'ftp://x' }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'providerApiUrl' });
    expect(await err(syncInput({ providerToken: 'two words' }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'providerToken' });
    // A forge needs a token.
    expect(await err(syncInput())).toMatchObject({ code: 'BAD_USER_INPUT', field: 'providerToken' });
    expect(await t.sql('SELECT id FROM fleet_syncs')).toEqual([]);
  });

  it('a FleetSync with GitHub settings: the token is sealed, never returned; an update without a token keeps it, a bad one changes nothing', async () => {
    const { createFleetSync: created } = await gql<{ createFleetSync: { id: string; provider: string; providerRepository: string; providerTokenSet: boolean } }>('admin', `mutation($input: FleetSyncInput!) { createFleetSync(input: $input) { ${SYNC_FIELDS} } }`, {
      input: syncInput({ providerToken: TOKEN }),
    });
    syncId = created.id;
    expect(created).toMatchObject({ provider: 'github', providerApiUrl: forge.apiUrl, providerRepository: 'acme/fleet', providerTokenSet: true });
    const [row] = await t.sql<{ sealed: string }>('SELECT provider_token_sealed AS sealed FROM fleet_syncs WHERE id = $1', [syncId]);
    expect(row?.sealed).toMatch(/\S/);
    expect(row?.sealed).not.toContain(TOKEN);

    const bad = await t.gql(s.admin, 'mutation($id: ID!, $input: FleetSyncInput!) { updateFleetSync(id: $id, input: $input) { id } }', { id: syncId, input: syncInput({ provider: 'gitlab', providerRepository: 'not a project' }) });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'providerRepository' });
    const kept = await gql<{ updateFleetSync: { providerTokenSet: boolean; provider: string } }>('admin', `mutation($id: ID!, $input: FleetSyncInput!) { updateFleetSync(id: $id, input: $input) { ${SYNC_FIELDS} } }`, { id: syncId, input: syncInput() });
    expect(kept.updateFleetSync).toMatchObject({ provider: 'github', providerTokenSet: true });
    expect((await t.sql<{ sealed: string }>('SELECT provider_token_sealed AS sealed FROM fleet_syncs WHERE id = $1', [syncId]))[0]?.sealed).toBe(row?.sealed);
    webId = (await eventually(web, (k) => k !== undefined, 30_000))!.id;
  });

  it('proposing an edit pushes its branch to the real git server, then opens the pull request (POST /repos/{owner}/{repo}/pulls) with the head, base and the commit’s subject as title; its URL is on the proposal', async () => {
    const p = await proposeInterval('10m');
    expect(p).toMatchObject({ state: 'open', forgeNumber: 1, forgeError: null, forgeUrl: `${forge.apiUrl}/acme/fleet/pull/1` });
    const pr = forge.pulls.get(1)!;
    expect(pr).toMatchObject({ head: p.headBranch, base: 'main', title: 'Edit Kustomization flotilla-system/web', state: 'open' });
    expect(p.headBranch).toMatch(/^flotilla\/edit-kustomization-web-/);
    // The branch was pushed before the pull request was opened: the forge saw its head.
    expect(pr.headSha).toBe(p.headCommit);
    expect(sha(p.headBranch)).toBe(p.headCommit);
    expect(pr.body).toContain(`Edit of \`Kustomization flotilla-system/web\` in \`clusters/hub/apps.yaml\`, proposed by operator in Flotilla (proposal \`${p.id}\`).`);
    expect(pr.body).toContain('the Flotilla FleetSync `flotilla-system/hub` applies it');
    expect(forge.comments.map((c) => c.number)).toEqual([1]);
    expect(forge.violations).toEqual([]);
  });

  it('merged at the forge (the forge pushes main for real) → at the FleetSync’s next reconcile the proposal is merged at the forge’s commit, and the hub applies that commit', async () => {
    const [p] = (await gql<{ updateProposals: Proposal[] }>('viewer', `query { updateProposals { ${PROPOSAL} } }`)).updateProposals;
    const merged = await forge.mergeInUi(1);
    expect(sha('main')).toBe(merged);
    await reconcile();
    expect(await proposal(p!.id)).toMatchObject({ state: 'merged', mergedCommit: merged, closedBy: 'GitHub' });
    // The merge refetched the source: the FleetSync applies the merged revision.
    await eventually(web, (k) => k?.interval === '10m', 30_000);
    const status = await gql<{ fleetSync: { lastAppliedRevision: string } }>('viewer', 'query($id: ID!) { fleetSync(id: $id) { lastAppliedRevision } }', { id: syncId });
    expect(status.fleetSync.lastAppliedRevision).toBe(`main@sha1:${merged}`);
  });

  it('closed at the forge without merging → at the next reconcile the proposal is rejected, closed by the forge', async () => {
    const p = await proposeInterval('15m');
    expect(p.forgeNumber).toBe(2);
    forge.pulls.get(2)!.state = 'closed';
    await reconcile();
    expect(await proposal(p.id)).toMatchObject({ state: 'rejected', closedBy: 'GitHub', rejectedReason: 'closed at GitHub without merging' });
    expect((await web())?.interval).toBe('10m');
  });

  it('forge down when proposing: the proposal is kept with a clear forgeError, and the next reconcile opens its pull request', async () => {
    forge.down = true;
    let p: Proposal;
    try {
      p = await proposeInterval('20m');
    } finally {
      forge.down = false;
    }
    expect(p).toMatchObject({ state: 'open', forgeUrl: null, forgeNumber: null });
    expect(p.forgeError).toMatch(/^GitHub could not be reached at http:\/\/127\.0\.0\.1:\d+ \(POST \/repos\/acme\/fleet\/pulls\)/);
    expect(sha(p.headBranch)).toBe(p.headCommit);
    await reconcile();
    expect(await proposal(p.id)).toMatchObject({ state: 'open', forgeNumber: 3, forgeError: null });
    expect(forge.pulls.get(3)).toMatchObject({ head: p.headBranch, base: 'main', headSha: p.headCommit });
  });

  it('approved and merged in Flotilla → the forge merges the pull request pinned to the reviewed head; rejected in Flotilla → the pull request gets the reason and is closed', async () => {
    const [open] = (await gql<{ updateProposals: Proposal[] }>('viewer', `query { updateProposals(open: true) { ${PROPOSAL} } }`)).updateProposals;
    expect(open?.forgeNumber).toBe(3);
    await gql('admin', 'mutation($id: ID!) { approveUpdateProposal(id: $id) { state } }', { id: open!.id });
    const { mergeUpdateProposal: m } = await gql<{ mergeUpdateProposal: Proposal }>('admin', `mutation($id: ID!) { mergeUpdateProposal(id: $id) { ${PROPOSAL} } }`, { id: open!.id });
    expect(m).toMatchObject({ state: 'merged', mergedCommit: sha('main') });
    expect(forge.requests.findLast((r) => r.method === 'PUT' && r.path === '/repos/acme/fleet/pulls/3/merge')?.body).toMatchObject({ sha: open!.headCommit, merge_method: 'rebase' });
    await eventually(web, (k) => k?.interval === '20m', 30_000);

    const p = await proposeInterval('25m');
    await gql('admin', 'mutation($id: ID!, $reason: String!) { rejectUpdateProposal(id: $id, reason: $reason) { id } }', { id: p.id, reason: 'not this week' });
    expect(forge.pulls.get(p.forgeNumber!)!.state).toBe('closed');
    expect(forge.comments.at(-1)!.body).toBe('Rejected in Flotilla by admin: not this week');
    expect(forge.violations).toEqual([]);
  });

  it('the token never appears in a GraphQL answer, a log line or the audit log; a wrong one gives a clear forgeError without it', async () => {
    const wrong = 'ghp_wrongFleetTokenAlsoSecret7';
    await gql('admin', `mutation($id: ID!, $input: FleetSyncInput!) { updateFleetSync(id: $id, input: $input) { ${SYNC_FIELDS} } }`, { id: syncId, input: syncInput({ providerToken: wrong }) });
    const p = await proposeInterval('30m');
    expect(p.forgeError).toMatch(/^GitHub refused the FleetSync's token \(401 on POST \/repos\/acme\/fleet\/pulls\): set a valid token/);
    responses.push(await t.gql(s.admin, `query { fleetSyncs { ${SYNC_FIELDS} } updateProposals { ${PROPOSAL} } }`));
    const audit = JSON.stringify(await t.sql('SELECT * FROM audit_entries'));
    const logs = JSON.stringify(t.logger.lines);
    for (const text of [JSON.stringify(responses), logs, audit]) {
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain(wrong);
    }
  });
});
