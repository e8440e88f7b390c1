import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, startGitServer, startPostgres, type TestBrowser, type TestGitServer, type TestPostgres } from '@flotilla/testenv';
import { lightAndDarkViolations } from './support/axe.js';
import { browserGql } from './support/browser-gql.js';
import { buildWebUi } from './support/build-web-ui.js';
import { startHub, type RunningHub } from './support/hub-process.js';

// The fleet as code, seen in the browser: the hub (`pnpm start`) reads a fleet repository's `clusters/hub`
// through a FleetSync, and the Kustomization it makes shows where in git it is declared, with no Delete and a
// read-only form. Screenshots land in test-artifacts/fleet-as-code.e2e.test.ts/.

const FILE = 'clusters/hub/apps.yaml';
const apps = (path: string) => `apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: web
spec:
  sourceRef:
    kind: GitRepository
    name: fleet
  path: ${path}
  prune: true
  interval: 5m
---
apiVersion: placement.flotilla.dev/v1alpha1
kind: Placement
metadata:
  name: web-prod
spec:
  kustomizations: [web]
  clusterSelector: env=prod
`;

describe('fleet as code in the browser: a Kustomization made from git is shown as managed by git and read-only', () => {
  let pg: TestPostgres;
  let git: TestGitServer;
  let hub: RunningHub;
  let browser: TestBrowser;
  let page: Page;
  let url = '';
  const gql = <T>(query: string, variables: Record<string, unknown> = {}): Promise<T> => browserGql(page)<T>(query, variables);

  beforeAll(async () => {
    buildWebUi();
    [pg, git] = await Promise.all([startPostgres(), startGitServer()]);
    url = await git.createRepo('fleet');
    await git.pushFiles(url, { [FILE]: apps('./deploy') });
    hub = await startHub({ databaseUrl: await pg.createDatabase({ migrate: false }), heartbeatTimeoutMs: 30_000 });
    browser = await launchBrowser();
    page = await browser.newPage();
    await page.setViewportSize({ width: 1400, height: 1000 });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await hub?.stop();
    await Promise.allSettled([git?.stop(), pg?.stop()]);
  });

  it('a FleetSync makes the Kustomization; its page names the repository, file and revision; no Delete; the edit form is disabled; the hub refuses a hand edit', async () => {
    await page.goto(hub.url);
    await page.getByLabel('Username', { exact: true }).fill('admin');
    await page.getByLabel('Password', { exact: true }).fill(hub.adminPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Fleet', level: 1 }).waitFor();

    await gql(`mutation($input: GitRepositoryInput!) { createGitRepository(input: $input) { id } }`, { input: { name: 'fleet', url, ref: { branch: 'main' }, interval: '1m' } });
    await gql(`mutation($input: FleetSyncInput!) { createFleetSync(input: $input) { id } }`, { input: { name: 'hub', sourceName: 'fleet', path: './clusters/hub' } });
    let id = '';
    const deadline = Date.now() + 60_000;
    while (!id) {
      if (Date.now() > deadline) throw new Error('the FleetSync did not make Kustomization web within 60s');
      const r = await gql<{ kustomizations: { id: string; name: string }[] }>('{ kustomizations { id name } }');
      id = r.kustomizations.find((k) => k.name === 'web')?.id ?? '';
      if (!id) await page.waitForTimeout(500);
    }

    await page.goto(`${hub.url}/kustomizations/${id}`);
    const notice = page.getByRole('note').filter({ hasText: 'Managed by git' });
    await notice.waitFor();
    expect(await notice.getByTestId('managed-file').textContent()).toBe(FILE);
    expect(await notice.textContent()).toContain(url);
    expect(await notice.textContent()).toContain('flotilla-system/hub');
    expect(await page.getByRole('button', { name: 'Delete' }).count()).toBe(0);
    expect(await lightAndDarkViolations(page)).toEqual([]);
    await browser.screenshot(page, 'managed-kustomization');

    await page.getByRole('link', { name: 'View form' }).click();
    await page.getByRole('group', { name: 'Kustomization (read-only: managed by git)' }).waitFor();
    expect(await page.getByRole('button', { name: 'Save changes' }).isDisabled()).toBe(true);
    expect(await page.getByLabel('Path', { exact: true }).isDisabled()).toBe(true);
    await browser.screenshot(page, 'managed-kustomization-form');

    const refused = await gql(`mutation($id: ID!) { deleteKustomization(id: $id) }`, { id }).then(
      () => 'deleted',
      (err: unknown) => String(err),
    );
    expect(refused).toContain('managed by git');
  }, 180_000);
});
