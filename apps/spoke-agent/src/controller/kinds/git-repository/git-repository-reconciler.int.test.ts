import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { FsArtifactStore, parseGitRepositorySpec, reconcileGitRepository } from '@flotilla/git-source';
import { fluxCustomResourceDefinitions } from '@flotilla/protocol/flux';
import { makeTempDir, runFlux, startCluster, startGitServer, startGitSshServer, type TestCluster, type TestGitServer, type TestGitSshServer } from '@flotilla/testenv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installFluxCrds } from '../../../crds/flux-crds.js';
import { createKubeClient, type KubeClient } from '../../../k8s/kube-client.js';
import { openArtifact } from '@flotilla/git-source';
import type { FluxObject, KindReconciler, ReconcileContext, ReconcileResult } from '../../kind-reconciler.js';
import { storedArtifactOpener } from './git-artifact-opener.js';
import { GitArtifactStorage } from './git-artifact-storage.js';
import { createGitRepositoryReconciler } from './git-repository-reconciler.js';

// The GitRepository reconciler against a real kube-apiserver (objects, Secrets, the status subresource with
// the CRD schema the agent installs) and real git http-backend servers. The runtime is not under test: each
// test calls reconcile() and writes the status back itself, as the runtime would.

const GROUP_PATH = '/apis/source.toolkit.fluxcd.io/v1';
const RECONCILER_TIMEOUT_MS = 60_000;

let cluster: TestCluster;
let kube: KubeClient;
let plain: TestGitServer;
let basic: TestGitServer;
let sshd: TestGitSshServer;
let dir: string;
let storage: GitArtifactStorage;
let sut: KindReconciler;
let n = 0;

beforeAll(async () => {
  [cluster, plain, basic, dir] = await Promise.all([startCluster({ nodes: 1 }), startGitServer(), startGitServer({ auth: 'basic' }), makeTempDir('git-in-cluster-')]);
  kube = await createKubeClient(cluster.kubeConfig);
  sshd = await startGitSshServer(plain);
  await installFluxCrds(kube, { crds: fluxCustomResourceDefinitions().filter((c) => c.spec.names.kind === 'GitRepository') });
  storage = GitArtifactStorage.inCacheDir(dir);
  // What a process killed mid-fetch leaves behind; the first reconcile clears it.
  await mkdir(path.join(storage.cloneDir, 'flotilla-git-dead'), { recursive: true });
  sut = createGitRepositoryReconciler({ kube, storage, random: () => 0.5 });
}, 240_000);

