import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fs from 'node:fs/promises';
import path from 'node:path';
import { cosignSignatureTag, fetchBlob, fetchManifest, fluxConfigMediaType, fluxContentMediaType, pushArtifact, RegistrySession, resolveDigest, type OciDescriptor } from '@flotilla/oci-client';
import { FLUX_KINDS } from '@flotilla/reconcile-core';
import { cosignSign, generateCosignKeyPair, makeTempDir, makeTempTree, runFlux, startCluster, startRegistry, type TestCluster, type TestRegistry } from '@flotilla/testenv';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installFluxCrds } from '../../../crds/flux-crds.js';
import { ResourceManager } from '../../../k8s/index.js';
import type { KubeClient } from '../../../k8s/kube-client.js';
import { isRecord } from '../../../k8s/object-ref.js';
import { namespace, randomName } from '../../../k8s/testing/fixtures.js';
import { openArtifact } from '@flotilla/git-source';
import { kustomizeBuilder } from '../../../reconcile/index.js';
import { captureLogger } from '../../../testing/capture-logger.js';
import { eventually } from '../../../testing/eventually.js';
import { conditionOf, fluxPath, kubeCall, type TestCondition } from '../../../testing/flux-api.js';
import { ControllerRuntime } from '../../controller-runtime.js';
import { KustomizationReconciler } from '../../kustomization-reconciler.js';
import { storedArtifactOpener } from '../git-repository/git-artifact-opener.js';
import { GitArtifactStorage } from '../git-repository/git-artifact-storage.js';
import { createOciRepositoryReconciler } from './oci-repository-reconciler.js';

// OCIRepositories in a REAL kube-apiserver, reconciled by the controller runtime against REAL registries
// (distribution 2.8, anonymous and htpasswd), artifacts pushed by the REAL `flux push artifact` and signed
// by the REAL `cosign`. A Kustomization whose sourceRef is an OCIRepository applies the artifact. One
// cluster, two registries and one runtime for the whole file; each test works in its own namespace.

const OCI = FLUX_KINDS.OCIRepository;
const KS = FLUX_KINDS.Kustomization;

let cluster: TestCluster;
let open: TestRegistry;
let basic: TestRegistry;
let secure: TestRegistry;
let failing: Server;
let silent: Server;
let rm: ResourceManager;
let api: KubeClient;
let runtime: ControllerRuntime;
let dir: string;
const log = captureLogger();

const pathOf = fluxPath;
const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', p: string, body?: unknown) => kubeCall(api, method, p, body);

type Cond = TestCondition;
const cond = conditionOf;
type Artifact = { revision: string; digest: string; size: number; url: string; path: string; lastUpdateTime: string; metadata?: Record<string, string> };
const artifactOf = (o: Record<string, unknown> | undefined): Artifact | undefined => (isRecord(o?.status) ? (o.status.artifact as Artifact | undefined) : undefined);

async function newNamespace(): Promise<string> {
  const ns = randomName('oci');
  expect((await rm.apply([namespace(ns)])).errors).toEqual([]);
  return ns;
}

async function createOci(ns: string, name: string, spec: Record<string, unknown>): Promise<void> {
  await call('POST', pathOf(OCI, ns), { apiVersion: OCI.apiVersion, kind: OCI.kind, metadata: { name, namespace: ns }, spec: { interval: '10m', ...spec } });
}

/** Waits until the object's Ready condition matches, and returns the object. */
async function readyWhen(ns: string, name: string, expected: Partial<Cond>, timeoutMs = 30_000): Promise<Record<string, unknown>> {
  return eventually(async () => {
    const o = await call('GET', pathOf(OCI, ns, name));
    expect(cond(o, 'Ready')).toMatchObject(expected);
    return o!;
  }, { timeoutMs });
}

async function secret(ns: string, name: string, stringData: Record<string, string>, type = 'Opaque'): Promise<void> {
  await call('POST', `/api/v1/namespaces/${ns}/secrets`, { metadata: { name }, type, stringData });
}

