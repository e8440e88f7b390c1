import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  artifactsDir,
  binaryPath,
  launchBrowser,
  makeTempDir,
  runFlux,
  startCluster,
  startGitServer,
  startPostgres,
  type FluxOutput,
  type ManagedProcess,
  type TestBrowser,
  type TestCluster,
  type TestGitServer,
  type TestPostgres,
} from '@flotilla/testenv';
import { startAgent } from './support/agent-process.js';
import { buildWebUi } from './support/build-web-ui.js';
import { startHub, type RunningHub } from './support/hub-process.js';
import { loginAsAdmin, type HubSession } from './support/hub-session.js';
import { APP_FILE, gotkSync as gotkSyncAt, nginx, SYNC_FILE } from './support/seed-repo.js';

// The seed scenario as Flux users run it, with no hub definitions at all: a repository laid out as
// `flux bootstrap` leaves it (clusters/my-cluster/flux-system/gotk-sync.yaml in the seed's v1beta2, and an app),
// `kubectl apply -f gotk-sync.yaml` plus the credentials Secret on a cluster whose real agent is connected to the
// real hub, then the agent does what source- and kustomize-controller would, the real flux CLI reads and drives
// it, and the hub shows what the agent reports. Intervals are 5 s (the seed's 1m) to keep the wall time short.
const run = promisify(execFile);
const REPO = 'your-flux-repo';
const INTERVAL = '5s';
const OUT = path.join(artifactsDir(), 'seed-scenario.e2e.test.ts');
const gotkSync = (url: string) => gotkSyncAt(url, INTERVAL);

/** A second Kustomization, applied with kubectl later, to delete with its objects (not part of the seed). */
const extraKustomization = `apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: extra
  namespace: flux-system
spec:
  interval: ${INTERVAL}
  path: ./extra
  prune: true
  sourceRef:
    kind: GitRepository
    name: flux-system
`;
const extraConfigMap = `apiVersion: v1
kind: ConfigMap
metadata:
  name: extra-settings
  namespace: default
data:
  greeting: hello
`;

interface Deployment {
  spec: { replicas: number };
  status?: { readyReplicas?: number; availableReplicas?: number; conditions?: Array<{ type: string; status: string }> };
}

