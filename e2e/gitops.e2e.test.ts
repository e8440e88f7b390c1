import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  binaryPath,
  launchBrowser,
  makeTempDir,
  runFlux,
  startCluster,
  startGitServer,
  startPostgres,
  type ManagedProcess,
  type TestBrowser,
  type TestCluster,
  type TestGitServer,
  type TestPostgres,
} from '@flotilla/testenv';
import { startAgent } from './support/agent-process.js';
import { lightAndDarkViolations } from './support/axe.js';
import { browserGql } from './support/browser-gql.js';
import { buildWebUi } from './support/build-web-ui.js';
import { startHub, type RunningHub } from './support/hub-process.js';

// The hub-placed GitOps scenario end to end with real parts only: the hub (`pnpm start`) on a real Postgres,
// a real git server with basic auth, two real kube-apiservers (kwok nodes, so Deployments get pods) each
// with the real agent, and Chromium driving the UI. A third cluster is registered with labels the selector
// does not match. Screenshots land in test-artifacts/e2e-gitops.e2e.test.ts/.
const run = promisify(execFile);
const REPO = 'fleet-infra';
const PATH = './clusters/my-cluster';
const FILE = 'clusters/my-cluster/nginx-deployment.yaml';

const deployment = (replicas: number) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx
  namespace: default
  labels:
    app: nginx
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
        - name: nginx
          image: nginx:1.27
          ports:
            - containerPort: 80
