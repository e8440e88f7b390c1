import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startCluster, startGitServer, startPostgres, type TestCluster, type TestGitServer, type TestPostgres } from '@flotilla/testenv';
import pg from 'pg';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAgent } from '../agent/run-agent.js';
import { assignmentFileFor, createFileAssignmentStore } from '../assignment/assignment-store.js';
import { createKubeClusterInfo } from '../cluster/cluster-info.js';
import { openSocketIoHubLink } from '../connection/hub-link.js';
import { createFileCredentialStore } from '../credentials/file-credential-store.js';
import { ResourceManager } from '../k8s/index.js';
import { configMap, deployment, namespace, randomName } from '../k8s/testing/fixtures.js';
import { registerWithHub } from '../registration/register-with-hub.js';
import { captureLogger } from '../testing/capture-logger.js';
import { eventually } from '../testing/eventually.js';
import { startHubProcess, type HubProcess } from '../testing/hub-process.js';

// The agent against the REAL hub (gitops-delivery with gitops-hub merged: sources, Kustomizations, GraphQL,
// assignments, GET /artifacts, ingestion with per-agent seq) as its own process on real Postgres, a real git
// server and a real kube-apiserver. The first test writes the source row and artifact directly (the hub's fetch
// path is not under test there); the second is the seed scenario through GraphQL and git pushes.

let pgServer: TestPostgres;
let git: TestGitServer;
let cluster: TestCluster;
let hub: HubProcess;
let db: pg.Client;
let rm: ResourceManager;
let dataDir: string;
let dir: string;

beforeAll(async () => {
  [pgServer, cluster, git] = await Promise.all([startPostgres(), startCluster({ name: 'gitops-real-hub' }), startGitServer()]);
  const url = await pgServer.createDatabase();
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'hub-data-'));
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'agent-real-hub-'));
  hub = await startHubProcess(url, { FLOTILLA_DATA_DIR: dataDir, FLOTILLA_HEARTBEAT_INTERVAL_MS: '300' });
  db = new pg.Client({ connectionString: url });
  await db.connect();
  rm = await ResourceManager.fromKubeConfig(cluster.kubeConfig);
}, 120_000);

afterAll(async () => {
  rm?.close();
  await db?.end();
  await hub?.stop();
  await cluster?.stop();
  await git?.stop();
  await pgServer?.stop();
  for (const d of [dataDir, dir]) if (d) await fs.rm(d, { recursive: true, force: true });
});

async function register(clusterName: string, labels: Array<{ key: string; value: string }>) {
  const r = await hub.gql<{ createRegistrationToken: { token: string; cluster: { id: string } } }>(
    'mutation($input: CreateRegistrationTokenInput!) { createRegistrationToken(input: $input) { token cluster { id } } }',
    { input: { clusterName, labels } },
  );
  expect(r.errors).toBeUndefined();
  return r.data!.createRegistrationToken;
}

function startAgent(token: string, name: string) {
  const controller = new AbortController();
  const log = captureLogger();
  const stateFile = path.join(dir, `${name}.json`);
  const done = runAgent({
    hubUrl: hub.url,
    token,
    logger: log.logger,
    store: createFileCredentialStore(stateFile),
    clusterInfo: createKubeClusterInfo(cluster.kubeConfig),
    openLink: openSocketIoHubLink,
    register: registerWithHub,
    signal: controller.signal,
    backoff: { baseMs: 50, maxMs: 300 },
    gitops: { kubeConfig: cluster.kubeConfig, cacheDir: path.join(dir, `${name}-cache`), store: createFileAssignmentStore(assignmentFileFor(stateFile)) },
  });
  return {
    log,
    async stop() {
      controller.abort();
      await done;
    },
    dump() {
      const agentLines = log.lines().filter((l) => l.msg !== 'heartbeat sent').map((l) => JSON.stringify(l)).join('\n');
      console.error(`agent log:\n${agentLines.slice(-6000)}\nhub log:\n${hub.logs().slice(-6000)}`);
    },
  };
}

