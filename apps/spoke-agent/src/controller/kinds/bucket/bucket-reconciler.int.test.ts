import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:http';
import { Agent } from 'node:https';
import type { AddressInfo } from 'node:net';
import fs from 'node:fs/promises';
import path from 'node:path';
import { ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { openArtifact } from '@flotilla/git-source';
import { FLUX_KINDS, type FluxKindIdentity } from '@flotilla/reconcile-core';
import { binaryPath, makeTempDir, runFlux, startCluster, startS3Server, type TestCluster, type TestS3 } from '@flotilla/testenv';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installFluxCrds } from '../../../crds/flux-crds.js';
import { HelmArtifactStorage } from '../../../helm/helm-artifact-storage.js';
import { HelmCli } from '../../../helm/helm-cli.js';
import { ResourceManager } from '../../../k8s/index.js';
import type { KubeClient } from '../../../k8s/kube-client.js';
import { isRecord } from '../../../k8s/object-ref.js';
import { namespace, randomName } from '../../../k8s/testing/fixtures.js';
import { kustomizeBuilder } from '../../../reconcile/index.js';
import { captureLogger } from '../../../testing/capture-logger.js';
import { eventually } from '../../../testing/eventually.js';
import { conditionOf, fluxPath, kubeCall, type TestCondition } from '../../../testing/flux-api.js';
import { ControllerRuntime } from '../../controller-runtime.js';
import { KustomizationReconciler } from '../../kustomization-reconciler.js';
import { storedArtifactOpener } from '../git-repository/git-artifact-opener.js';
import { GitArtifactStorage } from '../git-repository/git-artifact-storage.js';
import { createHelmChartReconciler } from '../helm-chart/helm-chart-reconciler.js';
import { createBucketReconciler } from './bucket-reconciler.js';

// Buckets in a REAL kube-apiserver, reconciled by the controller runtime against a REAL S3 server (versitygw
// with its posix backend), objects written with the AWS SDK. A Kustomization whose sourceRef is a Bucket
// applies the artifact; a HelmChart packages a chart directory of one with the REAL helm. One cluster, one S3
// server and one runtime for the whole file; each test works in its own namespace and bucket.

const BUCKET = FLUX_KINDS.Bucket;
const KS = FLUX_KINDS.Kustomization;
const CHART = FLUX_KINDS.HelmChart;

let cluster: TestCluster;
let s3: TestS3;
let client: S3Client;
let rm: ResourceManager;
let api: KubeClient;
let runtime: ControllerRuntime;
let storage: GitArtifactStorage;
let dir: string;
const log = captureLogger();

const pathOf = fluxPath;
const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', p: string, body?: unknown) => kubeCall(api, method, p, body);

type Cond = TestCondition;
const cond = conditionOf;
type Artifact = { revision: string; digest: string; size: number; url: string; path: string; lastUpdateTime: string };
const artifactOf = (o: Record<string, unknown> | undefined): Artifact | undefined => (isRecord(o?.status) ? (o.status.artifact as Artifact | undefined) : undefined);

const endpoint = (): string => s3.endpoint.replace(/^http:\/\//, '');
const cm = (name: string, data: Record<string, string>) => stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data });

/** A namespace with the keys Secret `s3-keys`, and a bucket of the same name. */
async function setUp(prefix: string): Promise<string> {
  const ns = randomName(prefix);
  expect((await rm.apply([namespace(ns)])).errors).toEqual([]);
  await secret(ns, 's3-keys', { accesskey: s3.accessKeyId, secretkey: s3.secretAccessKey });
  await s3.createBucket(ns);
  return ns;
}

async function secret(ns: string, name: string, stringData: Record<string, string>): Promise<void> {
  await call('POST', `/api/v1/namespaces/${ns}/secrets`, { metadata: { name }, type: 'Opaque', stringData });
}

async function put(bucket: string, files: Record<string, string>): Promise<void> {
  for (const [Key, body] of Object.entries(files)) await client.send(new PutObjectCommand({ Bucket: bucket, Key, Body: body }));
}