`;

describe('GitOps end to end: git push → hub → agents on two clusters, seen in the browser', () => {
  let pg: TestPostgres;
  let git: TestGitServer;
  let clusters: TestCluster[] = [];
  let hub: RunningHub;
  let browser: TestBrowser;
  let page: Page;
  let workDir: string;
  let cloneUrl = '';
  let kubectl = '';
  const agents: ManagedProcess[] = [];
  const clusterIds: Record<string, string> = {};
  const shot = (name: string) => browser.screenshot(page, name);
  /** axe-core (WCAG 2.1 A/AA, serious + critical) in light and dark, like web-ui-accessibility.e2e.test.ts. */
  const audit = async (what: string) => expect(await lightAndDarkViolations(page), what).toEqual([]);

  /** GraphQL as the signed-in browser user (session cookie + CSRF header), for setup the UI already covers. */
  const gql = <T>(query: string, variables: Record<string, unknown> = {}): Promise<T> => browserGql(page)<T>(query, variables);

  const nginxPods = async (cluster: TestCluster): Promise<number> => {
    const { stdout } = await run(kubectl, [
      '--kubeconfig',
      cluster.kubeconfigPath,
      'get',
      'pods',
      '-n',
      'default',
      '-l',
      'app=nginx',
      '-o',
      'json',
    ]);
    const items = (
      JSON.parse(stdout) as {
        items: { status?: { phase?: string }; metadata: { deletionTimestamp?: string } }[];
      }
    ).items;
    return items.filter((p) => p.status?.phase === 'Running' && !p.metadata.deletionTimestamp).length;
  };
  const deploymentExists = async (cluster: TestCluster): Promise<boolean> => {
    const res = await run(kubectl, [
      '--kubeconfig',
      cluster.kubeconfigPath,
      'get',
      'deployment',
      'nginx',
      '-n',
      'default',
      '--ignore-not-found',
      '-o',
      'name',
    ]);
    return res.stdout.trim() !== '';
  };
  /** The Kustomization page's row of one cluster: data-ready of its badge and its revision text. */
  const clusterRow = (name: string) =>
    page.locator(`table[aria-label="Clusters"] tr[data-cluster="${name}"]`);
  const rowState = async (name: string) => {
    const row = clusterRow(name);
    if ((await row.count()) === 0) return 'missing';
    const ready = await row.locator('[data-ready]').first().getAttribute('data-ready');
    const revision =
      (await row
        .locator('code')
        .first()
        .getAttribute('title')
        .catch(() => null)) ?? '';
    return `${ready} ${revision}`;
  };

  beforeAll(async () => {
    buildWebUi();
    workDir = await makeTempDir('e2e-gitops');
    kubectl = await binaryPath('kubectl');
    [pg, git, ...clusters] = await Promise.all([
      startPostgres(),
      startGitServer({ auth: 'basic' }),
      startCluster({ name: 'e2e-eu', nodes: 2 }),
      startCluster({ name: 'e2e-us', nodes: 2 }),
    ]);
    cloneUrl = await git.createRepo(REPO);
    await git.pushFiles(REPO, {
      'README.md': '# fleet-infra\n',
      'clusters/my-cluster/README.md': 'apps of my-cluster\n',
    });
    hub = await startHub({
      databaseUrl: await pg.createDatabase({ migrate: false }),
      heartbeatTimeoutMs: 5000,
    });
    browser = await launchBrowser();
    page = await browser.newPage();
    await page.setViewportSize({ width: 1400, height: 1000 });
  }, 300_000);

  afterAll(async () => {
    await Promise.allSettled(agents.map((a) => a.stop()));
    await browser?.close();
    await hub?.stop();
    await Promise.allSettled([...clusters.map((c) => c.stop()), git?.stop(), pg?.stop()]);
  });

  it('1. sign in; register prod-eu and prod-us (env=prod) with real agents and staging (env=staging) without', async () => {
    await page.goto(hub.url);
    await page.getByLabel('Username', { exact: true }).fill('admin');
    await page.getByLabel('Password', { exact: true }).fill(hub.adminPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Fleet', level: 1 }).waitFor();

    const register = (name: string, env: string) =>
      gql<{ createRegistrationToken: { agentCommand: string; cluster: { id: string } } }>(
        `mutation($input: CreateRegistrationTokenInput!) { createRegistrationToken(input: $input) { agentCommand cluster { id } } }`,
        { input: { clusterName: name, labels: [{ key: 'env', value: env }] } },
      );
    for (const [i, name] of ['prod-eu', 'prod-us'].entries()) {
      const { createRegistrationToken: t } = await register(name, 'prod');
      clusterIds[name] = t.cluster.id;
      agents.push(
        startAgent({
          command: t.agentCommand,
          kubeconfigPath: clusters[i]!.kubeconfigPath,
          stateFile: path.join(workDir, `${name}-credential.json`),
          logDir: workDir,
          withToken: true,
          extraArgs: ['--cache-dir', path.join(workDir, `${name}-cache`)],
        }),
      );
    }
    clusterIds.staging = (await register('staging', 'staging')).createRegistrationToken.cluster.id;
    for (const name of ['prod-eu', 'prod-us'])
      await expect
        .poll(() => page.locator(`tr[data-cluster="${name}"] [data-state]`).getAttribute('data-state'), {
          timeout: 60_000,
          interval: 250,
        })
        .toBe('CONNECTED');
    await shot('01-fleet');
  }, 120_000);

  it('2. add the GitRepository in the UI with basic-auth credentials: Ready at main@sha1:… , no secret shown', async () => {
    await page.getByRole('link', { name: 'Sources' }).click();
    await page.getByRole('link', { name: 'Add source' }).first().click();
    await page.getByLabel('Name', { exact: true }).fill(REPO);
    await page.getByLabel('URL', { exact: true }).fill(cloneUrl);
    await page.getByLabel('Authentication', { exact: true }).selectOption('basic');
    await page.getByLabel('Username', { exact: true }).fill(git.credentials.username);
    await page.getByLabel('Password', { exact: true }).fill(git.credentials.password);
    await shot('02-source-form');
    await audit('source form');
    await page.getByRole('button', { name: 'Create source' }).click();
    await page.getByRole('heading', { name: REPO, level: 1 }).waitFor();
    await expect
      .poll(() => page.locator('main header [data-ready]').first().getAttribute('data-ready'), {
        timeout: 60_000,
      })
      .toBe('True');
    const html = await page.content();
    expect(html).not.toContain(git.credentials.password);
    expect(await page.getByText('basic (stored)').count()).toBe(1);
    expect(await page.getByText(/main@sha1:[0-9a-f]{7}/).count()).toBeGreaterThan(0);
    await shot('03-source-ready');
    await audit('source page');
  }, 90_000);

  it('3. add the Kustomization (path ./clusters/my-cluster, prune) placed by env=prod: the preview and the page show exactly the two prod clusters', async () => {
    await page.getByRole('link', { name: 'Kustomizations' }).click();
    await page.getByRole('link', { name: 'Add Kustomization' }).first().click();
    await page.getByLabel('Name', { exact: true }).fill('apps');
    await page.getByLabel('Source', { exact: true }).selectOption({ label: `GitRepository/${REPO}` });
    await page.getByLabel('Path', { exact: true }).fill(PATH);
    await page.getByLabel('Interval', { exact: true }).fill('1m');
    await page.getByLabel('Cluster selector', { exact: true }).fill('env=prod');
    const preview = page.getByTestId('placement-preview');
    await expect.poll(() => preview.textContent(), { timeout: 10_000 }).toContain('2 clusters targeted');
    expect(await preview.textContent()).not.toContain('staging');
    await shot('04-kustomization-form');
    await audit('Kustomization form with placement preview');
    await page.getByRole('button', { name: 'Create Kustomization' }).click();
    await page.getByRole('heading', { name: 'apps', level: 1 }).waitFor();
    await expect.poll(() => clusterRow('prod-eu').count(), { timeout: 15_000 }).toBe(1);
    expect(await clusterRow('prod-us').count()).toBe(1);
    expect(await clusterRow('staging').count()).toBe(0);
    await expect
      .poll(() => rowState('prod-eu'), { timeout: 60_000, interval: 500 })
      .toMatch(/^True main@sha1:/);
    await expect
      .poll(() => rowState('prod-us'), { timeout: 60_000, interval: 500 })
      .toMatch(/^True main@sha1:/);
    await shot('05-kustomization-ready-empty');
  }, 120_000);

  const pushAndReconcile = async (files: Record<string, string | null>, message: string) => {
    const sha = await git.pushFiles(REPO, files, { message });
    // What a push webhook would do: reconcile with source now rather than wait for the interval.
    await page.getByRole('button', { name: 'Reconcile with source' }).click();
    for (const name of ['prod-eu', 'prod-us'])
      await expect
        .poll(() => rowState(name), { timeout: 90_000, interval: 500 })
        .toBe(`True main@sha1:${sha}`);
    return sha;
  };

  it('4. push nginx-deployment.yaml with 2 replicas: both clusters Ready at the new main@sha1:… with 2 pods each; in each cluster the placement is a Kustomization that kubectl and flux get ks -A show at that revision', async () => {
    const sha = await pushAndReconcile({ [FILE]: deployment(2) }, 'nginx: 2 replicas');
    for (const c of clusters)
      await expect.poll(() => nginxPods(c), { timeout: 60_000, interval: 500 }).toBe(2);
    // flux shortens the commit to 8 characters.
    const short = `main@sha1:${sha.slice(0, 8)}`;
    for (const c of clusters) {
      const listed = await run(kubectl, ['--kubeconfig', c.kubeconfigPath, 'get', 'ks', '-A', '-l', 'flotilla.dev/owner=hub']);
      expect(listed.stdout).toMatch(new RegExp(`\\s+apps\\s+\\S+\\s+True\\s+Applied revision: main@sha1:${sha}`));
      const fluxKs = await runFlux(['get', 'ks', '-A'], { kubeconfig: c.kubeconfigPath });
      expect(fluxKs.exitCode, fluxKs.stderr).toBe(0);
      expect(fluxKs.stdout).toMatch(new RegExp(`\\s+apps\\s+${short}\\s+False\\s+True\\s+Applied revision: ${short}`));
    }
    await page.getByRole('button', { name: 'Show inventory and events of prod-eu' }).click();
    await page.locator('tr[data-object="Deployment/default/nginx"]').first().waitFor();
    await shot('06-replicas-2');
    await audit('Kustomization page, a cluster expanded');
  }, 180_000);

  it('5. replicas 3: 3 pods on both clusters', async () => {
    await pushAndReconcile({ [FILE]: deployment(3) }, 'nginx: 3 replicas');
    for (const c of clusters)
      await expect.poll(() => nginxPods(c), { timeout: 60_000, interval: 500 }).toBe(3);
    await shot('07-replicas-3');
  }, 180_000);

  it('6. delete the file: the Deployment is pruned on both clusters (prune: true)', async () => {
    await pushAndReconcile({ [FILE]: null }, 'remove nginx');
    for (const c of clusters)
      await expect.poll(() => deploymentExists(c), { timeout: 60_000, interval: 500 }).toBe(false);
    await shot('08-pruned');
  }, 180_000);

  it('7. cluster pages: prod-eu lists the Kustomization and its events; staging, left out by the selector, lists none', async () => {
    await page.goto(`${hub.url}/clusters/${clusterIds['prod-eu']}`);
    await page.getByRole('table', { name: 'Kustomizations on this cluster' }).waitFor();
    expect(await page.locator('tr[data-kustomization="apps"]').count()).toBe(1);
    await expect
      .poll(() => page.getByRole('list', { name: 'Events' }).locator('li').count(), { timeout: 15_000 })
      .toBeGreaterThan(0);
    await shot('09-cluster-prod-eu');
    await audit('cluster page with Kustomizations and events');
    await page.goto(`${hub.url}/clusters/${clusterIds.staging}`);
    await page.getByText('No Kustomization targets this cluster').waitFor();
    await shot('10-cluster-staging-left-out');
  }, 60_000);
  it('8. lists and the edit form: 2/2 Ready, short revision, and stored credentials shown only as "Stored"', async () => {
    await page.goto(`${hub.url}/kustomizations`);
    await expect
      .poll(() =>
        page.locator('tr[data-kustomization="apps"] [data-ready-summary]').getAttribute('data-ready-summary'),
      )
      .toBe('2/2');
    await shot('11-kustomizations-list');
    await audit('Kustomizations list');
    await page.goto(`${hub.url}/sources`);
    const row = page.locator(`tr[data-source="${REPO}"]`);
    await expect.poll(() => row.locator('code').first().textContent()).toMatch(/^main@sha1:[0-9a-f]{7}$/);
    await shot('12-sources-list');
    await audit('sources list');
    await row.getByRole('link', { name: REPO }).click();
    await page.getByRole('link', { name: 'Edit' }).click();
    await page.getByTestId('stored-credentials').waitFor();
    expect(await page.content()).not.toContain(git.credentials.password);
    expect(await page.getByLabel('Password', { exact: true }).count()).toBe(0);
    await shot('13-source-edit-stored-credentials');
    await audit('source edit form with stored credentials');
  }, 120_000);
});
