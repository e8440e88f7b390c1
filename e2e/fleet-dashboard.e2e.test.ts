import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  binaryPath,
  launchBrowser,
  makeTempDir,
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

// The fleet dashboard with real parts only: the hub (`pnpm start`) on a real Postgres, a real git server, two
// real kube-apiservers each with the real agent, Chromium on the built UI. A Kustomization that fails shows in
// needs-attention within seconds and leaves it once fixed; the search finds an image on the cluster that runs
// it and not on the other; a `kubectl` edit of a live Deployment shows in the desired-vs-live diff, read through
// the agent. Checked with axe in light and dark. Screenshots land in test-artifacts/fleet-dashboard.e2e.test.ts/.
const run = promisify(execFile);
const REPO = 'fleet';

const webDeployment = (image: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: default
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: ${image}
`;
const kustomization = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - web.yaml\n';

describe('fleet dashboard end to end: needs attention, image search and the live diff (real clusters, Chromium)', () => {
  let pg: TestPostgres;
  let git: TestGitServer;
  let clusters: TestCluster[] = [];
  let hub: RunningHub;
  let browser: TestBrowser;
  let page: Page;
  let workDir: string;
  let kubectl = '';
  let repoUrl = '';
  const agents: ManagedProcess[] = [];
  const clusterIds: Record<string, string> = {};
  const ksIds: Record<string, string> = {};
  const figures: string[] = [];
  const shot = (name: string) => browser.screenshot(page, name);
  const audit = async (what: string) => expect(await lightAndDarkViolations(page), what).toEqual([]);

  /** GraphQL as the signed-in browser user, for setup other e2e tests already drive through the UI. */
  const gql = <T>(query: string, variables: Record<string, unknown> = {}): Promise<T> => browserGql(page)<T>(query, variables);
  const kustomizationReady = async (id: string): Promise<string> =>
    (await gql<{ kustomization: { clusters: { ready: string }[] } }>(`query($id: ID!) { kustomization(id: $id) { clusters { ready } } }`, { id }))
      .kustomization.clusters[0]?.ready ?? 'none';
  const reconcile = (name: string) =>
    gql(`mutation($input: RequestReconcileInput!) { requestReconcile(input: $input) }`, { input: { id: ksIds[name], kind: 'Kustomization', withSource: true } });
  const attention = () => page.getByRole('list', { name: 'Needs attention' });

  beforeAll(async () => {
    buildWebUi();
    workDir = await makeTempDir('e2e-fleet-dashboard');
    kubectl = await binaryPath('kubectl');
    [pg, git, ...clusters] = await Promise.all([
      startPostgres(),
      startGitServer({ auth: 'basic' }),
      startCluster({ name: 'e2e-dash-a', nodes: 1 }),
      startCluster({ name: 'e2e-dash-b', nodes: 1 }),
    ]);
    repoUrl = await git.createRepo(REPO);
    await git.pushFiles(REPO, {
      'a/kustomization.yaml': kustomization,
      'a/web.yaml': webDeployment('nginx:1.25.3'),
      'b/kustomization.yaml': kustomization,
      'b/web.yaml': webDeployment('nginx:1.27.0'),
    });
    hub = await startHub({ databaseUrl: await pg.createDatabase({ migrate: false }), heartbeatTimeoutMs: 5000 });
    browser = await launchBrowser();
    page = await browser.newPage();
    await page.setViewportSize({ width: 1400, height: 1000 });
  }, 300_000);

  afterAll(async () => {
    if (figures.length) console.log(`fleet dashboard e2e figures: ${figures.join('; ')}`);
    await Promise.allSettled(agents.map((a) => a.stop()));
    await browser?.close();
    await hub?.stop();
    await Promise.allSettled([...clusters.map((c) => c.stop()), git?.stop(), pg?.stop()]);
  });

  it('1. sign in; two clusters with real agents; each gets a Kustomization of its own (nginx:1.25.3 on edge-a, nginx:1.27.0 on edge-b)', async () => {
    await page.goto(hub.url);
    await page.getByLabel('Username', { exact: true }).fill('admin');
    await page.getByLabel('Password', { exact: true }).fill(hub.adminPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Fleet', level: 1 }).waitFor();
    for (const [i, site] of ['a', 'b'].entries()) {
      const name = `edge-${site}`;
      const { createRegistrationToken: t } = await gql<{ createRegistrationToken: { agentCommand: string; cluster: { id: string } } }>(
        `mutation($input: CreateRegistrationTokenInput!) { createRegistrationToken(input: $input) { agentCommand cluster { id } } }`,
        { input: { clusterName: name, labels: [{ key: 'site', value: site }] } },
      );
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
    const { createGitRepository } = await gql<{ createGitRepository: { id: string } }>(
      `mutation($input: GitRepositoryInput!) { createGitRepository(input: $input) { id } }`,
      { input: { name: REPO, url: repoUrl, ref: { branch: 'main' }, interval: '1h', credentials: { username: git.credentials.username, password: git.credentials.password } } },
    );
    expect(createGitRepository.id).toBeTruthy();
    for (const site of ['a', 'b']) {
      const { createKustomization } = await gql<{ createKustomization: { id: string } }>(
        `mutation($input: KustomizationInput!) { createKustomization(input: $input) { id } }`,
        { input: { name: `web-${site}`, spec: { sourceRef: { kind: 'GitRepository', name: REPO }, path: `./${site}`, interval: '10m', prune: true }, placement: { clusterSelector: `site=${site}` } } },
      );
      ksIds[`web-${site}`] = createKustomization.id;
    }
    for (const name of ['web-a', 'web-b']) await expect.poll(() => kustomizationReady(ksIds[name]!), { timeout: 120_000, interval: 500 }).toBe('True');
    await shot('01-ready');
  }, 240_000);

  it('2. the search box finds nginx:1.25.3 on edge-a only by its whole reference, and 1.27.0 on edge-b by its tag', async () => {
    await page.goto(hub.url);
    await page.getByRole('heading', { name: 'Fleet', level: 1 }).waitFor();
    const box = page.getByRole('searchbox', { name: 'Search the fleet' });
    await box.fill('nginx:1.25.3');
    await box.press('Enter');
    await page.getByRole('heading', { name: 'Search the fleet', level: 1 }).waitFor();
    const started = Date.now();
    const hits = page.getByRole('list', { name: 'Workloads running the image' });
    const clustersFound = async () => {
      if ((await hits.count()) === 0) {
        await page.reload();
        return [];
      }
      return hits.locator('li').evaluateAll((lis) => lis.map((li) => li.querySelector('a')?.textContent ?? ''));
    };
    await expect.poll(clustersFound, { timeout: 60_000, interval: 1_000 }).toEqual(['edge-a']);
    figures.push(`image search found nginx:1.25.3 ${((Date.now() - started) / 1000).toFixed(1)} s after the page opened`);
    expect(await hits.textContent()).toContain('Deployment/default/web');
    await shot('02-search-image');
    await audit('search results for an image');
    await page.goto(`${hub.url}/search?q=1.27.0`);
    await expect.poll(clustersFound, { timeout: 30_000, interval: 1_000 }).toEqual(['edge-b']);
  }, 120_000);

  it('3. a Kustomization whose build fails is in needs-attention within seconds, and leaves it once fixed', async () => {
    await page.goto(hub.url);
    await page.getByRole('heading', { name: 'Fleet', level: 1 }).waitFor();
    const item = page.locator('li', { has: page.getByRole('link', { name: 'Kustomization/flotilla-system/web-a' }) });
    expect(await item.count()).toBe(0);
    await git.pushFiles(REPO, { 'a/kustomization.yaml': `${kustomization}  - missing.yaml\n` }, { message: 'break web-a' });
    const broke = Date.now();
    await reconcile('web-a');
    await item.first().waitFor({ timeout: 60_000 });
    const failedIn = (Date.now() - broke) / 1000;
    figures.push(`failing Kustomization in needs-attention ${failedIn.toFixed(1)} s after the push`);
    expect(await item.first().textContent()).toContain('edge-a');
    expect(await attention().textContent()).not.toContain('web-b');
    await shot('03-needs-attention');
    await audit('overview with a failing Kustomization');
    await git.pushFiles(REPO, { 'a/kustomization.yaml': kustomization }, { message: 'fix web-a' });
    const fixed = Date.now();
    await reconcile('web-a');
    await expect.poll(() => item.count(), { timeout: 60_000, interval: 250 }).toBe(0);
    figures.push(`fixed Kustomization left needs-attention ${((Date.now() - fixed) / 1000).toFixed(1)} s after the push`);
    expect(failedIn).toBeLessThan(30);
    await shot('04-fixed');
  }, 150_000);

  it('4. a kubectl edit of the live Deployment shows in the desired-vs-live diff, read through the agent', async () => {
    await run(kubectl, ['--kubeconfig', clusters[0]!.kubeconfigPath, '-n', 'default', 'set', 'image', 'deployment/web', 'web=nginx:9.9.9-edited']);
    await page.goto(`${hub.url}/flux-objects?cluster=${clusterIds['edge-a']}`);
    await page.getByRole('button', { name: 'Tree of Kustomization flotilla-system/web-a on edge-a' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Compare Deployment/default/web with the live object' }).click();
    const diff = dialog.getByTestId('yaml-diff');
    const started = Date.now();
    await diff.waitFor({ timeout: 30_000 });
    figures.push(`live diff shown ${((Date.now() - started) / 1000).toFixed(1)} s after Compare`);
    await expect.poll(() => diff.textContent(), { timeout: 10_000 }).toContain('nginx:9.9.9-edited');
    expect(await diff.textContent()).toContain('nginx:1.25.3');
    expect(await dialog.textContent()).toContain('differs from what the last build applies');
    await shot('05-live-diff');
    await audit('tree with the live diff');
  }, 90_000);

  it('5. with the agent stopped, the diff says so plainly', async () => {
    await agents[0]!.stop();
    await expect
      .poll(async () => (await gql<{ cluster: { connectionState: string } }>(`query($id: ID!) { cluster(id: $id) { connectionState } }`, { id: clusterIds['edge-a'] })).cluster.connectionState, {
        timeout: 30_000,
        interval: 500,
      })
      .toBe('DISCONNECTED');
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Read again' }).click();
    await dialog.getByText('the agent of this cluster is not connected').waitFor({ timeout: 20_000 });
    await shot('06-agent-disconnected');
  }, 60_000);
});
