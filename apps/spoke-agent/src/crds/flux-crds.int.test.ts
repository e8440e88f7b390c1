import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { CustomObjectsApi, KubernetesObjectApi, type KubernetesObject } from '@kubernetes/client-node';
import { renderAgentManifests } from '@flotilla/protocol/agent-manifests';
import { fluxCustomResourceDefinitions, type CustomResourceDefinition } from '@flotilla/protocol/flux';
import {
  binaryPath,
  repoRoot,
  runFlux,
  startCluster,
  upstreamFluxCrds,
  type TestCluster,
} from '@flotilla/testenv';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { createKubeClient, type KubeClient } from '../k8s/kube-client.js';
import { isRecord } from '../k8s/object-ref.js';
import { createFileAssignmentStore } from '../assignment/assignment-store.js';
import { startGitOps } from '../gitops/gitops-runtime.js';
import { spawnAgent, type AgentProcess } from '../testing/agent-process.js';
import { captureLogger } from '../testing/capture-logger.js';
import { eventually } from '../testing/eventually.js';
import { startStandInHub, type StandInHub } from '../testing/stand-in-hub.js';
import { installFluxCrds } from './flux-crds.js';

const execFileAsync = promisify(execFile);

let cluster: TestCluster;
let dir: string;
let client: KubeClient;
const cleanups: Array<() => Promise<unknown> | void> = [];

