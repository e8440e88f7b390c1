import { execFileSync } from 'node:child_process';
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../process/wait.js';
import { startCluster, type TestCluster } from './cluster.js';

function processesMentioning(text: string): string[] {
  const out = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  return out.split('\n').filter((l) => l.includes(text) && !l.includes('ps -eo'));
}

describe('testenv: several clusters, Jobs, faults and teardown', () => {
  let a: TestCluster;
  let b: TestCluster;

  beforeAll(async () => {
    [a, b] = await Promise.all([startCluster({ name: 'alpha', nodes: 1 }), startCluster({ name: 'beta', nodes: 3 })]);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
  });

  it('runs independent clusters side by side', async () => {
    expect(a.server).not.toBe(b.server);
    const coreA = a.kubeConfig.makeApiClient(k8s.CoreV1Api);
    const coreB = b.kubeConfig.makeApiClient(k8s.CoreV1Api);
    await coreA.createNamespace({ body: { metadata: { name: 'only-in-alpha' } } });
    const inB = await coreB.readNamespace({ name: 'only-in-alpha' }).then(() => 200, (e: k8s.ApiException<string>) => e.code);
    expect(inB).toBe(404);
    expect((await coreA.listNode()).items).toHaveLength(1);
    expect((await coreB.listNode()).items).toHaveLength(3);
  });

  it('completes a Job: kwok runs its pod to Succeeded', async () => {
    const batch = a.kubeConfig.makeApiClient(k8s.BatchV1Api);
    await batch.createNamespacedJob({
      namespace: 'default',
      body: {
        metadata: { name: 'migrate' },
        spec: { backoffLimit: 0, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'run', image: 'busybox' }] } } },
      },
    });
    const job = await waitFor(
      async () => {
        const j = await batch.readNamespacedJob({ namespace: 'default', name: 'migrate' });
        return j.status?.conditions?.some((c) => c.type === 'Complete' && c.status === 'True') ? j : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 250, what: 'Job default/migrate to complete' },
    );
    expect(job.status?.succeeded).toBe(1);
  });

  it('fails with the log tail of a part that died', async () => {
    const scheduler = b.component('kube-scheduler');
    scheduler.killNow();
    await scheduler.exited;
    let thrown: unknown;
    try {
      await waitFor(async () => undefined, { timeoutMs: 5_000, watch: [scheduler], what: 'nothing' });
    } catch (err) {
      thrown = err;
    }
    expect(String(thrown)).toMatch(/kube-scheduler exited with signal SIGKILL/);
    expect(String(thrown)).toContain('--- last lines of the kube-scheduler log ---');
  });

  it('leaves no process behind after stop()', async () => {
    const c = await startCluster({ name: 'short-lived', nodes: 1 });
    expect(processesMentioning(c.dir).length).toBeGreaterThan(0);
    await c.stop();
    expect(processesMentioning(c.dir)).toEqual([]);
  });
});