async function createBucket(ns: string, name: string, spec: Record<string, unknown>): Promise<void> {
  await call('POST', pathOf(BUCKET, ns), { apiVersion: BUCKET.apiVersion, kind: BUCKET.kind, metadata: { name, namespace: ns }, spec: { interval: '10m', endpoint: endpoint(), insecure: true, bucketName: ns, secretRef: { name: 's3-keys' }, ...spec } });
}

async function readyWhen(ns: string, name: string, expected: Partial<Cond>, timeoutMs = 30_000): Promise<Record<string, unknown>> {
  return eventually(async () => {
    const o = await call('GET', pathOf(BUCKET, ns, name));
    expect(cond(o, 'Ready')).toMatchObject(expected);
    return o!;
  }, { timeoutMs });
}

async function requestReconcile(ns: string, name: string, kind: FluxKindIdentity = BUCKET): Promise<void> {
  await call('PATCH', pathOf(kind, ns, name), { metadata: { annotations: { 'reconcile.fluxcd.io/requestedAt': new Date().toISOString() } } });
}

/** The revision written out by hand from what the server lists: sorted `key etag` lines, sha256. */
async function listedRevision(bucket: string, prefix?: string, skip: (key: string) => boolean = () => false): Promise<string> {
  const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, ...(prefix ? { Prefix: prefix } : {}) }));
  const lines = (page.Contents ?? [])
    .filter((o) => o.Key !== '.sourceignore' && !skip(o.Key ?? ''))
    .map((o) => `${o.Key} ${(o.ETag ?? '').replace(/^"|"$/g, '')}\n`)
    .sort();
  return `sha256:${createHash('sha256').update(lines.join('')).digest('hex')}`;
}

async function storedFiles(ns: string, name: string, a: Artifact): Promise<string[]> {
  const read = await storage.read({ namespace: ns, name }, a.digest);
  if (!read.ok) throw new Error(read.message);
  const opened = openArtifact({ kind: 'tarball', revision: a.revision, digest: a.digest, bytes: read.bytes });
  if (!opened.ok) throw new Error(opened.message);
  return [...opened.files.keys()].sort();
}

async function eventsOf(ns: string, name: string): Promise<Array<Record<string, unknown>>> {
  const res = await api.request({ method: 'GET', path: `/api/v1/namespaces/${ns}/events`, query: { fieldSelector: `involvedObject.name=${name},involvedObject.kind=Bucket` } });
  return (isRecord(res.body) && Array.isArray(res.body.items) ? res.body.items : []) as Array<Record<string, unknown>>;
}

beforeAll(async () => {
  [cluster, s3, dir] = await Promise.all([startCluster({ name: 'bucket', nodes: 1 }), startS3Server(), makeTempDir('bucket-agent-cache')]);
  client = new S3Client({ region: s3.region, endpoint: s3.endpoint, forcePathStyle: true, credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey } });
  rm = await ResourceManager.fromKubeConfig(cluster.kubeConfig);
  api = rm.client;
  await installFluxCrds(api);
  storage = GitArtifactStorage.inCacheDir(dir, 'Bucket');
  await mkdir(path.join(dir, 'work'), { recursive: true });
  const helm = new HelmCli({ binary: await binaryPath('helm'), homeDir: path.join(dir, 'home'), kubeconfig: cluster.kubeconfigPath });
  runtime = new ControllerRuntime({ client: api, logger: log.logger, concurrency: 4, watchBackoff: { baseMs: 100, maxMs: 1000 } });
  runtime.register(createBucketReconciler({ kube: api, storage }));
  runtime.register(new KustomizationReconciler({ resources: rm, builder: kustomizeBuilder, openers: new Map([['Bucket', storedArtifactOpener(storage)]]) }));
  runtime.register(createHelmChartReconciler({ kube: api, storage: HelmArtifactStorage.inCacheDir(dir), helm, workDir: path.join(dir, 'work'), bucketOpener: storedArtifactOpener(storage) }));
  runtime.start();
  await runtime.synced();
}, 300_000);