beforeAll(async () => {
  cluster = await startCluster({ name: 'flux-crds', nodes: 0 });
  client = await createKubeClient(cluster.kubeConfig);
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'flux-crds-'));
}, 120_000);
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
afterAll(async () => {
  client?.close();
  await cluster?.stop();
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

async function kubectl(args: string[]): Promise<{ stdout: string; stderr: string }> {
  return execFileAsync(await binaryPath('kubectl'), ['--kubeconfig', cluster.kubeconfigPath, ...args]);
}

async function crd(name: string): Promise<Record<string, unknown> | undefined> {
  const res = await client.request({
    method: 'GET',
    path: `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`,
  });
  return res.status === 200 && isRecord(res.body) ? res.body : undefined;
}

async function deleteCrds(): Promise<void> {
  // A CRD deleted while the API server still initializes its storage (right after the previous test created
  // it) can stay Terminating with "could not list instances: storage is (re)initializing" for longer than the
  // wait below: delete each one only once its instances can be listed.
  await eventually(
    async () => {
      for (const c of fluxCustomResourceDefinitions()) {
        if (!(await crd(c.metadata.name))) continue;
        const version = c.spec.versions.find((v) => v.storage)?.name ?? c.spec.versions[0]!.name;
        const list = await client.request({ method: 'GET', path: `/apis/${c.spec.group}/${version}/${c.spec.names.plural}` });
        expect(list.status).toBe(200);
      }
    },
    { timeoutMs: 30_000 },
  );
  for (const c of fluxCustomResourceDefinitions())
    await client.request({
      method: 'DELETE',
      path: `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${c.metadata.name}`,
    });
  await eventually(
    async () => {
      for (const c of fluxCustomResourceDefinitions()) expect(await crd(c.metadata.name)).toBeUndefined();
    },
    { timeoutMs: 30_000 },
  );
}

/** Flux's own CRD of that name, as `flux install` would have put it there (another manager than the agent). */
async function installUpstreamFluxCrd(name: string): Promise<void> {
  const upstream = (await upstreamFluxCrds()).crds.find((c) => (c.metadata as { name: string }).name === name)!;
  const put = await client.request({
    method: 'PATCH',
    path: `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`,
    query: { fieldManager: 'kustomize-controller', force: 'true' },
    body: upstream,
    contentType: 'application/apply-patch+yaml',
  });
  expect(put.status).toBe(201);
}

/** The agent's own RBAC from the manifests the hub hands out, without the optional cluster-admin binding. */
async function agentServiceAccountKubeconfig(): Promise<string> {
  const objects = parseAllDocuments(
    renderAgentManifests({ hubUrl: 'http://127.0.0.1:1', token: 'unused', image: 'flotilla/agent:test' }),
  )
    .map((d) => d.toJS() as KubernetesObject)
    .filter(
      (o) =>
        ['Namespace', 'ServiceAccount', 'ClusterRole'].includes(o.kind!) ||
        (o.kind === 'ClusterRoleBinding' && o.metadata?.name === 'flotilla-agent'),
    );
  const api = KubernetesObjectApi.makeApiClient(cluster.kubeConfig);
  for (const o of objects)
    await api.patch(o, undefined, undefined, 'flotilla-test', true, 'application/apply-patch+yaml');
  return cluster.kubeconfigForToken(
    await cluster.mintServiceAccountToken('flotilla-system', 'flotilla-agent'),
  );
}

// What `flux bootstrap` leaves in a cluster, as the seed documents write it.
const GOTK_SYNC = path.join(repoRoot, 'packages/protocol/src/flux/testdata/gotk-sync-v1beta2.yaml');

describe('the agent installs the Flux CRDs', () => {
  it('at start, with only its own RBAC: kubectl, the API client and the real flux CLI then see the Flux kinds', async () => {
    await deleteCrds();
    const before = await runFlux(['get', 'ks', '-A'], { kubeconfig: cluster.kubeconfigPath });
    expect(before.exitCode).not.toBe(0);
    expect(before.stderr).toContain('no matches for');

    const hub: StandInHub = await startStandInHub({
      tokens: { good: 'valid' },
      heartbeatIntervalMs: 200,
      hubVersions: [2, 1],
    });
    cleanups.push(() => hub.stop());
    const agent: AgentProcess = spawnAgent([
      '--hub',
      hub.url,
      '--token',
      'good',
      '--kubeconfig',
      await agentServiceAccountKubeconfig(),
      '--state-file',
      path.join(dir, 'state.json'),
      '--cache-dir',
      path.join(dir, 'cache'),
    ]);
    cleanups.push(async () => {
      agent.child.kill('SIGTERM');
      await agent.exited;
    });
    // On failure, the assertion shows the agent's log.
    await eventually(() => expect(agent.stderr()).toContain('"msg":"Flux CRDs installed"'), {
      timeoutMs: 60_000,
    });
    const installed = agent.logLines().find((l) => l.msg === 'Flux CRDs installed')!;
    expect((installed.created as string[]).sort()).toEqual(
      fluxCustomResourceDefinitions()
        .map((c) => c.metadata.name)
        .sort(),
    );
    const applied = await crd('kustomizations.kustomize.toolkit.fluxcd.io');
    const managers = (applied!.metadata as { managedFields: { manager: string; operation: string }[] })
      .managedFields;
    expect(managers.filter((m) => m.operation === 'Apply').map((m) => m.manager)).toEqual(['flotilla']);

    const empty = await kubectl(['get', 'ks', '-A']);
    expect(empty.stderr).toContain('No resources found');
    const list = await cluster.kubeConfig.makeApiClient(CustomObjectsApi).listClusterCustomObject({
      group: 'kustomize.toolkit.fluxcd.io',
      version: 'v1',
      plural: 'kustomizations',
    });
    expect((list as { items: unknown[] }).items).toEqual([]);
    // flux lists through the CRDs: an empty list is its "no objects" message, not a missing-kind error.
    const none = await runFlux(['get', 'ks', '-A'], { kubeconfig: cluster.kubeconfigPath });
    expect(none.stderr).toContain('no Kustomization objects found in any namespace');
    expect(none.stderr).not.toContain('no matches for kind');
    const all = await runFlux(['get', 'all', '-A'], { kubeconfig: cluster.kubeconfigPath });
    expect(all).toMatchObject({ exitCode: 0, stderr: '' });

    // What `flux bootstrap` leaves behind, in the seed's v1beta2, is stored and listed by both CLIs.
    await kubectl(['apply', '--server-side', '-f', GOTK_SYNC]);
    const ks = await kubectl(['get', 'ks', '-A']);
    expect(ks.stdout.split('\n')[0]).toMatch(/^NAMESPACE\s+NAME\s+AGE\s+READY\s+STATUS$/);
    expect(ks.stdout).toMatch(/^flux-system\s+flux-system\s+/m);
    const fluxKs = await runFlux(['get', 'ks', '-A'], { kubeconfig: cluster.kubeconfigPath });
    expect(fluxKs.exitCode).toBe(0);
    expect(fluxKs.stdout.split('\n')[0]).toMatch(
      /^NAMESPACE\s+NAME\s+REVISION\s+SUSPENDED\s+READY\s+MESSAGE/,
    );
    expect(fluxKs.stdout).toMatch(/^flux-system\s+flux-system\s+/m);
    const git = await runFlux(['get', 'sources', 'git', '-A'], { kubeconfig: cluster.kubeconfigPath });
    expect(git.exitCode).toBe(0);
    expect(git.stdout).toMatch(/^flux-system\s+flux-system\s+/m);
    // The agent's controller runtime takes the Kustomization on, with only its own RBAC: Flux's finalizer first,
    // then a status (its GitRepository has no artifact: the seed's ssh:// URL is not served yet, so it waits with
    // ArtifactFailed).
    await eventually(
      async () => {
        const res = await client.request({ method: 'GET', path: '/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/flux-system/kustomizations/flux-system' });
        const obj = res.body as { metadata: { finalizers?: string[] }; status?: { conditions?: { type: string; reason: string }[] } };
        expect(obj.metadata.finalizers).toContain('finalizers.fluxcd.io');
        expect(obj.status?.conditions?.find((c) => c.type === 'Ready')?.reason).toBe('ArtifactFailed');
      },
      { timeoutMs: 30_000 },
    );
    // As `flux uninstall` does: Flux objects go while their controller still runs, so their finalizers are released.
    await kubectl(['delete', 'kustomizations.kustomize.toolkit.fluxcd.io,gitrepositories.source.toolkit.fluxcd.io', '--all', '-n', 'flux-system', '--timeout=30s']);
    await kubectl(['delete', 'namespace', 'flux-system', '--wait=false']);
  }, 180_000);

  it('upgrades its own CRDs when the schema changed, leaves a CRD another manager installed alone, and changes nothing on a second start', async () => {
    await deleteCrds();
    const current = fluxCustomResourceDefinitions();
    // An older agent's Kustomization CRD: no healthCheckExprs and no short name.
    const older = structuredClone(
      current.find((c) => c.spec.names.kind === 'Kustomization')!,
    ) as CustomResourceDefinition;
    delete older.spec.names.shortNames;
    for (const v of older.spec.versions)
      delete v.schema.openAPIV3Schema.properties!.spec!.properties!.healthCheckExprs;
    await installFluxCrds(client, { crds: [older] });
    await installUpstreamFluxCrd('helmreleases.helm.toolkit.fluxcd.io');
    type Meta = { generation: number; managedFields: { manager: string }[] };
    const fluxMeta = (await crd('helmreleases.helm.toolkit.fluxcd.io'))!.metadata as Meta;

    const first = await installFluxCrds(client);
    expect(Object.fromEntries(first.map((o) => [o.name, o.action]))).toMatchObject({
      'kustomizations.kustomize.toolkit.fluxcd.io': 'configured',
      'gitrepositories.source.toolkit.fluxcd.io': 'created',
      'helmreleases.helm.toolkit.fluxcd.io': 'skipped',
    });
    const ks = (await crd('kustomizations.kustomize.toolkit.fluxcd.io'))!
      .spec as CustomResourceDefinition['spec'];
    expect(ks.names.shortNames).toEqual(['ks']);
    expect(
      ks.versions[0]!.schema.openAPIV3Schema.properties!.spec!.properties!.healthCheckExprs,
    ).toBeDefined();
    const afterMeta = (await crd('helmreleases.helm.toolkit.fluxcd.io'))!.metadata as Meta;
    expect(afterMeta.generation).toBe(fluxMeta.generation);
    expect(afterMeta.managedFields.map((m) => m.manager)).not.toContain('flotilla');

    const second = await installFluxCrds(client);
    expect(new Set(second.map((o) => o.action))).toEqual(new Set(['unchanged', 'skipped']));
  }, 120_000);

  it("leaves in-cluster Kustomizations alone when Flux's own controllers installed their CRD (no second controller on one object)", async () => {
    await deleteCrds();
    await installUpstreamFluxCrd('kustomizations.kustomize.toolkit.fluxcd.io');
    const log = captureLogger();
    const gitops = await startGitOps(
      { kubeConfig: cluster.kubeConfig, cacheDir: path.join(dir, 'foreign-cache'), store: createFileAssignmentStore(path.join(dir, 'foreign.assignment.json')) },
      { hubUrl: 'http://127.0.0.1:1', credential: 'flc_unused', clusterId: 'c1' },
      log.logger,
    );
    cleanups.push(() => gitops.stop());
    expect((await gitops.fluxCrds)?.find((o) => o.name === 'kustomizations.kustomize.toolkit.fluxcd.io')?.action).toBe('skipped');
    const ks = '/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/default/kustomizations';
    const created = await client.request({
      method: 'POST',
      path: ks,
      body: { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: 'theirs' }, spec: { interval: '1m', prune: true, sourceRef: { kind: 'GitRepository', name: 'x' } } },
    });
    expect(created.status).toBe(201);
    await new Promise((r) => setTimeout(r, 1500));
    const after = (await client.request({ method: 'GET', path: `${ks}/theirs` })).body as { metadata: { finalizers?: string[] }; status?: { conditions?: unknown } };
    expect(after.metadata.finalizers).toBeUndefined();
    expect(after.status?.conditions).toBeUndefined();
    expect(log.lines().map((l) => l.msg)).toContain('not reconciling Flux objects nor running the hub’s placements: their CRDs belong to another manager');
    await client.request({ method: 'DELETE', path: `${ks}/theirs` });
  }, 120_000);
});