const nginx = (replicas: number) => stringify(deployment('default', 'nginx', replicas));

describe('agent ⇄ real hub (the delivery path)', () => {
  it('assignment on hello → artifact downloaded with the credential → applied with cluster variables → status, inventory and change-set events persisted by the hub, assignment acked', async () => {
    const ns = randomName('vars');
    expect((await rm.apply([namespace(ns)])).errors).toEqual([]);
    const clusterName = randomName('edge');
    const { token, cluster: registered } = await register(clusterName, [{ key: 'env', value: 'prod' }]);
    const manifests = [deployment(ns, 'nginx', 2), configMap(ns, 'whoami', { cluster: '${cluster_name}', env: '${cluster_label_env}' })].map((o) => stringify(o)).join('---\n');
    const repoUrl = await git.createRepo('vars');
    const sha = await git.pushFiles(repoUrl, { 'clusters/my-cluster/nginx-deployment.yaml': manifests });
    const revision = `main@sha1:${sha}`;
    const src = await hub.gql('mutation($input: GitRepositoryInput!) { createGitRepository(input: $input) { id } }', { input: { name: 'vars', url: repoUrl, ref: { branch: 'main' }, interval: '1h' } });
    expect(src.errors).toBeUndefined();
    const k = await hub.gql<{ createKustomization: { id: string } }>('mutation($input: KustomizationInput!) { createKustomization(input: $input) { id } }', {
      input: { name: 'vars-apps', spec: { sourceRef: { kind: 'GitRepository', name: 'vars' }, path: './clusters/my-cluster', interval: '1m', prune: true, postBuild: { substitute: {} } }, placement: { clusterNames: [clusterName] } },
    });
    expect(k.errors).toBeUndefined();
    const kustomizationId = k.data!.createKustomization.id;

    const agent = startAgent(token, 'vars');
    try {
      await eventually(
        async () => {
          const row = (await db.query<{ conditions: Array<{ type: string; status: string; reason: string }>; last_applied_revision: string | null; observed_generation: number }>(
            'SELECT conditions, last_applied_revision, observed_generation FROM flux_objects WHERE kustomization_id = $1 AND cluster_id = $2',
            [kustomizationId, registered.id],
          )).rows[0];
          expect(row?.conditions.find((c) => c.type === 'Ready')).toMatchObject({ status: 'True', reason: 'ReconciliationSucceeded' });
          expect(row?.last_applied_revision).toBe(revision);
          expect(row?.observed_generation).toBe(1);
        },
        { timeoutMs: 45_000, intervalMs: 250 },
      );
      const live = await rm.client.request({ method: 'GET', path: `/api/v1/namespaces/${ns}/configmaps/whoami` });
      expect((live.body as { data: Record<string, string> }).data).toEqual({ cluster: clusterName, env: 'prod' });
      const dep = await rm.client.request({ method: 'GET', path: `/apis/apps/v1/namespaces/${ns}/deployments/nginx` });
      expect((dep.body as { spec: { replicas: number } }).spec.replicas).toBe(2);

      await eventually(async () => {
        const events = (await db.query<{ message: string }>('SELECT message FROM cluster_events WHERE cluster_id = $1', [registered.id])).rows;
        expect(events.map((e) => e.message).join('\n')).toContain(`Deployment/${ns}/nginx created`);
      });
      await eventually(async () => {
        const acked = (await db.query<{ generation: string; acked_generation: string }>('SELECT generation, acked_generation FROM cluster_assignments WHERE cluster_id = $1', [registered.id])).rows[0];
        expect(acked?.acked_generation).toBe(acked?.generation);
      });
      const seq = (await db.query<{ last_seq: string }>('SELECT last_seq FROM agent_report_sequences WHERE cluster_id = $1', [registered.id])).rows[0];
      expect(Number(seq?.last_seq)).toBeGreaterThanOrEqual(3);
      // No batch was refused (a refused batch would show as a protocol error in the agent's log).
      expect(agent.log.lines().filter((l) => l.msg === 'the hub rejected a message' || l.msg === 'the hub refused report data')).toEqual([]);
    } catch (err) {
      agent.dump();
      throw err;
    } finally {
      await agent.stop();
    }
  }, 120_000);

  it('the seed scenario through GraphQL and git: push 2 replicas → 2; push 3 with a reconcile request → 3; delete the file → pruned; status, revision and inventory visible in GraphQL', async () => {
    const { token } = await register(randomName('seed'), [{ key: 'env', value: 'seed' }]);
    const repoUrl = await git.createRepo('fleet');
    const sha1 = await git.pushFiles(repoUrl, { 'clusters/my-cluster/nginx-deployment.yaml': nginx(2) });
    const src = await hub.gql<{ createGitRepository: { id: string } }>('mutation($input: GitRepositoryInput!) { createGitRepository(input: $input) { id } }', {
      input: { name: 'fleet', url: repoUrl, ref: { branch: 'main' }, interval: '1h' },
    });
    expect(src.errors).toBeUndefined();
    const k = await hub.gql<{ createKustomization: { id: string } }>('mutation($input: KustomizationInput!) { createKustomization(input: $input) { id } }', {
      input: { name: 'seed-apps', spec: { sourceRef: { kind: 'GitRepository', name: 'fleet' }, path: './clusters/my-cluster', interval: '1h', prune: true }, placement: { clusterSelector: 'env=seed' } },
    });
    expect(k.errors).toBeUndefined();
    const id = k.data!.createKustomization.id;
    const view = async () =>
      (await hub.gql<{ kustomization: { clusters: Array<{ ready: string; lastAppliedRevision: string | null; inventory: Array<{ kind: string; name: string }> }> } }>(
        'query($id: ID!) { kustomization(id: $id) { clusters { ready lastAppliedRevision inventory { kind name } } } }',
        { id },
      )).data!.kustomization.clusters[0];
    const replicas = async () => {
      const res = await rm.client.request({ method: 'GET', path: '/apis/apps/v1/namespaces/default/deployments/nginx' });
      return res.status === 200 ? (res.body as { spec: { replicas: number } }).spec.replicas : undefined;
    };

    const agent = startAgent(token, 'seed');
    try {
      await eventually(async () => expect(await replicas()).toBe(2), { timeoutMs: 45_000, intervalMs: 250 });
      await eventually(async () => expect(await view()).toMatchObject({ ready: 'True', lastAppliedRevision: `main@sha1:${sha1}`, inventory: [{ kind: 'Deployment', name: 'nginx' }] }), { timeoutMs: 20_000, intervalMs: 250 });

      // The source interval is 1h: only the reconcile request (as a webhook would send) brings the new commit.
      const sha2 = await git.pushFiles(repoUrl, { 'clusters/my-cluster/nginx-deployment.yaml': nginx(3) });
      const req = await hub.gql('mutation($input: RequestReconcileInput!) { requestReconcile(input: $input) }', { input: { kind: 'Kustomization', id, withSource: true } });
      expect(req.errors).toBeUndefined();
      await eventually(async () => expect(await replicas()).toBe(3), { timeoutMs: 45_000, intervalMs: 250 });
      await eventually(async () => expect((await view())?.lastAppliedRevision).toBe(`main@sha1:${sha2}`), { timeoutMs: 20_000, intervalMs: 250 });

      await git.pushFiles(repoUrl, { 'clusters/my-cluster/nginx-deployment.yaml': null, 'clusters/my-cluster/README.md': 'nothing here\n' });
      await hub.gql('mutation($input: RequestReconcileInput!) { requestReconcile(input: $input) }', { input: { kind: 'Kustomization', id, withSource: true } });
      await eventually(async () => expect(await replicas()).toBeUndefined(), { timeoutMs: 45_000, intervalMs: 250 });
      await eventually(async () => expect((await view())?.inventory).toEqual([]), { timeoutMs: 20_000, intervalMs: 250 });
    } catch (err) {
      agent.dump();
      throw err;
    } finally {
      await agent.stop();
    }
  }, 180_000);

  it('a kustomization.yaml naming a file with a lone surrogate: the build error reaches the hub cleaned, and reports keep flowing after the fix', async () => {
    const clusterName = randomName('surrogate');
    const { token, cluster: registered } = await register(clusterName, []);
    const ns = randomName('fixed');
    expect((await rm.apply([namespace(ns)])).errors).toEqual([]);
    const repoUrl = await git.createRepo('surrogate');
    // YAML's \ud800 escape gives kustomize a path with a lone UTF-16 surrogate, which its error message repeats.
    const sha1 = await git.pushFiles(repoUrl, { 'apps/kustomization.yaml': 'resources: ["missing-\\ud800.yaml"]\n' });
    const src = await hub.gql('mutation($input: GitRepositoryInput!) { createGitRepository(input: $input) { id } }', {
      input: { name: 'surrogate', url: repoUrl, ref: { branch: 'main' }, interval: '1h' },
    });
    expect(src.errors).toBeUndefined();
    const k = await hub.gql<{ createKustomization: { id: string } }>('mutation($input: KustomizationInput!) { createKustomization(input: $input) { id } }', {
      input: { name: 'surrogate-apps', spec: { sourceRef: { kind: 'GitRepository', name: 'surrogate' }, path: './apps', interval: '1h', prune: true }, placement: { clusterNames: [clusterName] } },
    });
    expect(k.errors).toBeUndefined();
    const id = k.data!.createKustomization.id;
    const status = async () =>
      (await db.query<{ conditions: Array<{ type: string; status: string; message: string }>; last_attempted_revision: string | null; last_applied_revision: string | null }>(
        'SELECT conditions, last_attempted_revision, last_applied_revision FROM flux_objects WHERE kustomization_id = $1 AND cluster_id = $2',
        [id, registered.id],
      )).rows[0];

    const agent = startAgent(token, clusterName);
    try {
      await eventually(
        async () => {
          const ready = (await status())?.conditions.find((c) => c.type === 'Ready');
          expect(ready).toMatchObject({ status: 'False', message: expect.stringContaining('missing-\ufffd.yaml') as unknown });
        },
        { timeoutMs: 45_000, intervalMs: 250 },
      );
      expect((await status())?.last_attempted_revision).toBe(`main@sha1:${sha1}`);
      await eventually(async () => {
        const events = (await db.query<{ message: string }>('SELECT message FROM cluster_events WHERE cluster_id = $1', [registered.id])).rows;
        expect(events.some((e) => e.message.includes('missing-\ufffd.yaml'))).toBe(true);
      });

      // Not wedged: the fix is applied and reported.
      const sha2 = await git.pushFiles(repoUrl, { 'apps/kustomization.yaml': 'resources: ["config.yaml"]\n', 'apps/config.yaml': stringify(configMap(ns, 'fixed', { ok: 'yes' })) });
      const req = await hub.gql('mutation($input: RequestReconcileInput!) { requestReconcile(input: $input) }', { input: { kind: 'Kustomization', id, withSource: true } });
      expect(req.errors).toBeUndefined();
      await eventually(async () => expect((await status())?.last_applied_revision).toBe(`main@sha1:${sha2}`), { timeoutMs: 45_000, intervalMs: 250 });
      expect(agent.log.lines().filter((l) => l.msg === 'the hub rejected a message' || l.msg === 'the hub refused report data')).toEqual([]);
      expect((await db.query("SELECT 1 FROM cluster_events WHERE cluster_id = $1 AND reason = 'ReportRejected'", [registered.id])).rows).toEqual([]);
    } catch (err) {
      agent.dump();
      throw err;
    } finally {
      await agent.stop();
    }
  }, 180_000);
});
