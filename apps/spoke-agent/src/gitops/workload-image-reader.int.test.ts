import { startCluster, type TestCluster } from '@flotilla/testenv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResourceManager } from '../k8s/resource-manager.js';
import { deployment, namespace, randomName } from '../k8s/testing/fixtures.js';
import { captureLogger } from '../testing/capture-logger.js';
import { eventually } from '../testing/eventually.js';
import { WorkloadImageReader } from './workload-image-reader.js';

let cluster: TestCluster;
let rm: ResourceManager;
let reader: WorkloadImageReader;
let ns: string;

beforeAll(async () => {
  cluster = await startCluster({ name: 'workload-images' });
  rm = await ResourceManager.fromKubeConfig(cluster.kubeConfig);
  reader = new WorkloadImageReader(rm.client, captureLogger().logger);
  ns = randomName('images');
  expect((await rm.apply([namespace(ns)])).errors).toEqual([]);
});

afterAll(async () => {
  rm?.close();
  await cluster?.stop();
});

const cronJob = (name: string, image: string) => ({
  apiVersion: 'batch/v1',
  kind: 'CronJob',
  metadata: { name, namespace: ns },
  spec: {
    schedule: '0 0 * * *',
    jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'job', image }] } } } },
  },
});

describe('WorkloadImageReader', () => {
  it('adds to workload entries the images the live objects run, and nothing to other kinds', async () => {
    const web = deployment(ns, 'web', 0, { image: 'nginx:1.25.3' });
    const spec = (web.spec as { template: { spec: Record<string, unknown> } }).template.spec;
    spec.initContainers = [{ name: 'init', image: 'busybox:1.36' }];
    expect((await rm.apply([web, cronJob('nightly', 'alpine:3.20')])).errors).toEqual([]);

    const entries = await reader.withImages([
      { id: `${ns}_web_apps_Deployment`, v: 'v1' },
      { id: `${ns}_nightly_batch_CronJob`, v: 'v1' },
      { id: `${ns}_settings__ConfigMap`, v: 'v1' },
      { id: `_${ns}__Namespace`, v: 'v1' },
    ]);
    // The ConfigMap does not exist (nothing to say); the Namespace has no conditions: kstatus calls it Current.
    expect(entries).toEqual([
      { id: `${ns}_web_apps_Deployment`, v: 'v1', images: ['busybox:1.36', 'nginx:1.25.3'], health: expect.objectContaining({ status: expect.any(String) }) },
      { id: `${ns}_nightly_batch_CronJob`, v: 'v1', images: ['alpine:3.20'], health: { status: 'Current', message: expect.any(String) } },
      { id: `${ns}_settings__ConfigMap`, v: 'v1' },
      { id: `_${ns}__Namespace`, v: 'v1', health: { status: 'Current', message: expect.any(String) } },
    ]);
  });

  it('gives other kinds kstatus health too (a PVC waiting to bind, Services by their clusterIP, a ConfigMap), but reads no Secret nor Flux object', async () => {
    const objects = [
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'plain', namespace: ns }, data: { a: 'b' } },
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'token', namespace: ns }, stringData: { t: 'x' } },
      {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: 'data', namespace: ns },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: 'no-such-class' },
      },
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'edge', namespace: ns },
        spec: { type: 'LoadBalancer', ports: [{ port: 80 }], selector: { app: 'edge' } },
      },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'inner', namespace: ns }, spec: { ports: [{ port: 80 }], selector: { app: 'inner' } } },
    ];
    expect((await rm.apply(objects)).errors).toEqual([]);
    const [plain, token, data, edge, inner, flux] = await reader.withImages([
      { id: `${ns}_plain__ConfigMap`, v: 'v1' },
      { id: `${ns}_token__Secret`, v: 'v1', health: { status: 'Current' } },
      { id: `${ns}_data__PersistentVolumeClaim`, v: 'v1' },
      { id: `${ns}_edge__Service`, v: 'v1' },
      { id: `${ns}_inner__Service`, v: 'v1' },
      { id: `${ns}_apps_kustomize.toolkit.fluxcd.io_Kustomization`, v: 'v1' },
    ]);
    expect(plain?.health?.status).toBe('Current');
    expect(token).toEqual({ id: `${ns}_token__Secret`, v: 'v1' });
    // kstatus: a PVC is Current once Bound; no provisioner serves this class.
    expect(data?.health).toEqual({ status: 'InProgress', message: expect.stringMatching(/Bound/i) });
    // kstatus's Service rule looks at spec.clusterIP only (InProgress while a LoadBalancer has none), not at
    // status.loadBalancer.ingress: the API server allocated one, so it is Current though no ingress exists.
    expect(edge?.health).toEqual({ status: 'Current', message: 'Service is ready' });
    expect(inner?.health?.status).toBe('Current');
    expect(flux).toEqual({ id: `${ns}_apps_kustomize.toolkit.fluxcd.io_Kustomization`, v: 'v1' });
  });

  it('reads what runs: a kubectl edit of the image shows, an object gone has no images', async () => {
    expect((await rm.apply([deployment(ns, 'edited', 0, { image: 'nginx:1.25.3' })])).errors).toEqual([]);
    const patched = await rm.client.request({
      method: 'PATCH',
      path: `/apis/apps/v1/namespaces/${ns}/deployments/edited`,
      contentType: 'application/strategic-merge-patch+json',
      body: { spec: { template: { spec: { containers: [{ name: 'app', image: 'nginx:1.27.0' }] } } } },
    });
    expect(patched.status).toBe(200);
    const [edited, gone] = await reader.withImages([
      { id: `${ns}_edited_apps_Deployment`, v: 'v1', images: ['stale:1'] },
      { id: `${ns}_missing_apps_Deployment`, v: 'v1', images: ['stale:1'] },
    ]);
    expect(edited?.images).toEqual(['nginx:1.27.0']);
    expect(gone).toEqual({ id: `${ns}_missing_apps_Deployment`, v: 'v1' });
  });

  it('adds each workload’s kstatus health from the same read: a Deployment short of available replicas, a failed Job, a stale health dropped', async () => {
    const job = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'migrate', namespace: ns },
      spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'job', image: 'alpine:3.20' }] } } },
    };
    // The test cluster runs the deployment controller and kwok nodes: pods that no node selects never become
    // available, so the Deployment stays short of its replicas whatever the controller writes.
    const scaledDeployment = deployment(ns, 'scaled', 3, { image: 'nginx:1.25.3' });
    (scaledDeployment.spec as { template: { spec: Record<string, unknown> } }).template.spec.nodeSelector = { 'flotilla.test/no-such-node': 'true' };
    expect((await rm.apply([scaledDeployment, job])).errors).toEqual([]);
    // A failed Job's status is written by hand (its pod would never fail here). The job controller may already
    // have started the Job: its startTime is kept and active cleared, as a finished Job must have.
    const status = async (path: string, body: unknown) => {
      const res = await rm.client.request({ method: 'PATCH', path: `${path}/status`, contentType: 'application/merge-patch+json', body });
      expect(res.status, JSON.stringify(res.body ?? res)).toBe(200);
    };
    // Read-then-patch until it holds: the job controller may start the Job (startTime, active) in between.
    await eventually(async () => {
      const now = new Date().toISOString();
      const live = await rm.client.request({ method: 'GET', path: `/apis/batch/v1/namespaces/${ns}/jobs/migrate` });
      const started = (live.body as { status?: { startTime?: string } } | undefined)?.status?.startTime;
      await status(`/apis/batch/v1/namespaces/${ns}/jobs/migrate`, {
        status: {
          startTime: started ?? now,
          active: 0,
          ready: 0,
          failed: 1,
          conditions: [
            { type: 'FailureTarget', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit', lastTransitionTime: now, lastProbeTime: now },
            { type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit', lastTransitionTime: now, lastProbeTime: now },
          ],
        },
      });
    }, { timeoutMs: 20_000 });
    // Until the deployment controller has observed it, kstatus says so instead of counting replicas.
    const [scaled, migrate, configMap] = await eventually(async () => {
      const read = await reader.withImages([
        { id: `${ns}_scaled_apps_Deployment`, v: 'v1', health: { status: 'Current' } },
        { id: `${ns}_migrate_batch_Job`, v: 'v1' },
        { id: `${ns}_settings__ConfigMap`, v: 'v1', health: { status: 'Current' } },
      ]);
      expect(read[0]?.health?.message).toMatch(/0\/3/);
      return read;
    }, { timeoutMs: 20_000 });
    expect(scaled?.health?.status).toBe('InProgress');
    expect(scaled?.health?.message).toMatch(/0\/3/);
    expect(migrate?.health?.status).toBe('Failed');
    expect(configMap).toEqual({ id: `${ns}_settings__ConfigMap`, v: 'v1' });
  });

  it('puts no unusual API version or group into a request path', async () => {
    const [entry, group] = await reader.withImages([
      { id: `${ns}_web_apps_Deployment`, v: '../../v1' },
      { id: `${ns}_web_..%2F.._Thing`, v: 'v1' },
    ]);
    expect(entry).toEqual({ id: `${ns}_web_apps_Deployment`, v: '../../v1' });
    expect(group).toEqual({ id: `${ns}_web_..%2F.._Thing`, v: 'v1' });
  });
});
