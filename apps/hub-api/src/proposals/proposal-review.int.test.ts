import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGitServer, startPostgres, startRegistry, type TestGitServer, type TestPostgres, type TestRegistry } from '@flotilla/testenv';
import { eventually, TestHub, type Session, type TestUser } from '../../test/hub-harness.js';
import { markedDeployment as deployment, pushTags } from '../images/image-test-fixtures.js';

interface Proposal {
  id: string;
  state: string;
  baseCommit: string;
  headCommit: string;
  mergedCommit: string | null;
  imageChanges: { newValue: string }[];
  files: { path: string; diff: string }[];
  manualEdits: { path: string; username: string }[];
  conflictFiles: string[];
}
const fields = 'id state baseCommit headCommit mergedCommit imageChanges { newValue } files { path diff } manualEdits { path username } conflictFiles';

// policySelector, the merge-commit strategy and hand edits of a proposal, against the real git server,
// registry and Postgres.
describe('image automations: policySelector, merge commits, hand edits (real Postgres, registry and git server)', () => {
  let pg: TestPostgres;
  let registry: TestRegistry;
  let git: TestGitServer;
  let t: TestHub;
  const s = {} as Record<TestUser, Session>;
  let url = '';
  let web = '';
  let api = '';
  const gitDir = () => path.join(git.reposDir, 'fleet.git');
  const onMain = (file: string): string => execFileSync('git', ['--git-dir', gitDir(), 'show', `main:${file}`], { encoding: 'utf8' });
  const parents = (commit: string): string[] => execFileSync('git', ['--git-dir', gitDir(), 'rev-list', '--parents', '-n', '1', commit], { encoding: 'utf8' }).trim().split(' ').slice(1);
  const mainSha = (): string => execFileSync('git', ['--git-dir', gitDir(), 'rev-parse', 'main'], { encoding: 'utf8' }).trim();

  const gql = async <T>(who: TestUser, query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const r = await t.gql<T>(s[who], query, variables);
    if (!r.data || r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data;
  };
  const errorOf = async (query: string, variables: Record<string, unknown>) => (await t.gql(s.operator, query, variables)).errors?.[0];
  const openProposals = async (): Promise<Proposal[]> => (await gql<{ updateProposals: Proposal[] }>('viewer', `query { updateProposals(open: true) { ${fields} } }`)).updateProposals;
  const createAutomation = 'mutation($input: ImageUpdateAutomationInput!) { createImageUpdateAutomation(input: $input) { id ready message warnings policySelector mergeStrategy } }';
  const policy = (name: string, repo: string, labels: { key: string; value: string }[]) =>
    gql('operator', 'mutation($input: ImagePolicyInput!) { createImagePolicy(input: $input) { id labels { key value } } }', {
      input: { namespace: 'flux-system', name, labels, imageRepositoryRef: { name: repo }, policy: { semver: { range: '~1.0' } } },
    });

  beforeAll(async () => {
    [pg, registry, git] = await Promise.all([startPostgres(), startRegistry(), startGitServer({ auth: 'basic' })]);
    t = await TestHub.start(await pg.createDatabase());
    for (const u of ['admin', 'operator', 'viewer'] as const) s[u] = await t.login(u);
    web = `${registry.host}/team/web`;
    api = `${registry.host}/team/api`;
    await pushTags(registry.host, 'team/web', ['1.0.0', '1.0.1']);
    await pushTags(registry.host, 'team/api', ['1.0.0', '1.0.1']);
    url = await git.createRepo('fleet');
    await git.pushFiles(url, { 'apps/web.yaml': deployment(`${web}:1.0.0`, 'flux-system:web'), 'apps/api.yaml': deployment(`${api}:1.0.0`, 'flux-system:api') });
    const { username, password } = git.credentials;
    await gql('operator', 'mutation($input: GitRepositoryInput!) { createGitRepository(input: $input) { id } }', { input: { namespace: 'flux-system', name: 'fleet', url, ref: { branch: 'main' }, interval: '1h', credentials: { username, password } } });
    for (const name of ['web', 'api']) {
      const { createImageRepository } = await gql<{ createImageRepository: { id: string } }>('operator', 'mutation($input: ImageRepositoryInput!) { createImageRepository(input: $input) { id } }', { input: { namespace: 'flux-system', name, image: `${registry.host}/team/${name}`, interval: '1h', insecure: true } });
      await eventually(() => gql<{ imageRepository: { ready: string } }>('viewer', 'query($id: ID!) { imageRepository(id: $id) { ready } }', { id: createImageRepository.id }), (r) => r.imageRepository.ready === 'True', 60_000);
    }
  }, 90_000);
  afterAll(async () => {
    await t?.stop();
    await Promise.all([registry?.stop(), git?.stop(), pg?.stop()]);
  });

  it('refuses a bad label or selector at the edge, naming the field', async () => {
    const badLabel = await errorOf('mutation($input: ImagePolicyInput!) { createImagePolicy(input: $input) { id } }', { input: { namespace: 'flux-system', name: 'x', labels: [{ key: '-bad', value: 'v' }], imageRepositoryRef: { name: 'web' }, policy: { semver: { range: '~1.0' } } } });
    expect(badLabel?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'labels[0].key' });
    const base = { namespace: 'flux-system', name: 'x', sourceName: 'fleet', authorName: 'Flotilla', authorEmail: 'bot@flotilla.dev' };
    expect((await errorOf(createAutomation, { input: { ...base, policySelector: 'app in (web' } }))?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'policySelector' });
    expect((await errorOf(createAutomation, { input: { ...base, mergeStrategy: 'squash' } }))?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'mergeStrategy' });
    // The hub's Go template renderer checks messageTemplate when it is saved, not at the first run.
    const template = await errorOf(createAutomation, { input: { ...base, messageTemplate: 'Update {{ range .Changed.Changes }}{{ .NewValue }}' } });
    expect(template?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'messageTemplate' });
    expect(template?.message).toMatch(/^message template: /);
    expect((await errorOf(createAutomation, { input: { ...base, messageTemplate: '{{ printf "%s" .AutomationObject }}' } }))?.extensions).toMatchObject({ field: 'messageTemplate' });
  });

  it('policySelector (Flux spec.policySelector): only the matching policy’s marker is rewritten; the other is left unchanged with a warning', async () => {
    await policy('web', 'web', [{ key: 'app', value: 'web' }]);
    await policy('api', 'api', [{ key: 'app', value: 'api' }]);
    const { createImageUpdateAutomation: a } = await gql<{ createImageUpdateAutomation: { ready: string; warnings: string[]; policySelector: string; mergeStrategy: string } }>('operator', createAutomation, {
      input: { namespace: 'flux-system', name: 'web-only', sourceName: 'fleet', authorName: 'Flotilla', authorEmail: 'bot@flotilla.dev', updatePath: './apps', policySelector: 'app = web', mergeStrategy: 'merge-commit' },
    });
    expect(a).toMatchObject({ ready: 'True', policySelector: 'app=web', mergeStrategy: 'merge-commit' });
    expect(a.warnings.join('\n')).toContain('apps/api.yaml: marker names ImagePolicy flux-system:api');
    const [p] = await eventually(openProposals, (ps) => ps.length === 1, 60_000);
    expect(p!.imageChanges).toEqual([{ newValue: `${web}:1.0.1` }]);
  });

  it('merge strategy merge-commit: main gets a merge commit whose parents are the base and the head; the proposal records it as merged', async () => {
    const [p] = await openProposals();
    await gql('operator', 'mutation($id: ID!) { approveUpdateProposal(id: $id) { id } }', { id: p!.id });
    const { mergeUpdateProposal: merged } = await gql<{ mergeUpdateProposal: Proposal }>('operator', `mutation($id: ID!) { mergeUpdateProposal(id: $id) { ${fields} } }`, { id: p!.id });
    expect(merged.state).toBe('merged');
    expect(merged.mergedCommit).toBe(mainSha());
    expect(merged.mergedCommit).not.toBe(p!.headCommit);
    expect(parents(merged.mergedCommit!)).toEqual([p!.baseCommit, p!.headCommit]);
    expect(onMain('apps/web.yaml')).toBe(deployment(`${web}:1.0.1`, 'flux-system:web'));
    expect(onMain('apps/api.yaml')).toBe(deployment(`${api}:1.0.0`, 'flux-system:api'));
    const [audit] = await t.sql<{ details: { strategy: string; mergedCommit: string } }>("SELECT details FROM audit_entries WHERE action = 'proposal.merge'");
    expect(audit!.details).toMatchObject({ strategy: 'merge-commit', mergedCommit: merged.mergedCommit });
  });

  it('relabelling a policy to match the selector makes the automation propose its update', async () => {
    const [row] = await t.sql<{ id: string }>("SELECT id FROM image_policies WHERE name = 'api'");
    await gql('operator', 'mutation($id: ID!, $input: ImagePolicyInput!) { updateImagePolicy(id: $id, input: $input) { id } }', {
      id: row!.id,
      input: { namespace: 'flux-system', name: 'api', labels: [{ key: 'app', value: 'web' }], imageRepositoryRef: { name: 'api' }, policy: { semver: { range: '~1.0' } } },
    });
    const [p] = await eventually(openProposals, (ps) => ps.length === 1, 60_000);
    expect(p!.imageChanges).toEqual([{ newValue: `${api}:1.0.1` }]);
  });

  const onBranch = (file: string): string => execFileSync('git', ['--git-dir', gitDir(), 'show', `flotilla/update-web-only:${file}`], { encoding: 'utf8' });
  const withReplicas = (n: number) => deployment(`${api}:1.0.1`, 'flux-system:api').replace('spec:\n', `spec:\n  replicas: ${n}\n`);
  const editFile = (who: TestUser, id: string, content: string) =>
    t.gql<{ editUpdateProposalFile: Proposal }>(s[who], `mutation($id: ID!, $path: String!, $content: String!) { editUpdateProposalFile(id: $id, path: $path, content: $content) { ${fields} } }`, { id, path: 'apps/api.yaml', content });

  it('a hand edit is laid over the automation’s change and pushed to the proposal branch; who edited may not approve it, someone else may', async () => {
    const [p] = await openProposals();
    expect((await t.gql(s.operator, 'mutation($id: ID!) { editUpdateProposalFile(id: $id, path: "../x", content: "") { id } }', { id: p!.id })).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'path' });
    expect((await t.gql(s.viewer, 'mutation($id: ID!) { editUpdateProposalFile(id: $id, path: "apps/api.yaml", content: "") { id } }', { id: p!.id })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const edited = await editFile('operator', p!.id, withReplicas(2));
    expect(edited.data?.editUpdateProposalFile.manualEdits).toEqual([{ path: 'apps/api.yaml', username: 'operator' }]);
    const rebuilt = await eventually(async () => (await openProposals())[0]!, (x) => x.headCommit !== p!.headCommit, 60_000);
    expect(rebuilt.files.find((f) => f.path === 'apps/api.yaml')?.diff).toContain('+  replicas: 2');
    expect(rebuilt.imageChanges).toEqual([{ newValue: `${api}:1.0.1` }]);
    expect(onBranch('apps/api.yaml')).toBe(withReplicas(2));
    const own = (await t.gql(s.operator, 'mutation($id: ID!) { approveUpdateProposal(id: $id) { id } }', { id: p!.id })).errors?.[0];
    expect(own?.extensions?.code).toBe('FORBIDDEN');
    expect(own?.message).toContain('someone else must approve it');
    const approved = await gql<{ approveUpdateProposal: Proposal }>('admin', `mutation($id: ID!) { approveUpdateProposal(id: $id) { ${fields} } }`, { id: p!.id });
    expect(approved.approveUpdateProposal.state).toBe('approved');
  });

  it('a base that changed a hand-edited file since the edit: the proposal is conflicted naming the file, nothing pushed; editing it again on the new base resolves it', async () => {
    const [p] = await openProposals();
    const branchHead = p!.headCommit;
    await git.pushFiles(url, { 'apps/api.yaml': deployment(`${api}:1.0.0`, 'flux-system:api').replace('spec:\n', 'spec:\n  replicas: 3\n') });
    const [a] = await t.sql<{ id: string }>("SELECT id FROM image_update_automations WHERE name = 'web-only'");
    const run = await gql<{ runImageUpdateAutomation: { ready: string; message: string } }>('operator', 'mutation($id: ID!) { runImageUpdateAutomation(id: $id) { ready message } }', { id: a!.id });
    expect(run.runImageUpdateAutomation).toMatchObject({ ready: 'False' });
    expect(run.runImageUpdateAutomation.message).toContain('apps/api.yaml');
    const [conflicted] = await openProposals();
    expect(conflicted).toMatchObject({ id: p!.id, state: 'conflicted', conflictFiles: ['apps/api.yaml'], headCommit: branchHead });
    expect(onBranch('apps/api.yaml')).toBe(withReplicas(2));
    expect((await t.gql(s.admin, 'mutation($id: ID!) { mergeUpdateProposal(id: $id) { id } }', { id: p!.id })).errors?.[0]?.extensions?.code).toBe('CONFLICT');
    await editFile('admin', p!.id, withReplicas(3));
    const resolved = await eventually(async () => (await openProposals())[0]!, (x) => x.state === 'open' && x.headCommit !== branchHead, 60_000);
    expect(resolved.conflictFiles).toEqual([]);
    expect(onBranch('apps/api.yaml')).toBe(withReplicas(3));
    expect(resolved.manualEdits).toEqual([{ path: 'apps/api.yaml', username: 'admin' }]);
  });
});
