import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGitServer, startPostgres, type TestGitServer, type TestPostgres } from '@flotilla/testenv';
import { bareRepo, FLEET_EDIT_PROPOSAL as PROPOSAL, kustomization, type FleetEditProposal as Proposal } from '../../test/fleet-edit-repo.js';
import { eventually, TestHub, type Session, type TestUser } from '../../test/hub-harness.js';

interface K {
  id: string;
  name: string;
  path: string;
  managedBy: { file: string } | null;
}

const APPS = `# The team's apps: web first, api second.
${kustomization('web', './deploy', ' # the web tier')}---
# The api keeps its own interval.
${kustomization('api', './api')}`;

const gitRepository = (name: string, repoUrl: string) => `apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata:
  name: ${name}
spec:
  url: ${repoUrl}
  ref:
    branch: main
  interval: 1h # hourly is enough
`;

const PLACEMENT = `apiVersion: placement.flotilla.dev/v1alpha1
kind: Placement
metadata:
  name: prod
spec:
  kustomizations: [api]
  clusters: [edge-1]
`;

// A chart repository and an OCI source in one file, with comments: a proposal for one keeps the other.
const REPOS = `# Where the charts come from.
apiVersion: source.toolkit.fluxcd.io/v1
kind: HelmRepository
metadata:
  name: charts
spec:
  url: https://charts.example.com/stable # the public mirror
  interval: 1h
---
apiVersion: source.toolkit.fluxcd.io/v1
kind: OCIRepository
metadata:
  name: manifests
spec:
  url: oci://registry.example.com/team/manifests
  ref:
    tag: "1.0" # pinned until the next release
  interval: 10m
`;

const IMAGES = `apiVersion: image.toolkit.fluxcd.io/v1
kind: ImageRepository
metadata:
  name: app
spec:
  image: ghcr.io/team/app
  interval: 5m # scanned often
---
apiVersion: image.toolkit.fluxcd.io/v1
kind: ImagePolicy
metadata:
  name: app
spec:
  imageRepositoryRef:
    name: app
  policy:
    semver:
      range: ">=1.0.0 <2.0.0" # the 1.x line
---
apiVersion: image.toolkit.fluxcd.io/v1
kind: ImageUpdateAutomation
metadata:
  name: bump
spec:
  interval: 30m
  sourceRef:
    kind: GitRepository
    name: app
  git:
    commit:
      author:
        email: bot@example.com # the bot
  update:
    path: ./deploy
`;

