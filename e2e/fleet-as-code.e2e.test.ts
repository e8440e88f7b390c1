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

describe('fleet as code in the browser: the FleetSync page, and a Kustomization made from git shown as managed by git, its edits proposed in git', () => {
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

  it('a FleetSync made on its page (a bad path refused at its field) lists its revision, Ready, counts per kind and a bad Placement’s file:line; the Kustomization it makes names the repository, file, revision and links back to it; no Delete; its form proposes an edit in git, applied only once merged; the hub refuses a hand edit', async () => {
    await page.goto(hub.url);
    await page.getByLabel('Username', { exact: true }).fill('admin');
    await page.getByLabel('Password', { exact: true }).fill(hub.adminPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Fleet', level: 1 }).waitFor();

    const source = await gql<{ createGitRepository: { id: string } }>(`mutation($input: GitRepositoryInput!) { createGitRepository(input: $input) { id } }`, {
      input: { name: 'fleet', url, ref: { branch: 'main' }, interval: '1m' },
    });

    // The FleetSync is made on its page: the hub's refusal of a field is shown at that field, nothing is made.
    await page.getByRole('link', { name: 'Fleet as code' }).click();
    await page.getByRole('heading', { name: 'Fleet as code', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Add FleetSync' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name', { exact: true }).fill('hub');
    await dialog.getByLabel('GitRepository', { exact: true }).fill('fleet');
    await dialog.getByLabel('Path', { exact: true }).fill('../clusters/hub');
    await dialog.getByRole('button', { name: 'Add FleetSync' }).click();
    await dialog.getByText('path: must stay inside the repository').first().waitFor();
    expect((await gql<{ fleetSyncs: unknown[] }>('{ fleetSyncs { id } }')).fleetSyncs).toEqual([]);
    await dialog.getByLabel('Path', { exact: true }).fill('./clusters/hub');
    await dialog.getByRole('button', { name: 'Add FleetSync' }).click();
    await dialog.waitFor({ state: 'detached' });
    const row = page.getByTestId('fleet-sync-hub');
    // The list refetches on focus and after mutations; reload until the first revision is applied. The hub
    // writes the objects before the FleetSync's status, so both are waited for.
    const syncDeadline = Date.now() + 60_000;
    const applied = async (): Promise<boolean> =>
      ((await row.getByTestId('managed-counts').textContent().catch(() => '')) ?? '').includes('1 Kustomization') &&
      ((await row.getByTestId('ready-message').textContent().catch(() => '')) ?? '').startsWith('Applied revision');
    while (!(await applied())) {
      if (Date.now() > syncDeadline) throw new Error('the FleetSync row did not show Kustomization web within 60s');
      await page.waitForTimeout(1000);
      await page.reload();
    }
    expect(await row.textContent()).toContain(url);
    expect(await row.getByTestId('ready-message').textContent()).toMatch(/^Applied revision: main@sha1:[0-9a-f]{40}$/);
    expect(await row.getByTestId('last-error').textContent()).toBe('none');
    expect(await lightAndDarkViolations(page)).toEqual([]);
    await browser.screenshot(page, 'fleet-syncs');

    // A bad Placement in git: the row names the file and line and the previous objects stay.
    await git.pushFiles(url, { 'clusters/hub/bad.yaml': 'apiVersion: placement.flotilla.dev/v1alpha1\nkind: Placement\nmetadata:\n  name: bad\nspec:\n  kustomizations: [web]\n  variables:\n    replicas: 3\n' });
    await gql('mutation($id: ID!) { requestReconcile(input: { kind: GitRepository, id: $id }) }', { id: source.createGitRepository.id });
    const failDeadline = Date.now() + 60_000;
    while (!((await row.getByTestId('last-error').textContent().catch(() => '')) ?? '').includes('clusters/hub/bad.yaml:8')) {
      if (Date.now() > failDeadline) throw new Error('the FleetSync row did not show the bad Placement within 60s');
      await page.waitForTimeout(1000);
      await page.reload();
    }
    expect(await row.getByTestId('last-error').textContent()).toContain('spec.variables.replicas: must be a string');
    expect(await row.getByTestId('managed-counts').textContent()).toBe('1 Kustomization');
    await browser.screenshot(page, 'fleet-sync-build-failed');
    await git.pushFiles(url, { 'clusters/hub/bad.yaml': null });
    await gql('mutation($id: ID!) { requestReconcile(input: { kind: GitRepository, id: $id }) }', { id: source.createGitRepository.id });
    await page.getByRole('button', { name: 'Sync now hub' }).click();
    const okDeadline = Date.now() + 60_000;
    while ((await row.getByTestId('last-error').textContent().catch(() => '')) !== 'none') {
      if (Date.now() > okDeadline) throw new Error('the FleetSync row did not recover within 60s');
      await page.waitForTimeout(1000);
      await page.reload();
    }
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
    expect(await notice.getByRole('link', { name: 'flotilla-system/hub' }).getAttribute('href')).toMatch(/^\/fleet-syncs#fleet-sync-/);
    expect(await page.getByRole('button', { name: 'Delete' }).count()).toBe(0);
    expect(await lightAndDarkViolations(page)).toEqual([]);
    await browser.screenshot(page, 'managed-kustomization');

    // Its form proposes the edit in git instead of saving it: a proposal, and nothing applied until it is merged.
    await page.getByRole('link', { name: 'Propose a change' }).click();
    const propose = page.getByRole('button', { name: 'Propose change in git' });
    await propose.waitFor();
    expect(await page.getByRole('button', { name: 'Save changes' }).count()).toBe(0);
    await page.getByLabel('Interval', { exact: true }).fill('7m');
    await browser.screenshot(page, 'managed-kustomization-form');
    await propose.click();
    const link = page.getByTestId('proposal-link');
    await link.waitFor();
    await link.click();
    await page.getByText('Edit Kustomization flotilla-system/web').first().waitFor();
    const { kustomization } = await gql<{ kustomization: { spec: { interval: string } } }>('query($id: ID!) { kustomization(id: $id) { spec } }', { id });
    expect(kustomization.spec.interval).toBe('5m');

    const refused = await gql(`mutation($id: ID!) { deleteKustomization(id: $id) }`, { id }).then(
      () => 'deleted',
      (err: unknown) => String(err),
    );
    expect(refused).toContain('managed by git');
  }, 180_000);

  it('an admin edits the FleetSync on its page: name and namespace stay, a bad interval is refused at its field and changes nothing, a new interval is stored and shown', async () => {
    await page.goto(`${hub.url}/fleet-syncs`);
    await page.getByRole('button', { name: 'Edit hub' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'Edit FleetSync hub' }).waitFor();
    expect(await dialog.getByLabel('Name', { exact: true }).getAttribute('readonly')).not.toBeNull();
    expect(await dialog.getByLabel('Path', { exact: true }).inputValue()).toBe('./clusters/hub');
    expect(await lightAndDarkViolations(page)).toEqual([]);
    await dialog.getByLabel('Interval', { exact: true }).fill('soon');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.getByText('interval:').first().waitFor();
    const stored = async () => (await gql<{ fleetSyncs: { interval: string; path: string }[] }>('{ fleetSyncs { interval path } }')).fleetSyncs;
    expect(await stored()).toEqual([{ interval: '10m', path: './clusters/hub' }]);
    await dialog.getByLabel('Interval', { exact: true }).fill('5m');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await stored()).toEqual([{ interval: '5m', path: './clusters/hub' }]);
    await page.getByTestId('fleet-sync-hub').getByText('every 5m', { exact: false }).waitFor();
  }, 120_000);
});
