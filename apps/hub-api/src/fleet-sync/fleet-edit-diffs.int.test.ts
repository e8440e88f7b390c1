import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startGitServer, startPostgres, type TestGitServer, type TestPostgres } from '@flotilla/testenv';
import { configMapYaml as configMap, FLEET_EDIT_DIFF_PROPOSAL, type FleetEditDiffProposal as Proposal } from '../../test/fleet-edit-repo.js';
import { eventually, TestHub, type Session, type TestUser } from '../../test/hub-harness.js';

// The per-cluster diffs of a proposed edit of a git-managed Kustomization: each side built on the source it
// reads (the hub's artifact of the `app` repository), with each cluster's variables.

const kustomization = (name: string, p: string, extra = '', annotations = '') => `apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: ${name}${annotations}
spec:
  sourceRef:
    kind: GitRepository
    name: app
  path: ${p}
  interval: 5m
${extra}`;

const appSource = (url: string) => `apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata:
  name: app
spec:
  url: ${url}
  ref:
    branch: main
  interval: 1h
`;

// The app source itself is managed too. tiers: placed by a Placement that gives each cluster its own region;
// legacy: prune false, on eu only; roaming: placed on eu through our annotation.
const fleetFiles = (appUrl: string) => ({
  'clusters/hub/sources.yaml': appSource(appUrl),
  'clusters/hub/tiers.yaml': kustomization('tiers', './tiers/v1', '  prune: true\n  postBuild:\n    substitute:\n      tier: web\n'),
  'clusters/hub/placement.yaml': `apiVersion: placement.flotilla.dev/v1alpha1
kind: Placement
metadata:
  name: regions
spec:
  kustomizations: [tiers]
  clusters:
    - name: eu
      variables: { region: eu-west }
    - name: us
      variables: { region: us-east }
`,
  'clusters/hub/legacy.yaml': kustomization('legacy', './legacy', '  prune: false\n', '\n  annotations:\n    placement.flotilla.dev/clusters: eu'),
  'clusters/hub/roaming.yaml': kustomization('roaming', './legacy', '  prune: true\n', '\n  annotations:\n    placement.flotilla.dev/clusters: eu'),
});

// v2 changes the settings (its own value, not the variables) and keeps `common` as it was.
const APP = {
  'tiers/v1/settings.yaml': configMap('settings', { region: '${region}', tier: '${tier}', size: 'small' }),
  'tiers/v1/common.yaml': configMap('common', { owner: 'team-a' }),
  'tiers/v2/settings.yaml': configMap('settings', { region: '${region}', tier: '${tier}', size: 'large' }),
  'tiers/v2/common.yaml': configMap('common', { owner: 'team-a' }),
  'legacy/old.yaml': configMap('old', { a: '1' }),
  'legacy/older.yaml': configMap('older', { b: '2' }),
};

