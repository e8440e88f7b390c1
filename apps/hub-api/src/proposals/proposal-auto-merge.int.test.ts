import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGitServer, startPostgres, startRegistry, type TestGitServer, type TestPostgres, type TestRegistry } from '@flotilla/testenv';
import { eventually, TestHub, type Session, type TestUser } from '../../test/hub-harness.js';
import { markedDeployment as deployment, pushTags } from '../images/image-test-fixtures.js';

interface Proposal {
  id: string;
  automation: string;
  state: string;
  headCommit: string;
  mergedCommit: string | null;
  closedBy: string | null;
}
const fields = 'id automation state headCommit mergedCommit closedBy';

// Auto-merge after a delay with no rejection, against the real git server, registry and Postgres, with
// delays of a second so the hub's sweep (every 100 ms here) finds them due quickly.
describe('proposal auto-merge after a delay (real Postgres, registry and git server)', () => {
  let pg: TestPostgres;
  let registry: TestRegistry;
  let git: TestGitServer;
  let t: TestHub;
  const s = {} as Record<TestUser, Session>;
  let image = '';
  const mainOf = (repo: string, file: string): string => execFileSync('git', ['--git-dir', path.join(git.reposDir, `${repo}.git`), 'show', `main:${file}`], { encoding: 'utf8' });

  const gql = async <T>(who: TestUser, query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const r = await t.gql<T>(s[who], query, variables);
    if (!r.data || r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data;
  };
  const proposals = async (): Promise<Proposal[]> => (await gql<{ updateProposals: Proposal[] }>('viewer', `query { updateProposals { ${fields} } }`)).updateProposals;
  const proposalOf = (automation: string) => eventually(async () => (await proposals()).find((p) => p.automation === `flux-system/${automation}`), (p) => p !== undefined, 60_000).then((p) => p!);
  const automation = (name: string, repo: string, extra: Record<string, unknown>) =>
    gql<{ createImageUpdateAutomation: { id: string; autoMergeAfter: string | null; autoMergeRequiresApproval: boolean } }>(
      'operator',
      'mutation($input: ImageUpdateAutomationInput!) { createImageUpdateAutomation(input: $input) { id autoMergeAfter autoMergeRequiresApproval } }',
      { input: { namespace: 'flux-system', name, sourceName: repo, authorName: 'Flotilla', authorEmail: 'bot@flotilla.dev', updatePath: './apps', ...extra } },
    );

  beforeAll(async () => {
    [pg, registry, git] = await Promise.all([startPostgres(), startRegistry(), startGitServer({ auth: 'basic' })]);
    t = await TestHub.start(await pg.createDatabase());
    for (const u of ['admin', 'operator', 'viewer'] as const) s[u] = await t.login(u);
    image = `${registry.host}/team/app`;
    await pushTags(registry.host, 'team/app', ['1.0.0', '1.0.1']);
    const { username, password } = git.credentials;
    for (const repo of ['waits', 'unapproved', 'rejected']) {
      const url = await git.createRepo(repo);
      await git.pushFiles(url, { 'apps/app.yaml': deployment(`${image}:1.0.0`, 'flux-system:app') });
      await gql('operator', 'mutation($input: GitRepositoryInput!) { createGitRepository(input: $input) { id } }', { input: { namespace: 'flux-system', name: repo, url, ref: { branch: 'main' }, interval: '1h', credentials: { username, password } } });
    }
    const { createImageRepository } = await gql<{ createImageRepository: { id: string } }>('operator', 'mutation($input: ImageRepositoryInput!) { createImageRepository(input: $input) { id } }', { input: { namespace: 'flux-system', name: 'app', image, interval: '1h', insecure: true } });
    await eventually(() => gql<{ imageRepository: { ready: string } }>('viewer', 'query($id: ID!) { imageRepository(id: $id) { ready } }', { id: createImageRepository.id }), (r) => r.imageRepository.ready === 'True', 60_000);
    await gql('operator', 'mutation($input: ImagePolicyInput!) { createImagePolicy(input: $input) { id } }', { input: { namespace: 'flux-system', name: 'app', imageRepositoryRef: { name: 'app' }, policy: { semver: { range: '~1.0' } } } });
  }, 120_000);
  afterAll(async () => {
    await t?.stop();
    await Promise.all([registry?.stop(), git?.stop(), pg?.stop()]);
  });

  it('refuses a bad delay, and a delay in push mode, naming the field; off by default', async () => {
    const err = async (extra: Record<string, unknown>) =>
      (await t.gql(s.operator, 'mutation($input: ImageUpdateAutomationInput!) { createImageUpdateAutomation(input: $input) { id } }', { input: { namespace: 'flux-system', name: 'bad', sourceName: 'waits', authorName: 'F', authorEmail: 'f@x', ...extra } })).errors?.[0]?.extensions;
    expect(await err({ autoMergeAfter: '30 minutes' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'autoMergeAfter' });
    expect(await err({ autoMergeAfter: '30m', mode: 'push' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'autoMergeAfter' });
    const { imageUpdateAutomations } = await gql<{ imageUpdateAutomations: { autoMergeAfter: string | null }[] }>('viewer', 'query { imageUpdateAutomations { autoMergeAfter } }');
    expect(imageUpdateAutomations).toEqual([]);
  });

  it('after the delay: an unapproved proposal waits for its approval (as configured), a rejected one is never merged, one that needs no approval is merged by the system and audited as such', async () => {
    expect((await automation('waits', 'waits', { autoMergeAfter: '1s' })).createImageUpdateAutomation).toMatchObject({ autoMergeAfter: '1s', autoMergeRequiresApproval: true });
    // Rejected before its automation gets a delay: a sweep cannot race the rejection on a loaded machine.
    const base = { namespace: 'flux-system', name: 'rejected', sourceName: 'rejected', authorName: 'Flotilla', authorEmail: 'bot@flotilla.dev', updatePath: './apps' };
    const { createImageUpdateAutomation: rejectedAutomation } = await automation('rejected', 'rejected', {});
    const rejected = await proposalOf('rejected');
    await gql('operator', 'mutation($id: ID!) { rejectUpdateProposal(id: $id, reason: "not now") { id } }', { id: rejected.id });
    await gql('operator', 'mutation($id: ID!, $input: ImageUpdateAutomationInput!) { updateImageUpdateAutomation(id: $id, input: $input) { id } }', { id: rejectedAutomation.id, input: { ...base, autoMergeAfter: '1s', autoMergeRequiresApproval: false } });
    await automation('unapproved', 'unapproved', { autoMergeAfter: '1s', autoMergeRequiresApproval: false });
    const waiting = await proposalOf('waits');

    const merged = await eventually(() => proposalOf('unapproved'), (p) => p.state === 'merged', 60_000);
    expect(merged).toMatchObject({ closedBy: 'system:auto-merge', mergedCommit: merged.headCommit });
    expect(mainOf('unapproved', 'apps/app.yaml')).toBe(deployment(`${image}:1.0.1`, 'flux-system:app'));
    const audit = await t.sql<{ actor_kind: string; actor_name: string; actor_user_id: string | null; details: Record<string, unknown> }>("SELECT actor_kind, actor_name, actor_user_id, details FROM audit_entries WHERE action = 'proposal.merge' AND target_id = $1", [merged.id]);
    expect(audit).toEqual([{ actor_kind: 'system', actor_name: 'system:auto-merge', actor_user_id: null, details: expect.objectContaining({ autoMergeAfter: '1s', approvals: 0, mergedCommit: merged.mergedCommit }) }]);

    // Sweeps ran past both delays; the rejected one stays rejected and the unapproved one open, main unchanged.
    const now = await proposals();
    expect(now.find((p) => p.id === rejected.id)?.state).toBe('rejected');
    expect(now.find((p) => p.id === waiting.id)?.state).toBe('open');
    expect(mainOf('rejected', 'apps/app.yaml')).toBe(deployment(`${image}:1.0.0`, 'flux-system:app'));
    expect(mainOf('waits', 'apps/app.yaml')).toBe(deployment(`${image}:1.0.0`, 'flux-system:app'));

    await gql('admin', 'mutation($id: ID!) { approveUpdateProposal(id: $id) { id } }', { id: waiting.id });
    const approvedThenMerged = await eventually(() => proposalOf('waits'), (p) => p.state === 'merged', 60_000);
    expect(approvedThenMerged.closedBy).toBe('system:auto-merge');
    expect(mainOf('waits', 'apps/app.yaml')).toBe(deployment(`${image}:1.0.1`, 'flux-system:app'));
  });
});