describe('the seed scenario: kubectl apply -f gotk-sync.yaml on a cluster with the agent (real hub, agent, flux CLI, Chromium)', () => {
  let pg: TestPostgres;
  let git: TestGitServer;
  let cluster: TestCluster;
  let hub: RunningHub;
  let browser: TestBrowser;
  let page: Page;
  let agent: ManagedProcess | undefined;
  let workDir: string;
  let kubectl = '';
  let session: HubSession;
  let clusterId = '';
  let sha = '';

  const k = async (...args: string[]) => (await run(kubectl, ['--kubeconfig', cluster.kubeconfigPath, ...args])).stdout;
  const flux = async (name: string, ...args: string[]): Promise<FluxOutput> => {
    const out = await runFlux(args, { kubeconfig: cluster.kubeconfigPath, timeoutMs: 60_000 });
    await fs.writeFile(path.join(OUT, `flux-${name}.txt`), `$ flux ${args.join(' ')}\n(exit ${out.exitCode})\n${out.stdout}${out.stderr ? `--- stderr\n${out.stderr}` : ''}`);
    return out;
  };
  const nginxDeployment = async (): Promise<Deployment | undefined> => {
    const json = await k('get', 'deployment', 'nginx-deployment', '-n', 'default', '--ignore-not-found', '-o', 'json');
    return json.trim() ? (JSON.parse(json) as Deployment) : undefined;
  };
  const available = (d: Deployment | undefined) => d?.status?.conditions?.find((c) => c.type === 'Available')?.status === 'True';
  const gql = <T>(query: string, variables: Record<string, unknown> = {}): Promise<T> => session.gql<T>(query, variables);

  beforeAll(async () => {
    buildWebUi();
    workDir = await makeTempDir('e2e-seed');
    await fs.mkdir(OUT, { recursive: true });
    kubectl = await binaryPath('kubectl');
    [pg, git, cluster] = await Promise.all([startPostgres(), startGitServer({ auth: 'basic' }), startCluster({ name: 'e2e-seed', nodes: 2 })]);
    const url = await git.createRepo(REPO);
    sha = await git.pushFiles(REPO, { [SYNC_FILE]: gotkSync(url), [APP_FILE]: nginx(2), 'extra/settings.yaml': extraConfigMap }, { message: 'bootstrap my-cluster' });
    // The user's checkout: what kubectl applies, and what flux build/diff read with --path.
    for (const [file, text] of Object.entries({ [SYNC_FILE]: gotkSync(url), [APP_FILE]: nginx(2), 'extra.yaml': extraKustomization })) {
      await fs.mkdir(path.dirname(path.join(workDir, 'repo', file)), { recursive: true });
      await fs.writeFile(path.join(workDir, 'repo', file), text);
    }
    [hub, browser] = await Promise.all([startHub({ databaseUrl: await pg.createDatabase({ migrate: false }), heartbeatTimeoutMs: 5000 }), launchBrowser()]);
    page = await browser.newPage();
    await page.setViewportSize({ width: 1400, height: 1000 });
    session = await loginAsAdmin(hub.url, hub.adminPassword);
    const { createRegistrationToken: t } = await gql<{ createRegistrationToken: { agentCommand: string; cluster: { id: string } } }>(
      'mutation($input: CreateRegistrationTokenInput!) { createRegistrationToken(input: $input) { agentCommand cluster { id } } }',
      { input: { clusterName: 'my-cluster', labels: [] } },
    );
    clusterId = t.cluster.id;
    agent = startAgent({ command: t.agentCommand, kubeconfigPath: cluster.kubeconfigPath, stateFile: path.join(workDir, 'credential.json'), logDir: workDir, withToken: true, extraArgs: ['--cache-dir', path.join(workDir, 'cache')] });
  }, 300_000);

  afterAll(async () => {
    await agent?.stop();
    await browser?.close();
    await hub?.stop();
    await Promise.allSettled([cluster?.stop(), git?.stop(), pg?.stop()]);
  });

  it('kubectl apply -f gotk-sync.yaml (v1beta2) and the credentials Secret: the agent fetches the repository and applies ./clusters/my-cluster, the sync pair included; nginx Available with 2 replicas (flux.md: GitRepository artifact, Kustomization apply)', async () => {
    // The agent installs the CRDs once connected; until they are served, kubectl apply refuses the Flux kinds.
    await expect.poll(async () => k('get', 'crd', 'kustomizations.kustomize.toolkit.fluxcd.io', '--ignore-not-found', '-o', 'name'), { timeout: 60_000, interval: 250 }).toContain('kustomizations');
    await expect.poll(async () => (await run(kubectl, ['--kubeconfig', cluster.kubeconfigPath, 'apply', '-f', path.join(workDir, 'repo', SYNC_FILE)]).then(() => 'ok', (e: Error) => e.message)), { timeout: 30_000, interval: 250 }).toBe('ok');
    const t0 = Date.now();
    await k('create', 'secret', 'generic', 'flux-system', '-n', 'flux-system', `--from-literal=username=${git.credentials.username}`, `--from-literal=password=${git.credentials.password}`);
    await expect.poll(async () => available(await nginxDeployment()), { timeout: 60_000, interval: 200 }).toBe(true);
    const d = await nginxDeployment();
    expect(d?.spec.replicas).toBe(2);
    await expect.poll(async () => (await nginxDeployment())?.status?.availableReplicas, { timeout: 30_000, interval: 200 }).toBe(2);
    console.log(`kubectl apply of the sync pair → nginx Available (2/2): ${Date.now() - t0} ms`);

    // The Kustomization applied its own definition too: both objects carry its labels and are in its inventory.
    const ks = JSON.parse(await k('get', 'kustomizations.kustomize.toolkit.fluxcd.io', 'flux-system', '-n', 'flux-system', '-o', 'json')) as {
      metadata: { labels?: Record<string, string> };
      status: { lastAppliedRevision?: string; inventory?: { entries: Array<{ id: string }> } };
    };
    expect(ks.status.lastAppliedRevision).toBe(`main@sha1:${sha}`);
    expect(ks.metadata.labels?.['kustomize.toolkit.fluxcd.io/name']).toBe('flux-system');
    expect(ks.status.inventory?.entries.map((e) => e.id).sort()).toEqual([
      '_flux-system__Namespace',
      'default_nginx-deployment_apps_Deployment',
      'flux-system_flux-system_kustomize.toolkit.fluxcd.io_Kustomization',
      'flux-system_flux-system_source.toolkit.fluxcd.io_GitRepository',
    ]);
  }, 120_000);

  const short = () => `main@sha1:${sha.slice(0, 8)}`;

  it('flux get sources git / ks / all -A: Ready at main@sha1:… with Flux’s messages (source-controller: stored artifact for revision; kustomize-controller: Applied revision)', async () => {
    await expect.poll(async () => (await flux('get-ks', 'get', 'ks', '-A')).stdout, { timeout: 30_000, interval: 500 }).toMatch(new RegExp(`flux-system\\s+flux-system\\s+${short()}\\s+False\\s+True\\s+Applied revision: ${short()}`));
    const sources = await flux('get-sources-git', 'get', 'sources', 'git', '-A');
    expect(sources.exitCode).toBe(0);
    expect(sources.stdout).toMatch(new RegExp(`flux-system\\s+flux-system\\s+${short()}\\s+False\\s+True\\s+stored artifact for revision '${short()}'`));
    const all = await flux('get-all', 'get', 'all', '-A');
    expect(all.exitCode).toBe(0);
    expect(all.stdout).toMatch(new RegExp(`gitrepository/flux-system\\s+${short()}\\s+False\\s+True`));
    expect(all.stdout).toMatch(new RegExp(`kustomization/flux-system\\s+${short()}\\s+False\\s+True`));
  }, 60_000);

  it('flux tree ks, flux trace, flux events, flux export ks --all: the inventory, the object’s path back to its source, the events and the definitions as Flux prints them', async () => {
    const tree = await flux('tree-ks', 'tree', 'ks', 'flux-system');
    expect(tree.exitCode).toBe(0);
    // flux tree leaves the Kustomization's own entry out of its children.
    expect(tree.stdout.trim().split('\n')).toEqual(['Kustomization/flux-system/flux-system', '├── Namespace/flux-system', '├── Deployment/default/nginx-deployment', '└── GitRepository/flux-system/flux-system']);

    const trace = await flux('trace', 'trace', 'nginx-deployment', '-n', 'default', '--kind', 'Deployment', '--api-version', 'apps/v1');
    expect(trace.exitCode).toBe(0);
    for (const line of [/Object:\s+Deployment\/nginx-deployment/, /Kustomization:\s+flux-system/, /Path:\s+\.\/clusters\/my-cluster/, new RegExp(`Revision:\\s+main@sha1:${sha}`), /Status:\s+Last reconciled at/, /GitRepository:\s+flux-system/, /Branch:\s+main/]) expect(trace.stdout).toMatch(line);

    const events = await flux('events', 'events', '-n', 'flux-system');
    expect(events.exitCode).toBe(0);
    expect(events.stdout).toMatch(/Normal\s+NewArtifact\s+GitRepository\/flux-system\s+stored artifact for commit/);
    expect(events.stdout).toMatch(/Normal\s+ReconciliationSucceeded\s+Kustomization\/flux-system/);
    // Waiting for the GitRepository's first artifact is logged by kustomize-controller, not recorded as an event.
    expect(events.stdout).not.toMatch(/ArtifactFailed\s+Kustomization/);

    const exported = await flux('export-ks', 'export', 'ks', '--all');
    expect(exported.exitCode).toBe(0);
    for (const line of ['apiVersion: kustomize.toolkit.fluxcd.io/v1', 'kind: Kustomization', '  name: flux-system', '  path: ./clusters/my-cluster', '  prune: true', '    kind: GitRepository', `  interval: ${INTERVAL}`]) expect(exported.stdout).toContain(line);
    expect(exported.stdout).not.toContain('status:');
  }, 60_000);

  it('flux build ks / flux diff ks --path: the local checkout built with the Kustomization’s labels, and no drift against the cluster (flux diff exit 0)', async () => {
    const dir = path.join(workDir, 'repo', 'clusters', 'my-cluster');
    const build = await flux('build-ks', 'build', 'ks', 'flux-system', '--path', dir);
    expect(build.exitCode).toBe(0);
    expect(build.stdout).toContain('name: nginx-deployment');
    expect(build.stdout).toContain('kustomize.toolkit.fluxcd.io/name: flux-system');
    const diff = await flux('diff-ks', 'diff', 'ks', 'flux-system', '--path', dir);
    expect(diff.exitCode).toBe(0);
    // With a change in the checkout, flux diff reports it and exits 1.
    await fs.writeFile(path.join(workDir, 'repo', APP_FILE), nginx(4));
    const changed = await flux('diff-ks-changed', 'diff', 'ks', 'flux-system', '--path', dir);
    await fs.writeFile(path.join(workDir, 'repo', APP_FILE), nginx(2));
    expect(changed.exitCode).toBe(1);
    expect(changed.stdout).toContain('Deployment/default/nginx-deployment drifted');
  }, 60_000);

  it('flux reconcile ks --with-source returns once the agent handled both requests; flux suspend / resume ks (reconcile.fluxcd.io/requestedAt, spec.suspend)', async () => {
    const t0 = Date.now();
    const rec = await flux('reconcile-ks-with-source', 'reconcile', 'ks', 'flux-system', '--with-source');
    console.log(`flux reconcile ks --with-source round trip: ${Date.now() - t0} ms`);
    expect(rec.exitCode).toBe(0);
    expect(rec.stderr).toContain('annotating GitRepository flux-system in flux-system namespace');
    expect(rec.stderr).toContain(`fetched revision main@sha1:${sha}`);
    expect(rec.stderr).toContain(`applied revision main@sha1:${sha}`);

    const suspend = await flux('suspend-ks', 'suspend', 'ks', 'flux-system');
    expect(suspend.exitCode).toBe(0);
    expect((await flux('get-ks-suspended', 'get', 'ks', 'flux-system')).stdout).toMatch(/flux-system\s+\S+\s+True\s+/);
    const resume = await flux('resume-ks', 'resume', 'ks', 'flux-system');
    expect(resume.exitCode).toBe(0);
    expect(resume.stderr).toContain('Kustomization flux-system reconciliation completed');
    expect((await flux('get-ks-resumed', 'get', 'ks', 'flux-system')).stdout).toMatch(/flux-system\s+\S+\s+False\s+True\s+/);
  }, 90_000);

  it('push replicas: 3 → 3 ready at the next interval; kubectl scale is reverted at the next interval (drift correction)', async () => {
    sha = await git.pushFiles(REPO, { [APP_FILE]: nginx(3) }, { message: 'nginx: 3 replicas' });
    await expect.poll(async () => (await nginxDeployment())?.status?.readyReplicas, { timeout: 30_000, interval: 250 }).toBe(3);
    await k('scale', 'deployment', 'nginx-deployment', '-n', 'default', '--replicas=1');
    expect((await nginxDeployment())?.spec.replicas).toBe(1);
    const t0 = Date.now();
    await expect.poll(async () => (await nginxDeployment())?.spec.replicas, { timeout: 30_000, interval: 250 }).toBe(3);
    console.log(`kubectl scale reverted after ${Date.now() - t0} ms (interval ${INTERVAL})`);
    await expect.poll(async () => (await nginxDeployment())?.status?.readyReplicas, { timeout: 30_000, interval: 250 }).toBe(3);
  }, 90_000);

  it('the hub lists the cluster’s GitRepository and Kustomization with origin cluster, Ready; its reconcile/suspend/resume reach the object through the agent; the Flux objects page lists them and the tree dialog shows the Kustomization’s children', async () => {
    type Node = { kind: string; namespace: string; name: string; origin: string; ready: string; revision: string | null };
    await expect
      .poll(
        async () => {
          const { fluxObjects } = await gql<{ fluxObjects: { edges: Array<{ node: Node }> } }>(
            'query($filter: FluxObjectFilter) { fluxObjects(filter: $filter, first: 50) { edges { node { kind namespace name origin ready revision } } } }',
            { filter: { clusterId } },
          );
          return fluxObjects.edges.map((e) => e.node).sort((a, b) => a.kind.localeCompare(b.kind));
        },
        { timeout: 30_000, interval: 500 },
      )
      .toEqual([
        { kind: 'GitRepository', namespace: 'flux-system', name: 'flux-system', origin: 'CLUSTER', ready: 'True', revision: `main@sha1:${sha}` },
        { kind: 'Kustomization', namespace: 'flux-system', name: 'flux-system', origin: 'CLUSTER', ready: 'True', revision: `main@sha1:${sha}` },
      ]);

    // The hub's operations on an object found in the cluster go to the agent, which acts as flux reconcile /
    // suspend / resume do, and the result comes back as the object's reported status.
    const ref = { clusterId, kind: 'GitRepository', namespace: 'flux-system', name: 'flux-system' };
    const operate = (op: string) => gql('mutation($ref: FluxObjectRefInput!, $op: FluxOperation!) { runFluxObjectOperation(ref: $ref, operation: $op) }', { ref, op });
    const repo = async () => JSON.parse(await k('get', 'gitrepositories.source.toolkit.fluxcd.io', 'flux-system', '-n', 'flux-system', '-o', 'json')) as { metadata: { annotations?: Record<string, string> }; spec: { suspend?: boolean }; status: { lastHandledReconcileAt?: string } };
    await operate('RECONCILE');
    await expect.poll(async () => { const r = await repo(); return r.status.lastHandledReconcileAt !== undefined && r.status.lastHandledReconcileAt === r.metadata.annotations?.['reconcile.fluxcd.io/requestedAt']; }, { timeout: 15_000, interval: 250 }).toBe(true);
    const suspended = async () => (await gql<{ fluxObject: { suspended: boolean | null } }>('query($ref: FluxObjectRefInput!) { fluxObject(ref: $ref) { suspended } }', { ref })).fluxObject.suspended;
    await operate('SUSPEND');
    await expect.poll(async () => (await repo()).spec.suspend, { timeout: 15_000, interval: 250 }).toBe(true);
    await expect.poll(suspended, { timeout: 15_000, interval: 250 }).toBe(true);
    await operate('RESUME');
    await expect.poll(async () => (await repo()).spec.suspend, { timeout: 15_000, interval: 250 }).toBe(false);
    await expect.poll(suspended, { timeout: 15_000, interval: 250 }).toBe(false);

    await page.goto(`${hub.url}/login?next=%2Fflux-objects`);
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(hub.adminPassword);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Flux objects' }).waitFor();
    const rows = () => page.locator('tr[data-flux-object]').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-flux-object')));
    await expect.poll(rows).toEqual(['my-cluster/GitRepository/flux-system/flux-system', 'my-cluster/Kustomization/flux-system/flux-system']);
    await browser.screenshot(page, 'seed-flux-objects');
    await page.getByRole('button', { name: 'Tree of Kustomization flux-system/flux-system on my-cluster' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Deployment/default/nginx-deployment').waitFor();
    const nodes = await dialog.locator('[data-tree-node]').evaluateAll((lis) => lis.map((li) => `${li.getAttribute('data-depth')} ${li.getAttribute('data-tree-node')}`));
    expect(nodes).toEqual(['1 Namespace//flux-system', '1 Deployment/default/nginx-deployment', '1 GitRepository/flux-system/flux-system']);
    await browser.screenshot(page, 'seed-flux-objects-tree');
    await page.keyboard.press('Escape');
  }, 90_000);

  it('delete the file: the Deployment is pruned (prune: true); kubectl delete of a Kustomization with prune: true prunes its objects through its finalizer (finalizers.fluxcd.io)', async () => {
    await git.pushFiles(REPO, { [APP_FILE]: null }, { message: 'remove nginx' });
    await expect.poll(async () => (await nginxDeployment()) === undefined, { timeout: 30_000, interval: 250 }).toBe(true);

    await k('apply', '-f', path.join(workDir, 'repo', 'extra.yaml'));
    await expect.poll(async () => k('get', 'configmap', 'extra-settings', '-n', 'default', '--ignore-not-found', '-o', 'name'), { timeout: 30_000, interval: 250 }).toContain('extra-settings');
    const ks = JSON.parse(await k('get', 'kustomizations.kustomize.toolkit.fluxcd.io', 'extra', '-n', 'flux-system', '-o', 'json')) as { metadata: { finalizers?: string[] } };
    expect(ks.metadata.finalizers).toContain('finalizers.fluxcd.io');
    // kubectl waits for the finalizer to be removed.
    await k('delete', 'kustomizations.kustomize.toolkit.fluxcd.io', 'extra', '-n', 'flux-system', '--timeout=30s');
    expect(await k('get', 'configmap', 'extra-settings', '-n', 'default', '--ignore-not-found', '-o', 'name')).toBe('');
  }, 90_000);
});
