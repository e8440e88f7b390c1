import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { freePort, launchBrowser, startOidcProvider, startPostgres, type TestBrowser, type TestOidcProvider, type TestPostgres } from '@flotilla/testenv';
import { buildWebUi } from './support/build-web-ui.js';
import { seriousA11yViolations } from './support/axe.js';
import { startHub, type RunningHub } from './support/hub-process.js';

// Sign-in through a real OpenID provider (oidc-provider on 127.0.0.1) with the whole redirect flow in Chromium:
// the hub's login page → the provider's login and consent pages → back to the hub with a session. The user is
// created at the first sign-in without an own role (FLOTILLA_OIDC_DEFAULT_ROLE=none), their groups claim makes
// them a member of the team of the same name, and that team's grant (operator on env=dev) is all they see.

const CLIENT = { clientId: 'flotilla-hub', clientSecret: 'e2e-oidc-client-secret-0123456789' };

describe('OIDC sign-in against a real OpenID provider, in the browser', () => {
  let pg: TestPostgres;
  let provider: TestOidcProvider;
  let hub: RunningHub;
  let browser: TestBrowser;
  let page: Page;

  const shot = (name: string) => browser.screenshot(page, name);
  /** GraphQL as the local admin (a session of its own, not the browser's). */
  const adminGql = async <T>(query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const login = await fetch(`${hub.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: hub.adminPassword }),
    });
    const cookies = login.headers.getSetCookie().map((c) => c.split(';')[0]!);
    const csrf = cookies.find((c) => c.startsWith('flotilla_csrf='))!.slice('flotilla_csrf='.length);
    const res = await fetch(`${hub.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: cookies.join('; '), 'x-csrf-token': csrf },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: T; errors?: unknown };
    if (!body.data || body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };
  const signInThroughProvider = async (login: string) => {
    await page.goto(`${hub.url}/login`);
    await page.getByRole('link', { name: 'Sign in with your identity provider' }).click();
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill('any-password');
    await shot(`provider-login-${login}`);
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
  };

  beforeAll(async () => {
    buildWebUi();
    pg = await startPostgres();
    const port = await freePort();
    provider = await startOidcProvider({
      ...CLIENT,
      redirectUris: [`http://127.0.0.1:${port}/api/auth/oidc/callback`],
      accounts: { olga: { email: 'olga@example.com', groups: ['dev-ops', 'no-such-team'] }, admin: { groups: [] } },
    });
    hub = await startHub({
      databaseUrl: await pg.createDatabase({ migrate: false }),
      heartbeatTimeoutMs: 30_000,
      port,
      env: {
        FLOTILLA_OIDC_ISSUER_URL: provider.issuer,
        FLOTILLA_OIDC_CLIENT_ID: CLIENT.clientId,
        FLOTILLA_OIDC_CLIENT_SECRET: CLIENT.clientSecret,
        FLOTILLA_OIDC_DEFAULT_ROLE: 'none',
      },
    });
    browser = await launchBrowser();
    page = await browser.newPage();
    for (const [name, env] of [['dev-a', 'dev'], ['dev-b', 'dev'], ['prod-a', 'prod']]) {
      await adminGql('mutation($i: CreateRegistrationTokenInput!) { createRegistrationToken(input: $i) { token } }', { i: { clusterName: name, labels: [{ key: 'env', value: env }] } });
    }
    const { createTeam } = await adminGql<{ createTeam: { id: string } }>('mutation { createTeam(name: "dev-ops") { id } }');
    await adminGql('mutation($i: AddTeamGrantInput!) { addTeamGrant(input: $i) { id } }', { i: { teamId: createTeam.id, role: 'OPERATOR', clusterSelector: 'env=dev' } });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await hub?.stop();
    await provider?.stop();
    await pg?.stop();
  });

  it('1. the login page offers the provider; the round trip signs olga in, a member of her group’s team', async () => {
    await page.goto(`${hub.url}/login`);
    await page.getByRole('link', { name: 'Sign in with your identity provider' }).waitFor();
    expect(await seriousA11yViolations(page), 'Login page with OIDC').toEqual([]);
    await signInThroughProvider('olga');
    await page.getByRole('heading', { name: 'Fleet', level: 1 }).waitFor();
    expect(new URL(page.url()).origin).toBe(hub.url);
    const rows = page.locator('table[aria-label="Clusters"] tbody tr');
    await expect.poll(async () => (await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-cluster')))).sort()).toEqual(['dev-a', 'dev-b']);
    await page.getByText('Team grants only').waitFor();
    await shot('olga-fleet');

    const { teams, users } = await adminGql<{ teams: { name: string; members: { username: string }[] }[]; users: { username: string; role: string | null }[] }>(
      '{ teams { name members { username } } users { username role } }',
    );
    expect(teams.find((t) => t.name === 'dev-ops')?.members).toEqual([{ username: 'olga' }]);
    expect(users.find((u) => u.username === 'olga')).toEqual({ username: 'olga', role: null });
    const { auditEntries } = await adminGql<{ auditEntries: { edges: { node: { action: string; actorName: string } }[] } }>(
      '{ auditEntries(first: 50) { edges { node { action actorName } } } }',
    );
    const olga = auditEntries.edges.map((e) => e.node).filter((n) => n.actorName === 'olga').map((n) => n.action);
    expect(olga).toEqual(expect.arrayContaining(['auth.login', 'team.member.sync']));
  });

  it('2. a provider user whose name a local account holds is refused, and told why', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/login/);
    // Forget the provider's own session too, so it asks who is signing in.
    await page.context().clearCookies();
    await signInThroughProvider('admin');
    await page.waitForURL(/\/login\?oidc=username_taken/);
    await page.getByText('A local account already has your username').waitFor();
    await shot('username-taken');
    const { users } = await adminGql<{ users: { username: string }[] }>('{ users { username } }');
    expect(users.map((u) => u.username).sort()).toEqual(['admin', 'olga']);
  });
});
