import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { FLUX_KINDS } from '@flotilla/reconcile-core';
import { startCluster, type TestCluster } from '@flotilla/testenv';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResourceManager } from '../k8s/index.js';
import { isRecord } from '../k8s/object-ref.js';
import { namespace, randomName } from '../k8s/testing/fixtures.js';
import { makeTarball } from '../reconcile/testing/make-tarball.js';
import { spawnAgent, type AgentProcess } from '../testing/agent-process.js';
import { eventually } from '../testing/eventually.js';
import { startStandInHub, type StandInHub } from '../testing/stand-in-hub.js';

// The agent as it runs (the CLI entry in its own process) with 20 Kustomizations applied to a real kube-apiserver:
// every one Ready, then the process's resident memory once idle.

const KS = FLUX_KINDS.Kustomization;
const EA = FLUX_KINDS.ExternalArtifact;
const COUNT = 20;

let cluster: TestCluster;
let hub: StandInHub;
let rm: ResourceManager;
let agent: AgentProcess | undefined;
let dir: string;

beforeAll(async () => {
  [cluster, hub] = await Promise.all([startCluster({ name: 'runtime-footprint', nodes: 1 }), startStandInHub({ tokens: { good: 'valid' }, heartbeatIntervalMs: 1000, hubVersions: [2, 1] })]);
  rm = await ResourceManager.fromKubeConfig(cluster.kubeConfig);
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'runtime-footprint-'));
}, 180_000);

afterAll(async () => {
  if (agent && agent.child.exitCode === null) {
    agent.child.kill('SIGTERM');
    await agent.exited;
  }
  rm?.close();
  await hub?.stop();
  await cluster?.stop();
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

function rssKiB(pid: number): Promise<number> {
  return fs.readFile(`/proc/${pid}/status`, 'utf8').then((s) => Number(/VmRSS:\s+(\d+)/.exec(s)?.[1]));
}

describe('agent process with in-cluster Kustomizations', () => {
  it(`reconciles ${COUNT} Kustomizations to Ready and idles within a bounded memory`, async () => {
    const ns = randomName('footprint');
    expect((await rm.apply([namespace(ns)])).errors).toEqual([]);
    agent = spawnAgent(['--hub', hub.url, '--token', 'good', '--kubeconfig', cluster.kubeconfigPath, '--state', 'file', '--state-file', path.join(dir, 'state.json'), '--cache-dir', path.join(dir, 'cache')]);
    const base = `/apis/${EA.group}/${EA.version}/namespaces/${ns}`;
    await eventually(async () => expect((await rm.client.request({ method: 'GET', path: `${base}/${EA.plural}` })).status).toBe(200), { timeoutMs: 60_000, intervalMs: 200 });

    await new Promise((r) => setTimeout(r, 3000));
    const before = await rssKiB(agent.child.pid!);
    const started = Date.now();
    for (let i = 0; i < COUNT; i++) {
      const { bytes, digest } = makeTarball({ 'cm.yaml': stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cfg-${i}` }, data: { i: String(i) } }) });
      hub.gitops.artifacts.set(digest, bytes);
      const name = `app-${i}`;
      expect((await rm.client.request({ method: 'POST', path: `${base}/${EA.plural}`, body: { apiVersion: EA.apiVersion, kind: EA.kind, metadata: { name }, spec: {} } })).status).toBe(201);
      const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
      await rm.client.request({ method: 'PATCH', path: `${base}/${EA.plural}/${name}/status`, contentType: 'application/merge-patch+json', body: { status: { artifact: { path: `${name}.tar.gz`, url: 'http://hub.invalid/', revision: `latest@${digest}`, digest, lastUpdateTime: now } } } });
      const ks = { apiVersion: KS.apiVersion, kind: KS.kind, metadata: { name }, spec: { interval: '10m', prune: true, targetNamespace: ns, sourceRef: { kind: 'ExternalArtifact', name } } };
      expect((await rm.client.request({ method: 'POST', path: `/apis/${KS.group}/${KS.version}/namespaces/${ns}/${KS.plural}`, body: ks })).status).toBe(201);
    }
    await eventually(async () => {
      const res = await rm.client.request({ method: 'GET', path: `/apis/${KS.group}/${KS.version}/namespaces/${ns}/${KS.plural}` });
      const items = (isRecord(res.body) && Array.isArray(res.body.items) ? res.body.items : []) as Array<{ status?: { conditions?: Array<{ type: string; status: string }> } }>;
      const ready = items.filter((k) => k.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
      expect(ready).toHaveLength(COUNT);
    }, { timeoutMs: 60_000, intervalMs: 100 });
    const allReadyMs = Date.now() - started;
    await new Promise((r) => setTimeout(r, 5000));
    const rss = await rssKiB(agent.child.pid!);
    console.log(`${COUNT} in-cluster Kustomizations: created and all Ready in ${allReadyMs} ms; agent RSS idle ${(rss / 1024).toFixed(1)} MiB (${(before / 1024).toFixed(1)} MiB before any)`);
    expect(rss / 1024).toBeLessThan(400);
    expect(agent.logLines().filter((l) => l.level === 'error')).toEqual([]);
  }, 180_000);
});