const dockerConfig = (reg: TestRegistry, username = reg.username ?? '', password = reg.password ?? '') => JSON.stringify({ auths: { [reg.host]: { username, password } } });

/** `flux push artifact` of `files`; returns the manifest digest the tag names now. */
async function fluxPush(reg: TestRegistry, repo: string, tag: string, files: Record<string, string>, revision = 'main@sha1:0123456789abcdef0123456789abcdef01234567'): Promise<string> {
  const src = await makeTempTree('oci-src', files);
  const args = ['push', 'artifact', `oci://${reg.host}/${repo}:${tag}`, '--path', src, '--source', 'https://github.com/example/app', '--revision', revision];
  if (reg.username) args.push('--creds', `${reg.username}:${reg.password}`);
  const out = await runFlux(args, { kubeconfig: cluster.kubeconfigPath });
  expect(out.exitCode, out.stderr).toBe(0);
  const auth = reg.username ? { username: reg.username, password: reg.password ?? '' } : undefined;
  return resolveDigest(new RegistrySession(reg.host, repo, auth), tag);
}

const cm = (name: string, data: Record<string, string>) => stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data });

async function eventsOf(ns: string, name: string): Promise<Array<Record<string, unknown>>> {
  const res = await api.request({ method: 'GET', path: `/api/v1/namespaces/${ns}/events`, query: { fieldSelector: `involvedObject.name=${name},involvedObject.kind=OCIRepository` } });
  return (isRecord(res.body) && Array.isArray(res.body.items) ? res.body.items : []) as Array<Record<string, unknown>>;
}

beforeAll(async () => {
  [cluster, open, basic, secure, dir] = await Promise.all([
    startCluster({ name: 'oci-repository', nodes: 1 }),
    startRegistry(),
    startRegistry({ auth: 'basic' }),
    startRegistry({ tls: true }),
    makeTempDir('oci-agent-cache'),
  ]);
  // A registry that fails every request, as one does when its storage backend is down.
  failing = createServer((_req, res) => {
    res.writeHead(500, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ errors: [{ code: 'UNKNOWN', message: 'unknown error' }] }));
  });
  // One that accepts connections and never answers.
  silent = createServer(() => undefined);
  await Promise.all([new Promise<void>((resolve) => failing.listen(0, '127.0.0.1', resolve)), new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))]);
  rm = await ResourceManager.fromKubeConfig(cluster.kubeConfig);
  api = rm.client;
  await installFluxCrds(api);
  const storage = GitArtifactStorage.inCacheDir(dir, 'OCIRepository');
  runtime = new ControllerRuntime({ client: api, logger: log.logger, concurrency: 4, watchBackoff: { baseMs: 100, maxMs: 1000 } });
  runtime.register(createOciRepositoryReconciler({ kube: api, storage }));
  runtime.register(new KustomizationReconciler({ resources: rm, builder: kustomizeBuilder, openers: new Map([['OCIRepository', storedArtifactOpener(storage)]]) }));
  runtime.start();
  await runtime.synced();
}, 300_000);

