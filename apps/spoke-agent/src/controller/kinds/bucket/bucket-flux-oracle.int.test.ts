import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { openArtifact } from '@flotilla/git-source';
import { FLUX_KINDS } from '@flotilla/reconcile-core';
import { makeTempDir, startCluster, startFlux, startS3Server, type TestCluster, type TestFlux, type TestS3 } from '@flotilla/testenv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installFluxCrds } from '../../../crds/flux-crds.js';
import { ResourceManager } from '../../../k8s/index.js';
import type { KubeClient } from '../../../k8s/kube-client.js';
import { isRecord } from '../../../k8s/object-ref.js';
import { namespace, randomName } from '../../../k8s/testing/fixtures.js';
import { captureLogger } from '../../../testing/capture-logger.js';
import { eventually } from '../../../testing/eventually.js';
import { ControllerRuntime } from '../../controller-runtime.js';
import { GitArtifactStorage } from '../git-repository/git-artifact-storage.js';
import { createBucketReconciler } from './bucket-reconciler.js';

// Flux's own source-controller as the oracle: the same bucket content, one Bucket in a cluster Flux's
// controllers serve and one in a cluster the agent serves. The revision strings, the Ready reason and message
// and the files in the artifact must agree (the tarballs' digests differ: Go's gzip is not Node's).

const BUCKET = FLUX_KINDS.Bucket;

let ours: TestCluster;
let theirs: TestCluster;
let flux: TestFlux;
let s3: TestS3;
let client: S3Client;
let oursRm: ResourceManager;
let theirsRm: ResourceManager;
let runtime: ControllerRuntime;
let dir: string;
const log = captureLogger();

type Cond = { type: string; status: string; reason: string; message: string };
const ready = (o: Record<string, unknown> | undefined): Cond | undefined => (isRecord(o?.status) && Array.isArray(o.status.conditions) ? (o.status.conditions as Cond[]).find((c) => c.type === 'Ready') : undefined);
const artifactOf = (o: Record<string, unknown> | undefined) => (isRecord(o?.status) ? (o.status.artifact as { revision: string; url: string; digest: string } | undefined) : undefined);

