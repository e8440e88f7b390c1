import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGitServer, startPostgres, type TestGitServer, type TestPostgres } from '@flotilla/testenv';
import { eventually, TestHub, type Session } from '../../test/hub-harness.js';

const RECONCILE_SOURCE = 'mutation($id: ID!) { requestReconcile(input: { kind: GitRepository, id: $id }) }';
const SYNC_FIELDS = `id ready reason message lastAppliedRevision lastAttemptedRevision
  conditions { type status reason message } problems { file line kind name field message }
  events { type reason message revision } inventory { kind namespace name file }`;

interface Sync {
  id: string;
  ready: string;
  reason: string;
  message: string;
  lastAppliedRevision: string | null;
  lastAttemptedRevision: string | null;
  conditions: { type: string; status: string; reason: string; message: string }[];
  problems: { file: string; line: number; kind: string | null; name: string | null; field: string | null; message: string }[];
  events: { type: string; reason: string; message: string; revision: string | null }[];
  inventory: { kind: string; namespace: string; name: string; file: string }[];
}

interface K {
  id: string;
  name: string;
  path: string;
  generation: number;
  placement: { clusterSelector: string | null; clusterNames: string[] };
  managedBy: { fleetSyncName: string; file: string; revision: string | null; sourceName: string } | null;
}

const gitRepo = (name: string, url: string) => `apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata:
  name: ${name}
spec:
  url: ${url}
  ref:
    branch: main
  interval: 1h
`;

const kustomization = (name: string, source: string, path: string, extra = '') => `apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: ${name}
spec:
  sourceRef:
    kind: GitRepository
    name: ${source}
  path: ${path}
  prune: true
  interval: 5m
${extra}`;

const placement = (name: string, kustomizations: string[], selector: string) => `apiVersion: placement.flotilla.dev/v1alpha1
kind: Placement
metadata:
  name: ${name}
spec:
  kustomizations: [${kustomizations.join(', ')}]
  clusterSelector: ${selector}
  clusters: [edge-1]
`;