afterAll(async () => {
  await runtime?.stop();
  rm?.close();
  client?.destroy();
  await Promise.all([s3?.stop(), cluster?.stop()]);
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

describe('Bucket reconciled in the agent (source-controller semantics)', () => {
  it('stores the objects under Flux’s revision (sha256 of the sorted key→etag index); a Kustomization applies it; a changed object is a new revision (flux.md §2 revisions)', async () => {
    const ns = await setUp('bucket');
    await put(ns, { 'deploy/cm.yaml': cm('from-bucket', { color: 'blue' }), 'README.md': '# app' });
    await createBucket(ns, 'app', {});
    const revision = await listedRevision(ns);
    const o = await readyWhen(ns, 'app', { status: 'True', reason: 'Succeeded', message: `stored artifact: revision '${revision}'` });
    const a = artifactOf(o)!;
    expect(a).toMatchObject({ revision, path: expect.stringMatching(new RegExp(`^bucket/${ns}/app/[0-9a-f]{64}\\.tar\\.gz$`)), digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });
    expect(cond(o, 'ArtifactInStorage')).toMatchObject({ status: 'True', reason: 'Succeeded', message: `stored artifact: revision '${revision}'` });
    expect((o.status as Record<string, unknown>).observedGeneration).toBe(1);
    expect((o.status as Record<string, unknown>).url).toBe(a.url);
    expect(await storedFiles(ns, 'app', a)).toEqual(['README.md', 'deploy/cm.yaml']);
    const events = await eventually(async () => {
      const list = await eventsOf(ns, 'app');
      expect(list.some((e) => e.reason === 'NewArtifact')).toBe(true);
      return list;
    });
    expect(events.find((e) => e.reason === 'NewArtifact')).toMatchObject({ type: 'Normal', message: `stored artifact with 2 fetched files from '${ns}' bucket` });

    await call('POST', pathOf(KS, ns), { apiVersion: KS.apiVersion, kind: KS.kind, metadata: { name: 'app', namespace: ns }, spec: { interval: '10m', prune: true, path: './deploy', targetNamespace: ns, sourceRef: { kind: 'Bucket', name: 'app' } } });
    await eventually(async () => expect(cond(await call('GET', pathOf(KS, ns, 'app')), 'Ready')).toMatchObject({ status: 'True', reason: 'ReconciliationSucceeded', message: `Applied revision: ${revision}` }), { timeoutMs: 30_000 });
    expect((await api.request({ method: 'GET', path: `/api/v1/namespaces/${ns}/configmaps/from-bucket` })).body).toMatchObject({ data: { color: 'blue' } });

    await put(ns, { 'deploy/cm.yaml': cm('from-bucket', { color: 'green' }) });
    const next = await listedRevision(ns);
    expect(next).not.toBe(revision);
    await requestReconcile(ns, 'app');
    const o2 = await readyWhen(ns, 'app', { status: 'True', message: `stored artifact: revision '${next}'` });
    expect(cond(o2, 'ArtifactOutdated')).toBeUndefined();
    await eventually(async () => expect((await api.request({ method: 'GET', path: `/api/v1/namespaces/${ns}/configmaps/from-bucket` })).body).toMatchObject({ data: { color: 'green' } }), { timeoutMs: 30_000 });

    const flux = await runFlux(['get', 'sources', 'bucket', 'app', '-n', ns], { kubeconfig: cluster.kubeconfigPath });
    expect(flux.exitCode, flux.stderr).toBe(0);
    expect(flux.stdout).toMatch(/app\s+sha256:[0-9a-f]{8}\s+False\s+True\s+stored artifact: revision/);
  });

  it('ignore: the bucket’s root .sourceignore, then spec.ignore, and prefix; no default exclusions, as source-controller’s bucket matcher', async () => {
    const ns = await setUp('bucket-ignore');
    await put(ns, {
      '.sourceignore': '*.txt\n',
      'app/cm.yaml': cm('a', { x: '1' }),
      'app/notes.txt': 'ignored by .sourceignore',
      'app/keep.txt': 'kept: spec.ignore overrules .sourceignore',
      'app/tmp/scratch.yaml': 'ignored by spec.ignore',
      'app/.github/workflows/ci.yml': 'kept: no default exclusions',
      'app/logo.png': 'kept too',
      'other/cm.yaml': 'outside the prefix',
    });
    await createBucket(ns, 'app', { prefix: 'app/', ignore: '!keep.txt\n/app/tmp/\n' });
    const revision = await listedRevision(ns, 'app/', (k) => k === 'app/notes.txt' || k.startsWith('app/tmp/'));
    const o = await readyWhen(ns, 'app', { status: 'True', message: `stored artifact: revision '${revision}'` });
    expect((o.status as Record<string, unknown>).observedIgnore).toBe('!keep.txt\n/app/tmp/\n');
    // source-controller downloads the root .sourceignore into the directory it archives, so it is in the artifact.
    expect(await storedFiles(ns, 'app', artifactOf(o)!)).toEqual(['.sourceignore', 'app/.github/workflows/ci.yml', 'app/cm.yaml', 'app/keep.txt', 'app/logo.png']);
    expect(await eventsOf(ns, 'app').then((l) => l.find((e) => e.reason === 'NewArtifact')?.message)).toBe(`stored artifact with 4 fetched files from '${ns}' bucket`);
  });

  it('wrong keys: Ready=False BucketOperationFailed, the last artifact kept and no key in any message; keys missing from the Secret: AuthenticationFailed', async () => {
    const ns = await setUp('bucket-keys');
    await put(ns, { 'cm.yaml': cm('a', { x: '1' }) });
    await createBucket(ns, 'app', {});
    const good = artifactOf(await readyWhen(ns, 'app', { status: 'True' }))!;
    const wrongSecret = 'not-the-secret-key-0123456789';
    await call('PATCH', `/api/v1/namespaces/${ns}/secrets/s3-keys`, { stringData: { accesskey: 'wrongaccesskey42', secretkey: wrongSecret } });
    await requestReconcile(ns, 'app');
    const o = await readyWhen(ns, 'app', { status: 'False', reason: 'BucketOperationFailed' });
    const ready = cond(o, 'Ready')!;
    expect(ready.message).toMatch(new RegExp(`^failed to confirm existence of '${ns}' bucket: .+`));
    expect(cond(o, 'FetchFailed')).toMatchObject({ status: 'True', reason: 'BucketOperationFailed', message: ready.message });
    expect(cond(o, 'Reconciling')).toMatchObject({ status: 'True', reason: 'ProgressingWithRetry' });
    expect(cond(o, 'ArtifactInStorage')).toMatchObject({ status: 'True' });
    expect(artifactOf(o)).toEqual(good);
    expect((await storage.read({ namespace: ns, name: 'app' }, good.digest)).ok).toBe(true);
    const everything = JSON.stringify([o, await eventsOf(ns, 'app'), log.lines()]);
    for (const s of [wrongSecret, s3.secretAccessKey]) expect(everything).not.toContain(s);

    await secret(ns, 'half', { accesskey: s3.accessKeyId });
    await call('PATCH', pathOf(BUCKET, ns, 'app'), { spec: { secretRef: { name: 'half' } } });
    const o2 = await readyWhen(ns, 'app', { status: 'False', reason: 'AuthenticationFailed', message: `invalid 'half' secret data: required fields 'accesskey' and 'secretkey'` });
    expect(artifactOf(o2)).toEqual(good);
    await call('PATCH', pathOf(BUCKET, ns, 'app'), { spec: { secretRef: { name: 'absent' } } });
    await readyWhen(ns, 'app', { status: 'False', reason: 'AuthenticationFailed', message: expect.stringContaining(`failed to get secret '${ns}/absent'`) });

    // Good keys again: Ready at the same revision, a Succeeded event for the recovery.
    await call('PATCH', pathOf(BUCKET, ns, 'app'), { spec: { secretRef: { name: 's3-keys' } } });
    await call('PATCH', `/api/v1/namespaces/${ns}/secrets/s3-keys`, { stringData: { accesskey: s3.accessKeyId, secretkey: s3.secretAccessKey } });
    await requestReconcile(ns, 'app');
    const o3 = await readyWhen(ns, 'app', { status: 'True', message: `stored artifact: revision '${good.revision}'` });
    expect(cond(o3, 'FetchFailed')).toBeUndefined();
    await eventually(async () => expect((await eventsOf(ns, 'app')).some((e) => e.reason === 'Succeeded')).toBe(true));
  });

  it('a missing bucket, a silent server (spec.timeout), an unusable certSecretRef, an endpoint written as a URL and cloud providers fail with clear messages and no artifact', async () => {
    const ns = await setUp('bucket-bad');
    await createBucket(ns, 'missing', { bucketName: 'no-such-bucket' });
    const missing = await readyWhen(ns, 'missing', { status: 'False', reason: 'BucketOperationFailed', message: `bucket 'no-such-bucket' not found` });
    expect(cond(missing, 'Reconciling')).toMatchObject({ status: 'True', reason: 'ProgressingWithRetry', message: 'building artifact' });
    expect(artifactOf(missing)).toBeUndefined();

    // A server that accepts connections and never answers: spec.timeout ends the listing phase.
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      await createBucket(ns, 'silent', { endpoint: `127.0.0.1:${(silent.address() as AddressInfo).port}`, timeout: '1s' });
      await readyWhen(ns, 'silent', { status: 'False', reason: 'BucketOperationFailed', message: `failed to confirm existence of '${ns}' bucket: context deadline exceeded (timeout 1s)` });
    } finally {
      silent.closeAllConnections();
      await new Promise((r) => silent.close(r));
    }

    await secret(ns, 'no-tls', { unrelated: 'x' });
    await createBucket(ns, 'tls', { certSecretRef: { name: 'no-tls' } });
    await readyWhen(ns, 'tls', { status: 'False', reason: 'AuthenticationFailed', message: `failed to get TLS config: secret '${ns}/no-tls' holds none of ca.crt, tls.crt and tls.key` });

    await createBucket(ns, 'url', { endpoint: s3.endpoint });
    await readyWhen(ns, 'url', { status: 'False', reason: 'AuthenticationFailed', message: `endpoint '${s3.endpoint}' must be host[:port] without a scheme: spec.insecure selects plain HTTP` });

    await createBucket(ns, 'gcp', { provider: 'gcp', secretRef: undefined });
    const gcp = await readyWhen(ns, 'gcp', { status: 'False', reason: 'InvalidProviderConfiguration' });
    expect(cond(gcp, 'Ready')?.message).toContain(`provider 'gcp' is not supported by this agent`);
    expect(cond(gcp, 'Stalled')).toMatchObject({ status: 'True', reason: 'InvalidProviderConfiguration' });
    await createBucket(ns, 'aws', { provider: 'aws', secretRef: undefined });
    await readyWhen(ns, 'aws', { status: 'False', reason: 'InvalidProviderConfiguration', message: expect.stringContaining('cloud’s identity, which this agent does not support') });
  });

  it('certSecretRef ca.crt: a Bucket on an HTTPS server with a self-signed certificate is trusted with it and refused without it (flux.md Bucket certSecretRef)', async () => {
    const tls = await startS3Server({ tls: true });
    try {
      const ns = randomName('bucket-tls');
      expect((await rm.apply([namespace(ns)])).errors).toEqual([]);
      await secret(ns, 'tls-keys', { accesskey: tls.accessKeyId, secretkey: tls.secretAccessKey });
      await secret(ns, 'tls-ca', { 'ca.crt': tls.ca! });
      await tls.createBucket(ns);
      const tlsClient = new S3Client({
        region: tls.region,
        endpoint: tls.endpoint,
        forcePathStyle: true,
        credentials: { accessKeyId: tls.accessKeyId, secretAccessKey: tls.secretAccessKey },
        requestHandler: { httpsAgent: new Agent({ ca: tls.ca! }) },
      });
      await tlsClient.send(new PutObjectCommand({ Bucket: ns, Key: 'cm.yaml', Body: cm('over-tls', { x: '1' }) }));
      const tlsEndpoint = tls.endpoint.replace(/^https:\/\//, '');

      await createBucket(ns, 'trusted', { endpoint: tlsEndpoint, insecure: false, secretRef: { name: 'tls-keys' }, certSecretRef: { name: 'tls-ca' } });
      const trusted = artifactOf(await readyWhen(ns, 'trusted', { status: 'True', reason: 'Succeeded' }))!;
      const page = await tlsClient.send(new ListObjectsV2Command({ Bucket: ns }));
      const etag = (page.Contents?.[0]?.ETag ?? '').replace(/^"|"$/g, '');
      expect(trusted.revision).toBe(`sha256:${createHash('sha256').update(`cm.yaml ${etag}\n`).digest('hex')}`);
      expect(await storedFiles(ns, 'trusted', trusted)).toEqual(['cm.yaml']);

      await createBucket(ns, 'untrusted', { endpoint: tlsEndpoint, insecure: false, secretRef: { name: 'tls-keys' } });
      const untrusted = await readyWhen(ns, 'untrusted', { status: 'False', reason: 'BucketOperationFailed' });
      expect(cond(untrusted, 'Ready')?.message).toMatch(new RegExp(`^failed to confirm existence of '${ns}' bucket: .*certificate`));
      expect(artifactOf(untrusted)).toBeUndefined();
    } finally {
      await tls.stop();
    }
  });

  it('suspend: a suspended Bucket keeps its revision while the bucket changes; resumed, it catches up', async () => {
    const ns = await setUp('bucket-suspend');
    await put(ns, { 'cm.yaml': cm('a', { x: '1' }) });
    await createBucket(ns, 'app', {});
    const first = artifactOf(await readyWhen(ns, 'app', { status: 'True' }))!;
    await call('PATCH', pathOf(BUCKET, ns, 'app'), { spec: { suspend: true } });
    await put(ns, { 'cm.yaml': cm('a', { x: '2' }) });
    await requestReconcile(ns, 'app');
    await new Promise((r) => setTimeout(r, 1500));
    expect(artifactOf(await call('GET', pathOf(BUCKET, ns, 'app')))?.revision).toBe(first.revision);
    await call('PATCH', pathOf(BUCKET, ns, 'app'), { spec: { suspend: false } });
    const next = await listedRevision(ns);
    expect(next).not.toBe(first.revision);
    await readyWhen(ns, 'app', { status: 'True', message: `stored artifact: revision '${next}'` });
  });

  it('a HelmChart packages a chart directory of a Bucket; Revision strategy versions it <version>+<first 12 hex of the digest> (flux.md §1.4)', async () => {
    const ns = await setUp('bucket-chart');
    await put(ns, {
      'charts/app/Chart.yaml': 'apiVersion: v2\nname: app\nversion: 0.3.0\n',
      'charts/app/values.yaml': 'color: blue\n',
      'charts/app/templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  color: {{ .Values.color }}\n',
    });
    await createBucket(ns, 'charts', {});
    const revision = artifactOf(await readyWhen(ns, 'charts', { status: 'True' }))!.revision;
    await call('POST', pathOf(CHART, ns), { apiVersion: CHART.apiVersion, kind: CHART.kind, metadata: { name: 'app', namespace: ns }, spec: { chart: 'charts/app', interval: '10m', reconcileStrategy: 'Revision', sourceRef: { kind: 'Bucket', name: 'charts' } } });
    const version = `0.3.0+${revision.slice('sha256:'.length, 'sha256:'.length + 12)}`;
    const chart = await eventually(async () => {
      const o = await call('GET', pathOf(CHART, ns, 'app'));
      expect(cond(o, 'Ready')).toMatchObject({ status: 'True', reason: 'Succeeded', message: `packaged 'app' chart with version '${version}'` });
      return o!;
    }, { timeoutMs: 60_000 });
    expect(artifactOf(chart)?.revision).toBe(version);
    expect((chart.status as Record<string, unknown>).observedSourceArtifactRevision).toBe(revision);
  });
});
