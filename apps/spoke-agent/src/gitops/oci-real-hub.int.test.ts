import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { FLUX_KINDS } from '@flotilla/reconcile-core';
import { RegistrySession, resolveDigest } from '@flotilla/oci-client';
import { cosignSign, generateCosignKeyPair, makeTempTree, runFlux, startCluster, startPostgres, startRegistry, type TestCluster, type TestPostgres, type TestRegistry } from '@flotilla/testenv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAgent } from '../agent/run-agent.js';
import { assignmentFileFor, createFileAssignmentStore } from '../assignment/assignment-store.js';
import { createKubeClusterInfo } from '../cluster/cluster-info.js';
import { openSocketIoHubLink } from '../connection/hub-link.js';
import type { FluxObject } from '../controller/kind-reconciler.js';
import { createFileCredentialStore } from '../credentials/file-credential-store.js';
import { ResourceManager, type KubeObject } from '../k8s/index.js';
import { isRecord } from '../k8s/object-ref.js';
import { registerWithHub } from '../registration/register-with-hub.js';
import { captureLogger } from '../testing/capture-logger.js';
import { eventually } from '../testing/eventually.js';
import { startHubProcess, type HubProcess } from '../testing/hub-process.js';

// A hub OCIRepository on a real cluster: the hub (its own process, real Postgres) pulls an artifact that the
// real `flux push artifact` pushed to a real registry (distribution 2.8) and the real `cosign` signed, once for the
// fleet; a hub Kustomization naming it as its source is placed on the cluster, where a real agent projects the
// artifact as an ExternalArtifact, applies it to the real kube-apiserver and reports the revision.

const KS = FLUX_KINDS.Kustomization;
const NS = 'flotilla-system';
const WAIT = { timeoutMs: 90_000, intervalMs: 250 };

let pgServer: TestPostgres;
let registry: TestRegistry;
let cluster: TestCluster;
let hub: HubProcess;
let dir: string;
let rm: ResourceManager;
let stopAgent: () => Promise<void> = async () => undefined;
const log = captureLogger();

async function gql<T>(query: string, variables: Record<string, unknown>): Promise<T> {
  const r = await hub.gql<T>(query, variables);
  expect(r.errors).toBeUndefined();
  return r.data!;
}

async function inCluster(p: string): Promise<KubeObject | undefined> {
  const res = await rm.client.request({ method: 'GET', path: p });
  return res.status === 200 && isRecord(res.body) ? res.body : undefined;
}

beforeAll(async () => {
  [pgServer, registry, cluster, dir] = await Promise.all([startPostgres(), startRegistry(), startCluster({ name: 'oci-hub', nodes: 1 }), fs.mkdtemp(path.join(os.tmpdir(), 'oci-real-hub-'))]);
  hub = await startHubProcess(await pgServer.createDatabase(), { FLOTILLA_DATA_DIR: path.join(dir, 'hub-data'), FLOTILLA_HEARTBEAT_INTERVAL_MS: '300' });
  rm = await ResourceManager.fromKubeConfig(cluster.kubeConfig);
  const { createRegistrationToken } = await gql<{ createRegistrationToken: { token: string } }>(
    'mutation($input: CreateRegistrationTokenInput!) { createRegistrationToken(input: $input) { token } }',
    { input: { clusterName: 'oci-hub', labels: [{ key: 'env', value: 'prod' }] } },
  );
  const controller = new AbortController();
  const stateFile = path.join(dir, 'agent.json');
  const done = runAgent({
    hubUrl: hub.url,
    token: createRegistrationToken.token,
    logger: log.logger,
    store: createFileCredentialStore(stateFile),
    clusterInfo: createKubeClusterInfo(cluster.kubeConfig),
    openLink: openSocketIoHubLink,
    register: registerWithHub,
    signal: controller.signal,
    backoff: { baseMs: 50, maxMs: 300 },
    gitops: { kubeConfig: cluster.kubeConfig, cacheDir: path.join(dir, 'agent-cache'), store: createFileAssignmentStore(assignmentFileFor(stateFile)) },
  });
  stopAgent = async () => {
    controller.abort();
    await done;
  };
}, 180_000);

afterAll(async () => {
  await stopAgent();
  rm?.close();
  await hub?.stop();
  await Promise.allSettled([cluster?.stop(), registry?.stop(), pgServer?.stop()]);
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

describe('a hub OCIRepository through a real agent', () => {
  it('a signed artifact pulled once by the hub is applied by the agent through a hub Kustomization; the Kustomization reports the <tag>@sha256:<digest> revision (flux.md OCIRepository revision)', async () => {
    try {
      const src = await makeTempTree('oci-app', { 'app/cm.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-oci\n  namespace: ${NS}\ndata:\n  greeting: hello\n` });
      const push = await runFlux(['push', 'artifact', `oci://${registry.host}/fleet/app:v1`, '--path', src, '--source', 'https://github.com/example/app', '--revision', 'main@sha1:0123456789abcdef0123456789abcdef01234567'], { kubeconfig: cluster.kubeconfigPath });
      expect(push.exitCode, push.stderr).toBe(0);
      const digest = await resolveDigest(new RegistrySession(registry.host, 'fleet/app', undefined), 'v1');
      const keys = await generateCosignKeyPair();
      await cosignSign(`${registry.host}/fleet/app@${digest}`, keys);
      const pem = await readFile(keys.publicKeyPath, 'utf8');
      await gql('mutation($input: OCIRepositoryInput!) { createOciRepository(input: $input) { id } }', {
        input: { name: 'app', spec: { url: `oci://${registry.host}/fleet/app`, ref: { tag: 'v1' }, interval: '1h', verify: { provider: 'cosign' } }, verifyPublicKeys: [{ name: 'cosign.pub', pem }] },
      });
      await gql('mutation($input: KustomizationInput!) { createKustomization(input: $input) { id } }', {
        input: { name: 'app', spec: { sourceRef: { kind: 'OCIRepository', name: 'app' }, path: './app', interval: '1h', prune: true }, placement: { clusterSelector: 'env=prod' } },
      });
      const ks = await eventually(async () => {
        const o = (await inCluster(`/apis/${KS.group}/${KS.version}/namespaces/${NS}/${KS.plural}/app`)) as FluxObject | undefined;
        const ready = (o?.status?.conditions as Array<{ type: string; status: string }> | undefined)?.find((c) => c.type === 'Ready');
        if (ready?.status !== 'True') throw new Error(`Kustomization not Ready yet: ${JSON.stringify(o?.status ?? null)}`);
        return o!;
      }, WAIT);
      expect(ks.status?.lastAppliedRevision).toBe(`v1@${digest}`);
      expect(ks.spec?.sourceRef).toEqual({ kind: 'ExternalArtifact', name: 'app', namespace: NS });
      expect((await inCluster(`/api/v1/namespaces/${NS}/configmaps/from-oci`))?.data).toEqual({ greeting: 'hello' });
    } catch (err) {
      console.error(`agent log:\n${log.lines().filter((l) => l.msg !== 'heartbeat sent').map((l) => JSON.stringify(l)).join('\n').slice(-5000)}\nhub log:\n${hub.logs().slice(-5000)}`);
      throw err;
    }
  }, 240_000);
});