describe('FleetSync: the fleet as code (real Postgres, real git server)', () => {
  let pg: TestPostgres;
  let git: TestGitServer;
  let t: TestHub;
  let admin: Session;
  let operator: Session;

  beforeAll(async () => {
    [pg, git] = await Promise.all([startPostgres(), startGitServer()]);
    t = await TestHub.start(await pg.createDatabase());
    admin = await t.login('admin');
    operator = await t.login('operator');
  }, 120_000);
  afterAll(async () => {
    await t?.stop();
    await Promise.all([git?.stop(), pg?.stop()]);
  });

  const gql = async <T>(query: string, variables: Record<string, unknown> = {}, as: Session = admin): Promise<T> => {
    const r = await t.gql<T>(as, query, variables);
    if (!r.data) throw new Error(JSON.stringify(r.errors));
    return r.data;
  };
  const sync = async (id: string): Promise<Sync> => (await gql<{ fleetSync: Sync }>(`query($id: ID!) { fleetSync(id: $id) { ${SYNC_FIELDS} } }`, { id })).fleetSync;
  const kustomizations = async (): Promise<K[]> =>
    (
      await gql<{ kustomizations: K[] }>(
        '{ kustomizations { id name path generation placement { clusterSelector clusterNames } managedBy { fleetSyncName file revision sourceName } } }',
      )
    ).kustomizations;
  const byName = async (name: string): Promise<K | undefined> => (await kustomizations()).find((k) => k.name === name);

  /** A fleet repository, the hub GitRepository reading it (interval given), and a FleetSync of `clusters/hub`. */
  async function fleet(interval: string, files: Record<string, string>): Promise<{ url: string; sourceId: string; syncId: string; sha: string; prefix: string }> {
    return fleetNamed(randomUUID().slice(0, 6), interval, files);
  }

  /** As fleet, with the prefix of its names given (files that name the fleet GitRepository need it first). */
  async function fleetNamed(prefix: string, interval: string, files: Record<string, string>): Promise<{ url: string; sourceId: string; syncId: string; sha: string; prefix: string }> {
    const url = await git.createRepo(`fleet-${prefix}`);
    const sha = await git.pushFiles(url, files);
    const source = await gql<{ createGitRepository: { id: string } }>(`mutation($input: GitRepositoryInput!) { createGitRepository(input: $input) { id } }`, {
      input: { name: `fleet-${prefix}`, url, ref: { branch: 'main' }, interval },
    });
    const created = await gql<{ createFleetSync: { id: string } }>(`mutation($input: FleetSyncInput!) { createFleetSync(input: $input) { id } }`, {
      input: { name: `hub-${prefix}`, sourceName: `fleet-${prefix}`, path: './clusters/hub', interval: '10m' },
    });
    return { url, sourceId: source.createGitRepository.id, syncId: created.createFleetSync.id, sha, prefix };
  }

  it('add, change and remove objects in git → the hub follows within the source interval: created with the Placement’s placement, updated (new generation), pruned; Ready carries main@sha1 (flux.md §1.6 ReconciliationSucceeded "Applied revision")', async () => {
    const appUrl = await git.createRepo('app-a');
    const f = await fleet('2s', {
      'clusters/hub/sources.yaml': gitRepo('app-a', appUrl),
      'clusters/hub/apps/web.yaml': kustomization('web-a', 'app-a', './deploy'),
      'clusters/hub/placement.yaml': placement('web-prod', ['web-a'], 'env=prod'),
      'clusters/other/ignored.yaml': kustomization('not-read', 'app-a', './x'),
      'README.md': 'not YAML, not under the path',
    });
    const ready = await eventually(() => sync(f.syncId), (s) => s.lastAppliedRevision === `main@sha1:${f.sha}`, 30_000);
    expect(ready).toMatchObject({ ready: 'True', reason: 'ReconciliationSucceeded', message: `Applied revision: main@sha1:${f.sha}` });
    expect(ready.inventory).toEqual([
      { kind: 'GitRepository', namespace: 'flotilla-system', name: 'app-a', file: 'clusters/hub/sources.yaml' },
      { kind: 'Kustomization', namespace: 'flotilla-system', name: 'web-a', file: 'clusters/hub/apps/web.yaml' },
    ]);
    expect(ready.events[0]).toMatchObject({ type: 'Normal', reason: 'ReconciliationSucceeded', revision: `main@sha1:${f.sha}` });
    expect(ready.events[0]!.message).toContain('Kustomization/flotilla-system/web-a created');
    const web = await byName('web-a');
    expect(web).toMatchObject({ path: './deploy', generation: 1, placement: { clusterSelector: 'env=prod', clusterNames: ['edge-1'] } });
    expect(web!.managedBy).toEqual({ fleetSyncName: `hub-${f.prefix}`, file: 'clusters/hub/apps/web.yaml', revision: `main@sha1:${f.sha}`, sourceName: `fleet-${f.prefix}` });
    expect(await byName('not-read')).toBeUndefined();
    const audit = await t.sql<{ action: string; actor_kind: string }>(`SELECT action, actor_kind FROM audit_entries WHERE details->>'fleetSync' = $1 ORDER BY action`, [`flotilla-system/hub-${f.prefix}`]);
    expect(audit).toEqual([
      { action: 'gitRepository.create', actor_kind: 'system' },
      { action: 'kustomization.create', actor_kind: 'system' },
    ]);

    // Change: a new path is a spec change (new generation).
    const sha2 = await git.pushFiles(f.url, { 'clusters/hub/apps/web.yaml': kustomization('web-a', 'app-a', './deploy/prod') });
    await eventually(() => sync(f.syncId), (s) => s.lastAppliedRevision === `main@sha1:${sha2}`, 30_000);
    expect(await byName('web-a')).toMatchObject({ path: './deploy/prod', generation: 2 });

    // Remove: the Kustomization and its Placement leave git → pruned; the source, still declared, stays.
    const sha3 = await git.pushFiles(f.url, { 'clusters/hub/apps/web.yaml': null, 'clusters/hub/placement.yaml': null });
    const pruned = await eventually(() => sync(f.syncId), (s) => s.lastAppliedRevision === `main@sha1:${sha3}`, 30_000);
    expect(await byName('web-a')).toBeUndefined();
    expect(pruned.inventory.map((i) => i.name)).toEqual(['app-a']);
    expect(pruned.events[0]!.message).toBe('Kustomization/flotilla-system/web-a deleted');
  }, 120_000);

  it('invalid YAML → Ready=False BuildFailed naming file:line, nothing of the revision applied and the previous objects kept (flux.md §1.6 BuildFailed)', async () => {
    const appUrl = await git.createRepo('app-b');
    const f = await fleet('1h', {
      'clusters/hub/sources.yaml': gitRepo('app-b', appUrl),
      'clusters/hub/web.yaml': kustomization('web-b', 'app-b', './deploy'),
    });
    await eventually(() => sync(f.syncId), (s) => s.ready === 'True', 30_000);
    const sha = await git.pushFiles(f.url, {
      // web.yaml line 12 is an unknown field; the new Kustomization in more.yaml must not be created either
      'clusters/hub/web.yaml': kustomization('web-b', 'app-b', './changed', '  bogus: 1\n'),
      'clusters/hub/more.yaml': kustomization('web-b2', 'app-b', './more'),
      'clusters/hub/place.yaml': `${placement('p', ['web-b2'], 'env=prod')}  color: blue\n`,
      'clusters/hub/broken.yaml': 'apiVersion: v1\nkind: [unclosed\n',
    });
    await gql(RECONCILE_SOURCE, { id: f.sourceId });
    const failed = await eventually(() => sync(f.syncId), (s) => s.lastAttemptedRevision === `main@sha1:${sha}`, 30_000);
    expect(failed).toMatchObject({ ready: 'False', reason: 'BuildFailed' });
    expect(failed.problems.map(({ file, line, kind, field }) => ({ file, line, kind, field }))).toEqual([
      { file: 'clusters/hub/broken.yaml', line: 3, kind: null, field: null },
      { file: 'clusters/hub/place.yaml', line: 9, kind: 'Placement', field: 'spec.color' },
      { file: 'clusters/hub/web.yaml', line: 12, kind: 'Kustomization', field: 'spec.bogus' },
    ]);
    expect(failed.message).toContain('clusters/hub/broken.yaml:3: not YAML');
    expect(failed.lastAppliedRevision).toBe(`main@sha1:${f.sha}`);
    expect(await byName('web-b')).toMatchObject({ path: './deploy', generation: 1 });
    expect(await byName('web-b2')).toBeUndefined();
    expect(failed.events[0]).toMatchObject({ type: 'Warning', reason: 'BuildFailed' });
  }, 120_000);

  it('prune safety: hand-made objects are never taken over or pruned; a name clash refuses the whole revision (one transaction); without prune a removed object is released', async () => {
    const appUrl = await git.createRepo('app-c');
    await gql(`mutation($input: GitRepositoryInput!) { createGitRepository(input: $input) { id } }`, { input: { name: 'app-c', url: appUrl, interval: '1h' } });
    await gql(`mutation($input: KustomizationInput!) { createKustomization(input: $input) { id } }`, {
      input: { name: 'hand-c', spec: { sourceRef: { kind: 'GitRepository', name: 'app-c' }, path: './hand', prune: true, interval: '5m' }, placement: { clusterNames: [] } },
    });
    const f = await fleet('1h', { 'clusters/hub/web.yaml': kustomization('web-c', 'app-c', './deploy') });
    await eventually(() => sync(f.syncId), (s) => s.ready === 'True', 30_000);
    expect(await byName('hand-c')).toMatchObject({ path: './hand', managedBy: null });

    const sha = await git.pushFiles(f.url, {
      'clusters/hub/new.yaml': kustomization('new-c', 'app-c', './new'),
      'clusters/hub/clash.yaml': kustomization('hand-c', 'app-c', './from-git'),
    });
    await gql(RECONCILE_SOURCE, { id: f.sourceId });
    const refused = await eventually(() => sync(f.syncId), (s) => s.lastAttemptedRevision === `main@sha1:${sha}`, 30_000);
    expect(refused).toMatchObject({ ready: 'False', reason: 'ReconciliationFailed' });
    expect(refused.message).toContain('Kustomization flotilla-system/hand-c (clusters/hub/clash.yaml) exists already and was made by hand');
    expect(await byName('hand-c')).toMatchObject({ path: './hand', managedBy: null });
    expect(await byName('new-c')).toBeUndefined(); // rolled back with the rest of the revision

    // The clash removed, and web-c removed from git: pruned; the hand-made one is left alone.
    const sha2 = await git.pushFiles(f.url, { 'clusters/hub/clash.yaml': null, 'clusters/hub/web.yaml': null });
    await gql(RECONCILE_SOURCE, { id: f.sourceId });
    await eventually(() => sync(f.syncId), (s) => s.lastAppliedRevision === `main@sha1:${sha2}`, 30_000);
    expect(await byName('web-c')).toBeUndefined();
    expect(await byName('new-c')).toBeDefined();
    expect(await byName('hand-c')).toMatchObject({ path: './hand' });
  }, 120_000);

  it('objects managed by git refuse edits and deletes through GraphQL with MANAGED_BY_GIT (naming the FleetSync and file), and so does their source; suspend stays open', async () => {
    const appUrl = await git.createRepo('app-d');
    const f = await fleet('1h', { 'clusters/hub/all.yaml': `${gitRepo('app-d', appUrl)}---\n${kustomization('web-d', 'app-d', './deploy')}` });
    await eventually(() => sync(f.syncId), (s) => s.ready === 'True', 30_000);
    const web = (await byName('web-d'))!;
    const update = await t.gql(operator, `mutation($id: ID!, $input: KustomizationInput!) { updateKustomization(id: $id, input: $input) { id } }`, {
      id: web.id,
      input: { name: 'web-d', spec: { sourceRef: { kind: 'GitRepository', name: 'app-d' }, path: './hand-edit', prune: true, interval: '5m' }, placement: { clusterNames: [] } },
    });
    expect(update.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(update.errors?.[0]?.message).toContain(`managed by git (FleetSync flotilla-system/hub-${f.prefix}, file clusters/hub/all.yaml`);
    const del = await t.gql(admin, `mutation($id: ID!) { deleteKustomization(id: $id) }`, { id: web.id });
    expect(del.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const sources = await gql<{ gitRepositories: { id: string; name: string; managedBy: { file: string } | null }[] }>('{ gitRepositories { id name managedBy { file } } }');
    const src = sources.gitRepositories.find((g) => g.name === 'app-d')!;
    expect(src.managedBy).toEqual({ file: 'clusters/hub/all.yaml' });
    const delSrc = await t.gql(admin, `mutation($id: ID!) { deleteGitRepository(id: $id) }`, { id: src.id });
    expect(delSrc.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    // The Flux YAML import refuses it too, before writing anything of the text.
    const imported = await gql<{ importFluxYaml: { applied: boolean; problems: { message: string }[] } }>(
      'mutation($yaml: String!) { importFluxYaml(yaml: $yaml) { applied problems { message } } }',
      { yaml: `${kustomization('imported-d', 'app-d', './x')}---\n${kustomization('web-d', 'app-d', './hand-edit')}` },
    );
    expect(imported.importFluxYaml.applied).toBe(false);
    expect(imported.importFluxYaml.problems.map((p) => p.message)).toEqual([expect.stringContaining('managed by git')]);
    expect(await byName('imported-d')).toBeUndefined();
    const suspend = await t.gql(operator, `mutation($id: ID!) { suspend(kind: Kustomization, id: $id) }`, { id: web.id });
    expect(suspend.errors).toBeUndefined();
    expect(await byName('web-d')).toMatchObject({ path: './deploy' });
  }, 120_000);

  it('Flux’s server-side apply rule for spec.suspend: a hand suspend of a git-managed GitRepository and Kustomization stays while their documents leave spec.suspend out, through changes of other fields; a document with suspend: false resumes them, with suspend: true suspends them, and git’s value wins again at the next sync', async () => {
    const appUrl = await git.createRepo('app-s');
    const app = (extra = '', interval = '1h') => `${gitRepo('app-s', appUrl).replace('interval: 1h', `interval: ${interval}`)}${extra}`;
    const web = (path: string, extra = '') => kustomization('web-s', 'app-s', path, extra);
    const f = await fleet('1h', { 'clusters/hub/app.yaml': app(), 'clusters/hub/web.yaml': web('./deploy') });
    await eventually(() => sync(f.syncId), (s) => s.lastAppliedRevision === `main@sha1:${f.sha}`, 30_000);
    type G = { id: string; name: string; interval: string; suspend: boolean };
    type W = { id: string; name: string; path: string; generation: number; suspend: boolean };
    const source = async () => (await gql<{ gitRepositories: G[] }>('{ gitRepositories { id name interval suspend } }')).gitRepositories.find((g) => g.name === 'app-s')!;
    const ks = async () => (await gql<{ kustomizations: W[] }>('{ kustomizations { id name path generation suspend } }')).kustomizations.find((k) => k.name === 'web-s')!;
    const push = async (files: Record<string, string | null>) => {
      const sha = await git.pushFiles(f.url, files);
      await gql(RECONCILE_SOURCE, { id: f.sourceId });
      const s = await eventually(() => sync(f.syncId), (x) => x.lastAttemptedRevision === `main@sha1:${sha}`, 30_000);
      expect(s.ready, s.message).toBe('True');
    };
    // Created without spec.suspend: not suspended (Flux’s default).
    expect(await source()).toMatchObject({ suspend: false });
    expect(await ks()).toMatchObject({ suspend: false, generation: 1 });
    const { id: sourceId } = await source();
    const { id: ksId } = await ks();
    for (const [kind, id] of [['GitRepository', sourceId], ['Kustomization', ksId]] as const) {
      const r = await t.gql(operator, `mutation($id: ID!) { suspend(kind: ${kind}, id: $id) }`, { id });
      expect(r.errors, kind).toBeUndefined();
    }

    // Another field changes in git, spec.suspend still left out: the change is applied and the hand suspend stays.
    await push({ 'clusters/hub/app.yaml': app('', '30m'), 'clusters/hub/web.yaml': web('./deploy-2') });
    expect(await source()).toMatchObject({ interval: '30m', suspend: true });
    expect(await ks()).toMatchObject({ path: './deploy-2', suspend: true, generation: 3 });
    // A revision that leaves both files as they are keeps it too.
    await push({ 'clusters/hub/README.md': 'not YAML' });
    expect(await source()).toMatchObject({ suspend: true });
    expect(await ks()).toMatchObject({ suspend: true, generation: 3 });

    // git sets suspend: false → git’s value wins: resumed.
    await push({ 'clusters/hub/app.yaml': app('  suspend: false\n', '30m'), 'clusters/hub/web.yaml': web('./deploy-2', '  suspend: false\n') });
    expect(await source()).toMatchObject({ suspend: false });
    expect(await ks()).toMatchObject({ path: './deploy-2', suspend: false, generation: 4 });

    // git sets suspend: true → suspended; a hand resume lasts until the next sync, where git’s value wins again.
    await push({ 'clusters/hub/app.yaml': app('  suspend: true\n', '30m'), 'clusters/hub/web.yaml': web('./deploy-2', '  suspend: true\n') });
    expect(await source()).toMatchObject({ suspend: true });
    expect(await ks()).toMatchObject({ suspend: true, generation: 5 });
    for (const [kind, id] of [['GitRepository', sourceId], ['Kustomization', ksId]] as const) {
      expect((await t.gql(operator, `mutation($id: ID!) { resume(kind: ${kind}, id: $id) }`, { id })).errors, kind).toBeUndefined();
    }
    expect(await ks()).toMatchObject({ suspend: false });
    await push({ 'clusters/hub/README.md': 'still not YAML' });
    expect(await source()).toMatchObject({ suspend: true });
    expect(await ks()).toMatchObject({ suspend: true });
  }, 180_000);

  it('a private repository the fleet declares gets its credentials at the hub (setGitRepositoryCredentials, allowed on a git-managed GitRepository) and keeps them across syncs; the spec stays git’s', async () => {
    const priv = await startGitServer({ auth: 'basic' });
    try {
      const appUrl = await priv.createRepo('app-p');
      const appSha = await priv.pushFiles(appUrl, { 'deploy/cm.yaml': 'kind: ConfigMap\n' });
      const f = await fleet('1h', { 'clusters/hub/all.yaml': gitRepo('app-p', appUrl) });
      await eventually(() => sync(f.syncId), (x) => x.ready === 'True', 30_000);
      type G = { id: string; name: string; ready: string; interval: string; credentialsKind: string | null; artifact: { revision: string } | null };
      const app = async (): Promise<G> => (await gql<{ gitRepositories: G[] }>('{ gitRepositories { id name ready interval credentialsKind artifact { revision } } }')).gitRepositories.find((g) => g.name === 'app-p')!;
      await eventually(app, (g) => g.ready === 'False', 30_000);
      const { username, password } = priv.credentials;
      const refused = await t.gql(operator, 'mutation($id: ID!, $input: GitRepositoryInput!) { updateGitRepository(id: $id, input: $input) { id } }', {
        id: (await app()).id,
        input: { name: 'app-p', url: appUrl, credentials: { username, password } },
      });
      expect(refused.errors?.[0]?.message).toContain('managed by git');
      const set = await t.gql<{ setGitRepositoryCredentials: { credentialsKind: string } }>(operator, 'mutation($id: ID!, $c: GitCredentialsInput) { setGitRepositoryCredentials(id: $id, credentials: $c) { credentialsKind } }', {
        id: (await app()).id,
        c: { username, password },
      });
      expect(set.errors).toBeUndefined();
      expect(set.data!.setGitRepositoryCredentials.credentialsKind).toBe('basic');
      await eventually(app, (g) => g.ready === 'True' && g.artifact?.revision === `main@sha1:${appSha}`, 30_000);
      // git changes the spec: the sync applies it and the credentials stay.
      await git.pushFiles(f.url, { 'clusters/hub/all.yaml': gitRepo('app-p', appUrl).replace('interval: 1h', 'interval: 30m') });
      await gql(RECONCILE_SOURCE, { id: f.sourceId });
      await eventually(app, (g) => g.interval === '30m', 30_000);
      expect(await app()).toMatchObject({ credentialsKind: 'basic', ready: 'True' });
      const viewer = await t.login('viewer');
      const denied = await t.gql(viewer, 'mutation($id: ID!) { setGitRepositoryCredentials(id: $id, clear: true) { id } }', { id: (await app()).id });
      expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const empty = await t.gql(operator, 'mutation($id: ID!) { setGitRepositoryCredentials(id: $id) { id } }', { id: (await app()).id });
      expect(empty.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'credentials' });
      expect(JSON.stringify(await t.sql('SELECT * FROM audit_entries')) + JSON.stringify(t.logger.lines)).not.toContain(password);
    } finally {
      await priv.stop();
    }
  }, 120_000);

  it('a Receiver webhook for the fleet repository applies a new commit at once, not at the hour-long source interval', async () => {
    const appUrl = await git.createRepo('app-e');
    const f = await fleet('1h', { 'clusters/hub/sources.yaml': gitRepo('app-e', appUrl) });
    await eventually(() => sync(f.syncId), (s) => s.ready === 'True', 30_000);
    const r = await gql<{ createReceiver: { receiver: { webhookPath: string } } }>(`mutation($input: ReceiverInput!) { createReceiver(input: $input) { receiver { webhookPath } } }`, {
      input: { name: `fleet-hook-${f.prefix}`, type: 'generic', resources: [{ kind: 'GitRepository', name: `fleet-${f.prefix}` }] },
    });
    const sha = await git.pushFiles(f.url, { 'clusters/hub/web.yaml': kustomization('web-e', 'app-e', './deploy') });
    const started = Date.now();
    const res = await fetch(`${t.url}${r.createReceiver.receiver.webhookPath}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(200);
    await eventually(() => sync(f.syncId), (s) => s.lastAppliedRevision === `main@sha1:${sha}`, 30_000);
    expect(await byName('web-e')).toBeDefined();
    expect(Date.now() - started).toBeLessThan(30_000);
  }, 120_000);

  it('per-cluster variables of a Placement reach each cluster’s assignment: cluster variables < spec.variables < the cluster entry’s variables < built-ins; a change in git reaches the agents', async () => {
    const [, core] = await Promise.all([t.registeredCluster(admin, 'vars-edge', [{ key: 'env', value: 'vars' }]), t.registeredCluster(admin, 'vars-core', [{ key: 'env', value: 'vars' }])]);
    await gql(`mutation($input: UpdateClusterInput!) { updateCluster(input: $input) { id } }`, {
      input: { id: core.clusterId, variables: [{ key: 'replicas', value: 'cluster' }, { key: 'region', value: 'eu' }, { key: 'tier', value: 'cluster' }] },
    });
    const appUrl = await git.createRepo('app-v');
    const placed = (edgeReplicas: string) => `apiVersion: placement.flotilla.dev/v1alpha1
kind: Placement
metadata:
  name: web-vars
spec:
  kustomizations: [web-v]
  clusterSelector: env=vars
  variables:
    replicas: "2"
    tier: web
    cluster_name: impostor
  clusters:
    - name: vars-edge
      variables: { replicas: "${edgeReplicas}" }
`;
    const f = await fleet('1h', {
      'clusters/hub/sources.yaml': gitRepo('app-v', appUrl),
      'clusters/hub/web.yaml': kustomization('web-v', 'app-v', './deploy'),
      'clusters/hub/placement.yaml': placed('5'),
    });
    await eventually(() => sync(f.syncId), (s) => s.ready === 'True', 30_000);
    const variablesOn = async (cluster: string): Promise<Record<string, string> | null> => {
      const res = await fetch(`${t.url}/api/clusters/${cluster}/kustomizations/flotilla-system/web-v`, { headers: { cookie: admin.cookie } });
      return res.ok ? ((await res.json()) as { kustomization: { variables: Record<string, string> } }).kustomization.variables : null;
    };
    expect(await eventually(() => variablesOn('vars-edge'), (v) => v?.replicas === '5', 30_000)).toMatchObject({ replicas: '5', tier: 'web', cluster_name: 'vars-edge', cluster_label_env: 'vars' });
    expect(await eventually(() => variablesOn('vars-core'), (v) => v !== null, 30_000)).toMatchObject({ replicas: '2', tier: 'web', region: 'eu', cluster_name: 'vars-core' });
    // The placement's variables are the fleet's, not the form's: the Kustomization's placement shows the same clusters.
    expect(await byName('web-v')).toMatchObject({ generation: 1, placement: { clusterSelector: 'env=vars', clusterNames: ['vars-edge'] } });

    const sha = await git.pushFiles(f.url, { 'clusters/hub/placement.yaml': placed('7') });
    await gql(RECONCILE_SOURCE, { id: f.sourceId });
    const changed = await eventually(() => sync(f.syncId), (s) => s.lastAppliedRevision === `main@sha1:${sha}`, 30_000);
    expect(changed.events[0]!.message).toBe('Kustomization/flotilla-system/web-v configured');
    expect(await eventually(() => variablesOn('vars-edge'), (v) => v?.replicas === '7', 30_000)).toMatchObject({ replicas: '7' });
    // Variables are not Flux's spec: no new generation.
    expect(await byName('web-v')).toMatchObject({ generation: 1 });
  }, 120_000);

  it('a bad Placement variable → BuildFailed naming the field and its line, nothing of the revision applied', async () => {
    const appUrl = await git.createRepo('app-w');
    const f = await fleet('1h', { 'clusters/hub/sources.yaml': gitRepo('app-w', appUrl) });
    await eventually(() => sync(f.syncId), (s) => s.ready === 'True', 30_000);
    const sha = await git.pushFiles(f.url, {
      'clusters/hub/web.yaml': kustomization('web-w', 'app-w', './deploy'),
      'clusters/hub/placement.yaml': `apiVersion: placement.flotilla.dev/v1alpha1
kind: Placement
metadata:
  name: web-w
spec:
  kustomizations: [web-w]
  variables:
    replicas: 3
  clusters:
    - name: edge-1
      variables:
        9lives: "x"
      colour: blue
`,
    });
    await gql(RECONCILE_SOURCE, { id: f.sourceId });
    const failed = await eventually(() => sync(f.syncId), (s) => s.lastAttemptedRevision === `main@sha1:${sha}`, 30_000);
    expect(failed).toMatchObject({ ready: 'False', reason: 'BuildFailed' });
    expect(failed.problems.map(({ file, line, field }) => ({ file, line, field }))).toEqual([
      { file: 'clusters/hub/placement.yaml', line: 8, field: 'spec.variables.replicas' },
      { file: 'clusters/hub/placement.yaml', line: 12, field: 'spec.clusters.0.variables.9lives' },
      { file: 'clusters/hub/placement.yaml', line: 13, field: 'spec.clusters.0.colour' },
    ]);
    expect(failed.problems[0]!.message).toBe('spec.variables.replicas: must be a string (quote it: "3")');
    expect(await byName('web-w')).toBeUndefined();
  }, 120_000);

  it('updateFleetSync points it at another path: read at once, objects the new path declares are made, those it no longer declares pruned; name and namespace cannot change; bad input changes nothing', async () => {
    const { syncId, prefix } = await fleet('1h', {
      'clusters/hub/a.yaml': kustomization(`old-${randomUUID().slice(0, 4)}`, 'podinfo', './old'),
      'clusters/next/b.yaml': kustomization(`new-${randomUUID().slice(0, 4)}`, 'podinfo', './new'),
    });
    await eventually(() => sync(syncId), (x) => x.ready === 'True', 20_000);
    const [before] = (await sync(syncId)).inventory;
    expect(before?.file).toBe('clusters/hub/a.yaml');
    const update = `mutation($id: ID!, $input: FleetSyncInput!) { updateFleetSync(id: $id, input: $input) { id } }`;
    const input = { name: `hub-${prefix}`, sourceName: `fleet-${prefix}`, path: './clusters/next', interval: '10m' };

    const renamed = await t.gql(admin, update, { id: syncId, input: { ...input, name: `other-${prefix}` } });
    expect(renamed.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
    const badPath = await t.gql(admin, update, { id: syncId, input: { ...input, path: '../up' } });
    expect(badPath.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'path' });
    expect((await t.gql(operator, update, { id: syncId, input })).errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
    expect((await t.gql(admin, update, { id: 'nope', input })).errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
    expect((await sync(syncId)).inventory.map((i) => i.file)).toEqual(['clusters/hub/a.yaml']);

    expect((await t.gql(admin, update, { id: syncId, input })).errors).toBeUndefined();
    const after = await eventually(() => sync(syncId), (x) => x.inventory.length === 1 && x.inventory[0]!.file === 'clusters/next/b.yaml', 20_000);
    expect(after.ready).toBe('True');
    expect(await byName(before!.name)).toBeUndefined();
    expect((await byName(after.inventory[0]!.name))?.managedBy).toMatchObject({ fleetSyncName: `hub-${prefix}`, file: 'clusters/next/b.yaml' });
    const audit = await t.sql<{ action: string }>(`SELECT action FROM audit_entries WHERE target_id = $1 AND action = 'fleetSync.update'`, [syncId]);
    expect(audit).toHaveLength(1);
  });

  it('input at the edge: a bad path, interval or name is refused with its field; only admins create FleetSyncs', async () => {
    const create = `mutation($input: FleetSyncInput!) { createFleetSync(input: $input) { id } }`;
    const bad = async (input: Record<string, unknown>, as: Session = admin) => (await t.gql(as, create, { input: { name: 'x', sourceName: 'y', ...input } })).errors?.[0]?.extensions;
    expect(await bad({ path: '../up' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'path' });
    expect(await bad({ interval: 'soon' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'interval' });
    expect(await bad({ name: 'Not_Valid' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
    expect(await bad({}, operator)).toMatchObject({ code: 'FORBIDDEN' });
  });

  describe('every kind the Flux YAML import accepts', () => {
    const helm = (p: string, replicas: number) => `apiVersion: source.toolkit.fluxcd.io/v1
kind: HelmRepository
metadata:
  name: charts-${p}
spec:
  url: https://charts.example.com
  interval: 1h
---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: podinfo-${p}
spec:
  interval: 10m
  chart:
    spec:
      chart: podinfo
      version: '6.5.*'
      sourceRef:
        kind: HelmRepository
        name: charts-${p}
  values:
    replicaCount: ${replicas}
`;
    const helmPlacement = (p: string) => `apiVersion: placement.flotilla.dev/v1alpha1
kind: Placement
metadata:
  name: podinfo-prod
spec:
  helmReleases: [podinfo-${p}]
  clusterSelector: env=prod
  clusters: [edge-1]
`;
    const oci = (p: string) => `apiVersion: source.toolkit.fluxcd.io/v1
kind: OCIRepository
metadata:
  name: manifests-${p}
spec:
  interval: 5m
  url: oci://ghcr.io/stefanprodan/manifests/podinfo
  ref:
    tag: latest
`;
    const images = (p: string, range = '5.1.x') => `apiVersion: image.toolkit.fluxcd.io/v1
kind: ImageRepository
metadata:
  name: podinfo-${p}
spec:
  image: ghcr.io/stefanprodan/podinfo
  interval: 1h
---
apiVersion: image.toolkit.fluxcd.io/v1
kind: ImagePolicy
metadata:
  name: podinfo-${p}
spec:
  imageRepositoryRef:
    name: podinfo-${p}
  policy:
    semver:
      range: ${range}
`;
    const alerts = (p: string) => `apiVersion: notification.toolkit.fluxcd.io/v1beta3
kind: Provider
metadata:
  name: hook-${p}
spec:
  type: generic
  address: https://webhook.example.com/flux
---
apiVersion: notification.toolkit.fluxcd.io/v1beta3
kind: Alert
metadata:
  name: all-${p}
spec:
  providerRef:
    name: hook-${p}
  eventSeverity: error
  eventSources:
    - kind: Kustomization
      name: "*"
`;
    interface R {
      id: string;
      name: string;
      generation: number;
      spec: { values?: { replicaCount?: number } };
      placement: { clusterSelector: string | null; clusterNames: string[] };
    }
    const release = async (name: string): Promise<R | undefined> =>
      (await gql<{ helmReleases: R[] }>('{ helmReleases { id name generation spec placement { clusterSelector clusterNames } } }')).helmReleases.find((r) => r.name === name);
    const names = async (): Promise<Record<string, string[]>> => {
      const d = await gql<Record<string, { name: string }[]>>(
        '{ helmRepositories { name } helmReleases { name } ociRepositories { name } imageRepositories { name } imagePolicies { name } notificationProviders { name } alerts { name } }',
      );
      return Object.fromEntries(Object.entries(d).map(([k, v]) => [k, v.map((o) => o.name).sort()]));
    };
    const only = (all: Record<string, string[]>, p: string) => Object.fromEntries(Object.entries(all).map(([k, v]) => [k, v.filter((n) => n.endsWith(p))]));

    it('first sync creates every kind through its service (HelmRelease placed by a Placement); a values change → configured (new generation), the rest unchanged; removed files → deleted and gone; audit names the FleetSync (flux.md §1.6 change set: created/configured/unchanged/deleted)', async () => {
      const p = randomUUID().slice(0, 6);
      const f = await fleet('1h', {
        'clusters/hub/helm.yaml': helm(p, 1),
        'clusters/hub/placement.yaml': helmPlacement(p),
        'clusters/hub/oci.yaml': oci(p),
        'clusters/hub/images.yaml': images(p),
        'clusters/hub/alerts.yaml': alerts(p),
      });
      const ready = await eventually(() => sync(f.syncId), (s) => s.lastAppliedRevision === `main@sha1:${f.sha}`, 30_000);
      expect(ready).toMatchObject({ ready: 'True', reason: 'ReconciliationSucceeded' });
      expect(ready.inventory.map(({ kind, name, file }) => ({ kind, name, file }))).toEqual([
        { kind: 'Alert', name: `all-${p}`, file: 'clusters/hub/alerts.yaml' },
        { kind: 'HelmRelease', name: `podinfo-${p}`, file: 'clusters/hub/helm.yaml' },
        { kind: 'HelmRepository', name: `charts-${p}`, file: 'clusters/hub/helm.yaml' },
        { kind: 'ImagePolicy', name: `podinfo-${p}`, file: 'clusters/hub/images.yaml' },
        { kind: 'ImageRepository', name: `podinfo-${p}`, file: 'clusters/hub/images.yaml' },
        { kind: 'OCIRepository', name: `manifests-${p}`, file: 'clusters/hub/oci.yaml' },
        { kind: 'Provider', name: `hook-${p}`, file: 'clusters/hub/alerts.yaml' },
      ]);
      for (const o of ready.inventory) expect(ready.events[0]!.message).toContain(`${o.kind}/flotilla-system/${o.name} created`);
      expect(await release(`podinfo-${p}`)).toMatchObject({ generation: 1, spec: { values: { replicaCount: 1 } }, placement: { clusterSelector: 'env=prod', clusterNames: ['edge-1'] } });
      const audit = await t.sql<{ action: string; actor_kind: string; actor_name: string; actor_user_id: string | null }>(
        `SELECT action, actor_kind, actor_name, actor_user_id FROM audit_entries WHERE actor_name = $1`,
        [`fleetsync:${f.syncId}`],
      );
      expect(audit.map((a) => a.action).sort()).toEqual(
        ['alert.create', 'helmrelease.create', 'helmrepository.create', 'imagePolicy.create', 'imageRepository.create', 'notificationProvider.create', 'ocirepository.create'].sort(),
      );
      expect(audit.every((a) => a.actor_kind === 'system' && a.actor_user_id === null)).toBe(true);

      const sha2 = await git.pushFiles(f.url, { 'clusters/hub/helm.yaml': helm(p, 3) });
      await gql(RECONCILE_SOURCE, { id: f.sourceId });
      const changed = await eventually(() => sync(f.syncId), (s) => s.lastAppliedRevision === `main@sha1:${sha2}`, 30_000);
      expect(changed.events[0]!.message).toBe(`HelmRelease/flotilla-system/podinfo-${p} configured`);
      expect(await release(`podinfo-${p}`)).toMatchObject({ generation: 2, spec: { values: { replicaCount: 3 } }, placement: { clusterSelector: 'env=prod' } });
      // Unchanged objects are not written again: no second audit entry for them.
      const updates = await t.sql<{ action: string }>(`SELECT action FROM audit_entries WHERE actor_name = $1 AND action LIKE '%.update'`, [`fleetsync:${f.syncId}`]);
      expect(updates.map((u) => u.action)).toEqual(['helmrelease.update']);

      const sha3 = await git.pushFiles(f.url, { 'clusters/hub/helm.yaml': null, 'clusters/hub/placement.yaml': null, 'clusters/hub/images.yaml': null, 'clusters/hub/alerts.yaml': null });
      await gql(RECONCILE_SOURCE, { id: f.sourceId });
      const pruned = await eventually(() => sync(f.syncId), (s) => s.lastAppliedRevision === `main@sha1:${sha3}`, 30_000);
      expect(pruned.ready).toBe('True');
      expect(pruned.inventory.map((i) => i.kind)).toEqual(['OCIRepository']);
      // Deleted in reverse dependency order: what reads a source before the source.
      expect(pruned.events[0]!.message.split('\n')).toEqual([
        `Alert/flotilla-system/all-${p} deleted`,
        `Provider/flotilla-system/hook-${p} deleted`,
        `HelmRelease/flotilla-system/podinfo-${p} deleted`,
        `ImagePolicy/flotilla-system/podinfo-${p} deleted`,
        `ImageRepository/flotilla-system/podinfo-${p} deleted`,
        `HelmRepository/flotilla-system/charts-${p} deleted`,
      ]);
      expect(only(await names(), p)).toEqual({
        helmRepositories: [],
        helmReleases: [],
        ociRepositories: [`manifests-${p}`],
        imageRepositories: [],
        imagePolicies: [],
        notificationProviders: [],
        alerts: [],
      });
    }, 120_000);

    it('a bad field in one of the new kinds → the whole revision refused (BuildFailed) with file and line, nothing changed; a credential (secretRef) in a source is refused as the import refuses it', async () => {
      const p = randomUUID().slice(0, 6);
      const f = await fleet('1h', { 'clusters/hub/images.yaml': images(p) });
      await eventually(() => sync(f.syncId), (s) => s.ready === 'True', 30_000);
      const sha = await git.pushFiles(f.url, {
        'clusters/hub/helm.yaml': helm(p, 2),
        // images.yaml line 18 is the ImagePolicy's range, which does not compile
        'clusters/hub/images.yaml': images(p, '">=1.0 <<2"'),
        'clusters/hub/oci.yaml': `${oci(p)}  secretRef:\n    name: regcred\n`,
        'clusters/hub/alerts.yaml': alerts(p).replace(`name: hook-${p}\n  eventSeverity`, `name: nowhere\n  eventSeverity`),
      });
      await gql(RECONCILE_SOURCE, { id: f.sourceId });
      const failed = await eventually(() => sync(f.syncId), (s) => s.lastAttemptedRevision === `main@sha1:${sha}`, 30_000);
      expect(failed).toMatchObject({ ready: 'False', reason: 'BuildFailed' });
      expect(failed.problems.map(({ file, line, kind, field }) => ({ file, line, kind, field }))).toEqual([
        { file: 'clusters/hub/alerts.yaml', line: 15, kind: 'Alert', field: 'spec.providerRef.name' },
        { file: 'clusters/hub/images.yaml', line: 18, kind: 'ImagePolicy', field: 'spec.policy.semver.range' },
        { file: 'clusters/hub/oci.yaml', line: 10, kind: 'OCIRepository', field: 'spec.secretRef' },
      ]);
      expect(failed.problems[2]!.message).toContain('credentials are not imported');
      expect(failed.lastAppliedRevision).toBe(`main@sha1:${f.sha}`);
      expect(only(await names(), p)).toMatchObject({ helmRepositories: [], helmReleases: [], ociRepositories: [], imageRepositories: [`podinfo-${p}`], notificationProviders: [] });
    }, 120_000);

    it('a prune the service refuses (a Provider a hand-made Alert still sends to) → PruneFailed, nothing of the revision applied, the Provider kept and still the FleetSync’s (flux.md §1.6 PruneFailed)', async () => {
      const p = randomUUID().slice(0, 6);
      const provider = alerts(p).split('---')[0]!;
      const f = await fleet('1h', { 'clusters/hub/provider.yaml': provider });
      const ready = await eventually(() => sync(f.syncId), (s) => s.ready === 'True', 30_000);
      expect(ready.inventory.map((i) => i.name)).toEqual([`hook-${p}`]);
      const providerId = (await gql<{ notificationProviders: { id: string; name: string }[] }>('{ notificationProviders { id name } }')).notificationProviders.find((x) => x.name === `hook-${p}`)!.id;
      await gql('mutation($input: AlertInput!) { createAlert(input: $input) { id } }', { input: { name: `hand-${p}`, providerId, eventSources: [{ kind: 'Kustomization', name: '*' }] } });
      const sha = await git.pushFiles(f.url, { 'clusters/hub/provider.yaml': null, 'clusters/hub/images.yaml': images(p) });
      await gql(RECONCILE_SOURCE, { id: f.sourceId });
      const refused = await eventually(() => sync(f.syncId), (s) => s.lastAttemptedRevision === `main@sha1:${sha}`, 30_000);
      expect(refused).toMatchObject({ ready: 'False', reason: 'PruneFailed' });
      expect(refused.message).toContain(`Provider flotilla-system/hook-${p} is gone from git but is not deleted`);
      expect(refused.inventory.map((i) => i.name)).toEqual([`hook-${p}`]);
      expect(only(await names(), p)).toMatchObject({ notificationProviders: [`hook-${p}`], imageRepositories: [], imagePolicies: [] });
    }, 120_000);

    it('suspend and resume of git-managed objects of every kind with spec.suspend (flux suspend on an object applied from git): spec.suspend alone changes while the update stays refused; a sync of the unchanged file keeps it, and so does a change of another field (Flux’s server-side apply owns no spec.suspend the document leaves out); a viewer, an unknown id and ImagePolicy are refused', async () => {
      const p = randomUUID().slice(0, 6);
      const prefix = randomUUID().slice(0, 6);
      const more = `apiVersion: image.toolkit.fluxcd.io/v1
kind: ImageUpdateAutomation
metadata:
  name: auto-${p}
spec:
  interval: 30m
  sourceRef:
    kind: GitRepository
    name: fleet-${prefix}
  git:
    checkout:
      ref:
        branch: main
    commit:
      author:
        name: bot
        email: bot@example.com
  update:
    path: ./apps
    strategy: Setters
---
apiVersion: notification.toolkit.fluxcd.io/v1
kind: Receiver
metadata:
  name: hook-${p}
spec:
  type: generic
  resources:
    - kind: GitRepository
      name: fleet-${prefix}
  secretRef:
    name: hook-token
`;
      const f = await fleetNamed(prefix, '1h', {
        'clusters/hub/helm.yaml': helm(p, 1),
        'clusters/hub/oci.yaml': oci(p),
        'clusters/hub/images.yaml': images(p),
        'clusters/hub/alerts.yaml': alerts(p),
        'clusters/hub/more.yaml': more,
      });
      const ready = await eventually(() => sync(f.syncId), (s) => s.lastAppliedRevision === `main@sha1:${f.sha}`, 30_000);
      expect(ready.ready, ready.message).toBe('True');
      // Each kind: the list it is read from, its name, and where the list shows suspend.
      const kinds = [
        { kind: 'HelmRelease', list: 'helmReleases', name: `podinfo-${p}`, fields: 'id name generation spec' },
        { kind: 'OCIRepository', list: 'ociRepositories', name: `manifests-${p}`, fields: 'id name suspend' },
        { kind: 'HelmRepository', list: 'helmRepositories', name: `charts-${p}`, fields: 'id name suspend' },
        { kind: 'ImageRepository', list: 'imageRepositories', name: `podinfo-${p}`, fields: 'id name suspend' },
        { kind: 'ImageUpdateAutomation', list: 'imageUpdateAutomations', name: `auto-${p}`, fields: 'id name suspend' },
        { kind: 'Alert', list: 'alerts', name: `all-${p}`, fields: 'id name suspend' },
        { kind: 'Provider', list: 'notificationProviders', name: `hook-${p}`, fields: 'id name suspend' },
        { kind: 'Receiver', list: 'receivers', name: `hook-${p}`, fields: 'id name suspend' },
      ] as const;
      type O = { id: string; name: string; suspend?: boolean; generation?: number; spec?: { suspend?: boolean; values?: unknown } };
      const read = async (k: (typeof kinds)[number]): Promise<O> => (await gql<Record<string, O[]>>(`{ ${k.list} { ${k.fields} } }`))[k.list]!.find((o) => o.name === k.name)!;
      const suspended = (o: O): boolean => Boolean(o.suspend ?? o.spec?.suspend);
      const before = new Map<string, O>();
      for (const k of kinds) before.set(k.kind, await read(k));

      const viewer = await t.login('viewer');
      const denied = await t.gql(viewer, 'mutation($id: ID!) { suspend(kind: HelmRelease, id: $id) }', { id: before.get('HelmRelease')!.id });
      expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect((await t.gql(operator, 'mutation { suspend(kind: Receiver, id: "nope") }')).errors?.[0]?.message).toBe('no such Receiver');
      expect((await t.gql(operator, 'mutation { suspend(kind: ImagePolicy, id: "x") }')).errors?.[0]?.message).toContain('ImagePolicy');

      for (const k of kinds) {
        const r = await t.gql(operator, `mutation($id: ID!) { suspend(kind: ${k.kind}, id: $id) }`, { id: before.get(k.kind)!.id });
        expect(r.errors, k.kind).toBeUndefined();
        expect(suspended(await read(k)), k.kind).toBe(true);
      }
      // HelmRelease: spec.suspend is part of the spec the agents run, so a new generation; the values stay git’s.
      expect(await read(kinds[0])).toMatchObject({ generation: 2, spec: { suspend: true, values: { replicaCount: 1 } } });
      // The full update is still refused: only suspend is open.
      const edit = await t.gql(operator, 'mutation($id: ID!, $input: OCIRepositoryInput!) { updateOciRepository(id: $id, input: $input) { id } }', {
        id: before.get('OCIRepository')!.id,
        input: { name: `manifests-${p}`, spec: { url: 'oci://ghcr.io/other/manifests', ref: { tag: 'latest' } } },
      });
      expect(edit.errors?.[0]?.message).toContain('managed by git');
      const audit = await t.sql<{ action: string }>(`SELECT action FROM audit_entries WHERE target_id = ANY($1) AND action LIKE '%.suspend'`, [[...before.values()].map((o) => o.id)]);
      expect(audit.map((a) => a.action).sort()).toEqual(['alert.suspend', 'helmrelease.suspend', 'imageUpdateAutomation.suspend', 'notificationProvider.suspend', 'receiver.suspend'].sort());

      // A new revision that leaves their files unchanged: the FleetSync applies it and the suspends stay.
      const sha2 = await git.pushFiles(f.url, { 'clusters/hub/extra.yaml': oci(`${p}b`) });
      await gql(RECONCILE_SOURCE, { id: f.sourceId });
      const again = await eventually(() => sync(f.syncId), (s) => s.lastAppliedRevision === `main@sha1:${sha2}`, 30_000);
      expect(again.events[0]!.message).toBe(`OCIRepository/flotilla-system/manifests-${p}b created`);
      for (const k of kinds) expect(suspended(await read(k)), `${k.kind} after a sync`).toBe(true);
      // A changed file that leaves spec.suspend out (Flux’s server-side apply does not own it): the change is
      // applied through the service and the hand suspend stays.
      const sha3 = await git.pushFiles(f.url, { 'clusters/hub/helm.yaml': helm(p, 2) });
      await gql(RECONCILE_SOURCE, { id: f.sourceId });
      const changed = await eventually(() => sync(f.syncId), (s) => s.lastAttemptedRevision === `main@sha1:${sha3}`, 30_000);
      expect(changed.ready, changed.message).toBe('True');
      expect(await read(kinds[0])).toMatchObject({ generation: 3, spec: { suspend: true, values: { replicaCount: 2 } } });
      for (const k of kinds) expect(suspended(await read(k)), `${k.kind} after a change in git`).toBe(true);

      for (const k of kinds) {
        const r = await t.gql(operator, `mutation($id: ID!) { resume(kind: ${k.kind}, id: $id) }`, { id: before.get(k.kind)!.id });
        expect(r.errors, k.kind).toBeUndefined();
        expect(suspended(await read(k)), k.kind).toBe(false);
      }
    }, 180_000);

    it('a FleetSync-managed HelmRelease refuses a hand edit and a delete through GraphQL (MANAGED_BY_GIT naming the FleetSync and file), and so does the Flux YAML import', async () => {
      const p = randomUUID().slice(0, 6);
      const f = await fleet('1h', { 'clusters/hub/helm.yaml': helm(p, 1) });
      await eventually(() => sync(f.syncId), (s) => s.ready === 'True', 30_000);
      const r = (await release(`podinfo-${p}`))!;
      const edit = await t.gql(operator, 'mutation($id: ID!, $input: HelmReleaseInput!) { updateHelmRelease(id: $id, input: $input) { id } }', {
        id: r.id,
        input: {
          name: `podinfo-${p}`,
          spec: { interval: '10m', chart: { spec: { chart: 'podinfo', sourceRef: { kind: 'HelmRepository', name: `charts-${p}` } } }, values: { replicaCount: 9 } },
          placement: { clusterNames: [] },
        },
      });
      expect(edit.errors?.[0]?.extensions?.code).toBe('CONFLICT');
      expect(edit.errors?.[0]?.message).toContain(`this HelmRelease is managed by git (FleetSync flotilla-system/hub-${f.prefix}, file clusters/hub/helm.yaml`);
      const del = await t.gql(admin, 'mutation($id: ID!) { deleteHelmRelease(id: $id) }', { id: r.id });
      expect(del.errors?.[0]?.message).toContain('managed by git');
      const repoId = (await gql<{ helmRepositories: { id: string; name: string }[] }>('{ helmRepositories { id name } }')).helmRepositories.find((h) => h.name === `charts-${p}`)!.id;
      expect((await t.gql(admin, 'mutation($id: ID!) { deleteHelmRepository(id: $id) }', { id: repoId })).errors?.[0]?.message).toContain('this HelmRepository is managed by git');
      const imported = await gql<{ importFluxYaml: { applied: boolean; problems: { message: string }[] } }>('mutation($yaml: String!) { importFluxYaml(yaml: $yaml) { applied problems { message } } }', {
        yaml: helm(p, 7),
      });
      expect(imported.importFluxYaml.applied).toBe(false);
      expect(imported.importFluxYaml.problems.map((x) => x.message)).toEqual([expect.stringContaining('managed by git'), expect.stringContaining('managed by git')]);
      expect(await release(`podinfo-${p}`)).toMatchObject({ generation: 1, spec: { values: { replicaCount: 1 } } });
    }, 120_000);
  });

});
