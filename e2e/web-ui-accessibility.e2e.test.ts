import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  launchBrowser,
  startPostgres,
  type TestBrowser,
  type TestPostgres,
} from '@flotilla/testenv';
import { seriousA11yViolations } from './support/axe.js';
import { buildWebUi } from './support/build-web-ui.js';
import { startHub, type RunningHub } from './support/hub-process.js';

// The built UI served by the real hub, checked in Chromium with axe-core (WCAG 2.1 A/AA; serious and
// critical findings fail) in light and dark colour schemes (a screenshot of each), plus the keyboard paths a
// mouse-free user takes.
describe('web UI accessibility (axe-core + keyboard, real hub)', () => {
  let pg: TestPostgres;
  let hub: RunningHub;
  let browser: TestBrowser;
  let page: Page;

  const audit = async (what: string) => {
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.waitForTimeout(300); // let colour transitions finish, or axe measures a half-way mix
      await browser.screenshot(page, `${what}-${scheme}`);
      const violations = await seriousA11yViolations(page);
      expect(violations, `${what} (${scheme})`).toEqual([]);
    }
    await page.emulateMedia({ colorScheme: 'light' });
  };

  beforeAll(async () => {
    buildWebUi();
    pg = await startPostgres();
    hub = await startHub({
      databaseUrl: await pg.createDatabase({ migrate: false }),
      heartbeatTimeoutMs: 30_000,
    });
    browser = await launchBrowser();
    page = await browser.newPage();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await hub?.stop();
    await pg?.stop();
  });

  it('login page, with and without an error, signed in by keyboard alone', async () => {
    await page.goto(`${hub.url}/login`);
    await audit('login');
    await page.keyboard.type('admin'); // the username field has focus on arrival
    await page.keyboard.press('Tab');
    await page.keyboard.type('wrong-password');
    await page.keyboard.press('Enter');
    await page.getByText('Wrong username or password').waitFor();
    await audit('login with error');
    await page.getByLabel('Password').fill(hub.adminPassword);
    await page.keyboard.press('Enter');
    await page.getByText('No clusters yet').waitFor();
    await audit('empty fleet');
  });

  it('add-cluster dialog: keyboard open, Escape closes and focus returns to the button', async () => {
    const opener = page.getByRole('button', { name: 'Add cluster' }).first();
    await opener.focus();
    await page.keyboard.press('Enter');
    await expect
      .poll(() =>
        page.evaluate(() =>
          (
            globalThis as unknown as {
              document: { activeElement: { getAttribute(n: string): string | null } };
            }
          ).document.activeElement.getAttribute('name'),
        ),
      )
      .toBe('clusterName');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    expect(
      await opener.evaluate(
        (el) =>
          el === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement,
      ),
    ).toBe(true);
  });

  it('add-cluster dialog with validation errors, then the token result in both tabs', async () => {
    await page.getByRole('button', { name: 'Add cluster' }).first().click();
    await page.getByLabel('Cluster name').fill('Not Valid');
    await page.getByLabel('Label 1 key').fill('-bad');
    await page.getByRole('button', { name: 'Create token' }).click();
    await page.getByText(/Use lowercase letters/).waitFor();
    await audit('add-cluster dialog with errors');
    await page.getByLabel('Cluster name').fill('a11y-cluster');
    await page.getByLabel('Label 1 key').fill('env');
    await page.getByLabel('Label 1 value').fill('prod');
    await page.getByRole('button', { name: 'Create token' }).click();
    await page.getByText('it is shown only once').waitFor();
    await audit('token result, local tab');
    // Tabs follow the WAI-ARIA pattern: arrow keys move and select.
    await page.getByRole('tab', { name: 'Local kubeconfig' }).focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.getByRole('tab', { name: 'In-cluster manifests' }).getAttribute('aria-selected')).toBe(
      'true',
    );
    await audit('token result, manifests tab');
    await page.getByRole('button', { name: 'Done' }).click();
    await page.locator('tr[data-cluster="a11y-cluster"]').waitFor();
    await audit('fleet with a pending cluster');
  });

  it('cluster page and its confirm dialogs', async () => {
    await page.getByRole('link', { name: 'a11y-cluster' }).click();
    await page.getByRole('heading', { name: 'a11y-cluster', level: 1 }).waitFor();
    await audit('cluster page');
    await page.getByRole('button', { name: 'Revoke credential' }).click();
    await audit('revoke dialog');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Delete cluster' }).click();
    await audit('delete dialog');
    await page.keyboard.press('Escape');
  });

  it('notifications page (empty) and its add dialogs', async () => {
    await page.getByRole('link', { name: 'Notifications' }).click();
    await page.getByRole('heading', { name: 'Notifications', level: 1 }).waitFor();
    await audit('notifications page');
    await page.getByRole('button', { name: 'Add provider' }).click();
    await page.getByRole('dialog', { name: 'Add provider' }).waitFor();
    await audit('add-provider dialog');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Add receiver' }).click();
    await page.getByRole('dialog', { name: 'Add receiver' }).waitFor();
    await audit('add-receiver dialog');
    await page.keyboard.press('Escape');
  });

  it('notifications edit dialogs: a Provider (secret write-only) and an Alert with several event sources and match labels, saved by keyboard', async () => {
    await page.getByRole('button', { name: 'Add provider' }).click();
    const add = page.getByRole('dialog', { name: 'Add provider' });
    await add.getByLabel('Name', { exact: true }).fill('a11y-chat');
    await add.getByLabel('Type', { exact: true }).selectOption('generic');
    await add.getByLabel('Address', { exact: true }).fill('https://chat.example.com/hook');
    await add.getByLabel('Token', { exact: true }).fill('a11y-token-not-shown');
    await add.getByRole('button', { name: 'Add provider' }).click();
    await page.getByRole('button', { name: 'Edit a11y-chat' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit provider a11y-chat' });
    await edit.waitFor();
    expect(await edit.getByLabel('Token', { exact: true }).inputValue()).toBe('');
    expect(await edit.textContent()).toContain('Stored: token.');
    await audit('edit-provider dialog');
    // A refusal shows at its field: a timeout over 60s.
    await edit.getByLabel('Timeout', { exact: true }).fill('90s');
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.getByText(/timeout: at most 60s/).first().waitFor();
    await audit('edit-provider dialog with a field error');
    await edit.getByLabel('Timeout', { exact: true }).fill('');
    await edit.getByLabel('Channel', { exact: true }).focus();
    await page.keyboard.type('ops');
    await page.keyboard.press('Enter');
    await edit.waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'Add alert' }).click();
    const addAlert = page.getByRole('dialog', { name: 'Add alert' });
    await addAlert.getByLabel('Name', { exact: true }).fill('a11y-alert');
    await addAlert.getByRole('button', { name: 'Add alert' }).click();
    await page.getByRole('button', { name: 'Edit a11y-alert' }).click();
    const editAlert = page.getByRole('dialog', { name: 'Edit alert a11y-alert' });
    await editAlert.waitFor();
    await editAlert.getByRole('button', { name: '+ Add event source' }).click();
    await editAlert.getByLabel('Source 2 kind').selectOption('HelmRelease');
    await editAlert.getByRole('button', { name: '+ Add source 2 label' }).click();
    await editAlert.getByLabel('Source 2 label 1 key').fill('team');
    await editAlert.getByLabel('Source 2 label 1 value').fill('shop');
    await editAlert.getByRole('button', { name: '+ Add metadata entry' }).click();
    await audit('edit-alert dialog');
    await editAlert.getByLabel('Metadata entry 1 key').fill('env');
    await editAlert.getByLabel('Metadata entry 1 value').fill('prod');
    await editAlert.getByRole('button', { name: 'Save' }).click();
    await editAlert.waitFor({ state: 'detached' });
    await page.getByRole('table', { name: 'Alerts' }).getByText('HelmRelease/* (team=shop)').waitFor();
    expect(await page.content()).not.toContain('a11y-token-not-shown');
  });
});
