import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FLUX_KINDS, inventoryId, objectRef } from '@flotilla/reconcile-core';
import { binaryPath, runHelm, startCluster, startHelmRepository, startPostgres, type TestCluster, type TestHelmRepository, type TestPostgres } from '@flotilla/testenv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
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

// The whole chain of a hub HelmRelease on real clusters: the hub (its own process, real Postgres) fetches a real
// HTTP chart repository once, places the release on two clusters by labels with per-cluster values; on each
// cluster (a real kube-apiserver, kwok nodes running the pods) a real agent projects it as a HelmRelease with a
// chartRef to an ExternalArtifact and installs it with the real helm. `helm list` and `helm get values` are
// asked on each cluster beside the HelmRelease's status, and the status each agent reported is read back from
// the hub's GraphQL API (as the admin and as a viewer scoped to one cluster).

const HR = FLUX_KINDS.HelmRelease;
// A chart with a CRD, a post-install/upgrade hook Job, a test and a subchart.
const CHART_DIR = fileURLToPath(new URL('../controller/kinds/helm-release/testdata/demo', import.meta.url));
const NS = 'flotilla-system';
const WAIT = { timeoutMs: 90_000, intervalMs: 250 };
const CLUSTERS = [
  { name: 'helm-eu', labels: [{ key: 'env', value: 'prod' }, { key: 'region', value: 'eu' }] },
  { name: 'helm-us', labels: [{ key: 'env', value: 'prod' }, { key: 'region', value: 'us' }] },
] as const;
type ClusterName = (typeof CLUSTERS)[number]['name'];

interface Spoke {
  cluster: TestCluster;
  rm: ResourceManager;
  log: ReturnType<typeof captureLogger>;
  stop(): Promise<void>;
}

let pgServer: TestPostgres;
let charts: TestHelmRepository;
let hub: HubProcess;
let dir: string;
let helmBin: string;
const spokes = new Map<ClusterName, Spoke>();

const spoke = (name: ClusterName): Spoke => spokes.get(name)!;

async function gql<T>(query: string, variables: Record<string, unknown>): Promise<T> {
  const r = await hub.gql<T>(query, variables);
  expect(r.errors).toBeUndefined();
  return r.data!;
}

async function startSpoke(name: ClusterName, labels: ReadonlyArray<{ key: string; value: string }>): Promise<Spoke> {
  const cluster = await startCluster({ name, nodes: 1 });
  const { createRegistrationToken } = await gql<{ createRegistrationToken: { token: string } }>(
    'mutation($input: CreateRegistrationTokenInput!) { createRegistrationToken(input: $input) { token } }',
    { input: { clusterName: name, labels } },
  );
  const controller = new AbortController();
  const log = captureLogger();
  const stateFile = path.join(dir, `${name}.json`);
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
    gitops: { kubeConfig: cluster.kubeConfig, cacheDir: path.join(dir, `${name}-cache`), store: createFileAssignmentStore(assignmentFileFor(stateFile)), helmBinary: helmBin },
  });
  return {
    cluster,
    rm: await ResourceManager.fromKubeConfig(cluster.kubeConfig),
    log,
    async stop() {
      controller.abort();
      await done;
    },
  };
}

beforeAll(async () => {
  [pgServer, charts, helmBin, dir] = await Promise.all([startPostgres(), startHelmRepository(), binaryPath('helm'), fs.mkdtemp(path.join(os.tmpdir(), 'helm-real-hub-'))]);
  const [url] = await Promise.all([pgServer.createDatabase(), charts.publishChart(CHART_DIR, { version: '1.0.0' })]);
  hub = await startHubProcess(url, { FLOTILLA_DATA_DIR: path.join(dir, 'hub-data'), FLOTILLA_HEARTBEAT_INTERVAL_MS: '300' });
  const started = await Promise.all(CLUSTERS.map((c) => startSpoke(c.name, c.labels)));
  CLUSTERS.forEach((c, i) => spokes.set(c.name, started[i]!));
}, 180_000);

