import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startCluster, startPostgres, type TestCluster, type TestPostgres } from '@flotilla/testenv';
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
import { makeTarball } from '../reconcile/testing/make-tarball.js';
import { registerWithHub } from '../registration/register-with-hub.js';
import { captureLogger } from '../testing/capture-logger.js';
import { eventually } from '../testing/eventually.js';
import { startHubProcess, type HubProcess } from '../testing/hub-process.js';

// The agent against the REAL hub of branch gitops-delivery (assignments, GET /artifacts, ingestion with per-agent
// seq) as its own process on real Postgres, and a real kube-apiserver. The hub's sources module (git fetching)
// lives on gitops-hub and is not merged here, so the GitRepository row, its artifact status and the tarball in
// the hub's filesystem artifact store are written the way that module writes them; everything after is real.

let pgServer: TestPostgres;
let cluster: TestCluster;
let hub: HubProcess;
let db: pg.Client;
let rm: ResourceManager;
let dataDir: string;
let dir: string;

beforeAll(async () => {
  [pgServer, cluster] = await Promise.all([startPostgres(), startCluster({ name: 'gitops-real-hub' })]);
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
  await pgServer?.stop();
  for (const d of [dataDir, dir]) if (d) await fs.rm(d, { recursive: true, force: true });
});

async function publishArtifact(sourceName: string, files: Record<string, string>, commit: string) {
  const { bytes, digest } = makeTarball(files);
  const hex = digest.slice('sha256:'.length);
  const file = path.join(dataDir, 'artifacts', 'sha256', hex.slice(0, 2), `${hex}.tar.gz`);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, bytes);
  const revision = `main@sha1:${commit.repeat(40)}`;
  const artifact = { revision, digest, size: bytes.length, url: `/artifacts/${digest}`, path: `sha256/${hex.slice(0, 2)}/${hex}.tar.gz`, lastUpdateTime: new Date().toISOString() };
  await db.query(
    `INSERT INTO git_repositories (id, name, url, status, updated_at) VALUES ($1, $2, 'http://127.0.0.1:1/repo.git', $3::jsonb, now())
     ON CONFLICT (namespace, name) DO UPDATE SET status = EXCLUDED.status`,
    [randomUUID(), sourceName, JSON.stringify({ observedGeneration: 1, conditions: [], artifact })],
  );
  return { revision, digest };
}

describe('agent ⇄ real hub (issue 5 delivery path)', () => {
  it('assignment on hello → artifact downloaded with the credential → applied with cluster variables → status, inventory and change-set events persisted by the hub, assignment acked', async () => {
    const ns = randomName('seed');
    expect((await rm.apply([namespace(ns)])).errors).toEqual([]);
    const manifests = [deployment(ns, 'nginx', 2), configMap(ns, 'whoami', { cluster: '${cluster_name}', env: '${cluster_label_env}' })].map((o) => stringify(o)).join('---\n');
    const { revision } = await publishArtifact('podinfo', { 'clusters/my-cluster/nginx-deployment.yaml': manifests }, 'a');
    const clusterName = randomName('edge');
    const spec = { sourceRef: { kind: 'GitRepository', name: 'podinfo' }, path: './clusters/my-cluster', interval: '1m', prune: true, postBuild: { substitute: {} } };
    const kustomizationId = randomUUID();
    await db.query(`INSERT INTO kustomizations (id, name, spec, placement, updated_at) VALUES ($1, 'apps', $2::jsonb, $3::jsonb, now())`, [
      kustomizationId,
      JSON.stringify(spec),
      JSON.stringify({ clusterSelector: null, clusterNames: [clusterName] }),
    ]);

    const r = await hub.gql<{ createRegistrationToken: { token: string; cluster: { id: string } } }>(
      'mutation($input: CreateRegistrationTokenInput!) { createRegistrationToken(input: $input) { token cluster { id } } }',
      { input: { clusterName, labels: [{ key: 'env', value: 'prod' }] } },
    );
    expect(r.errors).toBeUndefined();
    const { token, cluster: registered } = r.data!.createRegistrationToken;

    const controller = new AbortController();
    const log = captureLogger();
    const stateFile = path.join(dir, 'state.json');
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
      gitops: { kubeConfig: cluster.kubeConfig, cacheDir: path.join(dir, 'cache'), store: createFileAssignmentStore(assignmentFileFor(stateFile)) },
    });
    try {
      await eventually(
        async () => {
          const row = (await db.query<{ conditions: Array<{ type: string; status: string; reason: string }>; last_applied_revision: string | null; observed_generation: number; inventory: unknown }>(
            'SELECT conditions, last_applied_revision, observed_generation, inventory FROM kustomization_cluster_statuses WHERE kustomization_id = $1 AND cluster_id = $2',
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

      const events = (await db.query<{ message: string; severity: string }>('SELECT message, severity FROM cluster_events WHERE cluster_id = $1', [registered.id])).rows;
      expect(events.map((e) => e.message).join('\n')).toContain(`Deployment/${ns}/nginx created`);
      const acked = (await db.query<{ generation: string; acked_generation: string }>('SELECT generation, acked_generation FROM cluster_assignments WHERE cluster_id = $1', [registered.id])).rows[0];
      expect(acked?.acked_generation).toBe(acked?.generation);
      const seq = (await db.query<{ last_seq: string }>('SELECT last_seq FROM agent_report_sequences WHERE cluster_id = $1', [registered.id])).rows[0];
      expect(Number(seq?.last_seq)).toBeGreaterThanOrEqual(3);
      // No batch was refused (a refused batch would show as a protocol error in the agent's log).
      expect(log.lines().filter((l) => l.msg === 'the hub rejected a message')).toEqual([]);
    } catch (err) {
      // What the two sides said, for whoever reads a failure.
      console.error(`agent log:\n${log.lines().filter((l) => l.msg !== 'heartbeat sent').map((l) => JSON.stringify(l)).join('\n').slice(-6000)}\nhub log:\n${hub.logs().slice(-6000)}`);
      throw err;
    } finally {
      controller.abort();
      await done;
    }
  }, 120_000);
});