describe('FleetSync edits proposed in git (real Postgres, real git server)', () => {
  let pg: TestPostgres;
  let git: TestGitServer;
  let t: TestHub;
  const s = {} as Record<TestUser, Session>;
  let url: string;
  let syncId: string;

  beforeAll(async () => {
    [pg, git] = await Promise.all([startPostgres(), startGitServer()]);
    t = await TestHub.start(await pg.createDatabase());
    for (const u of ['admin', 'operator', 'viewer'] as const) s[u] = await t.login(u);
    url = await git.createRepo('fleet');
    const libUrl = await git.createRepo('lib');
    await git.pushFiles(url, { 'clusters/hub/apps.yaml': APPS, 'clusters/hub/solo.yaml': kustomization('solo', './solo'), 'clusters/hub/placement.yaml': PLACEMENT, 'clusters/hub/sources.yaml': gitRepository('lib', libUrl), 'clusters/hub/repos.yaml': REPOS, 'clusters/hub/images.yaml': IMAGES });
    await gql('admin', 'mutation($input: GitRepositoryInput!) { createGitRepository(input: $input) { id } }', { input: { name: 'fleet', url, ref: { branch: 'main' }, interval: '1h' } });
    await gql('admin', 'mutation($input: GitRepositoryInput!) { createGitRepository(input: $input) { id } }', { input: { name: 'app', url: await git.createRepo('app'), interval: '1h' } });
    syncId = (await gql<{ createFleetSync: { id: string } }>('admin', 'mutation($input: FleetSyncInput!) { createFleetSync(input: $input) { id } }', { input: { name: 'hub', sourceName: 'fleet', path: './clusters/hub' } })).createFleetSync.id;
    await eventually(() => byName('solo'), (k) => k?.managedBy !== null && k?.managedBy !== undefined, 30_000);
  }, 120_000);
  afterAll(async () => {
    await t?.stop();
    await Promise.all([git?.stop(), pg?.stop()]);
  });

  async function gql<T>(who: TestUser, query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const r = await t.gql<T>(s[who], query, variables);
    if (!r.data || r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data;
  }
  async function byName(name: string): Promise<K | undefined> {
    return (await gql<{ kustomizations: K[] }>('viewer', '{ kustomizations { id name path managedBy { file } } }')).kustomizations.find((k) => k.name === name);
  }
  const gitDir = () => path.join(git.reposDir, 'fleet.git');
  const { show, branches } = bareRepo(gitDir);
  const inputOf = (name: string, p: string, interval = '5m') => ({ name, spec: { sourceRef: { kind: 'GitRepository', name: 'app' }, path: p, prune: true, interval }, placement: { clusterNames: [] } });
  const proposeEdit = (who: TestUser, id: string, input: Record<string, unknown>) =>
    t.gql<{ proposeKustomizationEdit: Proposal }>(s[who], `mutation($id: ID!, $input: KustomizationInput!) { proposeKustomizationEdit(id: $id, input: $input) { ${PROPOSAL} } }`, { id, input });
  const proposeDelete = (who: TestUser, id: string) => t.gql<{ proposeFleetDelete: Proposal }>(s[who], `mutation($id: ID!) { proposeFleetDelete(kind: "Kustomization", id: $id) { ${PROPOSAL} } }`, { id });

  it('an edit of a managed Kustomization → a proposal whose head branch changes only that document’s field (comments, order and the other document kept); approved by someone else and merged fast-forward → main has the commit and the FleetSync applies it', async () => {
    const web = (await byName('web'))!;
    const mainBefore = execFileSync('git', ['--git-dir', gitDir(), 'rev-parse', 'main'], { encoding: 'utf8' }).trim();
    const r = await proposeEdit('operator', web.id, inputOf('web', './deploy/v2'));
    expect(r.errors).toBeUndefined();
    const p = r.data!.proposeKustomizationEdit;
    expect(p).toMatchObject({ automation: null, state: 'open', baseBranch: 'main', baseCommit: mainBefore, requiredApprovals: 1 });
    expect(p.fleetEdit).toEqual({ fleetSync: 'flotilla-system/hub', kind: 'Kustomization', namespace: 'flotilla-system', name: 'web', objectId: web.id, file: 'clusters/hub/apps.yaml', action: 'edit', proposedBy: 'operator' });
    expect(p.headBranch).toMatch(/^flotilla\/edit-kustomization-web-/);
    expect(show(p.headBranch, 'clusters/hub/apps.yaml')).toBe(APPS.replace('path: ./deploy # the web tier', 'path: ./deploy/v2 # the web tier'));
    expect(p.files).toHaveLength(1);
    expect(p.files[0]!.diff).toContain('-  path: ./deploy # the web tier\n+  path: ./deploy/v2 # the web tier');
    // Nothing applied yet: main and the hub object are as they were.
    expect(show('main', 'clusters/hub/apps.yaml')).toBe(APPS);
    expect((await byName('web'))!.path).toBe('./deploy');

    // Who proposed may not approve; a viewer may not either.
    const self = await t.gql(s.operator, 'mutation($id: ID!) { approveUpdateProposal(id: $id) { state } }', { id: p.id });
    expect(self.errors?.[0]?.message).toContain('you proposed this change; someone else must approve it');
    const viewer = await t.gql(s.viewer, 'mutation($id: ID!) { approveUpdateProposal(id: $id) { state } }', { id: p.id });
    expect(viewer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await gql<{ approveUpdateProposal: { state: string } }>('admin', 'mutation($id: ID!) { approveUpdateProposal(id: $id) { state } }', { id: p.id })).approveUpdateProposal.state).toBe('approved');
    const merged = (await gql<{ mergeUpdateProposal: Proposal }>('admin', `mutation($id: ID!) { mergeUpdateProposal(id: $id) { ${PROPOSAL} } }`, { id: p.id })).mergeUpdateProposal;
    expect(merged).toMatchObject({ state: 'merged', mergedCommit: p.headCommit });
    expect(execFileSync('git', ['--git-dir', gitDir(), 'rev-parse', 'main'], { encoding: 'utf8' }).trim()).toBe(p.headCommit);
    // The merge refetches the source; its new artifact makes the FleetSync apply the revision.
    await eventually(() => byName('web'), (k) => k?.path === './deploy/v2', 30_000);
    const sync = (await gql<{ fleetSync: { lastAppliedRevision: string } }>('viewer', 'query($id: ID!) { fleetSync(id: $id) { lastAppliedRevision } }', { id: syncId })).fleetSync;
    expect(sync.lastAppliedRevision).toBe(`main@sha1:${p.headCommit}`);
    expect((await byName('web'))!.managedBy).toEqual({ file: 'clusters/hub/apps.yaml' });
  }, 120_000);

  it('a delete of the only object of a file proposes removing the file; the list shows the proposal with its origin', async () => {
    const solo = (await byName('solo'))!;
    const r = await proposeDelete('admin', solo.id);
    expect(r.errors).toBeUndefined();
    const p = r.data!.proposeFleetDelete;
    expect(p.fleetEdit).toMatchObject({ kind: 'Kustomization', name: 'solo', file: 'clusters/hub/solo.yaml', action: 'delete', proposedBy: 'admin' });
    expect(p.files[0]).toMatchObject({ path: 'clusters/hub/solo.yaml', before: kustomization('solo', './solo'), after: '' });
    expect(() => show(p.headBranch, 'clusters/hub/solo.yaml')).toThrow();
    expect(show(p.headBranch, 'clusters/hub/apps.yaml')).toBe(show('main', 'clusters/hub/apps.yaml'));
    const open = (await gql<{ updateProposals: Proposal[] }>('viewer', `{ updateProposals(open: true) { ${PROPOSAL} } }`)).updateProposals;
    expect(open.map((o) => o.id)).toContain(p.id);
    // An operator may edit but not delete, as with the hub's own delete mutation.
    expect((await proposeDelete('operator', solo.id)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  }, 60_000);

  it('bad input → a clear error and nothing committed: an invalid spec, a delete the FleetSync would refuse (a Placement names the object), a viewer', async () => {
    const before = branches();
    const api = (await byName('api'))!;
    const bad = await proposeEdit('operator', api.id, inputOf('api', './api', 'soon'));
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'spec.interval' });
    const renamed = await proposeEdit('operator', api.id, inputOf('api-2', './api'));
    expect(renamed.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
    const same = await proposeEdit('operator', api.id, { ...inputOf('api', './api'), placement: { clusterNames: ['edge-1'] } });
    expect(same.errors?.[0]?.message).toContain('nothing changed');
    // Its placement comes from the Placement in placement.yaml, not from its own document.
    const placement = await proposeEdit('operator', api.id, inputOf('api', './api'));
    expect(placement.errors?.[0]?.message).toContain('a placement given by a Placement is changed in the Placement’s file');
    const placed = await proposeDelete('admin', api.id);
    expect(placed.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(placed.errors?.[0]?.message).toContain('clusters/hub/placement.yaml');
    expect(placed.errors?.[0]?.message).toContain('no Kustomization flotilla-system/api under the path');
    const viewer = await proposeEdit('viewer', api.id, inputOf('api', './api/v2'));
    expect(viewer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(branches()).toEqual(before);
    const count = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM update_proposals WHERE fleet_edit->>'name' = 'api'`);
    expect(count).toEqual([{ n: 0 }]);
  }, 60_000);

  it('a base that moved before the merge: PROPOSAL_OUTDATED, the edit is rebuilt on the new base keeping its approval (same change), then merges; a base that changed the edited document makes it conflicted', async () => {
    const web = (await byName('web'))!;
    const approveAndMerge = async (id: string) => {
      await gql('admin', 'mutation($id: ID!) { approveUpdateProposal(id: $id) { state } }', { id });
      return t.gql<{ mergeUpdateProposal: Proposal }>(s.admin, `mutation($id: ID!) { mergeUpdateProposal(id: $id) { ${PROPOSAL} } }`, { id });
    };
    const get = async (id: string): Promise<Proposal> => (await gql<{ updateProposal: Proposal }>('viewer', `query($id: ID!) { updateProposal(id: $id) { ${PROPOSAL} } }`, { id })).updateProposal;
    const p = (await proposeEdit('operator', web.id, inputOf('web', './deploy/v3'))).data!.proposeKustomizationEdit;
    const moved = await git.pushFiles(url, { 'README.md': 'an unrelated change\n' });
    const outdated = await approveAndMerge(p.id);
    expect(outdated.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(outdated.errors?.[0]?.message).toContain('moved since the proposal was built');
    const rebuilt = await eventually(() => get(p.id), (r) => r.baseCommit === moved, 30_000);
    expect(rebuilt).toMatchObject({ state: 'approved', headBranch: p.headBranch });
    expect(rebuilt.headCommit).not.toBe(p.headCommit);
    expect(show(rebuilt.headBranch, 'README.md')).toBe('an unrelated change\n');
    const merged = await t.gql<{ mergeUpdateProposal: Proposal }>(s.admin, `mutation($id: ID!) { mergeUpdateProposal(id: $id) { state mergedCommit } }`, { id: p.id });
    expect(merged.data?.mergeUpdateProposal).toMatchObject({ state: 'merged', mergedCommit: rebuilt.headCommit });
    await eventually(() => byName('web'), (k) => k?.path === './deploy/v3', 30_000);

    const q = (await proposeEdit('operator', web.id, inputOf('web', './deploy/v4'))).data!.proposeKustomizationEdit;
    await git.pushFiles(url, { 'clusters/hub/apps.yaml': show('main', 'clusters/hub/apps.yaml').replace('prune: true', 'prune: false') });
    expect((await approveAndMerge(q.id)).errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const conflicted = await eventually(() => get(q.id), (r) => r.state === 'conflicted', 30_000);
    expect(conflicted.headCommit).toBe(q.headCommit);
  }, 120_000);

  it('a managed GitRepository: its edit is proposed in its file; credentials are never proposed (the hub holds them)', async () => {
    const repos = (await gql<{ gitRepositories: { id: string; name: string; url: string }[] }>('viewer', '{ gitRepositories { id name url } }')).gitRepositories;
    const lib = repos.find((r) => r.name === 'lib')!;
    const input = { name: 'lib', url: lib.url, ref: { branch: 'main' }, interval: '10m' };
    const withCredentials = await t.gql(s.operator, 'mutation($id: ID!, $input: GitRepositoryInput!) { proposeGitRepositoryEdit(id: $id, input: $input) { id } }', { id: lib.id, input: { ...input, credentials: { username: 'u', password: 'p' } } });
    expect(withCredentials.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'credentials' });
    const r = await gql<{ proposeGitRepositoryEdit: Proposal }>('operator', `mutation($id: ID!, $input: GitRepositoryInput!) { proposeGitRepositoryEdit(id: $id, input: $input) { ${PROPOSAL} } }`, { id: lib.id, input });
    expect(r.proposeGitRepositoryEdit.fleetEdit).toMatchObject({ kind: 'GitRepository', name: 'lib', file: 'clusters/hub/sources.yaml', action: 'edit' });
    expect(show(r.proposeGitRepositoryEdit.headBranch, 'clusters/hub/sources.yaml')).toBe(gitRepository('lib', lib.url).replace('interval: 1h # hourly is enough', 'interval: 10m # hourly is enough'));
  }, 60_000);

  it('a managed HelmRepository: only the changed field changes in its document (comments and the OCIRepository document kept); credentials and TLS are never proposed; merged, the FleetSync applies it', async () => {
    type H = { id: string; name: string; url: string; interval: string; managedBy: { file: string } | null };
    const charts = async () => (await gql<{ helmRepositories: H[] }>('viewer', '{ helmRepositories { id name url interval managedBy { file } } }')).helmRepositories.find((r) => r.name === 'charts');
    const h = (await eventually(charts, (r) => r?.managedBy?.file === 'clusters/hub/repos.yaml', 30_000))!;
    const propose = (who: TestUser, input: Record<string, unknown>) =>
      t.gql<{ proposeHelmRepositoryEdit: Proposal }>(s[who], `mutation($id: ID!, $input: HelmRepositoryInput!) { proposeHelmRepositoryEdit(id: $id, input: $input) { ${PROPOSAL} } }`, { id: h.id, input });
    const input = { name: 'charts', url: h.url, interval: '30m' };
    const before = branches();
    const withCredentials = await propose('operator', { ...input, credentials: { username: 'u', password: 'p' } });
    expect(withCredentials.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'credentials' });
    expect(JSON.stringify(withCredentials.errors)).not.toContain('"p"');
    const withTls = await propose('operator', { ...input, clearTls: true });
    expect(withTls.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'clearTls' });
    const badUrl = await propose('operator', { ...input, url: 'oci://registry.example.com/charts' });
    expect(badUrl.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'url' });
    expect((await propose('viewer', input)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(branches()).toEqual(before);

    const r = await propose('operator', input);
    expect(r.errors).toBeUndefined();
    const p = r.data!.proposeHelmRepositoryEdit;
    expect(p.fleetEdit).toMatchObject({ kind: 'HelmRepository', name: 'charts', file: 'clusters/hub/repos.yaml', action: 'edit', proposedBy: 'operator' });
    expect(p.headBranch).toMatch(/^flotilla\/edit-helmrepository-charts-/);
    expect(show(p.headBranch, 'clusters/hub/repos.yaml')).toBe(REPOS.replace('  interval: 1h\n', '  interval: 30m\n'));
    expect((await charts())!.interval).toBe('1h');
    await gql('admin', 'mutation($id: ID!) { approveUpdateProposal(id: $id) { state } }', { id: p.id });
    expect((await gql<{ mergeUpdateProposal: { state: string } }>('admin', 'mutation($id: ID!) { mergeUpdateProposal(id: $id) { state } }', { id: p.id })).mergeUpdateProposal.state).toBe('merged');
    await eventually(charts, (c) => c?.interval === '30m', 30_000);
  }, 90_000);

  it('a managed OCIRepository: its ref proposed in its file; credentials and cosign keys stay the hub’s, and turning verify on without keys at the hub is refused', async () => {
    type O = { id: string; name: string; spec: Record<string, unknown>; managedBy: { file: string } | null };
    const o = (await eventually(async () => (await gql<{ ociRepositories: O[] }>('viewer', '{ ociRepositories { id name spec managedBy { file } } }')).ociRepositories.find((r) => r.name === 'manifests'), (r) => r?.managedBy !== null && r?.managedBy !== undefined, 30_000))!;
    const propose = (input: Record<string, unknown>) =>
      t.gql<{ proposeOCIRepositoryEdit: Proposal }>(s.operator, `mutation($id: ID!, $input: OCIRepositoryInput!) { proposeOCIRepositoryEdit(id: $id, input: $input) { ${PROPOSAL} } }`, { id: o.id, input });
    const spec = { ...o.spec, ref: { tag: '1.1' } };
    const before = branches();
    expect((await propose({ name: 'manifests', spec, credentials: { username: 'u', password: 'p' } })).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'credentials' });
    const keys = await propose({ name: 'manifests', spec, verifyPublicKeys: [{ name: 'cosign.pub', pem: 'not a key' }] });
    expect(keys.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'verifyPublicKeys' });
    const verify = await propose({ name: 'manifests', spec: { ...spec, verify: { provider: 'cosign' } } });
    expect(verify.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'verifyPublicKeys' });
    const secretRef = await propose({ name: 'manifests', spec: { ...spec, secretRef: { name: 'regcred' } } });
    expect(secretRef.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'spec.secretRef' });
    expect((await propose({ name: 'manifests', spec: o.spec })).errors?.[0]?.message).toContain('nothing changed');
    expect(branches()).toEqual(before);

    const r = await propose({ name: 'manifests', spec });
    expect(r.errors).toBeUndefined();
    const p = r.data!.proposeOCIRepositoryEdit;
    expect(p.fleetEdit).toMatchObject({ kind: 'OCIRepository', name: 'manifests', file: 'clusters/hub/repos.yaml', action: 'edit' });
    const base = show('main', 'clusters/hub/repos.yaml');
    expect(show(p.headBranch, 'clusters/hub/repos.yaml')).toBe(base.replace('tag: "1.0" # pinned until the next release', 'tag: "1.1" # pinned until the next release'));
  }, 60_000);

  it('proposeFleetDelete of a HelmRepository removes its document only; an unknown kind is refused naming the kinds', async () => {
    const h = (await gql<{ helmRepositories: { id: string; name: string }[] }>('viewer', '{ helmRepositories { id name } }')).helmRepositories.find((r) => r.name === 'charts')!;
    const r = await t.gql<{ proposeFleetDelete: Proposal }>(s.admin, `mutation($id: ID!) { proposeFleetDelete(kind: "HelmRepository", id: $id) { ${PROPOSAL} } }`, { id: h.id });
    expect(r.errors).toBeUndefined();
    const p = r.data!.proposeFleetDelete;
    expect(p.fleetEdit).toMatchObject({ kind: 'HelmRepository', name: 'charts', action: 'delete' });
    const head = show(p.headBranch, 'clusters/hub/repos.yaml');
    expect(head).not.toContain('kind: HelmRepository');
    expect(head).toContain('kind: OCIRepository');
    expect(head).toContain('tag: "1.0" # pinned until the next release');
    const unknown = await t.gql(s.admin, 'mutation($id: ID!) { proposeFleetDelete(kind: "Bucket", id: $id) { id } }', { id: h.id });
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'kind' });
    expect(unknown.errors?.[0]?.message).toContain('OCIRepository, HelmRepository');
  }, 60_000);

  it('a managed ImageRepository and ImagePolicy: each edit changes only its field in the shared file; registry credentials are never proposed', async () => {
    type R = { id: string; name: string; image: string; managedBy: { file: string } | null };
    const repo = (await eventually(async () => (await gql<{ imageRepositories: R[] }>('viewer', '{ imageRepositories { id name image managedBy { file } } }')).imageRepositories.find((r) => r.name === 'app'), (r) => r?.managedBy?.file === 'clusters/hub/images.yaml', 30_000))!;
    const proposeRepo = (input: Record<string, unknown>) =>
      t.gql<{ proposeImageRepositoryEdit: Proposal }>(s.operator, `mutation($id: ID!, $input: ImageRepositoryInput!) { proposeImageRepositoryEdit(id: $id, input: $input) { ${PROPOSAL} } }`, { id: repo.id, input });
    const before = branches();
    const withCredentials = await proposeRepo({ name: 'app', image: repo.image, interval: '10m', credentials: { username: 'u', password: 'p' } });
    expect(withCredentials.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'credentials' });
    const renamed = await proposeRepo({ name: 'app-2', image: repo.image, interval: '10m' });
    expect(renamed.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
    expect(branches()).toEqual(before);
    const r = await proposeRepo({ name: 'app', image: repo.image, interval: '10m' });
    expect(r.errors).toBeUndefined();
    expect(r.data!.proposeImageRepositoryEdit.fleetEdit).toMatchObject({ kind: 'ImageRepository', name: 'app', file: 'clusters/hub/images.yaml', action: 'edit' });
    expect(show(r.data!.proposeImageRepositoryEdit.headBranch, 'clusters/hub/images.yaml')).toBe(IMAGES.replace('interval: 5m # scanned often', 'interval: 10m # scanned often'));

    const policy = (await gql<{ imagePolicies: { id: string; name: string }[] }>('viewer', '{ imagePolicies { id name } }')).imagePolicies.find((p) => p.name === 'app')!;
    const proposePolicy = (input: Record<string, unknown>) =>
      t.gql<{ proposeImagePolicyEdit: Proposal }>(s.operator, `mutation($id: ID!, $input: ImagePolicyInput!) { proposeImagePolicyEdit(id: $id, input: $input) { ${PROPOSAL} } }`, { id: policy.id, input });
    const same = await proposePolicy({ name: 'app', imageRepositoryRef: { name: 'app' }, policy: { semver: { range: '>=1.0.0 <2.0.0' } } });
    expect(same.errors?.[0]?.message).toContain('nothing changed');
    const p = await proposePolicy({ name: 'app', imageRepositoryRef: { name: 'app' }, policy: { semver: { range: '>=2.0.0 <3.0.0' } } });
    expect(p.errors).toBeUndefined();
    expect(p.data!.proposeImagePolicyEdit.fleetEdit).toMatchObject({ kind: 'ImagePolicy', name: 'app', action: 'edit' });
    expect(show(p.data!.proposeImagePolicyEdit.headBranch, 'clusters/hub/images.yaml')).toBe(IMAGES.replace('range: ">=1.0.0 <2.0.0" # the 1.x line', 'range: ">=2.0.0 <3.0.0" # the 1.x line'));
  }, 60_000);

  it('a managed ImageUpdateAutomation: its update path proposed in its document only; the forge token is never proposed', async () => {
    type A = { id: string; name: string; authorName: string; authorEmail: string; managedBy: { file: string } | null };
    const a = (await eventually(async () => (await gql<{ imageUpdateAutomations: A[] }>('viewer', '{ imageUpdateAutomations { id name authorName authorEmail managedBy { file } } }')).imageUpdateAutomations.find((x) => x.name === 'bump'), (x) => x?.managedBy?.file === 'clusters/hub/images.yaml', 30_000))!;
    const propose = (input: Record<string, unknown>) =>
      t.gql<{ proposeImageUpdateAutomationEdit: Proposal }>(s.operator, `mutation($id: ID!, $input: ImageUpdateAutomationInput!) { proposeImageUpdateAutomationEdit(id: $id, input: $input) { ${PROPOSAL} } }`, { id: a.id, input });
    const input = { name: 'bump', sourceName: 'app', authorName: a.authorName, authorEmail: a.authorEmail, interval: '30m', updatePath: './deploy/v2' };
    const before = branches();
    const token = await propose({ ...input, providerToken: 'ghp_secret' });
    expect(token.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'providerToken' });
    expect(JSON.stringify(token.errors)).not.toContain('ghp_secret');
    const forge = await propose({ ...input, provider: 'github' });
    expect(forge.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'providerToken' });
    const outside = await propose({ ...input, updatePath: '../elsewhere' });
    expect(outside.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'updatePath' });
    expect(branches()).toEqual(before);
    const r = await propose(input);
    expect(r.errors).toBeUndefined();
    expect(r.data!.proposeImageUpdateAutomationEdit.fleetEdit).toMatchObject({ kind: 'ImageUpdateAutomation', name: 'bump', action: 'edit' });
    expect(show(r.data!.proposeImageUpdateAutomationEdit.headBranch, 'clusters/hub/images.yaml')).toBe(IMAGES.replace('path: ./deploy\n', 'path: ./deploy/v2\n'));
  }, 60_000);

  it('an object not managed by git: proposing is refused (NOT_MANAGED_BY_GIT) and the normal update applies it', async () => {
    const made = (await gql<{ createKustomization: { id: string } }>('operator', 'mutation($input: KustomizationInput!) { createKustomization(input: $input) { id } }', { input: inputOf('by-hand', './hand') })).createKustomization;
    const r = await proposeEdit('operator', made.id, inputOf('by-hand', './hand/v2'));
    expect(r.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(r.errors?.[0]?.message).toContain('not managed by git');
    await gql('operator', 'mutation($id: ID!, $input: KustomizationInput!) { updateKustomization(id: $id, input: $input) { id } }', { id: made.id, input: inputOf('by-hand', './hand/v2') });
    expect((await byName('by-hand'))!.path).toBe('./hand/v2');
  }, 60_000);
});