afterAll(async () => {
  kube?.close();
  await sshd?.stop();
  await Promise.all([cluster?.stop(), plain?.stop(), basic?.stop()]);
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function request(method: 'GET' | 'POST' | 'PUT' | 'DELETE', p: string, body?: unknown): Promise<Record<string, unknown>> {
  const res = await kube.request({ method, path: p, ...(body ? { body } : {}) });
  if (res.status >= 300) throw new Error(`${method} ${p}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as Record<string, unknown>;
}

async function namespace(): Promise<string> {
  const name = `git-${++n}-${Date.now().toString(36)}`;
  await request('POST', '/api/v1/namespaces', { metadata: { name } });
  return name;
}

async function createSecret(ns: string, name: string, data: Record<string, string>): Promise<void> {
  await request('POST', `/api/v1/namespaces/${ns}/secrets`, { metadata: { name }, stringData: data });
}

async function createGitRepository(ns: string, name: string, spec: Record<string, unknown>): Promise<FluxObject> {
  return (await request('POST', `${GROUP_PATH}/namespaces/${ns}/gitrepositories`, { apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'GitRepository', metadata: { name }, spec })) as FluxObject;
}

async function getGitRepository(ns: string, name: string): Promise<FluxObject> {
  return (await request('GET', `${GROUP_PATH}/namespaces/${ns}/gitrepositories/${name}`)) as FluxObject;
}

async function updateSpec(ns: string, name: string, spec: Record<string, unknown>): Promise<void> {
  const obj = await getGitRepository(ns, name);
  await request('PUT', `${GROUP_PATH}/namespaces/${ns}/gitrepositories/${name}`, { ...obj, spec: { ...obj.spec, ...spec } });
}

function context(progress: Record<string, unknown>[] = []): ReconcileContext {
  return { signal: AbortSignal.timeout(RECONCILER_TIMEOUT_MS), now: () => new Date(), progress: async (s) => void progress.push(s), get: () => undefined, list: () => [] };
}

/**
 * One reconcile as the runtime does it: read the object, reconcile, write the status through /status (the
 * in-progress one too, so the API server checks both against the CRD schema).
 */
async function reconcileOnce(ns: string, name: string, progress: Record<string, unknown>[] = []): Promise<{ result: ReconcileResult; obj: FluxObject; ms: number }> {
  const current = await getGitRepository(ns, name);
  const statusPath = `${GROUP_PATH}/namespaces/${ns}/gitrepositories/${name}/status`;
  const ctx: ReconcileContext = {
    ...context(progress),
    progress: async (status) => {
      progress.push(status);
      const latest = await getGitRepository(ns, name);
      await request('PUT', statusPath, { ...latest, status });
    },
  };
  const t = performance.now();
  const result = await sut.reconcile(current, ctx);
  const ms = performance.now() - t;
  const latest = await getGitRepository(ns, name);
  const obj = (await request('PUT', statusPath, { ...latest, status: result.status })) as FluxObject;
  return { result, obj, ms };
}

type Cond = { type: string; status: string; reason: string; message: string };
const conditions = (obj: FluxObject): Cond[] => (obj.status?.conditions ?? []) as Cond[];
const condition = (obj: FluxObject, type: string): Cond | undefined => conditions(obj).find((c) => c.type === type);
type StatusArtifact = { path: string; url: string; revision: string; digest: string; size: number; lastUpdateTime: string };
const artifactOf = (obj: FluxObject): StatusArtifact => obj.status?.artifact as StatusArtifact;

describe('GitRepository reconciled in the agent (source-controller semantics)', () => {
  it('basic-auth Secret → status.artifact as Flux writes it, the file on disk, Ready=True Succeeded, NewArtifact event', async () => {
    const ns = await namespace();
    const url = await basic.createRepo(`app-${ns}`);
    const sha = await basic.pushFiles(url, { 'deploy/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n' }, { message: 'add the app config map' });
    await createSecret(ns, 'git-auth', { username: basic.credentials.username, password: basic.credentials.password });
    await createGitRepository(ns, 'app', { url, interval: '1m', ref: { branch: 'main' }, secretRef: { name: 'git-auth' } });

    const progress: Record<string, unknown>[] = [];
    const first = await reconcileOnce(ns, 'app', progress);
    const revision = `main@sha1:${sha}`;
    // Temporary clones go to the cache directory (the pod's root filesystem is read-only) and are removed.
    expect(await readdir(storage.cloneDir)).toEqual([]);
    const artifact = artifactOf(first.obj);
    expect(artifact.revision).toBe(revision);
    expect(artifact.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(artifact.path).toBe(`gitrepository/${ns}/app/${artifact.digest.slice('sha256:'.length)}.tar.gz`);
    expect(artifact.url).toBe(`file://${path.join(storage.root, artifact.path)}`);
    expect(Date.parse(artifact.lastUpdateTime)).not.toBeNaN();
    const bytes = await readFile(fileURLToPath(artifact.url));
    expect(artifact.size).toBe(bytes.length);
    expect(`sha256:${createHash('sha256').update(bytes).digest('hex')}`).toBe(artifact.digest);

    expect(condition(first.obj, 'Ready')).toMatchObject({ status: 'True', reason: 'Succeeded', message: `stored artifact for revision '${revision}'` });
    expect(condition(first.obj, 'ArtifactInStorage')).toMatchObject({ status: 'True', reason: 'Succeeded', message: `stored artifact for revision '${revision}'` });
    expect(conditions(first.obj).map((c) => c.type).sort()).toEqual(['ArtifactInStorage', 'Ready']);
    expect(first.obj.status?.observedGeneration).toBe(1);
    expect(first.result.events).toEqual([{ type: 'Normal', reason: 'NewArtifact', message: "stored artifact for commit 'add the app config map'", revision }]);
    // Flux's ProgressiveStatus before building the first artifact.
    expect(progress[0]?.conditions).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'Reconciling', status: 'True', reason: 'Progressing', message: 'building artifact' })]));
    // Interval 1m with ±5% jitter; random 0.5 is the middle.
    expect(first.result.requeueAfterMs).toBe(60_000);
    expect(first.result.failed).toBeUndefined();
    expect(JSON.stringify(first)).not.toContain(basic.credentials.password);

    // Unchanged revision: no new artifact, only Flux's trace event GitOperationSucceeded, no progress write. The URL follows where the cache
    // directory is now, as Flux rewrites the storage host (a status written by an agent with another one).
    const stale = await getGitRepository(ns, 'app');
    await request('PUT', `${GROUP_PATH}/namespaces/${ns}/gitrepositories/app/status`, { ...stale, status: { ...stale.status, artifact: { ...artifact, url: 'file:///old/cache/x.tar.gz' } } });
    const progressAgain: Record<string, unknown>[] = [];
    const again = await reconcileOnce(ns, 'app', progressAgain);
    expect(artifactOf(again.obj)).toEqual(artifact);
    expect(again.result.events).toMatchObject([{ type: 'Normal', reason: 'GitOperationSucceeded', message: `no changes since last reconciliation: observed revision '${artifact.revision}'` }]);
    expect(progressAgain).toEqual([]);
    console.log(`[git-in-cluster] small repo: first reconcile ${first.ms.toFixed(0)} ms, unchanged ${again.ms.toFixed(0)} ms, artifact ${artifact.size} bytes`);

    // The real flux CLI reads the status as it reads source-controller's.
    const flux = await runFlux(['get', 'sources', 'git', 'app', '-n', ns], { kubeconfig: cluster.kubeconfigPath });
    expect(flux.exitCode).toBe(0);
    const row = flux.stdout.split('\n').find((l) => l.startsWith('app '))?.split(/\s{2,}|\t/).map((c) => c.trim()).filter((c) => c !== '');
    // flux shortens the checksum to 8 characters in its table.
    const short = `main@sha1:${sha.slice(0, 8)}`;
    expect(row).toEqual(['app', short, 'False', 'True', `stored artifact for revision '${short}'`]);

    // The hub's way (its store layout, its URL) gives the same revision and the same bytes.
    const hubSpec = parseGitRepositorySpec({ url, interval: '1m', ref: { branch: 'main' }, secretRef: { name: 'git-auth' } });
    if (!hubSpec.ok) throw new Error('spec');
    const hub = await reconcileGitRepository({
      spec: hubSpec.value,
      store: new FsArtifactStore(path.join(dir, 'hub')),
      artifactUrl: (stored) => `/artifacts/${stored.digest}`,
      clock: { now: () => new Date() },
      secrets: async () => ({ credentials: { username: basic.credentials.username, password: basic.credentials.password } }),
    });
    expect(hub.status.artifact).toMatchObject({ revision, digest: artifact.digest, size: artifact.size });

    // The opener hands the Kustomization side the artifact's files.
    const opened = await storedArtifactOpener(storage)(again.obj, { revision, digest: artifact.digest });
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    const files = openArtifact(opened.artifact);
    expect(files.ok && Object.fromEntries([...files.files].map(([k, v]) => [k, Buffer.from(v).toString('utf8')]))).toEqual({ 'deploy/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n' });
  });

  it('a push → new revision and artifact; Flux keeps the last 2 artifacts per object', async () => {
    const ns = await namespace();
    const url = await plain.createRepo(`push-${ns}`);
    await plain.pushFiles(url, { 'a.yaml': 'a: 1\n' });
    await createGitRepository(ns, 'push', { url, interval: '5m', ref: { branch: 'main' } });
    const digests: string[] = [];
    for (let i = 2; i <= 4; i++) {
      const { obj } = await reconcileOnce(ns, 'push');
      digests.push(artifactOf(obj).digest);
      await plain.pushFiles(url, { 'a.yaml': `a: ${i}\n` });
    }
    const sha = await plain.pushFiles(url, { 'b.yaml': 'b\n' }, { message: 'second file' });
    const { obj, result } = await reconcileOnce(ns, 'push');
    expect(artifactOf(obj).revision).toBe(`main@sha1:${sha}`);
    expect(result.events).toMatchObject([{ type: 'Normal', reason: 'NewArtifact', message: "stored artifact for commit 'second file'" }]);
    expect(new Set(digests).size).toBe(3);
    const kept = [digests[2], artifactOf(obj).digest].map((d) => `${d?.slice('sha256:'.length)}.tar.gz`).sort();
    expect((await readdir(path.join(storage.root, 'gitrepository', ns, 'push'))).sort()).toEqual(kept);
  });

  it('a missing secret → Ready=False AuthenticationFailed (Flux: failed to get secret), the last artifact kept in status and on disk; back → Succeeded event (Flux FailureRecovery)', async () => {
    const ns = await namespace();
    const url = await basic.createRepo(`auth-${ns}`);
    const sha = await basic.pushFiles(url, { 'a.yaml': 'a\n' });
    await createSecret(ns, 'creds', { username: basic.credentials.username, password: basic.credentials.password });
    await createGitRepository(ns, 'auth', { url, interval: '1m', ref: { branch: 'main' }, secretRef: { name: 'creds' } });
    const good = artifactOf((await reconcileOnce(ns, 'auth')).obj);
    expect(good.revision).toBe(`main@sha1:${sha}`);

    await request('DELETE', `/api/v1/namespaces/${ns}/secrets/creds`);
    const { obj, result } = await reconcileOnce(ns, 'auth');
    const message = `failed to get secret '${ns}/creds': secrets "creds" not found`;
    expect(condition(obj, 'Ready')).toMatchObject({ status: 'False', reason: 'AuthenticationFailed', message });
    expect(condition(obj, 'FetchFailed')).toMatchObject({ status: 'True', reason: 'AuthenticationFailed', message });
    expect(condition(obj, 'Reconciling')).toMatchObject({ status: 'True', reason: 'ProgressingWithRetry' });
    expect(condition(obj, 'ArtifactInStorage')).toMatchObject({ status: 'True', reason: 'Succeeded' });
    expect(artifactOf(obj)).toEqual(good);
    expect((await stat(fileURLToPath(good.url))).size).toBe(good.size);
    expect(result).toMatchObject({ failed: true, events: [{ type: 'Warning', reason: 'AuthenticationFailed', message }] });
    expect(result.requeueAfterMs).toBeUndefined();

    // The Secret back: Ready again with the same artifact, and Flux's recovery event (reason Succeeded).
    await createSecret(ns, 'creds', { username: basic.credentials.username, password: basic.credentials.password });
    const back = await reconcileOnce(ns, 'auth');
    expect(condition(back.obj, 'Ready')).toMatchObject({ status: 'True', reason: 'Succeeded' });
    expect(conditions(back.obj).map((c) => c.type).sort()).toEqual(['ArtifactInStorage', 'Ready']);
    expect(artifactOf(back.obj)).toEqual(good);
    expect(back.result.events).toEqual([{ type: 'Normal', reason: 'Succeeded', message: `stored artifact for commit '${good.revision}'`, revision: good.revision }]);
    expect((await reconcileOnce(ns, 'auth')).result.events).toMatchObject([{ reason: 'GitOperationSucceeded' }]);
  });

  it('a wrong password → GitOperationFailed (source-controller: every clone failure), and the password appears nowhere', async () => {
    const ns = await namespace();
    const url = await basic.createRepo(`wrong-${ns}`);
    await basic.pushFiles(url, { 'a.yaml': 'a\n' });
    const wrong = `${basic.credentials.password}-Wr0ng`;
    await createSecret(ns, 'creds', { username: basic.credentials.username, password: wrong });
    await createGitRepository(ns, 'wrong', { url, interval: '1m', ref: { branch: 'main' }, secretRef: { name: 'creds' } });
    const { obj, result } = await reconcileOnce(ns, 'wrong');
    expect(condition(obj, 'Ready')).toMatchObject({ status: 'False', reason: 'GitOperationFailed' });
    expect(JSON.stringify({ obj, result })).not.toContain(wrong);
  });

  it('a wrong branch → FetchFailed GitOperationFailed naming the branch (Flux: unable to clone)', async () => {
    const ns = await namespace();
    const url = await plain.createRepo(`branch-${ns}`);
    await plain.pushFiles(url, { 'a.yaml': 'a\n' });
    await createGitRepository(ns, 'branch', { url, interval: '1m', ref: { branch: 'nope' } });
    const { obj, result } = await reconcileOnce(ns, 'branch');
    expect(condition(obj, 'Ready')).toMatchObject({ status: 'False', reason: 'GitOperationFailed' });
    expect(condition(obj, 'Ready')?.message).toContain(`unable to clone '${url}' (branch 'nope')`);
    expect(condition(obj, 'FetchFailed')).toMatchObject({ status: 'True', reason: 'GitOperationFailed' });
    expect(obj.status?.artifact).toBeUndefined();
    expect(result).toMatchObject({ failed: true, events: [{ type: 'Warning', reason: 'GitOperationFailed' }] });
  });

  it('ssh:// with the Secret flux create secret git writes (identity, identity.pub, known_hosts) → the same revision and artifact as over http; without known_hosts → AuthenticationFailed (fluxcd/pkg git AuthOptions.Validate)', async () => {
    const ns = await namespace();
    const url = await plain.createRepo(`ssh-${ns}`);
    const sha = await plain.pushFiles(url, { 'deploy/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n' });
    await createSecret(ns, 'ssh-auth', { identity: sshd.clientKey.identity, 'identity.pub': sshd.clientKey.identityPub, known_hosts: sshd.knownHosts });
    await createGitRepository(ns, 'over-ssh', { url: sshd.urlOf(`ssh-${ns}`), interval: '1m', ref: { branch: 'main' }, secretRef: { name: 'ssh-auth' } });
    await createGitRepository(ns, 'over-http', { url, interval: '1m', ref: { branch: 'main' } });
    const overSsh = await reconcileOnce(ns, 'over-ssh');
    const overHttp = await reconcileOnce(ns, 'over-http');
    expect(condition(overSsh.obj, 'Ready')).toMatchObject({ status: 'True', reason: 'Succeeded', message: `stored artifact for revision 'main@sha1:${sha}'` });
    expect(artifactOf(overSsh.obj).revision).toBe(artifactOf(overHttp.obj).revision);
    expect(artifactOf(overSsh.obj).digest).toBe(artifactOf(overHttp.obj).digest);

    await createSecret(ns, 'no-hosts', { identity: sshd.clientKey.identity });
    await createGitRepository(ns, 'no-hosts', { url: sshd.urlOf(`ssh-${ns}`), interval: '1m', secretRef: { name: 'no-hosts' } });
    const { obj, result } = await reconcileOnce(ns, 'no-hosts');
    const message = "failed to configure authentication options: invalid 'ssh' auth option: 'known_hosts' is required";
    expect(condition(obj, 'Ready')).toMatchObject({ status: 'False', reason: 'AuthenticationFailed', message });
    expect(condition(obj, 'FetchFailed')).toMatchObject({ status: 'True', reason: 'AuthenticationFailed', message });
    expect(result).toMatchObject({ failed: true, events: [{ type: 'Warning', reason: 'AuthenticationFailed', message }] });
  });

  it('a spec the agent cannot serve → Stalled: provider (InvalidProviderConfiguration), include (UnsupportedSpec)', async () => {
    const ns = await namespace();
    await createGitRepository(ns, 'gh', { url: 'https://github.com/org/repo', interval: '1m', provider: 'github', secretRef: { name: 'app' } });
    const gh = await reconcileOnce(ns, 'gh');
    expect(condition(gh.obj, 'Stalled')).toMatchObject({ status: 'True', reason: 'InvalidProviderConfiguration' });
    expect(condition(gh.obj, 'FetchFailed')).toMatchObject({ status: 'True', reason: 'InvalidProviderConfiguration' });
    expect(gh.result).toMatchObject({ events: [{ type: 'Warning', reason: 'InvalidProviderConfiguration' }] });
    expect(gh.result.failed).toBeUndefined();
    expect(gh.result.requeueAfterMs).toBeUndefined();
    // Reconciled again (a restart, a requested reconcile): the conditions keep their transition time.
    const ghAgain = await reconcileOnce(ns, 'gh');
    expect(condition(ghAgain.obj, 'Stalled')).toEqual(condition(gh.obj, 'Stalled'));
    expect(condition(gh.obj, 'Ready')).toMatchObject({ status: 'False', reason: 'InvalidProviderConfiguration', message: "provider 'github' is not supported yet: use the generic provider with a secretRef" });
    await createGitRepository(ns, 'inc', { url: 'https://example.com/repo', interval: '1m', include: [{ repository: { name: 'other' } }] });
    const inc = await reconcileOnce(ns, 'inc');
    expect(condition(inc.obj, 'Stalled')).toMatchObject({ status: 'True', reason: 'UnsupportedSpec', message: 'spec.include is not supported yet' });
  });

  it('a damaged or deleted artifact file is never opened, and the next reconcile rebuilds it (Flux reconcileStorage)', async () => {
    const ns = await namespace();
    const url = await plain.createRepo(`damage-${ns}`);
    await plain.pushFiles(url, { 'a.yaml': 'a\n' });
    await createGitRepository(ns, 'damage', { url, interval: '1m', ref: { branch: 'main' } });
    const first = artifactOf((await reconcileOnce(ns, 'damage')).obj);
    const open = storedArtifactOpener(storage);
    const obj = await getGitRepository(ns, 'damage');

    await writeFile(fileURLToPath(first.url), 'tampered');
    const refused = await open(obj, first);
    expect(refused).toMatchObject({ ok: false });
    expect(!refused.ok && refused.message).toContain('damaged');
    const rebuilt = await reconcileOnce(ns, 'damage');
    expect(artifactOf(rebuilt.obj).digest).toBe(first.digest);
    expect(rebuilt.result.events).toEqual([]);
    expect((await open(obj, first)).ok).toBe(true);

    await rm(fileURLToPath(first.url));
    expect(await open(obj, first)).toMatchObject({ ok: false, message: expect.stringContaining('not in storage') });
    await reconcileOnce(ns, 'damage');
    expect((await open(obj, first)).ok).toBe(true);
  });

  it('a spec.ignore change at the same commit → a new artifact and observedIgnore; finalize removes the files', async () => {
    const ns = await namespace();
    const url = await plain.createRepo(`ignore-${ns}`);
    await plain.pushFiles(url, { 'keep.yaml': 'k\n', 'drop.yaml': 'd\n' });
    await createGitRepository(ns, 'ignore', { url, interval: '1m', ref: { branch: 'main' } });
    const before = artifactOf((await reconcileOnce(ns, 'ignore')).obj);
    await updateSpec(ns, 'ignore', { ignore: 'drop.yaml\n' });
    const progress: Record<string, unknown>[] = [];
    const after = await reconcileOnce(ns, 'ignore', progress);
    expect(artifactOf(after.obj).revision).toBe(before.revision);
    expect(artifactOf(after.obj).digest).not.toBe(before.digest);
    expect(after.obj.status?.observedIgnore).toBe('drop.yaml\n');
    expect(after.obj.status?.observedGeneration).toBe(2);
    expect(progress[0]?.conditions).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'Reconciling', message: 'processing object: new generation 1 -> 2' })]));
    await sut.finalize?.(after.obj, context());
    await expect(stat(path.join(storage.root, 'gitrepository', ns, 'ignore'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
