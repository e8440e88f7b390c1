import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  binaryPath,
  launchBrowser,
  makeTempDir,
  pushArtifact,
  startCluster,
  startGitServer,
  startPostgres,
  startRegistry,
  type ManagedProcess,
  type TestBrowser,
  type TestCluster,
  type TestGitServer,
  type TestPostgres,
  type TestRegistry,
} from '@flotilla/testenv';
import { startAgent } from './support/agent-process.js';
import { seriousA11yViolations } from './support/axe.js';
import { buildWebUi } from './support/build-web-ui.js';
import { startHub, type RunningHub } from './support/hub-process.js';
import { createRegistrationToken, loginAsAdmin, type HubSession } from './support/hub-session.js';

// The image update story with real parts only: a registry, a git server with basic auth, the hub
// (`pnpm start`) on Postgres, two kube-apiservers (kwok nodes, so the Deployment gets pods) each with the
// real agent, and Chromium. A developer (viewer role, member of the automation's approver team) approves
// the proposal in the UI; the clusters are checked through their API servers.
const run = promisify(execFile);
const REPO = 'fleet';
const FILE = 'apps/app.yaml';

const deployment = (image: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app
  namespace: default
spec:
  replicas: 1
  selector:
    matchLabels:
      app: app
  template:
    metadata:
      labels:
        app: app
    spec:
      containers:
        - name: app
          image: ${image} # {"$imagepolicy": "flux-system:app"}
`;

describe('image update story: tag pushed → proposal → approved in the UI → both clusters run it', () => {
  let pg: TestPostgres;
  let git: TestGitServer;
  let registry: TestRegistry;
  let clusters: TestCluster[] = [];
  let hub: RunningHub;
  let admin: HubSession;
  let browser: TestBrowser;
  let page: Page;
  let workDir: string;
  let kubectl = '';
  let image = '';
  let repoId = '';
  const agents: ManagedProcess[] = [];

  const audit = async (what: string) => {
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.waitForTimeout(300);
      await browser.screenshot(page, `${what}-${scheme}`);
      expect(await seriousA11yViolations(page), `${what} (${scheme})`).toEqual([]);
    }
    await page.emulateMedia({ colorScheme: 'light' });
  };
  const pushTag = (tag: string) =>
    pushArtifact({
      registry: registry.host,
      repository: 'app',
      tag,
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', data: JSON.stringify({ tag }) },
      layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', data: 'layer' }],
    });
  /** What the cluster's API server says the Deployment runs. */
  const runningImage = async (cluster: TestCluster): Promise<string> => {
    const { stdout } = await run(kubectl, [
      '--kubeconfig',
      cluster.kubeconfigPath,
      'get',
      'deployment',
      'app',
      '-n',
      'default',
      '--ignore-not-found',
      '-o',
      'jsonpath={.spec.template.spec.containers[0].image}',
    ]);
    return stdout.trim();
  };
  const onMain = async (): Promise<{ sha: string; file: string }> => {
    const gitDir = path.join(git.reposDir, `${REPO}.git`);
    const sha = (await run('git', ['--git-dir', gitDir, 'rev-parse', 'main'])).stdout.trim();
    const file = (await run('git', ['--git-dir', gitDir, 'show', `main:${FILE}`])).stdout;
    return { sha, file };
  };

  beforeAll(async () => {
    buildWebUi();
    workDir = await makeTempDir('e2e-image-story');
    kubectl = await binaryPath('kubectl');
    [pg, git, registry, ...clusters] = await Promise.all([
      startPostgres(),
      startGitServer({ auth: 'basic' }),
      startRegistry(),
      startCluster({ name: 'e2e-img-a', nodes: 1 }),
      startCluster({ name: 'e2e-img-b', nodes: 1 }),
    ]);
    image = `${registry.host}/app`;
    await pushTag('1.0.0');
    const url = await git.createRepo(REPO);
    await git.pushFiles(REPO, { [FILE]: deployment(`${image}:1.0.0`) });
    hub = await startHub({
      databaseUrl: await pg.createDatabase({ migrate: false }),
      heartbeatTimeoutMs: 10_000,
    });
    admin = await loginAsAdmin(hub.url, hub.adminPassword);
    for (const [i, name] of ['a', 'b'].entries()) {
      const t = await createRegistrationToken(admin, name);
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
    const { username, password } = git.credentials;
    await admin.gql('mutation($input: GitRepositoryInput!) { createGitRepository(input: $input) { id } }', {
      input: {
        namespace: 'flux-system',
        name: 'fleet',
        url,
        ref: { branch: 'main' },
        interval: '1h',
        credentials: { username, password },
      },
    });
    await admin.gql('mutation($input: KustomizationInput!) { createKustomization(input: $input) { id } }', {
      input: {
        namespace: 'flux-system',
        name: 'apps',
        placement: { clusterNames: ['a', 'b'] },
        spec: {
          sourceRef: { kind: 'GitRepository', name: 'fleet' },
          path: './apps',
          interval: '1m',
          prune: true,
        },
      },
    });
    repoId = (
      await admin.gql<{ createImageRepository: { id: string } }>(
        'mutation($input: ImageRepositoryInput!) { createImageRepository(input: $input) { id } }',
        { input: { namespace: 'flux-system', name: 'app', image, interval: '1h', insecure: true } },
      )
    ).createImageRepository.id;
    await admin.gql('mutation($input: ImagePolicyInput!) { createImagePolicy(input: $input) { id } }', {
      input: {
        namespace: 'flux-system',
        name: 'app',
        imageRepositoryRef: { name: 'app' },
        policy: { semver: { range: '~1.0' } },
      },
    });
    // The developer: no operator role, a member of the team the automation names as its approvers.
    const dev = await admin.gql<{ createUser: { user: { id: string } } }>(
      'mutation($i: CreateUserInput!) { createUser(input: $i) { user { id } } }',
      { i: { username: 'dev', password: 'dev-password-123', role: 'VIEWER' } },
    );
    const team = await admin.gql<{ createTeam: { id: string } }>(
      'mutation { createTeam(name: "developers") { id } }',
    );
    await admin.gql('mutation($t: ID!, $u: ID!) { addTeamMember(teamId: $t, userId: $u) { id } }', {
      t: team.createTeam.id,
      u: dev.createUser.user.id,
    });
    await admin.gql(
      'mutation($input: ImageUpdateAutomationInput!) { createImageUpdateAutomation(input: $input) { id } }',
      {
        input: {
          namespace: 'flux-system',
          name: 'apps',
          sourceName: 'fleet',
          authorName: 'Flotilla',
          authorEmail: 'bot@flotilla.dev',
          updatePath: './apps',
          approverTeam: 'developers',
        },
      },
    );
    browser = await launchBrowser();
    page = await browser.newPage();
    await page.setViewportSize({ width: 1400, height: 1000 });
    // Two control planes, a registry, the hub and a UI build start together: slow on two loaded cores.
  }, 600_000);

  afterAll(async () => {
    await Promise.allSettled(agents.map((a) => a.stop()));
    await browser?.close();
    await hub?.stop();
    await Promise.allSettled([...clusters.map((c) => c.stop()), registry?.stop(), git?.stop(), pg?.stop()]);
  });

  it('1. app:1.0.0 runs on clusters a and b (real agents); the developer signs in and sees the Images section', async () => {
    for (const c of clusters)
      await expect.poll(() => runningImage(c), { timeout: 120_000, interval: 1000 }).toBe(`${image}:1.0.0`);
    await page.goto(`${hub.url}/login`);
    await page.getByLabel('Username', { exact: true }).fill('dev');
    await page.getByLabel('Password', { exact: true }).fill('dev-password-123');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Images' }).click();
    await page.getByRole('heading', { name: 'Images', level: 1 }).waitFor();
    await page
      .locator('[data-image-policy="app"] [data-latest-ref]')
      .getByText(`${image}:1.0.0`)
      .waitFor({ timeout: 30_000 });
    await expect
      .poll(() => page.locator('[data-image-automation="apps"]').textContent())
      .toContain('team developers');
    await audit('images');
  });

  it('2. tag 1.0.1 pushed → the inbox badge counts it live → the proposal shows app:1.0.0 → app:1.0.1 and Deployment/default/app changed on a and b', async () => {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: /^Proposals/ })
      .click();
    await page.getByText('Nothing waiting').waitFor();
    await audit('proposals inbox, empty');
    await pushTag('1.0.1');
    await admin.gql('mutation($id: ID!) { scanImageRepository(id: $id) }', { id: repoId });
    // No reload: the badge and the inbox follow the hub's proposal.changed event.
    await page.getByTestId('open-proposal-count').getByText('1').waitFor({ timeout: 30_000 });
    await page.getByRole('link', { name: 'app:1.0.0 → app:1.0.1' }).click();
    await page.getByRole('heading', { name: 'Update proposal · flux-system/apps', level: 1 }).waitFor();
    expect(await page.getByRole('table', { name: 'Image changes' }).textContent()).toContain(
      'flux-system:app',
    );
    for (const cluster of ['a', 'b']) {
      const section = page.locator(
        `[data-cluster-diff="${cluster}"] [data-object-change="Deployment/default/app"]`,
      );
      expect(await section.locator('[data-field]').allTextContents()).toEqual([
        'spec.template.spec.containers[0].image',
      ]);
      await section.locator('.cm-editor').first().waitFor();
    }
    await page
      .getByRole('region', { name: `File ${FILE}` })
      .locator('.cm-editor')
      .waitFor();
    await audit('proposal page, unified');
    await page.getByLabel('Diff layout').selectOption('split');
    await page.locator('[data-diff-layout="split"] .cm-mergeView').first().waitFor();
    await audit('proposal page, side by side');
  });

  it('3. the developer approves and merges in the UI → the commit is on main → both clusters run 1.0.1 → 2/2 healthy at main@sha1:…', async () => {
    await page.getByLabel('Comment (optional)').fill('ship it');
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.getByRole('list', { name: 'Approvals' }).getByText('dev').waitFor();
    await page.getByRole('button', { name: 'Merge into main' }).click();
    await page.locator('[data-proposal-state="merged"]').waitFor({ timeout: 30_000 });
    const main = await onMain();
    expect(main.file).toBe(deployment(`${image}:1.0.1`));
    for (const c of clusters)
      await expect.poll(() => runningImage(c), { timeout: 120_000, interval: 1000 }).toBe(`${image}:1.0.1`);
    // Live: agents' status reports move the rollout without a reload.
    await page.locator('[data-rollout-summary="2/2"]').waitFor({ timeout: 120_000 });
    expect(await page.locator('[data-rollout-summary]').textContent()).toBe(
      `2/2 healthy at main@sha1:${main.sha.slice(0, 12)}`,
    );
    for (const cluster of ['a', 'b'])
      expect(await page.locator(`tr[data-rollout-cluster="${cluster}"]`).getAttribute('data-phase')).toBe(
        'healthy',
      );
    await audit('proposal page, rolled out');
  });

  it('4. tags 1.0.2 and 2.0.0 with ~1.0: the open proposal is for 1.0.2, 2.0.0 is ignored', async () => {
    await pushTag('1.0.2');
    await pushTag('2.0.0');
    await admin.gql('mutation($id: ID!) { scanImageRepository(id: $id) }', { id: repoId });
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: /^Proposals/ })
      .click();
    await page.getByRole('link', { name: 'app:1.0.1 → app:1.0.2' }).waitFor({ timeout: 30_000 });
    const open = await admin.gql<{ updateProposals: { imageChanges: { newValue: string }[] }[] }>(
      'query { updateProposals(open: true) { imageChanges { newValue } } }',
    );
    expect(open.updateProposals.map((p) => p.imageChanges.map((c) => c.newValue))).toEqual([
      [`${image}:1.0.2`],
    ]);
    expect(await page.getByRole('table', { name: 'Update proposals' }).textContent()).not.toContain('2.0.0');
    await audit('proposals inbox');
  });
});