describe('per-cluster diffs of proposed FleetSync edits (real Postgres, real git server)', () => {
  let pg: TestPostgres;
  let git: TestGitServer;
  let authGit: TestGitServer;
  let privateUrl: string;
  let t: TestHub;
  const s = {} as Record<TestUser, Session>;
  let fleetUrl: string;
  let mirrorUrl: string;

  beforeAll(async () => {
    [pg, git, authGit] = await Promise.all([startPostgres(), startGitServer(), startGitServer({ auth: 'basic' })]);
    t = await TestHub.start(await pg.createDatabase());
    for (const u of ['admin', 'operator', 'viewer'] as const) s[u] = await t.login(u);
    // lab is registered but placed by nothing: it gets no diff.
    for (const name of ['eu', 'us', 'lab']) await t.registeredCluster(s.admin, name);
    const fleet = await git.createRepo('fleet');
    fleetUrl = fleet;
    const app = await git.createRepo('app');
    await git.pushFiles(app, APP);
    await git.pushFiles(app, { ...APP, 'tiers/v1/settings.yaml': configMap('settings', { region: '${region}', tier: '${tier}', size: 'medium' }) }, { branch: 'next' });
    // A source behind basic auth, its credentials held by the hub; hidden reads it on us. private-mirror is the
    // same server (one origin): the credentials may go there, and nowhere else.
    privateUrl = await authGit.createRepo('private');
    await authGit.pushFiles(privateUrl, APP);
    await authGit.pushFiles(await authGit.createRepo('private-mirror'), { ...APP, 'legacy/old.yaml': configMap('old', { a: '2' }) });
    await git.pushFiles(fleet, {
      ...fleetFiles(app),
      'clusters/hub/private.yaml': `${appSource(privateUrl).replace('name: app', 'name: private')}---\n${kustomization('hidden', './legacy', '  prune: true\n', '\n  annotations:\n    placement.flotilla.dev/clusters: us').replace('name: app', 'name: private')}`,
    });
    // A mirror of app whose v1 settings differ: a proposal may move the source there.
    mirrorUrl = await git.createRepo('app-mirror');
    await git.pushFiles(mirrorUrl, { ...APP, 'tiers/v1/settings.yaml': configMap('settings', { region: '${region}', tier: '${tier}', size: 'huge' }) });
    await gql('admin', 'mutation($input: GitRepositoryInput!) { createGitRepository(input: $input) { id } }', { input: { name: 'fleet', url: fleet, ref: { branch: 'main' }, interval: '1h' } });
    await gql('admin', 'mutation($input: FleetSyncInput!) { createFleetSync(input: $input) { id } }', { input: { name: 'hub', sourceName: 'fleet', path: './clusters/hub' } });
    await eventually(kustomizations, (ks) => ks.filter((k) => k.managedBy !== null).length === 4, 30_000);
    const { username, password } = authGit.credentials;
    const privateId = (await eventually(sources, (rs) => rs.some((r) => r.name === 'private'), 30_000)).find((r) => r.name === 'private')!.id;
    await gql('operator', 'mutation($id: ID!, $credentials: GitCredentialsInput) { setGitRepositoryCredentials(id: $id, credentials: $credentials) { id } }', { id: privateId, credentials: { username, password } });
    await eventually(sources, (rs) => rs.length === 3 && rs.every((r) => r.artifact !== null), 60_000);
  }, 120_000);
  afterAll(async () => {
    await t?.stop();
    await Promise.all([git?.stop(), authGit?.stop(), pg?.stop()]);
  });

  const gql = <T>(who: TestUser, query: string, variables: Record<string, unknown> = {}): Promise<T> => t.gqlData<T>(s[who], query, variables);
  async function kustomizations() {
    return (await gql<{ kustomizations: { id: string; name: string; spec: Record<string, unknown>; placement: { clusterNames: string[]; clusterSelector: string | null }; managedBy: { file: string } | null }[] }>('viewer', '{ kustomizations { id name spec placement { clusterNames clusterSelector } managedBy { file } } }')).kustomizations;
  }
  const byName = async (name: string) => (await kustomizations()).find((k) => k.name === name)!;
  const sources = async () => (await gql<{ gitRepositories: { id: string; name: string; url: string; artifact: { revision: string } | null }[] }>('viewer', '{ gitRepositories { id name url artifact { revision } } }')).gitRepositories;
  const proposeEdit = async (name: string, spec: (s: Record<string, unknown>) => Record<string, unknown>, placement?: { clusterNames: string[] }): Promise<Proposal> => {
    const k = await byName(name);
    const input = { name, spec: spec(k.spec), placement: placement ?? { clusterNames: k.placement.clusterNames, clusterSelector: k.placement.clusterSelector } };
    return (await gql<{ proposeKustomizationEdit: Proposal }>('operator', `mutation($id: ID!, $input: KustomizationInput!) { proposeKustomizationEdit(id: $id, input: $input) { ${FLEET_EDIT_DIFF_PROPOSAL} } }`, { id: k.id, input })).proposeKustomizationEdit;
  };
  const stored = async (id: string): Promise<Proposal> => (await gql<{ updateProposal: Proposal }>('viewer', `query($id: ID!) { updateProposal(id: $id) { ${FLEET_EDIT_DIFF_PROPOSAL} } }`, { id })).updateProposal;
  const dataOf = (yaml: string): Record<string, string> => (parse(yaml) as { data: Record<string, string> }).data;

  it('a changed spec.path of a Kustomization on two clusters with different variables: each cluster shows exactly the changed object, rendered with its own region; the proposal page’s query returns them', async () => {
    const p = await proposeEdit('tiers', (spec) => ({ ...spec, path: './tiers/v2' }));
    expect(p.clusterDiffs.map((d) => d.cluster)).toEqual(['eu', 'us']);
    for (const [d, region] of [[p.clusterDiffs[0]!, 'eu-west'], [p.clusterDiffs[1]!, 'us-east']] as const) {
      expect(d).toMatchObject({ kustomization: 'flotilla-system/tiers', helmRelease: null, added: [], removed: [], error: null, note: null, hiddenVariables: [] });
      expect(d.changed.map((c) => [c.object, c.fields])).toEqual([['ConfigMap/settings', ['data.size']]]);
      expect(dataOf(d.changed[0]!.before)).toEqual({ region, tier: 'web', size: 'small' });
      expect(dataOf(d.changed[0]!.after)).toEqual({ region, tier: 'web', size: 'large' });
    }
    expect((await stored(p.id)).clusterDiffs).toEqual(p.clusterDiffs);
  }, 60_000);

  it('a changed postBuild.substitute value (Flux’s postBuild substitution): only the object using it changes, on each cluster', async () => {
    const p = await proposeEdit('tiers', (spec) => ({ ...spec, postBuild: { substitute: { tier: 'api' } } }));
    expect(p.clusterDiffs.map((d) => [d.cluster, d.added, d.removed, d.changed.map((c) => [c.object, c.fields])])).toEqual([
      ['eu', [], [], [['ConfigMap/settings', ['data.tier']]]],
      ['us', [], [], [['ConfigMap/settings', ['data.tier']]]],
    ]);
    expect(dataOf(p.clusterDiffs[1]!.changed[0]!.after)).toEqual({ region: 'us-east', tier: 'api', size: 'small' });
  }, 60_000);

  it('a changed placement: the cluster it leaves has every object removed (prune true), the one it joins every object added', async () => {
    const p = await proposeEdit('roaming', (spec) => spec, { clusterNames: ['us'] });
    expect(p.clusterDiffs.map((d) => [d.cluster, d.added, d.changed.length, d.removed, d.note])).toEqual([
      ['eu', [], 0, ['ConfigMap/old', 'ConfigMap/older'], null],
      ['us', ['ConfigMap/old', 'ConfigMap/older'], 0, [], null],
    ]);
  }, 60_000);

  it('a proposed deletion with prune false: every object listed as removed on its cluster, the note saying Flux deletes nothing (flux.md: with prune false nothing is ever deleted)', async () => {
    const k = await byName('legacy');
    const p = (await gql<{ proposeFleetDelete: Proposal }>('admin', `mutation($id: ID!) { proposeFleetDelete(kind: "Kustomization", id: $id) { ${FLEET_EDIT_DIFF_PROPOSAL} } }`, { id: k.id })).proposeFleetDelete;
    expect(p.fleetEdit).toEqual({ kind: 'Kustomization', name: 'legacy', action: 'delete' });
    expect(p.clusterDiffs).toHaveLength(1);
    expect(p.clusterDiffs[0]).toMatchObject({ cluster: 'eu', added: [], changed: [], removed: ['ConfigMap/old', 'ConfigMap/older'], error: null });
    expect(p.clusterDiffs[0]!.note).toContain('prune is false: Flux deletes nothing');
  }, 60_000);

  it('a changed ref of the GitRepository the Kustomizations read: each one built at the hub’s revision and at the new ref’s, on each cluster it is placed on; an interval change alone renders nothing', async () => {
    const app = (await sources()).find((r) => r.name === 'app')!;
    const propose = async (input: Record<string, unknown>) => (await gql<{ proposeGitRepositoryEdit: Proposal }>('operator', `mutation($id: ID!, $input: GitRepositoryInput!) { proposeGitRepositoryEdit(id: $id, input: $input) { ${FLEET_EDIT_DIFF_PROPOSAL} } }`, { id: app.id, input: { name: 'app', url: app.url, interval: '1h', ...input } })).proposeGitRepositoryEdit;
    const p = await propose({ ref: { branch: 'next' } });
    expect(p.fleetEdit).toEqual({ kind: 'GitRepository', name: 'app', action: 'edit' });
    expect(p.clusterDiffs.map((d) => [d.kustomization, d.cluster, d.added, d.removed, d.changed.map((c) => [c.object, c.fields]), d.error])).toEqual([
      ['flotilla-system/legacy', 'eu', [], [], [], null],
      ['flotilla-system/roaming', 'eu', [], [], [], null],
      ['flotilla-system/tiers', 'eu', [], [], [['ConfigMap/settings', ['data.size']]], null],
      ['flotilla-system/tiers', 'us', [], [], [['ConfigMap/settings', ['data.size']]], null],
    ]);
    expect(dataOf(p.clusterDiffs[3]!.changed[0]!.after)).toEqual({ region: 'us-east', tier: 'web', size: 'medium' });
    expect((await propose({ ref: { branch: 'main' }, interval: '2h' })).clusterDiffs).toEqual([]);
    const unknown = await propose({ ref: { branch: 'nowhere' } });
    expect(unknown.clusterDiffs.map((d) => d.cluster)).toEqual(['eu', 'eu', 'eu', 'us']);
    for (const d of unknown.clusterDiffs) expect(d.note).toMatch(/^not rendered: fetching the new ref: .*nowhere/);
  }, 90_000);

  it('a changed url or ignore of the GitRepository (source-controller’s ignore rules, applied when the hub makes the artifact): each Kustomization built from the hub’s artifact and from the new url’s, or with the new rules; an unreachable url is a note on every cluster’s diff, the proposal made', async () => {
    const app = (await sources()).find((r) => r.name === 'app')!;
    const propose = async (input: Record<string, unknown>) => (await gql<{ proposeGitRepositoryEdit: Proposal }>('operator', `mutation($id: ID!, $input: GitRepositoryInput!) { proposeGitRepositoryEdit(id: $id, input: $input) { ${FLEET_EDIT_DIFF_PROPOSAL} } }`, { id: app.id, input: { name: 'app', url: app.url, ref: { branch: 'main' }, interval: '1h', ...input } })).proposeGitRepositoryEdit;
    const summary = (p: Proposal) => p.clusterDiffs.map((d) => [d.kustomization, d.cluster, d.added, d.removed, d.changed.map((c) => [c.object, c.fields]), d.error, d.note]);
    const moved = await propose({ url: mirrorUrl });
    expect(summary(moved)).toEqual([
      ['flotilla-system/legacy', 'eu', [], [], [], null, null],
      ['flotilla-system/roaming', 'eu', [], [], [], null, null],
      ['flotilla-system/tiers', 'eu', [], [], [['ConfigMap/settings', ['data.size']]], null, null],
      ['flotilla-system/tiers', 'us', [], [], [['ConfigMap/settings', ['data.size']]], null, null],
    ]);
    expect(dataOf(moved.clusterDiffs[2]!.changed[0]!.after)).toEqual({ region: 'eu-west', tier: 'web', size: 'huge' });

    const ignored = await propose({ ignore: '/legacy/older.yaml\n' });
    expect(summary(ignored)).toEqual([
      ['flotilla-system/legacy', 'eu', [], ['ConfigMap/older'], [], null, 'prune is false: Flux deletes nothing, so the objects listed as removed stay on the cluster, no longer reconciled'],
      ['flotilla-system/roaming', 'eu', [], ['ConfigMap/older'], [], null, null],
      ['flotilla-system/tiers', 'eu', [], [], [], null, null],
      ['flotilla-system/tiers', 'us', [], [], [], null, null],
    ]);

    const gone = await propose({ url: 'http://127.0.0.1:1/nowhere.git' });
    expect(gone.state).toBe('open');
    expect(gone.clusterDiffs.map((d) => [d.cluster, d.added, d.changed, d.removed, d.error])).toEqual([
      ['eu', [], [], [], null],
      ['eu', [], [], [], null],
      ['eu', [], [], [], null],
      ['us', [], [], [], null],
    ]);
    for (const d of gone.clusterDiffs) expect(d.note).toMatch(/^not rendered: fetching the new url: /);
  }, 120_000);

  it('a changed url of a GitRepository with credentials at the hub: they go to another repository of the same origin (rendered), never to another host, whose fetch fails without them and is a note', async () => {
    const source = (await sources()).find((r) => r.name === 'private')!;
    const propose = async (url: string) => (await gql<{ proposeGitRepositoryEdit: Proposal }>('operator', `mutation($id: ID!, $input: GitRepositoryInput!) { proposeGitRepositoryEdit(id: $id, input: $input) { ${FLEET_EDIT_DIFF_PROPOSAL} } }`, { id: source.id, input: { name: 'private', url, ref: { branch: 'main' }, interval: '1h' } })).proposeGitRepositoryEdit;
    const mirrored = await propose(privateUrl.replace(/private(\.git)?$/, 'private-mirror$1'));
    expect(mirrored.clusterDiffs.map((d) => [d.kustomization, d.cluster, d.changed.map((c) => [c.object, c.fields]), d.error, d.note])).toEqual([['flotilla-system/hidden', 'us', [['ConfigMap/old', ['data.a']]], null, null]]);
    const elsewhere = await propose(privateUrl.replace('127.0.0.1', 'localhost'));
    expect(elsewhere.clusterDiffs.map((d) => [d.kustomization, d.cluster, d.added, d.changed, d.removed, d.error])).toEqual([['flotilla-system/hidden', 'us', [], [], [], null]]);
    expect(elsewhere.clusterDiffs[0]!.note).toMatch(/^not rendered: fetching the new url \(without the source’s credentials, which stay with its current host\): /);
  }, 90_000);

  it('a path that does not exist in the source: refused by nothing here, but each cluster’s diff carries the build error and lists no object', async () => {
    const p = await proposeEdit('tiers', (spec) => ({ ...spec, path: './tiers/v9' }));
    expect(p.clusterDiffs.map((d) => d.cluster)).toEqual(['eu', 'us']);
    for (const d of p.clusterDiffs) {
      expect(d).toMatchObject({ added: [], changed: [], removed: [] });
      expect(d.error).toContain('tiers/v9');
    }
  }, 60_000);

  // Last: it merges, which changes the hub's tiers.
  it('a base that moved before the merge: the edit is rebuilt with its per-cluster diffs computed again, the same change keeping its approval; once merged, the FleetSync applies it', async () => {
    const p = await proposeEdit('tiers', (spec) => ({ ...spec, path: './tiers/v2' }));
    await git.pushFiles(fleetUrl, { 'README.md': 'an unrelated change\n' });
    await gql('admin', 'mutation($id: ID!) { approveUpdateProposal(id: $id) { state } }', { id: p.id });
    const outdated = await t.gql(s.admin, 'mutation($id: ID!) { mergeUpdateProposal(id: $id) { state } }', { id: p.id });
    expect(outdated.errors?.[0]?.message).toContain('moved since the proposal was built');
    const rebuilt = await eventually(() => stored(p.id), (r) => r.baseCommit !== p.baseCommit, 30_000);
    expect(rebuilt.state).toBe('approved');
    expect(rebuilt.clusterDiffs).toEqual(p.clusterDiffs);
    expect((await gql<{ mergeUpdateProposal: { state: string } }>('admin', 'mutation($id: ID!) { mergeUpdateProposal(id: $id) { state } }', { id: p.id })).mergeUpdateProposal.state).toBe('merged');
    await eventually(() => byName('tiers'), (k) => k.spec.path === './tiers/v2', 30_000);
  }, 90_000);
});