afterAll(async () => {
  for (const s of spokes.values()) {
    await s.stop();
    s.rm.close();
  }
  await hub?.stop();
  await Promise.allSettled([...[...spokes.values()].map((s) => s.cluster.stop()), charts?.stop(), pgServer?.stop()]);
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

type Cond = { type: string; status: string; reason: string; message: string };
type Snap = { chartVersion: string; status: string };

async function inCluster(name: ClusterName, p: string): Promise<KubeObject | undefined> {
  const res = await spoke(name).rm.client.request({ method: 'GET', path: p });
  return res.status === 200 && isRecord(res.body) ? res.body : undefined;
}
const helmRelease = async (name: ClusterName) => (await inCluster(name, `/apis/${HR.group}/${HR.version}/namespaces/${NS}/${HR.plural}/demo`)) as FluxObject | undefined;
const configMapData = async (name: ClusterName, cm: string) => (await inCluster(name, `/api/v1/namespaces/${NS}/configmaps/${cm}`))?.data as Record<string, string> | undefined;
const ready = (o: FluxObject | undefined): Cond | undefined => (Array.isArray(o?.status?.conditions) ? (o.status.conditions as Cond[]).find((c) => c.type === 'Ready') : undefined);

async function helmJson<T>(name: ClusterName, args: string[]): Promise<T> {
  const { stdout } = await runHelm([...args, '-o', 'json'], { kubeconfig: spoke(name).cluster.kubeconfigPath });
  return JSON.parse(stdout) as T;
}

/** Waits until the cluster's HelmRelease is Ready=True for its current generation with `version` of the chart released. */
function releasedOn(name: ClusterName, version: string): Promise<FluxObject> {
  return eventually(async () => {
    const o = await helmRelease(name);
    const cond = ready(o);
    const latest = (o?.status?.history as Snap[] | undefined)?.[0];
    if (cond?.status !== 'True' || o?.status?.observedGeneration !== o?.metadata?.generation || latest?.chartVersion !== version) {
      throw new Error(`HelmRelease on ${name} not released with ${version} yet: ${JSON.stringify(o?.status ?? null)}`);
    }
    return o!;
  }, WAIT);
}

interface HubClusterStatus {
  cluster: { name: string };
  ready: string;
  reason: string | null;
  message: string | null;
  revision: string | null;
  failures: number;
  installFailures: number;
  lastAttemptedReleaseAction: string | null;
  history: Array<{ version: number; status: string; chartVersion: string; configDigest: string }>;
}
const STATUS_QUERY = `query { helmReleases { name clusters {
  cluster { name } ready reason message revision failures installFailures lastAttemptedReleaseAction history { version status chartVersion configDigest }
} } }`;
type StatusAnswer = { helmReleases: Array<{ name: string; clusters: HubClusterStatus[] }> };

/** The hub's GraphQL rows of a release, as `as` (the admin by default) sees them. */
async function hubStatuses(release: string, as: (q: string) => Promise<{ data?: StatusAnswer; errors?: unknown }> = (q) => hub.gql<StatusAnswer>(q)): Promise<HubClusterStatus[] | undefined> {
  const r = await as(STATUS_QUERY);
  expect(r.errors).toBeUndefined();
  return r.data!.helmReleases.find((h) => h.name === release)?.clusters;
}

/** Waits until the hub holds what the agent of `cluster` reported for `release` and it passes `ok`. */
function hubStatus(release: string, cluster: ClusterName, ok: (s: HubClusterStatus) => boolean): Promise<HubClusterStatus> {
  return eventually(async () => {
    const s = (await hubStatuses(release))?.find((c) => c.cluster.name === cluster);
    if (!s || !ok(s)) throw new Error(`hub status of ${release} on ${cluster} not there yet: ${JSON.stringify(s ?? null)}`);
    return s;
  }, WAIT);
}

/** Flux inventory ids of the release's objects, from `helm get manifest` (every object of the demo chart is namespaced). */
async function helmManifestIds(name: ClusterName): Promise<string[]> {
  const { stdout } = await runHelm(['get', 'manifest', 'demo', '-n', NS], { kubeconfig: spoke(name).cluster.kubeconfigPath });
  return parseAllDocuments(stdout)
    .map((d) => d.toJS() as unknown)
    .filter(isRecord)
    .map((o) => {
      const ref = objectRef(o);
      if (!ref.ok) throw new Error('helm printed an object without kind or name');
      return inventoryId({ ...ref.value, namespace: ref.value.namespace || NS });
    })
    .sort();
}

/** Waits until the hub's tree of the placed HelmRelease on `name` lists the objects helm holds for the release. */
async function hubTreeMatchesHelm(name: ClusterName): Promise<void> {
  const { clusters } = await gql<{ clusters: { edges: { node: { id: string; name: string } }[] } }>('query { clusters { edges { node { id name } } } }', {});
  const clusterId = clusters.edges.find((e) => e.node.name === name)!.node.id;
  const want = await helmManifestIds(name);
  expect(want.length).toBeGreaterThan(1);
  await eventually(async () => {
    const r = await hub.gql<{ fluxObjectTree: { nodes: { depth: number; group: string; kind: string; namespace: string | null; name: string }[] } }>(
      'query($ref: FluxObjectRefInput!) { fluxObjectTree(ref: $ref) { nodes { depth group kind namespace name } } }',
      { ref: { clusterId, kind: 'HelmRelease', namespace: NS, name: 'demo' } },
    );
    const got = (r.data?.fluxObjectTree.nodes ?? []).map((n) => `${n.namespace ?? ''}_${n.name}_${n.group}_${n.kind}`).sort();
    if (JSON.stringify(got) !== JSON.stringify(want)) throw new Error(`hub tree of demo on ${name}: ${JSON.stringify(r.errors ?? got)}, helm: ${JSON.stringify(want)}`);
  }, WAIT);
}

function dump(): void {
  for (const [name, s] of spokes) {
    const lines = s.log.lines().filter((l) => l.msg !== 'heartbeat sent').map((l) => JSON.stringify(l)).join('\n');
    console.error(`agent ${name} log:\n${lines.slice(-5000)}`);
  }
  console.error(`hub log:\n${hub.logs().slice(-5000)}`);
}

describe('a hub HelmRelease through real agents on two clusters', () => {
  it('placed on two clusters with per-cluster values: installed by each agent with its values, Ready=True; a new chart version in the repository upgrades both (flux.md HelmChart version range, HelmRelease upgrade)', async () => {
    try {
      const repo = await gql<{ createHelmRepository: { id: string } }>('mutation($input: HelmRepositoryInput!) { createHelmRepository(input: $input) { id } }', {
        input: { name: 'charts', url: charts.url, interval: '1h' },
      });
      const startedAt = Date.now();
      await gql('mutation($input: HelmReleaseInput!) { createHelmRelease(input: $input) { id } }', {
        input: {
          name: 'demo',
          spec: { interval: '1h', chart: { spec: { chart: 'demo', version: '1.x', sourceRef: { kind: 'HelmRepository', name: 'charts' } } }, values: { message: 'hello ${cluster_name}' } },
          overlays: [{ clusterSelector: 'region=eu', values: { replicas: 2, sub: { color: 'green' } } }],
          placement: { clusterSelector: 'env=prod' },
        },
      });

      const expected: Record<ClusterName, { values: Record<string, unknown>; replicas: number; color: string }> = {
        'helm-eu': { values: { message: 'hello helm-eu', replicas: 2, sub: { color: 'green' } }, replicas: 2, color: 'green' },
        'helm-us': { values: { message: 'hello helm-us' }, replicas: 1, color: 'blue' },
      };
      for (const c of CLUSTERS) {
        const hr = await releasedOn(c.name, '1.0.0');
        expect(ready(hr)).toMatchObject({ status: 'True', reason: 'InstallSucceeded' });
        expect(hr.spec?.chartRef).toEqual({ kind: 'ExternalArtifact', name: `${NS}-demo`, namespace: NS });
        const [listed] = await helmJson<Array<{ name: string; chart: string; status: string; revision: string }>>(c.name, ['list', '-n', NS]);
        expect(listed).toMatchObject({ name: 'demo', chart: 'demo-1.0.0', status: 'deployed', revision: '1' });
        expect(await helmJson(c.name, ['get', 'values', 'demo', '-n', NS])).toEqual(expected[c.name].values);
        expect(await configMapData(c.name, 'demo-config')).toEqual({ message: `hello ${c.name}`, chartVersion: '1.0.0' });
        expect(await configMapData(c.name, 'demo-sub')).toEqual({ color: expected[c.name].color });
        const dep = await inCluster(c.name, `/apis/apps/v1/namespaces/${NS}/deployments/demo-web`);
        expect((dep?.spec as { replicas: number }).replicas).toBe(expected[c.name].replicas);
        // The agent reported the release back: the hub shows Flux's reason and the history helm-controller keeps.
        const atHub = await hubStatus('demo', c.name, (s) => s.reason === 'InstallSucceeded' && s.history.length === 1);
        const snap = (hr.status?.history as Array<{ configDigest: string }>)[0]!;
        expect(atHub).toMatchObject({ ready: 'True', revision: '1.0.0', failures: 0, lastAttemptedReleaseAction: 'install' });
        expect(atHub.history).toEqual([{ version: 1, status: 'deployed', chartVersion: '1.0.0', configDigest: snap.configDigest }]);
        // The objects of the release, read by the agent from helm's storage, are the HelmRelease's tree at the hub.
        await hubTreeMatchesHelm(c.name);
      }
      console.log(`hub HelmRelease created → Ready=True on both clusters: ${Date.now() - startedAt} ms`);

      // The repository interval is 1h: the reconcile request (as a webhook would send) brings the new version.
      await charts.publishChart(CHART_DIR, { version: '1.1.0' });
      const bumpedAt = Date.now();
      await gql('mutation($id: ID!) { reconcileHelmRepository(id: $id) }', { id: repo.createHelmRepository.id });
      for (const c of CLUSTERS) {
        const hr = await releasedOn(c.name, '1.1.0');
        expect(ready(hr)).toMatchObject({ status: 'True', reason: 'UpgradeSucceeded' });
        const [listed] = await helmJson<Array<{ chart: string; status: string; revision: string }>>(c.name, ['list', '-n', NS]);
        expect(listed).toMatchObject({ chart: 'demo-1.1.0', status: 'deployed', revision: '2' });
        expect(await configMapData(c.name, 'demo-config')).toEqual({ message: `hello ${c.name}`, chartVersion: '1.1.0' });
        expect(await helmJson(c.name, ['get', 'values', 'demo', '-n', NS])).toEqual(expected[c.name].values);
        // Both revisions in the hub's history, newest first, as `helm history` has them.
        const atHub = await hubStatus('demo', c.name, (s) => s.reason === 'UpgradeSucceeded' && s.history.length === 2);
        expect(atHub).toMatchObject({ ready: 'True', revision: '1.1.0', lastAttemptedReleaseAction: 'upgrade' });
        expect(atHub.history.map((h) => [h.version, h.chartVersion, h.status])).toEqual([
          [2, '1.1.0', 'deployed'],
          [1, '1.0.0', 'superseded'],
        ]);
        await hubTreeMatchesHelm(c.name);
        const helmHistory = await helmJson<Array<{ revision: number; status: string }>>(c.name, ['history', 'demo', '-n', NS]);
        expect(helmHistory.map((h) => [h.revision, h.status])).toEqual([
          [1, 'superseded'],
          [2, 'deployed'],
        ]);
      }

      console.log(`chart 1.1.0 published → upgraded on both clusters: ${Date.now() - bumpedAt} ms`);
      // No report was refused on the way (a refused batch shows as a protocol error in the agent's log).
      for (const s of spokes.values()) expect(s.log.lines().filter((l) => l.msg === 'the hub rejected a message' || l.msg === 'the hub refused report data')).toEqual([]);
    } catch (err) {
      dump();
      throw err;
    }
  }, 240_000);

  it('a release whose install fails: the hub shows Flux’s InstallFailed reason and the failure counters for the one cluster it targets; a viewer scoped to the other cluster sees neither it nor that cluster’s row (flux.md HelmRelease install failure, failures/installFailures)', async () => {
    try {
      await gql('mutation($input: HelmReleaseInput!) { createHelmRelease(input: $input) { id } }', {
        input: {
          name: 'broken',
          // The chart renders an object the API server refuses: helm stores the release as failed.
          spec: { interval: '1h', chart: { spec: { chart: 'demo', version: '1.x', sourceRef: { kind: 'HelmRepository', name: 'charts' } } }, values: { fail: true } },
          placement: { clusterSelector: 'region=us' },
        },
      });
      const failed = await hubStatus('broken', 'helm-us', (s) => s.reason === 'InstallFailed');
      expect(failed.ready).toBe('False');
      expect(failed.failures).toBeGreaterThanOrEqual(1);
      expect(failed.installFailures).toBeGreaterThanOrEqual(1);
      expect(failed.lastAttemptedReleaseAction).toBe('install');
      expect(failed.message).toMatch(/Not_A_Valid_Name|invalid/i);
      // One row: the release targets helm-us only.
      expect((await hubStatuses('broken'))?.map((c) => c.cluster.name)).toEqual(['helm-us']);

      // A viewer whose team may see helm-eu only.
      const { createUser } = await gql<{ createUser: { user: { id: string } } }>('mutation($i: CreateUserInput!) { createUser(input: $i) { user { id } } }', {
        i: { username: 'eu-viewer', password: 'eu-viewer-password-1' },
      });
      const { createTeam } = await gql<{ createTeam: { id: string } }>('mutation($n: String!) { createTeam(name: $n) { id } }', { n: 'eu-team' });
      await gql('mutation($t: ID!, $u: ID!) { addTeamMember(teamId: $t, userId: $u) { id } }', { t: createTeam.id, u: createUser.user.id });
      await gql('mutation($i: AddTeamGrantInput!) { addTeamGrant(input: $i) { id } }', {
        i: { teamId: createTeam.id, role: 'VIEWER', clusterSelector: 'region=eu', namespaces: [NS] },
      });
      const euViewer = await hub.loginAs('eu-viewer', 'eu-viewer-password-1');
      expect(await hubStatuses('broken', (q) => euViewer<StatusAnswer>(q))).toBeUndefined();
      const demo = await hubStatuses('demo', (q) => euViewer<StatusAnswer>(q));
      expect(demo?.map((c) => c.cluster.name)).toEqual(['helm-eu']);
      expect(demo?.[0]).toMatchObject({ ready: 'True', revision: '1.1.0' });
    } catch (err) {
      dump();
      throw err;
    }
  }, 240_000);

  it('two revisions of the release on a cluster, read by that cluster’s real agent through the hub: values and manifest as helm get values/manifest --revision print them, with the unified diff of what changed (the chart version); a viewer who may not see that cluster is refused', async () => {
    try {
      const ids = await gql<{ helmReleases: Array<{ id: string; name: string; clusters: Array<{ cluster: { id: string; name: string } }> }> }>('query { helmReleases { id name clusters { cluster { id name } } } }', {});
      const demo = ids.helmReleases.find((r) => r.name === 'demo')!;
      const releaseId = demo.id;
      const clusterId = (name: ClusterName) => demo.clusters.find((c) => c.cluster.name === name)!.cluster.id;
      const query = `query($r: ID!, $c: ID!, $from: Int!, $to: Int!) { helmReleaseRevisionDiff(releaseId: $r, clusterId: $c, fromRevision: $from, toRevision: $to) {
        releaseName releaseNamespace from { revision status chartVersion values manifest } to { revision status chartVersion values manifest } valuesDiff manifestDiff } }`;
      type Answer = {
        helmReleaseRevisionDiff: {
          releaseName: string;
          releaseNamespace: string;
          from: { revision: number; status: string; chartVersion: string; values: string; manifest: string };
          to: { revision: number; status: string; chartVersion: string; values: string; manifest: string };
          valuesDiff: string;
          manifestDiff: string;
        };
      };
      const startedAt = Date.now();
      const d = (await gql<Answer>(query, { r: releaseId, c: clusterId('helm-eu'), from: 1, to: 2 })).helmReleaseRevisionDiff;
      console.log(`helmReleaseRevisionDiff through the agent: ${Date.now() - startedAt} ms`);
      expect(d).toMatchObject({ releaseName: 'demo', releaseNamespace: NS, from: { revision: 1, status: 'superseded', chartVersion: '1.0.0' }, to: { revision: 2, status: 'deployed', chartVersion: '1.1.0' } });
      // helm is the oracle: the same values (nothing in them is a credential) and the same manifest text.
      const kubeconfig = spoke('helm-eu').cluster.kubeconfigPath;
      for (const side of [d.from, d.to]) {
        const values = await runHelm(['get', 'values', 'demo', '-n', NS, '--revision', String(side.revision), '-o', 'json'], { kubeconfig });
        expect(parseYaml(side.values)).toEqual(JSON.parse(values.stdout));
        const manifest = await runHelm(['get', 'manifest', 'demo', '-n', NS, '--revision', String(side.revision)], { kubeconfig });
        expect(side.manifest.trim()).toBe(manifest.stdout.trim());
      }
      expect(d.valuesDiff).toBe('');
      expect(d.manifestDiff).toContain('-  chartVersion: "1.0.0"\n+  chartVersion: "1.1.0"');

      const missing = await hub.gql(query, { r: releaseId, c: clusterId('helm-eu'), from: 1, to: 7 });
      expect(missing.errors?.[0]).toMatchObject({ extensions: { code: 'NOT_FOUND' }, message: expect.stringContaining('has no revision 7') });
      const euViewer = await hub.loginAs('eu-viewer', 'eu-viewer-password-1');
      const elsewhere = await euViewer(query, { r: releaseId, c: clusterId('helm-us'), from: 1, to: 2 });
      expect(elsewhere.errors?.[0]).toMatchObject({ extensions: { code: 'NOT_FOUND' }, message: 'no such cluster' });
      expect((await euViewer<Answer>(query, { r: releaseId, c: clusterId('helm-eu'), from: 1, to: 2 })).data?.helmReleaseRevisionDiff.to.revision).toBe(2);
    } catch (err) {
      dump();
      throw err;
    }
  }, 120_000);
});
