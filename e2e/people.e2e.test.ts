import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, startPostgres, type TestBrowser, type TestPostgres } from '@flotilla/testenv';
import { buildWebUi } from './support/build-web-ui.js';
import { seriousA11yViolations } from './support/axe.js';
import { startHub, type RunningHub } from './support/hub-process.js';

// People end to end with real parts: the hub (`pnpm start`) on a real Postgres and Chromium driving the built
// web UI. An admin adds a user, that user signs in with the one-time password and must replace it, makes an
// API token, uses it and revokes it, and the admin finds the revocation on the audit page with filters that
// survive a reload. Then the admin makes a team, grants it operator on `env=dev` clusters, and a member
// without a role of their own sees only the dev clusters.
// Each new page is checked with axe-core (serious and critical WCAG 2.1 A/AA findings fail). Screenshots land in
// test-artifacts/e2e-people.e2e.test.ts/.

const USER = 'robin';
const ROBIN_OWN_PASSWORD = 'robin-chose-this-1';
const TOKEN_NAME = 'ci-robin';

describe('people: users, API tokens and the audit page in the browser', () => {
  let pg: TestPostgres;
  let hub: RunningHub;
  let browser: TestBrowser;
  let page: Page;
  let robinPassword = '';
  let token = '';

  const shot = (name: string) => browser.screenshot(page, name);
  const whoami = async (bearer: string) => {
    const res = await fetch(`${hub.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
      body: JSON.stringify({ query: '{ viewer { username role } }' }),
    });
    return (await res.json()) as { data?: { viewer: { username: string; role: string } }; errors?: { extensions?: { code?: string } }[] };
  };
  const signIn = async (username: string, password: string, lands = 'Fleet') => {
    await page.goto(`${hub.url}/login`);
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: lands, level: 1 }).waitFor();
  };
  const signOut = async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/login/);
  };

  beforeAll(async () => {
    buildWebUi();
    pg = await startPostgres();
    hub = await startHub({ databaseUrl: await pg.createDatabase({ migrate: false }), heartbeatTimeoutMs: 30_000 });
    browser = await launchBrowser();
    page = await browser.newPage();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await hub?.stop();
    await pg?.stop();
  });

  it('1. the admin adds a user and sees the one-time password once', async () => {
    await signIn('admin', hub.adminPassword);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'People' }).click();
    await page.getByRole('heading', { name: 'People', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Add user' }).click();
    await page.getByLabel('Username').fill(USER);
    await page.getByLabel('Role', { exact: true }).selectOption('OPERATOR');
    await page.getByRole('dialog').getByRole('button', { name: 'Add user' }).click();
    await page.getByText('Shown once').waitFor();
    robinPassword = ((await page.getByTestId('one-time-secret').textContent()) ?? '').trim();
    expect(robinPassword).toMatch(/^[A-Za-z0-9_-]{20}$/);
    await shot('01-user-created');
    await page.getByRole('button', { name: 'Done' }).click();
    const row = page.locator(`tr[data-user="${USER}"]`);
    await row.waitFor();
    expect(await row.getByLabel(`Role of ${USER}`).inputValue()).toBe('OPERATOR');
    await shot('02-people');
    expect(await seriousA11yViolations(page), 'People page').toEqual([]);
  });

  it('2. the new user must first replace the generated password, then makes a viewer token, uses it and revokes it', async () => {
    await signOut();
    await signIn(USER, robinPassword, USER);
    await page.getByText('Choose your own password').waitFor();
    await page.goto(`${hub.url}/sources`);
    await page.getByText('Choose your own password').waitFor();
    expect(new URL(page.url()).pathname).toBe('/account');
    await shot('03-password-change-required');
    await page.getByLabel('Current password').fill(robinPassword);
    await page.getByLabel('New password', { exact: true }).fill(ROBIN_OWN_PASSWORD);
    await page.getByLabel('Repeat new password').fill(ROBIN_OWN_PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('button', { name: 'New API token' }).waitFor();
    // Operators have no People or Audit pages.
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'People' }).count()).toBe(0);
    await page.getByRole('button', { name: 'New API token' }).click();
    await page.getByLabel('Name').fill(TOKEN_NAME);
    await page.getByRole('dialog').getByLabel('Role').selectOption('VIEWER');
    await page.getByRole('dialog').getByRole('button', { name: 'Create token' }).click();
    await page.getByText('Shown once').waitFor();
    token = ((await page.getByTestId('one-time-secret').textContent()) ?? '').trim();
    expect(token).toMatch(/^flt_/);
    await shot('04-token-created');
    await page.getByRole('button', { name: 'Done' }).click();

    expect((await whoami(token)).data?.viewer).toEqual({ username: USER, role: 'VIEWER' });
    const tokenRow = page.locator(`tr[data-token="${TOKEN_NAME}"]`);
    await tokenRow.getByText('Active').waitFor();
    expect(await tokenRow.textContent()).not.toContain(token);

    await tokenRow.getByRole('button', { name: `Revoke ${TOKEN_NAME}` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke token' }).click();
    await tokenRow.getByText('Revoked').waitFor();
    await shot('05-token-revoked');
    expect(await seriousA11yViolations(page), 'Account page').toEqual([]);
    expect((await whoami(token)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('3. the admin filters the audit page to the revocation; the filters live in the URL and the export follows them', async () => {
    await signOut();
    await signIn('admin', hub.adminPassword);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit' }).click();
    await page.getByRole('heading', { name: 'Audit log', level: 1 }).waitFor();
    const filters = page.getByRole('form', { name: 'Audit filters' });
    await filters.getByLabel('Actor').fill(USER);
    await filters.getByLabel('Action').selectOption('apiToken.revoke');
    await filters.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/actor=robin/);
    expect(page.url()).toContain('action=apiToken.revoke');
    const rows = page.locator('table[aria-label="Audit entries"] tbody tr');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().getAttribute('data-audit-action')).toBe('apiToken.revoke');
    expect(await rows.first().textContent()).toContain(TOKEN_NAME);
    await shot('06-audit-filtered');
    expect(await seriousA11yViolations(page), 'Audit page').toEqual([]);

    await page.reload();
    await page.getByRole('heading', { name: 'Audit log', level: 1 }).waitFor();
    expect(await page.getByRole('form', { name: 'Audit filters' }).getByLabel('Actor').inputValue()).toBe(USER);
    await expect.poll(() => rows.count()).toBe(1);

    const href = (await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href')) ?? '';
    expect(href).toBe('/api/audit/export?format=csv&actor=robin&action=apiToken.revoke');
    const csv = await page.request.get(`${hub.url}${href}`);
    expect(csv.status()).toBe(200);
    const lines = (await csv.text()).trimEnd().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('"robin"');
    expect(lines[1]).not.toContain(token);
  });

  it('4. a team granted operator on env=dev clusters: its member sees only the dev clusters', async () => {
    // The clusters and the member come through the admin's session (GraphQL, with its CSRF token).
    const csrf = (await page.context().cookies()).find((c) => c.name === 'flotilla_csrf')?.value ?? '';
    const adminGql = async (query: string, variables: Record<string, unknown>) => {
      const res = await page.request.post(`${hub.url}/graphql`, { headers: { 'x-csrf-token': csrf }, data: { query, variables } });
      const body = (await res.json()) as { errors?: unknown };
      expect(body.errors).toBeUndefined();
    };
    for (const [name, env] of [['dev-a', 'dev'], ['dev-b', 'dev'], ['prod-a', 'prod']]) {
      await adminGql('mutation($i: CreateRegistrationTokenInput!) { createRegistrationToken(input: $i) { token } }', {
        i: { clusterName: name, labels: [{ key: 'env', value: env }] },
      });
    }
    await adminGql('mutation($i: CreateUserInput!) { createUser(input: $i) { user { id } } }', { i: { username: 'sam', password: 'sam-password-12' } });

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'People' }).click();
    await page.getByRole('heading', { name: 'People', level: 1 }).waitFor();
    expect(await page.locator('tr[data-user="sam"]').getByLabel('Role of sam').inputValue()).toBe('');
    await page.getByRole('form', { name: 'New team' }).getByLabel('New team').fill('dev-ops');
    await page.getByRole('button', { name: 'Create team' }).click();
    const team = page.locator('[data-team="dev-ops"]');
    await team.waitFor();
    await team.getByLabel('Add member').selectOption({ label: 'sam' });
    await team.getByRole('button', { name: 'Add', exact: true }).click();
    await team.getByRole('list', { name: 'Members of dev-ops' }).getByText('sam').waitFor();
    await team.getByLabel('Grant role').selectOption('OPERATOR');
    await team.getByLabel('On clusters matching').fill('env=dev');
    await team.getByRole('button', { name: 'Add grant' }).click();
    await team.getByRole('table', { name: 'Grants of dev-ops' }).getByText('env=dev').waitFor();
    await shot('07-team-granted');
    expect(await seriousA11yViolations(page), 'People page with a team').toEqual([]);

    await signOut();
    await signIn('sam', 'sam-password-12');
    const rows = page.locator('table[aria-label="Clusters"] tbody tr');
    await expect.poll(async () => (await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-cluster')))).sort()).toEqual(['dev-a', 'dev-b']);
    await shot('08-member-sees-dev-only');
    const prodId = await page.request
      .post(`${hub.url}/graphql`, { data: { query: '{ clusters(selector: "env=prod") { totalCount } }' }, headers: { 'x-csrf-token': (await page.context().cookies()).find((c) => c.name === 'flotilla_csrf')?.value ?? '' } })
      .then((r) => r.json() as Promise<{ data: { clusters: { totalCount: number } } }>);
    expect(prodId.data.clusters.totalCount).toBe(0);
  });
});
