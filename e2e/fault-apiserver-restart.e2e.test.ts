import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  makeTempDir,
  startCluster,
  startGitServer,
  startPostgres,
  startToxiproxy,
  waitFor,
  type ManagedProcess,
  type TestCluster,
  type TestGitServer,
  type TestPostgres,
  type TestToxiproxy,
} from '@flotilla/testenv';
import { startAgent } from './support/agent-process.js';
import { startHub, type RunningHub } from './support/hub-process.js';
import { createRegistrationToken, loginAsAdmin } from './support/hub-session.js';
import { kubectlFor } from './support/kubectl.js';
import { configMap } from './support/manifests.js';
import { clusterView, createGitSource, createPlacedKustomization, fetchSourceNow, sourceRevision } from './support/placed-kustomization.js';

// kube-apiserver stopped in the middle of an apply and started again (etcd keeps running): the agent must not
// prune objects that still belong (flux.md §2: prune only after a fully successful apply) and the next run
// converges. The agent reaches the API server through Toxiproxy with a little latency, so that an apply of a
// few hundred objects takes long enough to be interrupted in its middle. Real hub, Postgres, git server, agent.

const OLD = 60;
const NEW = 150;
const names = (prefix: string, n: number): string[] => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);
const files = (version: string, withNew: boolean): Record<string, string> => {
  const out: Record<string, string> = { 'apps/namespace.yaml': JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'big' } }) };
  for (const name of names('old', OLD)) out[`apps/${name}.yaml`] = configMap('big', name, { version });
  if (withNew) for (const name of names('new', NEW)) out[`apps/${name}.yaml`] = configMap('big', name, { version });
  return out;
};

describe('fault: kube-apiserver restarted mid-apply', () => {
  let pg: TestPostgres;
  let git: TestGitServer;
  let cluster: TestCluster;
  let toxi: TestToxiproxy;
  let hub: RunningHub;
  let agent: ManagedProcess | undefined;

  beforeAll(async () => {
    [pg, git, cluster, toxi] = await Promise.all([startPostgres(), startGitServer({ auth: 'basic' }), startCluster({ name: 'fault-api', nodes: 1 }), startToxiproxy()]);
    hub = await startHub({ databaseUrl: await pg.createDatabase({ migrate: false }), heartbeatTimeoutMs: 5_000 });
  }, 180_000);
  afterAll(async () => {
    await agent?.stop();
    await hub?.stop();
    await Promise.allSettled([toxi?.stop(), cluster?.stop(), git?.stop(), pg?.stop()]);
  });

  it('no object that still belongs is pruned, and the next run converges (flux.md §2 prune only after a fully successful apply)', async () => {
    await agent?.stop();
    await toxi.api.reset();
    const workDir = await makeTempDir('e2e-fault-api');
    const k = await kubectlFor(cluster.kubeconfigPath);
    const api = await toxi.api.createProxy(`apiserver-${Date.now()}`, new URL(cluster.server).host);
    const kubeconfig = path.join(workDir, 'agent.kubeconfig');
    await writeFile(kubeconfig, (await readFile(cluster.kubeconfigPath, 'utf8')).replaceAll(cluster.server, `https://${api.listen}`));

    const repo = `big-${Date.now()}`;
    const url = await git.createRepo(repo);
    await git.pushFiles(repo, files('1', false));
    const session = await loginAsAdmin(hub.url, hub.adminPassword);
    const reg = await createRegistrationToken(session, repo);
    const sourceId = await createGitSource(session, { name: repo, url, username: git.credentials.username, password: git.credentials.password });
    await createPlacedKustomization(session, 'big', [repo], { sourceRef: { kind: 'GitRepository', name: repo }, path: './apps', interval: '10s', retryInterval: '3s', prune: true, timeout: '30s' });
    agent = startAgent({
      command: reg.agentCommand,
      kubeconfigPath: kubeconfig,
      stateFile: path.join(workDir, 'credential.json'),
      logDir: workDir,
      withToken: true,
      extraArgs: ['--cache-dir', path.join(workDir, 'cache')],
    });
    const status = async () => (await clusterView(session, reg.clusterId, 1)).kustomizations[0];
    const first = await waitFor(async () => sourceRevision(session, sourceId), { timeoutMs: 30_000, what: 'the first revision' });
    await waitFor(async () => ((await status())?.lastAppliedRevision === first ? true : undefined), { timeoutMs: 90_000, watch: [agent], what: 'the first revision applied' });
    const uids = async (): Promise<Map<string, string>> => {
      const out = await k('get', 'configmaps', '-n', 'big', '-o', 'jsonpath={range .items[*]}{.metadata.name}={.metadata.uid}{"\\n"}{end}');
      return new Map(out.split('\n').filter(Boolean).map((l) => l.split('=') as [string, string]));
    };
    const before = await uids();
    expect(names('old', OLD).every((n) => before.has(n))).toBe(true);

    // Each API request is slowed down a little, so the apply of the new revision takes seconds.
    await api.addToxic({ type: 'latency', attributes: { latency: 40 } });
    const second = await git.pushFiles(repo, files('2', true), { message: 'more objects' });
    await fetchSourceNow(session, sourceId);
    const applied = await waitFor(
      async () => {
        const n = [...(await uids()).keys()].filter((name) => name.startsWith('new-')).length;
        return n > 0 ? n : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 50, watch: [agent], what: 'the apply of the new revision to begin' },
    );
    await cluster.stopApiServer();
    const stoppedAt = Date.now();
    await new Promise((r) => setTimeout(r, 4_000));
    await cluster.startApiServer();
    const startedAt = Date.now();
    await api.removeToxic('latency_downstream');

    await waitFor(async () => ((await status())?.lastAppliedRevision?.endsWith(second) && (await status())?.ready === 'True' ? true : undefined), {
      timeoutMs: 90_000,
      watch: [agent],
      what: 'the new revision applied after the restart',
    });
    const convergedMs = Date.now() - startedAt;
    const after = await uids();
    // The same objects, never deleted and created again.
    for (const name of names('old', OLD)) expect(after.get(name), name).toBe(before.get(name));
    expect(names('new', NEW).filter((n) => !after.has(n))).toEqual([]);
    expect(await k('get', 'configmap', 'old-0', '-n', 'big', '-o', 'jsonpath={.data.version}')).toBe('2');
    const inventory = (await status())?.inventory ?? [];
    expect(inventory).toHaveLength(1 + OLD + NEW);
    console.log(
      `fault-figures apiserver-restart ${JSON.stringify({ objects: 1 + OLD + NEW, newAppliedWhenStopped: applied, apiDownMs: startedAt - stoppedAt, restartToConvergedMs: convergedMs, oldObjectsRecreated: 0 })}`,
    );
  }, 240_000);
});
