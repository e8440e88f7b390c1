import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
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

// The rollout view with real parts only: the hub (`pnpm start`) on a real Postgres, a real git server, two real
// kube-apiservers each with the real agent, Chromium on the built UI. One hub Kustomization runs on both
// clusters at revision A; with edge-b's agent stopped, a push moves edge-a to B and the view shows both; once
// edge-b's agent is back, both are on B. Checked with axe in light and dark. Screenshots land in
// test-artifacts/rollout.e2e.test.ts/.
const REPO = 'rollout';
const configMap = (value: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n  namespace: default\ndata:\n  version: "${value}"\n`;
const kustomization =
  'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - web.yaml\n';

describe('rollout view end to end: a push moves clusters from revision A to B (real clusters, Chromium)', () => {
  let pg: TestPostgres;
  let git: TestGitServer;
  let clusters: TestCluster[] = [];
  let hub: RunningHub;
  let browser: TestBrowser;
  let page: Page;
  let workDir: string;
  let repoUrl = '';
  let ksId = '';
  const agents: ManagedProcess[] = [];
  const commands: Record<string, string> = {};
  const figures: string[] = [];
  const shot = (name: string) => browser.screenshot(page, name);
  const gql = <T>(query: string, variables: Record<string, unknown> = {}): Promise<T> =>
    browserGql(page)<T>(query, variables);
  const revisions = async (): Promise<string[]> =>
    (
      await gql<{ kustomization: { clusters: { lastAppliedRevision: string | null }[] } }>(
        `query($id: ID!) { kustomization(id: $id) { clusters { lastAppliedRevision } } }`,
        { id: ksId },
      )
    ).kustomization.clusters.map((c) => c.lastAppliedRevision ?? 'none');
  const cellOf = (cluster: string) => page.locator(`tr[data-rollout-cluster="${cluster}"] td`).first();
  const agentFor = (name: string, i: number, withToken: boolean) =>
    startAgent({
      command: commands[name]!,
      kubeconfigPath: clusters[i]!.kubeconfigPath,
      stateFile: path.join(workDir, `${name}-credential.json`),
      logDir: workDir,
      withToken,
      extraArgs: ['--cache-dir', path.join(workDir, `${name}-cache`)],
    });

  beforeAll(async () => {
    buildWebUi();
    workDir = await makeTempDir('e2e-rollout');
    [pg, git, ...clusters] = await Promise.all([
      startPostgres(),
      startGitServer({ auth: 'basic' }),
      startCluster({ name: 'e2e-roll-a', nodes: 1 }),
      startCluster({ name: 'e2e-roll-b', nodes: 1 }),
    ]);
    repoUrl = await git.createRepo(REPO);
    await git.pushFiles(REPO, { 'app/kustomization.yaml': kustomization, 'app/web.yaml': configMap('a') });
    hub = await startHub({
      databaseUrl: await pg.createDatabase({ migrate: false }),
      heartbeatTimeoutMs: 5000,
    });
    browser = await launchBrowser();
    page = await browser.newPage();
    await page.setViewportSize({ width: 1400, height: 1000 });
  }, 300_000);

  afterAll(async () => {
    if (figures.length) console.log(`rollout e2e figures: ${figures.join('; ')}`);
    await Promise.allSettled(agents.map((a) => a.stop()));
    await browser?.close();
    await hub?.stop();
    await Promise.allSettled([...clusters.map((c) => c.stop()), git?.stop(), pg?.stop()]);
  });

  it('1. two clusters with real agents run one hub Kustomization at revision A', async () => {
    await page.goto(hub.url);
    await page.getByLabel('Username', { exact: true }).fill('admin');
    await page.getByLabel('Password', { exact: true }).fill(hub.adminPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Fleet', level: 1 }).waitFor();
    for (const [i, site] of ['a', 'b'].entries()) {
      const name = `edge-${site}`;
      const { createRegistrationToken: t } = await gql<{ createRegistrationToken: { agentCommand: string } }>(
        `mutation($input: CreateRegistrationTokenInput!) { createRegistrationToken(input: $input) { agentCommand } }`,
        {
          input: {
            clusterName: name,
            labels: [
              { key: 'site', value: site },
              { key: 'env', value: 'prod' },
            ],
          },
        },
      );
      commands[name] = t.agentCommand;
      agents[i] = agentFor(name, i, true);
    }
    await gql(`mutation($input: GitRepositoryInput!) { createGitRepository(input: $input) { id } }`, {
      input: {
        name: REPO,
        url: repoUrl,
        ref: { branch: 'main' },
        interval: '1h',
        credentials: { username: git.credentials.username, password: git.credentials.password },
      },
    });
    const { createKustomization } = await gql<{ createKustomization: { id: string } }>(
      `mutation($input: KustomizationInput!) { createKustomization(input: $input) { id } }`,
      {
        input: {
          name: 'web',
          spec: {
            sourceRef: { kind: 'GitRepository', name: REPO },
            path: './app',
            interval: '10m',
            prune: true,
          },
          placement: { clusterSelector: 'env=prod' },
        },
      },
    );
    ksId = createKustomization.id;
    await expect
      .poll(
        async () => {
          const r = await revisions();
          return r.length === 2 && r.every((x) => x.includes('@sha1:'));
        },
        { timeout: 120_000, interval: 500 },
      )
      .toBe(true);
    const [a] = await revisions();
    await page.goto(`${hub.url}/kustomizations/${ksId}`);
    await page.getByRole('link', { name: 'Rollout', exact: true }).click();
    await page.getByRole('table', { name: 'Rollout matrix' }).waitFor();
    await expect.poll(() => cellOf('edge-b').getAttribute('data-revision'), { timeout: 30_000 }).toBe(a);
    expect(await cellOf('edge-a').textContent()).toContain('Ready');
    await shot('01-all-on-a');
  }, 240_000);

  it('2. with edge-b’s agent stopped, a push moves edge-a to B: the view shows both, live', async () => {
    const [a] = await revisions();
    await agents[1]!.stop();
    await page.goto(`${hub.url}/rollout?kind=Kustomization&namespace=flotilla-system&name=web&group=site`);
    await page.getByRole('table', { name: 'Rollout matrix' }).waitFor();
    await git.pushFiles(REPO, { 'app/web.yaml': configMap('b') }, { message: 'revision B' });
    const pushed = Date.now();
    await gql(`mutation($input: RequestReconcileInput!) { requestReconcile(input: $input) }`, {
      input: { id: ksId, kind: 'Kustomization', withSource: true },
    });
    // No reload: the page follows the agents' reports.
    await expect
      .poll(async () => (await cellOf('edge-a').getAttribute('data-revision')) !== a, {
        timeout: 60_000,
        interval: 250,
      })
      .toBe(true);
    figures.push(`edge-a shown on B ${((Date.now() - pushed) / 1000).toFixed(1)} s after the push`);
    const b = await cellOf('edge-a').getAttribute('data-revision');
    expect(await cellOf('edge-b').getAttribute('data-revision')).toBe(a);
    expect(await cellOf('edge-b').textContent()).toContain('older');
    const perRevision = page.getByRole('list', { name: 'Clusters per revision' });
    await expect.poll(() => perRevision.locator('li').count(), { timeout: 20_000 }).toBe(2);
    expect(await perRevision.locator(`li[data-revision="${b}"]`).textContent()).toContain('newest');
    // The group's heading in the matrix (the per-group table above has a row header of the same name).
    const siteB = page
      .getByRole('table', { name: 'Rollout matrix' })
      .getByRole('rowheader', { name: /^site=b/ });
    await expect
      .poll(() => siteB.textContent(), { timeout: 20_000 })
      .toContain('0 on the newest revision, 1 on older');
    await shot('02-a-and-b');
    expect(await lightAndDarkViolations(page), 'rollout view with two revisions').toEqual([]);
  }, 150_000);

  it('3. once edge-b’s agent is back, every cluster is on B and the spread shows both clusters reaching it', async () => {
    const b = await cellOf('edge-a').getAttribute('data-revision');
    agents[1] = agentFor('edge-b', 1, false);
    const back = Date.now();
    await gql(`mutation($input: RequestReconcileInput!) { requestReconcile(input: $input) }`, {
      input: { id: ksId, kind: 'Kustomization', withSource: true },
    });
    await expect
      .poll(() => cellOf('edge-b').getAttribute('data-revision'), { timeout: 120_000, interval: 500 })
      .toBe(b);
    figures.push(`edge-b shown on B ${((Date.now() - back) / 1000).toFixed(1)} s after its agent restarted`);
    await page.reload();
    const perRevision = page.getByRole('list', { name: 'Clusters per revision' });
    await expect.poll(() => perRevision.locator('li').count(), { timeout: 20_000 }).toBe(1);
    expect(await page.getByText(/still on an older one/).textContent()).toContain(
      '2 of 2 clusters are on the newest revision',
    );
    await expect
      .poll(() => page.locator(`[data-spread="${b}"]`).textContent(), { timeout: 20_000 })
      .toContain('2 clusters');
    await shot('03-all-on-b');
  }, 180_000);
});