afterAll(async () => {
  await runtime?.stop();
  rm?.close();
  silent?.closeAllConnections();
  await Promise.all([new Promise((r) => failing?.close(r)), new Promise((r) => silent?.close(r))]);
  await Promise.all([open?.stop(), basic?.stop(), secure?.stop(), cluster?.stop()]);
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

describe('OCIRepository reconciled in the agent (source-controller semantics)', () => {
  it('pulls what `flux push artifact` pushed with dockerconfigjson credentials; a Kustomization applies it; `flux get sources oci` reads it', async () => {
    const ns = await newNamespace();
    const digest = await fluxPush(basic, 'manifests/app', 'v1', { 'deploy/cm.yaml': cm('from-oci', { color: 'blue' }), 'deploy/skip.tar.gz': 'x' });
    await secret(ns, 'regcred', { '.dockerconfigjson': dockerConfig(basic) }, 'kubernetes.io/dockerconfigjson');
    await createOci(ns, 'app', { url: `oci://${basic.host}/manifests/app`, ref: { tag: 'v1' }, secretRef: { name: 'regcred' } });
    const revision = `v1@${digest}`;
    const o = await readyWhen(ns, 'app', { status: 'True', reason: 'Succeeded', message: `stored artifact for digest '${revision}'` });
    const a = artifactOf(o)!;
    expect(a).toMatchObject({ revision, path: expect.stringMatching(new RegExp(`^ocirepository/${ns}/app/[0-9a-f]{64}\\.tar\\.gz$`)), metadata: { 'org.opencontainers.image.source': 'https://github.com/example/app', 'org.opencontainers.image.revision': 'main@sha1:0123456789abcdef0123456789abcdef01234567' } });
    expect(a.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(cond(o, 'ArtifactInStorage')).toMatchObject({ status: 'True', reason: 'Succeeded' });
    expect((o.status as Record<string, unknown>).url).toBe(a.url);
    // The stored tarball is the agent's own archive: the default ignore rules dropped *.tar.gz.
    const stored = await fs.readFile(path.join(dir, 'sources', ...a.path.split('/')));
    expect(stored.length).toBe(a.size);

    const events = await eventually(async () => {
      const list = await eventsOf(ns, 'app');
      expect(list.some((e) => e.reason === 'NewArtifact')).toBe(true);
      return list;
    });
    expect(events.find((e) => e.reason === 'NewArtifact')).toMatchObject({
      type: 'Normal',
      message: `stored artifact with revision '${revision}' from 'oci://${basic.host}/manifests/app', origin source 'https://github.com/example/app', origin revision 'main@sha1:0123456789abcdef0123456789abcdef01234567'`,
    });

    await call('POST', pathOf(KS, ns), { apiVersion: KS.apiVersion, kind: KS.kind, metadata: { name: 'app', namespace: ns }, spec: { interval: '10m', prune: true, path: './deploy', targetNamespace: ns, sourceRef: { kind: 'OCIRepository', name: 'app' } } });
    await eventually(async () => {
      const ks = await call('GET', pathOf(KS, ns, 'app'));
      expect(cond(ks, 'Ready')).toMatchObject({ status: 'True', reason: 'ReconciliationSucceeded', message: `Applied revision: ${revision}` });
    }, { timeoutMs: 30_000 });
    const res = await api.request({ method: 'GET', path: `/api/v1/namespaces/${ns}/configmaps/from-oci` });
    expect(res.body).toMatchObject({ data: { color: 'blue' } });

    // A new push under the same tag: the source follows at the next reconcile, the Kustomization follows it.
    const next = await fluxPush(basic, 'manifests/app', 'v1', { 'deploy/cm.yaml': cm('from-oci', { color: 'green' }) });
    await call('PATCH', pathOf(OCI, ns, 'app'), { metadata: { annotations: { 'reconcile.fluxcd.io/requestedAt': 'now-1' } } });
    await readyWhen(ns, 'app', { status: 'True', message: `stored artifact for digest 'v1@${next}'` });
    await eventually(async () => expect((await api.request({ method: 'GET', path: `/api/v1/namespaces/${ns}/configmaps/from-oci` })).body).toMatchObject({ data: { color: 'green' } }), { timeoutMs: 30_000 });

    const flux = await runFlux(['get', 'sources', 'oci', 'app', '-n', ns], { kubeconfig: cluster.kubeconfigPath });
    expect(flux.exitCode, flux.stderr).toBe(0);
    // flux shortens digests to 8 hex characters.
    expect(flux.stdout).toMatch(new RegExp(`app\\s+v1@${next.slice(0, 'sha256:'.length + 8)}\\s+False\\s+True\\s+stored artifact for digest`));
  });

  it('semver picks the highest matching tag, semverFilter narrows the tags, digest wins over both; revisions as Flux writes them (flux.md: digest > semver > tag)', async () => {
    const ns = await newNamespace();
    const repo = `semver/${ns}`;
    for (const tag of ['1.0.0', '1.2.0', '1.3.0-rc.1', '2.0.0']) await fluxPush(open, repo, tag, { 'cm.yaml': cm('v', { tag }) });
    const d12 = await resolveDigest(new RegistrySession(open.host, repo, undefined), '1.2.0');
    const d10 = await resolveDigest(new RegistrySession(open.host, repo, undefined), '1.0.0');
    await createOci(ns, 'range', { url: `oci://${open.host}/${repo}`, ref: { semver: '>=1.0.0 <2.0.0', tag: '2.0.0' } });
    await createOci(ns, 'filtered', { url: `oci://${open.host}/${repo}`, ref: { semver: '*', semverFilter: '^1\\.0\\..*' } });
    await createOci(ns, 'pinned', { url: `oci://${open.host}/${repo}`, ref: { digest: d10, semver: '>=1.0.0', tag: '2.0.0' } });
    await createOci(ns, 'none', { url: `oci://${open.host}/${repo}`, ref: { semver: '>=5.0.0' } });
    expect(artifactOf(await readyWhen(ns, 'range', { status: 'True' }))?.revision).toBe(`1.2.0@${d12}`);
    expect(artifactOf(await readyWhen(ns, 'filtered', { status: 'True' }))?.revision).toBe(`1.0.0@${d10}`);
    expect(artifactOf(await readyWhen(ns, 'pinned', { status: 'True' }))?.revision).toBe(d10);
    const none = await readyWhen(ns, 'none', { status: 'False', reason: 'ReadOperationFailed' });
    expect(cond(none, 'Ready')?.message).toBe(`failed to determine the artifact tag for 'oci://${open.host}/${repo}': no match found for semver: >=5.0.0`);
    expect(cond(none, 'FetchFailed')).toMatchObject({ status: 'True', reason: 'ReadOperationFailed' });
    expect(artifactOf(none)).toBeUndefined();
  });

  it('layerSelector: copy stores the layer as pushed; a media type the artifact lacks is OCIArtifactLayerOperationFailed', async () => {
    const ns = await newNamespace();
    const repo = `layers/${ns}`;
    const layer = (await fluxPushedLayer(repo, { 'cm.yaml': cm('c', { a: '1' }) })).layerDigest;
    await createOci(ns, 'copy', { url: `oci://${open.host}/${repo}`, layerSelector: { mediaType: fluxContentMediaType, operation: 'copy' } });
    await createOci(ns, 'missing', { url: `oci://${open.host}/${repo}`, layerSelector: { mediaType: 'application/vnd.example.nothing' } });
    const copy = await readyWhen(ns, 'copy', { status: 'True' });
    expect(artifactOf(copy)?.digest).toBe(layer);
    expect((copy.status as Record<string, unknown>).observedLayerSelector).toEqual({ mediaType: fluxContentMediaType, operation: 'copy' });
    const missing = await readyWhen(ns, 'missing', { status: 'False', reason: 'OCIArtifactLayerOperationFailed' });
    expect(cond(missing, 'Ready')?.message).toBe("failed to find layer with media type 'application/vnd.example.nothing' in artifact");
  });

  it('certSecretRef: a registry whose certificate a private CA signed is trusted with its ca.crt, refused with another CA; insecure speaks plain HTTP', async () => {
    const ns = await newNamespace();
    const repo = `tls/${ns}`;
    const tls = { ca: secure.caCert ?? '' };
    await pushArtifact({ registry: secure.host, repository: repo, tag: 'v1', config: { mediaType: fluxConfigMediaType, data: '{}' }, layers: [{ mediaType: fluxContentMediaType, data: (await fluxPushedLayerBytes(repo)).layer }], options: { tls } });
    await secret(ns, 'registry-ca', { 'ca.crt': tls.ca });
    await createOci(ns, 'trusted', { url: `oci://${secure.host}/${repo}`, ref: { tag: 'v1' }, certSecretRef: { name: 'registry-ca' } });
    // Another CA (the cluster's) did not sign the registry's certificate.
    const otherCa = Buffer.from(cluster.kubeConfig.getCurrentCluster()?.caData ?? '', 'base64').toString('utf8');
    await secret(ns, 'other-ca', { 'ca.crt': otherCa });
    await createOci(ns, 'untrusted', { url: `oci://${secure.host}/${repo}`, ref: { tag: 'v1' }, certSecretRef: { name: 'other-ca' } });
    await createOci(ns, 'plain', { url: `oci://${open.host}/${repo}`, ref: { tag: 'v1' }, insecure: true });
    expect(artifactOf(await readyWhen(ns, 'trusted', { status: 'True' }))?.revision).toMatch(/^v1@sha256:/);
    const untrusted = await readyWhen(ns, 'untrusted', { status: 'False', reason: 'OCIArtifactPullFailed' });
    expect(cond(untrusted, 'Ready')?.message).toMatch(/^failed to determine artifact digest: request to https:\/\/127\.0\.0\.1:\d+\/v2\/.* failed: .*certificate/);
    // The anonymous registry has no v1 of this repository: a 404 over plain HTTP shows insecure was honoured.
    expect(cond(await readyWhen(ns, 'plain', { status: 'False' }), 'Ready')?.message).toMatch(/failed with 404/);
  });

  it('serviceAccountName imagePullSecrets authenticate; spec.ignore leaves files out of the artifact; spec.timeout ends a registry that never answers', async () => {
    const ns = await newNamespace();
    const repo = `sa/${ns}`;
    await fluxPush(basic, repo, 'v1', { 'deploy/cm.yaml': cm('sa', { a: '1' }), 'deploy/notes.md': '# not a manifest' });
    await secret(ns, 'pull', { '.dockerconfigjson': dockerConfig(basic) }, 'kubernetes.io/dockerconfigjson');
    await call('POST', `/api/v1/namespaces/${ns}/serviceaccounts`, { metadata: { name: 'puller' }, imagePullSecrets: [{ name: 'pull' }] });
    await createOci(ns, 'sa', { url: `oci://${basic.host}/${repo}`, ref: { tag: 'v1' }, serviceAccountName: 'puller', ignore: '*.md' });
    const port = (silent.address() as AddressInfo).port;
    await createOci(ns, 'slow', { url: `oci://127.0.0.1:${port}/${repo}`, ref: { tag: 'v1' }, timeout: '1s' });
    const sa = await readyWhen(ns, 'sa', { status: 'True' });
    expect((sa.status as Record<string, unknown>).observedIgnore).toBe('*.md');
    const a = artifactOf(sa)!;
    const opened = openArtifact({ kind: 'tarball', revision: a.revision, digest: a.digest, bytes: await fs.readFile(path.join(dir, 'sources', ...a.path.split('/'))) });
    expect(opened.ok && [...opened.files.keys()]).toEqual(['deploy/cm.yaml']);
    const slow = await readyWhen(ns, 'slow', { status: 'False', reason: 'OCIArtifactPullFailed' });
    expect(cond(slow, 'Ready')?.message).toBe(`failed to determine artifact digest: request to http://127.0.0.1:${port}/v2/${repo}/manifests/v1 aborted: timeout of 1s exceeded`);
  });

  it('bad input: no such tag, a tag in the URL, refused credentials (401), a registry answering 500, a layer that is not a tarball — each with Flux’s reason, the last good artifact kept, no secret in any message', async () => {
    const ns = await newNamespace();
    const repo = `bad/${ns}`;
    await fluxPush(open, repo, 'good', { 'cm.yaml': cm('c', { a: '1' }) });
    await createOci(ns, 'notag', { url: `oci://${open.host}/${repo}`, ref: { tag: 'missing' } });
    await createOci(ns, 'tagged', { url: `oci://${open.host}/${repo}:good` });
    const wrongPassword = 'not-the-password-4711';
    await secret(ns, 'wrong', { '.dockerconfigjson': dockerConfig(basic, basic.username, wrongPassword) }, 'kubernetes.io/dockerconfigjson');
    await fluxPush(basic, repo, 'good', { 'cm.yaml': cm('c', { a: '1' }) });
    await createOci(ns, 'refused', { url: `oci://${basic.host}/${repo}`, ref: { tag: 'good' }, secretRef: { name: 'wrong' } });
    const port = (failing.address() as AddressInfo).port;
    await createOci(ns, 'broken', { url: `oci://127.0.0.1:${port}/${repo}`, ref: { tag: 'good' } });
    await createOci(ns, 'kept', { url: `oci://${open.host}/${repo}`, ref: { tag: 'good' } });

    const notag = await readyWhen(ns, 'notag', { status: 'False', reason: 'OCIArtifactPullFailed' });
    expect(cond(notag, 'Ready')?.message).toMatch(/^failed to determine artifact digest: resolving missing failed with 404/);
    const tagged = await readyWhen(ns, 'tagged', { status: 'False', reason: 'URLInvalid' });
    expect(cond(tagged, 'Stalled')).toMatchObject({ status: 'True', reason: 'URLInvalid', message: `URL validation failed for 'oci://${open.host}/${repo}:good': URL must not contain a tag; remove ':good'` });
    const refused = await readyWhen(ns, 'refused', { status: 'False', reason: 'OCIArtifactPullFailed' });
    expect(cond(refused, 'Ready')?.message).toMatch(/401 UNAUTHORIZED/);
    const broken = await readyWhen(ns, 'broken', { status: 'False', reason: 'OCIArtifactPullFailed' });
    expect(cond(broken, 'Ready')?.message).toMatch(/^failed to determine artifact digest: resolving good failed with 500/);

    const good = artifactOf(await readyWhen(ns, 'kept', { status: 'True' }))!;
    // The same tag now names an artifact whose layer is not a tarball.
    await pushArtifact({ registry: open.host, repository: repo, tag: 'good', config: { mediaType: fluxConfigMediaType, data: '{}' }, layers: [{ mediaType: fluxContentMediaType, data: 'this is not a tarball' }] });
    await call('PATCH', pathOf(OCI, ns, 'kept'), { metadata: { annotations: { 'reconcile.fluxcd.io/requestedAt': 'bad-layer' } } });
    const kept = await readyWhen(ns, 'kept', { status: 'False', reason: 'OCIArtifactLayerOperationFailed' });
    expect(cond(kept, 'Ready')?.message).toMatch(/^failed to extract layer contents from artifact: .*not a readable tar\.gz/);
    expect(artifactOf(kept)).toEqual(good);
    expect(cond(kept, 'ArtifactInStorage')).toMatchObject({ status: 'True', reason: 'Succeeded' });

    const everything = JSON.stringify([notag, tagged, refused, broken, kept, await eventsOf(ns, 'refused')]);
    expect(everything).not.toContain(wrongPassword);
    expect(everything).not.toContain(basic.password);
  });

  it('cosign: signed with a key in verify.secretRef → SourceVerified=True; unsigned, another key or a signature replayed from another digest → VerificationError and no artifact; keyless and notation refused with a clear message', async () => {
    const ns = await newNamespace();
    const repo = `signed/${ns}`;
    const [keys, otherKeys] = await Promise.all([generateCosignKeyPair(), generateCosignKeyPair('another-password')]);
    const signed = await fluxPush(open, repo, 'signed', { 'cm.yaml': cm('s', { a: '1' }) });
    await fluxPush(open, repo, 'unsigned', { 'cm.yaml': cm('s', { a: '2' }) });
    const other = await fluxPush(open, repo, 'other', { 'cm.yaml': cm('s', { a: '3' }) });
    await cosignSign(`${open.host}/${repo}@${signed}`, keys);
    await cosignSign(`${open.host}/${repo}@${other}`, otherKeys);
    // A valid signature of `signed` copied to where the signature of `replayed` would be: its payload names
    // another digest, so it must not count.
    const replayed = await fluxPush(open, repo, 'replayed', { 'cm.yaml': cm('s', { a: '4' }) });
    const session = new RegistrySession(open.host, repo, undefined);
    const sig = (await fetchManifest(session, cosignSignatureTag(signed))).manifest;
    const blob = async (d: OciDescriptor) => (await fetchBlob(session, d)).data;
    await pushArtifact({
      registry: open.host,
      repository: repo,
      tag: cosignSignatureTag(replayed),
      config: { mediaType: sig.config.mediaType, data: await blob(sig.config) },
      layers: await Promise.all(sig.layers.map(async (l) => ({ mediaType: l.mediaType, data: await blob(l), ...(l.annotations ? { annotations: l.annotations } : {}) }))),
    });
    await secret(ns, 'cosign-pub', { 'cosign.pub': await fs.readFile(keys.publicKeyPath, 'utf8') });
    const verify = { provider: 'cosign', secretRef: { name: 'cosign-pub' } };
    const url = `oci://${open.host}/${repo}`;
    await createOci(ns, 'signed', { url, ref: { tag: 'signed' }, verify });
    await createOci(ns, 'unsigned', { url, ref: { tag: 'unsigned' }, verify });
    await createOci(ns, 'other', { url, ref: { tag: 'other' }, verify });
    await createOci(ns, 'replayed', { url, ref: { tag: 'replayed' }, verify });
    await createOci(ns, 'keyless', { url, ref: { tag: 'signed' }, verify: { provider: 'cosign' } });
    await createOci(ns, 'notation', { url, ref: { tag: 'signed' }, verify: { provider: 'notation', secretRef: { name: 'cosign-pub' } } });

    const ok = await readyWhen(ns, 'signed', { status: 'True' });
    expect(cond(ok, 'SourceVerified')).toMatchObject({ status: 'True', reason: 'Succeeded', message: `verified signature of revision signed@${signed}` });
    for (const name of ['unsigned', 'other', 'replayed']) {
      const o = await readyWhen(ns, name, { status: 'False', reason: 'VerificationError' });
      expect(cond(o, 'SourceVerified')).toMatchObject({ status: 'False', reason: 'VerificationError', message: expect.stringMatching(new RegExp(`^failed to verify the signature using provider 'cosign': no matching signatures were found for '${open.host}/${repo}@sha256:`)) });
      expect(artifactOf(o)).toBeUndefined();
    }
    const keyless = await readyWhen(ns, 'keyless', { status: 'False', reason: 'VerificationError' });
    expect(cond(keyless, 'Ready')?.message).toMatch(/^failed to verify the signature using provider 'cosign keyless': keyless verification needs the public Sigstore transparency log/);
    const notation = await readyWhen(ns, 'notation', { status: 'False', reason: 'VerificationError' });
    expect(cond(notation, 'Ready')?.message).toMatch(/notation verification is not supported/);
  });
});

/** Pushes with `flux push artifact` and reads back the content layer's digest. */
async function fluxPushedLayer(repo: string, files: Record<string, string>): Promise<{ digest: string; layerDigest: string }> {
  const digest = await fluxPush(open, repo, 'latest', files);
  const res = await fetch(`${open.url}/v2/${repo}/manifests/${digest}`, { headers: { Accept: 'application/vnd.oci.image.manifest.v1+json' } });
  const manifest = (await res.json()) as { layers: Array<{ digest: string }> };
  return { digest, layerDigest: manifest.layers[0]!.digest };
}

/** A Flux content layer (tar.gz of one ConfigMap), made by `flux push artifact` on the anonymous registry. */
async function fluxPushedLayerBytes(repo: string): Promise<{ layer: Buffer }> {
  const { layerDigest } = await fluxPushedLayer(`${repo}-src`, { 'cm.yaml': cm('tls', { a: '1' }) });
  const res = await fetch(`${open.url}/v2/${repo}-src/blobs/${layerDigest}`);
  return { layer: Buffer.from(await res.arrayBuffer()) };
}