async function call(api: KubeClient, method: 'GET' | 'POST', p: string, body?: unknown): Promise<Record<string, unknown> | undefined> {
  const res = await api.request({ method, path: p, body });
  if (res.status === 404 && method === 'GET') return undefined;
  if (res.status >= 300) throw new Error(`${method} ${p}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as Record<string, unknown>;
}

/** The same namespace, keys Secret and Bucket in both clusters; resolves with both objects once neither is Ready=Unknown. */
async function bothSettled(ns: string, spec: Record<string, unknown>, keys = { accesskey: s3.accessKeyId, secretkey: s3.secretAccessKey }): Promise<[Record<string, unknown>, Record<string, unknown>]> {
  const settled: Record<string, unknown>[] = [];
  for (const rm of [oursRm, theirsRm]) {
    expect((await rm.apply([namespace(ns)])).errors).toEqual([]);
    await call(rm.client, 'POST', `/api/v1/namespaces/${ns}/secrets`, { metadata: { name: 's3-keys' }, type: 'Opaque', stringData: keys });
    await call(rm.client, 'POST', `/apis/${BUCKET.group}/${BUCKET.version}/namespaces/${ns}/${BUCKET.plural}`, {
      apiVersion: BUCKET.apiVersion,
      kind: BUCKET.kind,
      metadata: { name: 'b', namespace: ns },
      spec: { interval: '10m', endpoint: s3.endpoint.replace(/^http:\/\//, ''), insecure: true, bucketName: ns, secretRef: { name: 's3-keys' }, ...spec },
    });
  }
  for (const rm of [oursRm, theirsRm]) {
    settled.push(
      await eventually(async () => {
        const o = await call(rm.client, 'GET', `/apis/${BUCKET.group}/${BUCKET.version}/namespaces/${ns}/${BUCKET.plural}/b`);
        expect(['True', 'False']).toContain(ready(o)?.status);
        // Ready=True is settled once the artifact it announces is in the status too.
        if (ready(o)?.status === 'True') expect(artifactOf(o), JSON.stringify(isRecord(o?.status) ? o.status : null)).toBeDefined();
        return o!;
      }, { timeoutMs: 60_000, intervalMs: 200 }),
    );
  }
  return settled as [Record<string, unknown>, Record<string, unknown>];
}

async function filesOf(bytes: Uint8Array): Promise<Record<string, string>> {
  const opened = openArtifact({ kind: 'tarball', revision: 'x', digest: `sha256:${createHash('sha256').update(bytes).digest('hex')}`, bytes });
  if (!opened.ok) throw new Error(opened.message);
  return Object.fromEntries([...opened.files].map(([k, v]) => [k, Buffer.from(v).toString('utf8')]));
}

async function newBucket(files: Record<string, string>): Promise<string> {
  const ns = randomName('oracle');
  await s3.createBucket(ns);
  for (const [Key, Body] of Object.entries(files)) await client.send(new PutObjectCommand({ Bucket: ns, Key, Body }));
  return ns;
}

beforeAll(async () => {
  [ours, theirs, s3, dir] = await Promise.all([startCluster({ name: 'bucket-ours', nodes: 1 }), startCluster({ name: 'bucket-flux', nodes: 1 }), startS3Server(), makeTempDir('bucket-oracle')]);
  flux = await startFlux(theirs);
  client = new S3Client({ region: s3.region, endpoint: s3.endpoint, forcePathStyle: true, credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey } });
  [oursRm, theirsRm] = await Promise.all([ResourceManager.fromKubeConfig(ours.kubeConfig), ResourceManager.fromKubeConfig(theirs.kubeConfig)]);
  await installFluxCrds(oursRm.client);
  runtime = new ControllerRuntime({ client: oursRm.client, logger: log.logger, concurrency: 2 });
  const storage = GitArtifactStorage.inCacheDir(dir, 'Bucket');
  runtime.register(createBucketReconciler({ kube: oursRm.client, storage }));
  runtime.start();
  await runtime.synced();
}, 400_000);

afterAll(async () => {
  await runtime?.stop();
  oursRm?.close();
  theirsRm?.close();
  client?.destroy();
  await flux?.stop();
  await Promise.all([s3?.stop(), ours?.stop(), theirs?.stop()]);
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

describe('Bucket against Flux’s source-controller (the oracle)', () => {
  it('the same revision, Ready message and artifact files for objects Flux’s documented default exclusions would name (its bucket matcher applies none)', async () => {
    const ns = await newBucket({ 'deploy/cm.yaml': 'kind: ConfigMap\n', '.github/workflows/ci.yml': 'on: push\n', 'logo.png': 'png', 'a/b/c.txt': 'deep', 'ü/文件.yaml': 'unicode: true\n' });
    const [mine, flux_] = await bothSettled(ns, {});
    expect(ready(flux_)).toMatchObject({ status: 'True' });
    expect(artifactOf(mine)?.revision, `ours: ${JSON.stringify(mine.status)}\nFlux: ${JSON.stringify(flux_.status)}`).toBe(artifactOf(flux_)?.revision);
    expect(ready(mine)).toMatchObject({ status: ready(flux_)?.status, reason: ready(flux_)?.reason, message: ready(flux_)?.message });
    const theirBytes = new Uint8Array(await (await fetch(artifactOf(flux_)!.url)).arrayBuffer());
    const myBytes = await fs.readFile(new URL(artifactOf(mine)!.url));
    expect(await filesOf(new Uint8Array(myBytes))).toEqual(await filesOf(theirBytes));
  });

  it('the same revision with a .sourceignore, spec.ignore and a prefix', async () => {
    const ns = await newBucket({ '.sourceignore': '*.txt\n', 'app/cm.yaml': 'a: 1\n', 'app/x.txt': 'no', 'app/keep.txt': 'yes', 'app/tmp/s.yaml': 'no', 'other/cm.yaml': 'no' });
    const [mine, flux_] = await bothSettled(ns, { prefix: 'app/', ignore: '!keep.txt\n/app/tmp/\n' });
    expect(ready(flux_)).toMatchObject({ status: 'True' });
    expect(artifactOf(mine)?.revision).toBe(artifactOf(flux_)?.revision);
    const theirBytes = new Uint8Array(await (await fetch(artifactOf(flux_)!.url)).arrayBuffer());
    expect(await filesOf(new Uint8Array(await fs.readFile(new URL(artifactOf(mine)!.url))))).toEqual(await filesOf(theirBytes));
  });

  it('the same Ready=False reason and message for an unknown access key and for a missing bucket', async () => {
    const ns = await newBucket({ 'cm.yaml': 'a: 1\n' });
    const [mine, flux_] = await bothSettled(ns, {}, { accesskey: 'unknownkey0042', secretkey: 'not-the-secret-0123456789' });
    expect(ready(flux_)).toMatchObject({ status: 'False' });
    expect(ready(mine)).toMatchObject({ status: 'False', reason: ready(flux_)?.reason, message: ready(flux_)?.message });

    const missing = randomName('oracle-missing');
    const [mine2, flux2] = await bothSettled(missing, {});
    expect(ready(flux2)).toMatchObject({ status: 'False' });
    expect(ready(mine2)).toMatchObject({ status: 'False', reason: ready(flux2)?.reason, message: ready(flux2)?.message });
  });
});
