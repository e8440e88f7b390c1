import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  launchBrowser,
  pushArtifact,
  startGitServer,
  startPostgres,
  startRegistry,
  type TestBrowser,
  type TestGitServer,
  type TestPostgres,
  type TestRegistry,
} from '@flotilla/testenv';
import { lightAndDarkViolations } from './support/axe.js';
import { buildWebUi } from './support/build-web-ui.js';
import { startHub, type RunningHub } from './support/hub-process.js';
import { loginAsAdmin, type HubSession } from './support/hub-session.js';

// Image automation set up from the UI with real parts: a registry, a git server with basic auth, the hub
// (`pnpm start`) on Postgres, and Chromium. An operator creates the ImagePolicy and the automation in the
// Images forms, edits the proposal by hand, and may not approve it; a second operator approves and merges.
const run = promisify(execFile);
const REPO = 'fleet';
const FILE = 'apps/app.yaml';
const deployment = (image: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app
  namespace: default
spec:
  template:
    spec:
      containers:
        - name: app
          image: ${image} # {"$imagepolicy": "flotilla-system:app"}
`;

describe('image automation from the UI: policy and automation forms → proposal → hand edit → approved by someone else → merged', () => {
  let pg: TestPostgres;
  let git: TestGitServer;
  let registry: TestRegistry;
  let hub: RunningHub;
  let admin: HubSession;
  let browser: TestBrowser;
  let page: Page;
  let image = '';
  const pushTag = (tag: string) =>
    pushArtifact({
      registry: registry.host,
      repository: 'app',
      tag,
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', data: JSON.stringify({ tag }) },
      layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', data: 'layer' }],
    });
  const onMain = async (): Promise<string> =>
    (await run('git', ['--git-dir', path.join(git.reposDir, `${REPO}.git`), 'show', `main:${FILE}`])).stdout;
  const signIn = async (username: string) => {
    await page.goto(`${hub.url}/login`);
    await page.getByLabel('Username', { exact: true }).fill(username);
    await page.getByLabel('Password', { exact: true }).fill(`${username}-password-123`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Images' }).waitFor();
  };

  beforeAll(async () => {
    buildWebUi();
    [pg, git, registry] = await Promise.all([startPostgres(), startGitServer({ auth: 'basic' }), startRegistry()]);
    image = `${registry.host}/app`;
    await pushTag('1.0.0');
    await pushTag('1.0.1');
    await pushTag('2.0.0');
    const url = await git.createRepo(REPO);
    await git.pushFiles(REPO, { [FILE]: deployment(`${image}:1.0.0`) });
    hub = await startHub({ databaseUrl: await pg.createDatabase({ migrate: false }), heartbeatTimeoutMs: 10_000 });
    admin = await loginAsAdmin(hub.url, hub.adminPassword);
    const { username, password } = git.credentials;
    await admin.gql('mutation($input: GitRepositoryInput!) { createGitRepository(input: $input) { id } }', {
      input: { name: REPO, url, ref: { branch: 'main' }, interval: '1h', credentials: { username, password } },
    });
    const { createImageRepository: repo } = await admin.gql<{ createImageRepository: { id: string } }>(
      'mutation($input: ImageRepositoryInput!) { createImageRepository(input: $input) { id } }',
      { input: { name: 'app', image, interval: '1h', insecure: true } },
    );
    // The policy form previews from the stored tags: the first scan is done before the operator opens it.
    for (const deadline = Date.now() + 60_000; ; await new Promise((r) => setTimeout(r, 500))) {
      const { imageRepository } = await admin.gql<{ imageRepository: { ready: string } }>('query($id: ID!) { imageRepository(id: $id) { ready } }', { id: repo.id });
      if (imageRepository.ready === 'True') break;
      if (Date.now() > deadline) throw new Error('the image repository was not scanned within 60 s');
    }
    for (const name of ['ops', 'lead'])
      await admin.gql('mutation($i: CreateUserInput!) { createUser(input: $i) { user { id } } }', {
        i: { username: name, password: `${name}-password-123`, role: 'OPERATOR' },
      });
    browser = await launchBrowser();
    page = await browser.newPage();
    await page.setViewportSize({ width: 1400, height: 1000 });
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await hub?.stop();
    await Promise.allSettled([registry?.stop(), git?.stop(), pg?.stop()]);
  });

  it('1. the operator adds a policy (previewing its tag) and an automation in the Images forms; both pass axe light and dark', async () => {
    await signIn('ops');
    await page.getByRole('link', { name: 'Images' }).click();
    await page.getByRole('heading', { name: 'Images', level: 1 }).waitFor();

    await page.getByRole('button', { name: 'Add image policy' }).click();
    const policy = page.getByRole('dialog', { name: 'Add image policy' });
    await policy.getByRole('button', { name: 'Add image policy' }).click();
    await policy.getByText('Name is required.').waitFor();
    await policy.getByLabel('Name', { exact: true }).fill('app');
    await policy.getByLabel('Image repository').selectOption('flotilla-system/app');
    await policy.getByLabel('SemVer range').fill('~1.0');
    await expect
      .poll(() => policy.getByTestId('image-policy-preview').textContent(), { timeout: 60_000 })
      .toContain('Would pick 1.0.1 of 3 stored tags.');
    expect(await lightAndDarkViolations(page), 'policy form').toEqual([]);
    await policy.getByRole('button', { name: 'Add image policy' }).click();
    await page.locator('[data-image-policy="app"] [data-latest-ref]').getByText(`${image}:1.0.1`).waitFor({ timeout: 30_000 });

    await page.getByRole('button', { name: 'Add automation' }).click();
    const automation = page.getByRole('dialog', { name: 'Add image update automation' });
    await automation.getByLabel('Name', { exact: true }).fill('apps');
    await automation.getByLabel('Git repository').selectOption('flotilla-system/fleet');
    await automation.getByLabel('Update path').fill('./apps');
    await automation.getByLabel('Author email').fill('bot@flotilla.dev');
    await automation.getByLabel('Commit message template').fill('Update {{ range .Changed.Changes }}{{ .NewValue }}');
    await automation.getByRole('button', { name: 'Add automation' }).click();
    await automation.getByLabel('Commit message template').and(page.locator('[aria-invalid="true"]')).waitFor();
    expect(await lightAndDarkViolations(page), 'automation form with an error').toEqual([]);
    // The forge fields, their token refused for being empty, pass axe too; the story goes on with Native.
    await automation.getByLabel('Pull-request provider').selectOption('gitlab');
    await automation.getByLabel('GitLab token').and(page.locator('[aria-invalid="true"]')).waitFor();
    expect(await lightAndDarkViolations(page), 'automation form with a forge').toEqual([]);
    await automation.getByLabel('Pull-request provider').selectOption('native');
    await automation.getByLabel('Commit message template').fill('Update {{ range .Changed.Changes }}{{ .NewValue }} {{ end }}');
    await automation.getByRole('button', { name: 'Add automation' }).click();
    await page.locator('[data-image-automation="apps"]').waitFor({ timeout: 60_000 });
  });

  it('2. the proposal appears; the operator edits the file by hand on its branch and is told plainly they may not approve it', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Proposals/ }).click();
    await page.getByRole('link', { name: 'app:1.0.0 → app:1.0.1' }).click({ timeout: 60_000 });
    await page.getByRole('heading', { name: 'Update proposal · flotilla-system/apps', level: 1 }).waitFor();
    const editor = page.getByLabel(`Content of ${FILE} on flotilla/update-apps`);
    expect(await editor.inputValue()).toBe(deployment(`${image}:1.0.1`));
    await editor.fill(`${deployment(`${image}:1.0.1`)}# reviewed by hand\n`);
    expect(await lightAndDarkViolations(page), 'proposal page with the hand edit form').toEqual([]);
    await page.getByRole('button', { name: 'Save edit' }).click();
    await page.getByText(/You edited it by hand \(apps\/app\.yaml\): someone else must approve it/).waitFor({ timeout: 30_000 });
    expect(await page.getByRole('button', { name: 'Approve' }).isDisabled()).toBe(true);
  });

  it('3. another operator approves and merges: main has the new tag and the hand edit', async () => {
    const proposalUrl = page.url();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn('lead');
    await page.goto(proposalUrl);
    await page.getByRole('region', { name: `File ${FILE}` }).getByText('# reviewed by hand').first().waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.getByRole('list', { name: 'Approvals' }).getByText('lead').waitFor();
    await page.getByRole('button', { name: 'Merge into main' }).click();
    await page.locator('[data-proposal-state="merged"]').waitFor({ timeout: 60_000 });
    expect(await onMain()).toBe(`${deployment(`${image}:1.0.1`)}# reviewed by hand\n`);
  });
});
